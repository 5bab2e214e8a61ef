import Core
import Domain
import Foundation

extension PlaceView {
    struct Model {
        var programme: CellWorkflow.Programme
        var place: CellPlace
        var history: [CellTransition]
        var assessments: [CellAssessment]
        var sheet: ScoreSheet?
        var canEdit: Bool
        var canAssess: Bool
        var canCertify: Bool
        var notice: String?
        var problem: String?
        /// What was typed into a refused edit, shown again in the form.
        var typed: CellPlace?
    }
}
