import Core
import Domain
import Foundation

extension ImportDraftView {
    struct Model {
        var item: PlanImport
        var matches: [UnitMatch]
        /// Draft unit name → the stored unit name it is matched to, as it stands.
        var choices: [String: String]
        /// The plan as it would be saved (units matched, place in the region tree).
        var saved: Plan
        var existing: Target?
        /// An office's own programme: the only id it may save to.
        var fixedID: String?
        var yaml: String
        var problems: FormRejected?
        /// Values sent with a refused form, shown again in place of the draft's.
        var submitted: [String: String]
        var notice: String?
    }
}
