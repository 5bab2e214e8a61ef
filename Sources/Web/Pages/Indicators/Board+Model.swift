import Domain
import Foundation

extension IndicatorBoardView {
    struct Model {
        var programme: IndicatorWorkflow.Programme
        var year: Int
        var entries: [EvaluationEntry]
        var data: EvaluationData
        var pendingReview: Int
        var canManage: Bool
        var ownUnit: String?
    }
}
