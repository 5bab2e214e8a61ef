import Foundation

/// A programme's indicators and parsed targets, kept per plan: built again only when the plan (a new revision),
/// its settings or the current year change, not on every page that judges them.
public final class ProgrammeIndicatorsCache: @unchecked Sendable {
    private struct Entry {
        var plan: Plan
        var settings: ProgrammeSettings
        var currentYear: Int
        var indicators: ProgrammeIndicators
    }

    private let lock = NSLock()
    private var entries: [String: Entry] = [:]

    public init() {}

    public func indicators(plan: Plan, settings: ProgrammeSettings, currentYear: Int) -> ProgrammeIndicators {
        if let hit = lock.withLock({ entries[plan.id] }), hit.currentYear == currentYear, hit.settings == settings,
           hit.plan == plan {
            return hit.indicators
        }
        let built = ProgrammeIndicators(plan: plan, settings: settings, currentYear: currentYear)
        lock.withLock { entries[plan.id] = Entry(plan: plan, settings: settings, currentYear: currentYear, indicators: built) }
        return built
    }
}
