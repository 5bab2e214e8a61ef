import Foundation

public enum IndicatorWorkflowError: Error, Equatable, Sendable, CustomStringConvertible {
    case noSuchProgramme(String)
    case placeNotRegistered(String)

    public var description: String {
        switch self {
        case .noSuchProgramme(let id): "没有方案「\(id)」"
        case .placeNotRegistered(let id): "方案「\(id)」的地区尚未登记"
        }
    }
}

public struct TableImportResult: Equatable, Sendable, Codable {
    public var created: Int
    public var updated: Int
    public var references: Int
    public var warnings: [String]
}

/// The indicator use cases shared by the web app, the API and the command line: gathering what checks
/// and verdicts need from the stores, importing tables whole or not at all, judging every target.
public struct IndicatorWorkflow: Sendable {
    public var plans: any PlanStore
    public var regions: any RegionStore
    public var store: any IndicatorStore
    public var currentYear: Int
    /// The healthy-cell register: when given, this year's coverage and count indicators come from it.
    public var cells: (any CellStore)?

    public init(plans: any PlanStore, regions: any RegionStore, store: any IndicatorStore, currentYear: Int,
                cells: (any CellStore)? = nil) {
        self.plans = plans; self.regions = regions; self.store = store; self.currentYear = currentYear; self.cells = cells
    }

    public struct Programme: Sendable {
        public var plan: Plan
        public var indicators: ProgrammeIndicators
        /// The programme's place first, then every region below it, parents before children.
        public var regions: [Region]
        public var place: Region { regions[0] }
        /// The townships below the place; never the place itself, be it a town or a township (乡, 街道).
        public var townships: [Region] { regions.filter { ($0.level == .township || $0.level == .town) && $0.id != regions[0].id } }
    }

    public func programme(_ planID: String) async throws -> Programme {
        guard let plan = try await plans.plan(id: planID) else { throw IndicatorWorkflowError.noSuchProgramme(planID) }
        let settings = try await store.settings(planID: planID)
        let regions = try await regions.regions(underPlan: planID)
        guard !regions.isEmpty else { throw IndicatorWorkflowError.placeNotRegistered(planID) }
        return Programme(plan: plan, indicators: ProgrammeIndicators(plan: plan, settings: settings, currentYear: currentYear),
                         regions: regions)
    }

    public func context(for programme: Programme) async throws -> ObservationContext {
        let annual = try await store.annualValues(planID: programme.plan.id)
        var values: [ObservationKey: Double] = [:]
        for (indicator, byRegion) in annual {
            for (region, byYear) in byRegion {
                for (year, value) in byYear {
                    values[ObservationKey(indicator: indicator, regionID: region, period: .year(year))] = value
                }
            }
        }
        return ObservationContext(programme: programme.indicators, regions: programme.regions, annualValues: values,
                                  states: try await store.states(planID: programme.plan.id),
                                  settings: programme.indicators.settings.validation)
    }

    /// Reads a CSV or xlsx table and stores every figure in it, or none (the errors say where).
    public func importTable(data: Data, fileName: String, planID: String, state: ReviewState, actor: String)
        async throws -> TableImportResult {
        let programme = try await programme(planID)
        let rows = try TableFile.rows(data: data, fileName: fileName)
        return try await importRows(rows, file: fileName, into: programme, state: state, actor: actor)
    }

    /// Checks a table's rows (a file's, or figures sent as JSON) and stores every figure and reference
    /// value in them, or none: `InputRejected` names each problem's row and column.
    public func importRows(_ rows: [TableRow], file: String, into programme: Programme, state: ReviewState, actor: String)
        async throws -> TableImportResult {
        let table = try ObservationImport.prepare(rows: rows, file: file, context: try await context(for: programme))
        let outcome = try await store.record(table.observations, references: table.references, planID: programme.plan.id,
                                             state: state, action: .imported, by: actor)
        let warnings = table.observations.flatMap { figure in figure.warnings.map { "\(file):\(figure.line ?? 0): \($0)" } }
        return TableImportResult(created: outcome.created, updated: outcome.updated, references: table.references.count,
                                 warnings: warnings)
    }

    public func evaluationData(for programme: Programme) async throws -> EvaluationData {
        var values = try await store.annualValues(planID: programme.plan.id)
        if let cells {
            // The register is live: it speaks for the current year (or, once the programme's years are over, for
            // its last year, which the acceptance judges), where it holds places of the kind; figures entered
            // for earlier years stay as they were reported.
            let year = min(currentYear, programme.indicators.evaluationYears.upperBound)
            let counts = try await cells.counts(regionIDs: [programme.place.id] + programme.townships.map(\.id))
            let entries = CoverageCalculator.entries(plan: programme.plan, place: programme.place, townships: programme.townships,
                                                     counts: counts, extraTypes: CellKinds.extraTypes(in: [programme.plan]))
            for (indicator, byRegion) in CoverageCalculator.indicatorValues(entries, indicators: programme.indicators) {
                for (region, value) in byRegion { values[indicator, default: [:]][region, default: [:]][year] = value }
            }
        }
        return EvaluationData(place: programme.place, townships: programme.townships, values: values,
                              references: try await store.references(planID: programme.plan.id))
    }

    /// One entry per target, region and year; `year` limits it to one year.
    public func evaluate(_ planID: String, year: Int? = nil) async throws -> [EvaluationEntry] {
        let programme = try await programme(planID)
        let data = try await evaluationData(for: programme)
        return ProgrammeEvaluation.evaluate(programme.indicators, data: data, years: year.map { [$0] })
    }
}
