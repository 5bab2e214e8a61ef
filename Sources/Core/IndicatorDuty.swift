import Domain
import Foundation
import Persistence

/// The figures a unit owes for the programme's place in the year the entry page opens on: the indicators it supplies
/// that are typed in (not counted from the register or the activity log), split into not yet submitted and returned.
public struct IndicatorDuty: Sendable, Equatable {
    public var year: Int
    /// Indicator codes with no figure submitted or approved.
    public var missing: [String]
    /// Indicator codes whose figure the office returned.
    public var returned: [String]

    /// Nil when the unit supplies no typed-in indicator or the programme's place is not registered.
    public static func of(_ unit: String, in planID: String, core: AppCore) async throws -> IndicatorDuty? {
        let workflow = core.indicatorWorkflow
        guard let programme = try? await workflow.programme(planID) else { return nil }
        let sources = try await workflow.sources(for: programme)
        let codes = programme.indicators.indicators(suppliedBy: unit).map(\.code).filter(sources.isEntered)
        guard !codes.isEmpty else { return nil }
        let year = programme.indicators.dataYears.lastFullYear(asOf: workflow.currentYear)
        let states = Dictionary(try await core.indicators.observations(planID: planID, indicator: nil, regionIDs: [programme.place.id])
            .filter { $0.period == .year(year) }.map { ($0.indicator, $0.state) }, uniquingKeysWith: { a, _ in a })
        return IndicatorDuty(year: year,
                             missing: codes.filter { states[$0] == nil || states[$0] == .draft },
                             returned: codes.filter { states[$0] == .returned })
    }
}
