import Foundation

/// The one reading of "now": every page, command and store asks it, so a test that moves it moves them all.
public struct Clock: Sendable {
    public var now: @Sendable () -> Date

    public init(now: @escaping @Sendable () -> Date) { self.now = now }

    /// The machine's time: the only place the platform reads it.
    public static let system = Clock { Date() }

    /// A clock that always says the same instant, for tests and reproducible runs.
    public static func frozen(at instant: Date) -> Clock { Clock { instant } }

    /// Today where the programmes run (Beijing time).
    public var today: LocalDate { LocalDate.inChina(now()) }
}
