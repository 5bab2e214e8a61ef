import Core
import Domain
import Foundation
import Persistence
import Vapor

extension Application {
    /// The composition root on the application's database: the clock, the plan cache, the score sheets and the
    /// questionnaires set up once in `WebApp.configure`, and every store.
    public var appCore: AppCore {
        AppCore(AppCore.Environment(clock: appClock, planCache: planCache ?? PlanCache(), scoreSheets: scoreSheets,
                                    questionnaires: questionnaires,
                                    indicatorsCache: indicatorsCache ?? ProgrammeIndicatorsCache(), links: SiteURL.workLinks),
                database: db)
    }

    private struct IndicatorsCacheKey: StorageKey { typealias Value = ProgrammeIndicatorsCache }

    /// Set in `configure`, with the plan cache; only read afterwards.
    var indicatorsCache: ProgrammeIndicatorsCache? {
        get { storage[IndicatorsCacheKey.self] }
        set { storage[IndicatorsCacheKey.self] = newValue }
    }
}

extension Request {
    /// The composition root on this request's connection: handlers reach every store through it.
    var appCore: AppCore { application.appCore.on(db) }

    var plans: any PlanStore { appCore.plans }
    var regions: any RegionStore { appCore.regions }
    var accounts: any AccountStore { appCore.accounts }
    var audit: any AuditStore { appCore.audit }
    var contacts: any UnitContactStore { appCore.contacts }
    var settings: any SettingStore { appCore.settings }
    var search: any SearchStore { appCore.search }
    var signInThrottle: any SignInThrottleStore { appCore.signInThrottle }
    var indicatorStore: any IndicatorStore { appCore.indicators }
    var indicatorWorkflow: IndicatorWorkflow { appCore.indicatorWorkflow }
    var cellStore: any CellStore { appCore.cells }
    var cellWorkflow: CellWorkflow { appCore.cellWorkflow }
    var runningStore: any RunningStore { appCore.running }
    var runningWorkflow: RunningWorkflow { appCore.runningWorkflow() }
}
