import Domain
import Foundation

extension PlanEditView {
    struct Model {
        var plan: Plan
        /// The revision the page shows, carried back by every form so a save after someone else's is refused.
        var revision: Int
        var latest: PlanRevision?
        var attached: AttachedData
        /// Townships in the programme's region tree that are not yet units.
        var townshipsNotUnits: [String]
        var yaml: String
        var notice: String?
    }
}
