import Core
import Domain
import Foundation

extension AssessmentView {
    struct Model {
        var programme: CellWorkflow.Programme
        var place: CellPlace
        var assessment: CellAssessment
        var sheet: ScoreSheet?
        var result: ScoringResult?
        var entries: [String: ItemEntry]
        var canDecide: Bool
        var notice: String?
        var problem: String?
    }
}
