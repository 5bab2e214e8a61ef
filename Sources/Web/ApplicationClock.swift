import Core
import Domain
import Foundation
import Vapor

extension Application {
    private struct ClockKey: StorageKey { typealias Value = @Sendable () -> Date }

    /// The current instant for every page, deadline, stamp and command; tests set it to walk through a
    /// programme's months, and every page follows.
    public var clock: @Sendable () -> Date {
        get { storage[ClockKey.self] ?? Clock.system.now }
        set { storage[ClockKey.self] = newValue }
    }

    /// The same clock as a value, for the stores and workflows below Web.
    public var appClock: Clock { Clock(now: clock) }
}

extension Request {
    var now: Date { application.clock() }
    /// Today in China, where every programme runs.
    var today: LocalDate { LocalDate.inChina(now) }
    var appClock: Clock { application.appClock }
}
