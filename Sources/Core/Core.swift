import Domain
import Fluent
import Foundation
import Persistence

/// The composition root: what every request and every command works with, built once at start-up (the clock,
/// the plan cache, the score sheets and questionnaires) and bound to a database connection or a transaction.
/// Stores are constructed here and nowhere else, so a page, the API and the command line reach the same
/// stores the same way, and `transaction` hands the same root over one transaction to a use case.
public struct AppCore: Sendable {
    /// Built once: what does not depend on the connection.
    public struct Environment: Sendable {
        public var clock: Clock
        public var planCache: PlanCache
        public var scoreSheets: ScoreSheetLibrary?
        public var questionnaires: QuestionnaireLibrary?
        /// Each programme's parsed targets, kept per plan revision.
        public var indicatorsCache: ProgrammeIndicatorsCache
        /// How the site prints links to work (set by the web, which owns the routes).
        public var links: WorkLinks

        public init(clock: Clock, planCache: PlanCache = PlanCache(), scoreSheets: ScoreSheetLibrary? = nil,
                    questionnaires: QuestionnaireLibrary? = nil, indicatorsCache: ProgrammeIndicatorsCache = ProgrammeIndicatorsCache(),
                    links: WorkLinks = .none) {
            self.clock = clock; self.planCache = planCache; self.scoreSheets = scoreSheets; self.questionnaires = questionnaires
            self.indicatorsCache = indicatorsCache; self.links = links
        }
    }

    public let environment: Environment
    public let database: any Database

    public init(_ environment: Environment, database: any Database) {
        self.environment = environment
        self.database = database
    }

    public var clock: Clock { environment.clock }
    public var now: Date { environment.clock.now() }
    public var today: LocalDate { environment.clock.today }

    /// The same root on another connection or inside a transaction.
    public func on(_ database: any Database) -> AppCore { AppCore(environment, database: database) }

    /// Runs `body` in one transaction, with every store it reaches through the root inside it.
    public func transaction<T: Sendable>(_ body: @escaping @Sendable (AppCore) async throws -> T) async throws -> T {
        try await database.transaction { tx in try await body(self.on(tx)) }
    }

    // MARK: Stores

    public var plans: FluentPlanStore { FluentPlanStore(database: database, cache: environment.planCache, clock: clock) }
    public var regions: FluentRegionStore { FluentRegionStore(database: database) }
    public var accounts: FluentAccountStore { FluentAccountStore(database: database) }
    public var audit: FluentAuditStore { FluentAuditStore(database: database) }
    public var contacts: FluentUnitContactStore { FluentUnitContactStore(database: database) }
    public var settings: FluentSettingStore { FluentSettingStore(database: database) }
    public var search: FluentSearchStore { FluentSearchStore(database: database) }
    public var signInThrottle: FluentSignInThrottleStore { FluentSignInThrottleStore(database: database) }
    public var indicators: FluentIndicatorStore { FluentIndicatorStore(database: database, clock: clock) }
    public var cells: FluentCellStore { FluentCellStore(database: database, clock: clock) }
    public var running: FluentRunningStore { FluentRunningStore(database: database, clock: clock) }
    public var surveys: FluentSurveyStore { FluentSurveyStore(database: database) }
    public var planImports: FluentPlanImportStore { FluentPlanImportStore(database: database) }
    public var jobs: FluentJobStore { FluentJobStore(database: database) }
    public var notifications: FluentNotificationStore { FluentNotificationStore(database: database) }

    // MARK: Workflows

    /// Indicators judged with the register and the activity log, as of the clock's today.
    public var indicatorWorkflow: IndicatorWorkflow {
        IndicatorWorkflow(plans: plans, regions: regions, store: indicators, today: today, cells: cells,
                          running: running, indicatorsCache: environment.indicatorsCache)
    }

    public var cellWorkflow: CellWorkflow { CellWorkflow(plans: plans, regions: regions, cells: cells) }

    /// The running records; `registerRegions`: the programme's regions whose confirmed assessments' evidence
    /// reaches the dossier.
    public func runningWorkflow(registerRegions: [UUID]? = nil) -> RunningWorkflow {
        guard let registerRegions else { return RunningWorkflow(running: running, indicators: indicators) }
        return RunningWorkflow(running: running, indicators: indicators, cells: (cells, registerRegions))
    }
}
