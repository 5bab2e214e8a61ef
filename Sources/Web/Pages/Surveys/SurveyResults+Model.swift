import Core
import Domain
import Foundation

extension SurveyResultsView {
    struct Model {
        var context: SurveyContext
        var questionnaire: Questionnaire
        var results: SurveyResults
        var indicators: [Indicator]
        var references: [ReferenceValue]
        var canPublish: Bool
        var notice: String?
        var problem: String?
    }
}
