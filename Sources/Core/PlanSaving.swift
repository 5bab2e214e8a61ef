import Domain
import Foundation
import Persistence

/// Saving a whole plan brought in from outside (a reviewed draft, a file on the command line) as the programme's next
/// revision, through the same guard as every edit: the web's import and `healthcity plan load` run this same code.
public enum PlanSaving {
    /// Who saves and what the audit entry says about where the plan came from.
    public struct Origin: Sendable {
        public var actor: String
        public var actorID: UUID?
        /// `plan.import` (a reviewed draft) or `plan.load` (a file on the command line).
        public var action: String
        /// Why, as the plan's history will say (从文件导入方案…).
        public var why: String
        /// What the entry records besides the outcome: the file, the import.
        public var details: [String: String]

        public init(actor: String, actorID: UUID?, action: String, why: String, details: [String: String]) {
            self.actor = actor; self.actorID = actorID; self.action = action; self.why = why; self.details = details
        }
    }

    /// Saves `plan` (replacing a stored plan of the same id, keeping what the office added to it) with its audit
    /// entry; `alongside` runs in the same transaction (the web marks its draft saved there). Dropping an item that
    /// carries data is refused (`PlanEditRefused`) unless `archiveRemoved`. All of it happens, or none.
    @discardableResult
    public static func save(_ plan: Plan, origin: Origin, archiveRemoved: Bool = false, in core: AppCore,
                            alongside: @escaping @Sendable (AppCore) async throws -> Void = { _ in }) async throws -> PlanEditing.Outcome {
        try await core.transaction { tx in
            let outcome = try await tx.planEditing.save(plan, note: RevisionNote(by: origin.actor, why: origin.why), actorID: origin.actorID,
                                                        action: origin.action, archiveRemoved: archiveRemoved, details: origin.details)
            try await alongside(tx)
            return outcome
        }
    }
}
