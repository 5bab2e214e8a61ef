import Domain
import Foundation
import Vapor

extension IndicatorEntryView.Model {
    /// The unit whose indicators the form shows: a liaison's own; for the office, the one asked for.
    static func unit(_ req: Request) throws -> String? {
        let principal = try req.requirePrincipal()
        if principal.role == .liaison { return principal.unit }
        let asked = (try? req.query.get(String.self, at: "unit"))?.nilIfEmpty
        return asked ?? (try? req.content.get(String.self, at: "unit"))?.nilIfEmpty
    }

    /// The form for one unit (nil: every indicator), region and period (the county and the last full year when
    /// none or another is asked for), with the figures already stored there.
    static func query(_ req: Request, programme: IndicatorWorkflow.Programme, unit: String?, periodText: String?,
                      regionText: String?) async throws -> Self {
        let years = programme.indicators.dataYears
        let period = periodText.flatMap(Period.init(parsing:)).flatMap { years.contains($0.year) ? $0 : nil }
            ?? .year(years.lastFullYear(asOf: req.indicatorWorkflow.currentYear))
        let regions = [programme.place] + programme.townships
        let region = regions.first { $0.id.uuidString.lowercased() == regionText?.lowercased() } ?? programme.place
        let offered = unit.map { programme.indicators.indicators(suppliedBy: $0) } ?? programme.indicators.indicators
        // The form does not ask for what the register counts.
        let sources = try await req.indicatorWorkflow.sources(for: programme)
        let stored = try await req.indicatorStore.observations(planID: programme.plan.id, indicator: nil, regionIDs: [region.id])
            .filter { $0.period == period }
        let principal = try req.requirePrincipal()
        return .init(programme: programme, unit: unit, units: Array(Set(programme.indicators.sourceUnits.values)).sorted(),
                     period: period, region: region, regions: regions,
                     indicators: offered.filter { sources.isEntered($0.code) },
                     fromRegister: offered.filter { !sources.isEntered($0.code) },
                     stored: Dictionary(stored.map { ($0.indicator, $0) }, uniquingKeysWith: { a, _ in a }),
                     isOffice: principal.role == .office || principal.role == .admin)
    }

    /// The form again after a refused save: what was typed, the problem, and each indicator's error.
    func refused(_ problem: String, errors: [String: String] = [:], typed: [String: String]) -> Self {
        var model = self
        model.problem = problem
        model.errors = errors
        model.typed = typed
        return model
    }
}
