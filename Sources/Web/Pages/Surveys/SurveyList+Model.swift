import Core
import Domain
import Foundation

extension SurveyListView {
    struct Model {
        var programme: CellWorkflow.Programme
        var surveys: [Survey]
        var completed: [UUID: Int]
        var questionnaires: [Questionnaire]
        var canManage: Bool
    }
}
