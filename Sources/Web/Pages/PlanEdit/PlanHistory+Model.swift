import Domain
import Foundation

extension PlanHistoryView {
    struct Model {
        var plan: Plan
        /// Oldest first.
        var revisions: [PlanRevision]
        /// The two revisions compared, and what changed between them.
        var comparison: (from: Int, to: Int, diff: PlanDiff)?
        var canRestore: Bool
        var notice: String?
    }
}
