import Core
import Domain
import Foundation

extension AssessmentFormView {
    struct Model {
        var programme: CellWorkflow.Programme
        var place: CellPlace
        var sheet: ScoreSheet
        var texts: [String: String]
        /// Item id ("" for the whole form) → problem.
        var problems: [String: String]
        var problem: String?
        /// Files chosen before a refused save, by item id ("" for the whole form): kept, named, not chosen again.
        var keptFiles: [String: KeptUpload] = [:]
    }
}
