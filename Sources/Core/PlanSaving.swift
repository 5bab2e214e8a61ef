import Domain
import Foundation
import Persistence

/// Saving a programme's plan, whole, with its audit entry in the same transaction: the web's import and the
/// command line's `plan load` run this same code, so neither can leave a plan without its entry.
public enum PlanSaving {
    /// Who saves and what the audit entry says about where the plan came from.
    public struct Origin: Sendable {
        public var actor: String
        public var actorID: UUID?
        /// `plan.import` (a reviewed draft) or `plan.load` (a file on the command line).
        public var action: String
        /// What the entry records besides the outcome: the file, the import.
        public var details: [String: String]

        public init(actor: String, actorID: UUID?, action: String, details: [String: String]) {
            self.actor = actor; self.actorID = actorID; self.action = action; self.details = details
        }
    }

    /// Saves `plan` (replacing a stored plan of the same id) and records the entry; `alongside` runs in the same
    /// transaction (the web marks its draft saved there). All of it happens, or none.
    @discardableResult
    public static func save(_ plan: Plan, origin: Origin, in core: AppCore,
                            alongside: @escaping @Sendable (AppCore) async throws -> Void = { _ in }) async throws -> SaveOutcome {
        try await core.transaction { tx in
            let before = try await tx.plans.plan(id: plan.id)
            let outcome = try await tx.plans.save(plan)
            try await alongside(tx)
            var after = origin.details
            after["outcome"] = outcome.rawValue
            after["title"] = plan.title
            try await tx.audit.record(AuditEntry(
                actor: origin.actor, actorID: origin.actorID, action: origin.action, entity: "plan", entityID: plan.id,
                planID: plan.id, before: before.flatMap { AuditEntry.snapshot(PlanSummary($0)) }, after: AuditEntry.snapshot(after)))
            return outcome
        }
    }
}
