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
    /// Today, from the application's clock: the register is counted as at today for the current year.
    public var today: LocalDate
    public var currentYear: Int { today.year }
    /// The healthy-cell register: when given, coverage and count indicators of the kinds it holds come from it.
    public var cells: (any CellStore)?
    /// The running records: when given, lecture counts and beneficiaries come from the activity log.
    public var running: (any RunningStore)?

    /// Targets parsed once per plan revision; without it they are parsed on every call.
    public var indicatorsCache: ProgrammeIndicatorsCache?

    public init(plans: any PlanStore, regions: any RegionStore, store: any IndicatorStore, today: LocalDate,
                cells: (any CellStore)? = nil, running: (any RunningStore)? = nil,
                indicatorsCache: ProgrammeIndicatorsCache? = nil) {
        self.plans = plans; self.regions = regions; self.store = store; self.today = today; self.cells = cells
        self.running = running; self.indicatorsCache = indicatorsCache
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
        let indicators = indicatorsCache?.indicators(plan: plan, settings: settings, currentYear: currentYear)
            ?? ProgrammeIndicators(plan: plan, settings: settings, currentYear: currentYear)
        return Programme(plan: plan, indicators: indicators, regions: regions)
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

    /// The figures targets are judged on, each indicator's from its declared source: the register, counted as
    /// at the end of each year (today for the current year), for the cell kinds it holds places of; the
    /// submitted figures for everything else.
    public func evaluationData(for programme: Programme) async throws -> EvaluationData {
        var values = try await store.annualValues(planID: programme.plan.id)
        let facts = try await activityFacts(for: programme)
        let sources = try await sources(for: programme, activities: facts)
        // The log's figures stand at the place; the year's figure counts what was held by its last day (today
        // for the current year).
        for (code, measure) in sources.activityMeasures {
            values[code] = nil
            for year in programme.indicators.dataYears {
                guard let day = sources.registerDay(for: year), let value = facts.value(measure, year: year, through: day) else { continue }
                values[code, default: [:]][programme.place.id, default: [:]][year] = value
            }
        }
        if let cells, !sources.registerKinds.isEmpty {
            let histories = try await cells.histories(regionIDs: programme.regions.map(\.id))
            for code in sources.registerKinds.keys { values[code] = nil }
            let parents = Dictionary(programme.regions.dropFirst().compactMap { r in r.parentID.map { (r.id, $0) } },
                                     uniquingKeysWith: { first, _ in first })
            let extra = CellKinds.extraTypes(in: [programme.plan])
            for year in programme.indicators.dataYears {
                guard let day = sources.registerDay(for: year) else { continue }
                let counts = RegisterAsOf.counts(histories, asOf: day, parents: parents)
                let entries = CoverageCalculator.entries(plan: programme.plan, place: programme.place,
                                                         townships: programme.townships, counts: counts, extraTypes: extra)
                for (indicator, byRegion) in CoverageCalculator.indicatorValues(entries, indicators: programme.indicators)
                    where sources.registerKinds[indicator] != nil {
                    for (region, value) in byRegion { values[indicator, default: [:]][region, default: [:]][year] = value }
                }
            }
        }
        return EvaluationData(place: programme.place, townships: programme.townships, values: values,
                              references: try await store.references(planID: programme.plan.id), sources: sources)
    }

    /// Which indicators the register supplies and which are entered: the register supplies the coverage and
    /// count indicators of the cell kinds it holds places of inside the programme.
    public func sources(for programme: Programme) async throws -> IndicatorSources {
        try await sources(for: programme, activities: try await activityFacts(for: programme))
    }

    func sources(for programme: Programme, activities: ActivityFacts) async throws -> IndicatorSources {
        var registered: Set<String> = []
        if let cells, !programme.plan.cellTargets.isEmpty {
            registered = Set(try await cells.counts(regionIDs: [programme.place.id]).filter { $0.places > 0 }.map(\.cell))
        }
        return IndicatorSources(programme.indicators, plan: programme.plan, registered: registered, today: today,
                                activities: activities)
    }

    /// The activity log and the populations the office set, read only when an indicator counts from them.
    func activityFacts(for programme: Programme) async throws -> ActivityFacts {
        guard let running, programme.indicators.indicators.contains(where: { ActivityMeasure.of($0) != nil }) else { return .none }
        let activities = try await running.records(Activity.self, planID: programme.plan.id).map(\.value)
        let targets = try await running.records(BeneficiaryTarget.self, planID: programme.plan.id).map(\.value)
        return ActivityFacts(activities: activities,
                             populations: Dictionary(targets.map { ($0.year, $0.population) }, uniquingKeysWith: { _, last in last }))
    }

    /// The one rule for the year a page opens on: last year, the latest with a whole year of figures, within
    /// the programme's evaluation years.
    public func yearJudged(_ programme: Programme) -> Int {
        programme.indicators.evaluationYears.lastFullYear(asOf: currentYear)
    }

    /// Which years to judge.
    public enum Years: Sendable, Equatable {
        /// The year a page opens on (`yearJudged`).
        case judged
        /// Every evaluation year.
        case all
        case only(Int)
    }

    /// Every target judged, with the figures behind the verdicts: what the board, the dashboard, the workbook,
    /// the API and the command line all show.
    public struct Judgement: Sendable {
        public var programme: Programme
        public var data: EvaluationData
        public var years: [Int]
        public var entries: [EvaluationEntry]
    }

    /// The one evaluation query: every surface that shows a verdict calls it. `indicator` limits it to one
    /// indicator's targets.
    public func judge(_ programme: Programme, years: Years, indicator: String? = nil) async throws -> Judgement {
        let data = try await evaluationData(for: programme)
        let chosen: [Int] = switch years {
        case .judged: [yearJudged(programme)]
        case .all: Array(programme.indicators.evaluationYears)
        case .only(let year): [year]
        }
        var indicators = programme.indicators
        if let indicator { indicators.targets = indicators.targets.filter { $0.indicator == indicator } }
        return Judgement(programme: programme, data: data, years: chosen,
                         entries: ProgrammeEvaluation.evaluate(indicators, data: data, years: chosen))
    }

    /// One entry per target, region and year; `year` limits it to one year.
    public func evaluate(_ planID: String, year: Int? = nil) async throws -> [EvaluationEntry] {
        try await judge(try await programme(planID), years: year.map { .only($0) } ?? .all).entries
    }
}
