import Domain
import Foundation
import Persistence

/// Loading the demo programme (see `DemoProgramme`) into a database: the plan saved as a revision with its audit
/// entry, its regions, an account for every role, and the records of a programme at work — all in one transaction,
/// and only when the demo is not there yet, so loading twice changes nothing.
public enum DemoLoader {
    public struct Outcome: Sendable {
        /// False when the demo was already there (nothing was changed).
        public var loaded: Bool
        public var manifest: DemoManifest
    }

    public static func isLoaded(in core: AppCore) async throws -> Bool {
        try await core.plans.plan(id: DemoProgramme.planID) != nil
    }

    /// Loads the demo dated from the clock's today. Every demo account gets `password` (hashed once with `hash`, the
    /// normal password hashing) and need not change it: it is the demo's, chosen or printed by whoever loads it.
    @discardableResult
    public static func load(in core: AppCore, password: String,
                            hash: @escaping @Sendable (String) async throws -> String) async throws -> Outcome {
        if try await isLoaded(in: core) {
            return Outcome(loaded: false, manifest: try await DemoManifest.read(in: core))
        }
        for person in DemoPerson.all {
            if let problem = AccountRules.checkPassword(password, username: person.username) {
                throw FormRejected("HEALTHCITY_DEMO_PASSWORD", problem)
            }
        }
        let hashed = try await hash(password)
        let demo = DemoProgramme(today: core.today)
        try await core.transaction { tx in
            try await PlanSaving.save(demo.plan, origin: PlanSaving.Origin(
                actor: "演示数据", actorID: nil, action: "plan.load", why: "载入演示方案（虚构数据）", details: ["source": "demo"]), in: tx)
            _ = try await tx.regions.importRegions(demo.regionRows, file: "演示数据-区划", under: DemoProgramme.planID)
            let regions = Dictionary(try await tx.regions.regions(underPlan: DemoProgramme.planID).map { ($0.name, $0.id) },
                                     uniquingKeysWith: { first, _ in first })
            for person in DemoPerson.all {
                let draft = AccountDraft(username: person.username, displayName: person.displayName, role: person.role,
                                         planID: person.role.needsPlan ? DemoProgramme.planID : nil, unit: person.unit, region: person.region)
                _ = try await AccountService.create(draft, password: password, actor: nil, in: tx, hash: { _ in hashed })
            }
            guard let plan = try await tx.plans.plan(id: DemoProgramme.planID) else { throw PlanEditingError.noSuchPlan(DemoProgramme.planID) }
            try await DemoRunning(demo: demo, plan: plan, core: tx, regions: regions).load()
            let data = DemoData(demo: demo, core: tx, regions: regions)
            try await data.figures()
            try await data.register()
            try await data.survey()
        }
        return Outcome(loaded: true, manifest: try await DemoManifest.read(in: core))
    }
}
