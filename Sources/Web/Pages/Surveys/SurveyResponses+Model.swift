import Core
import Domain
import Foundation

extension SurveyResponsesView {
    struct Model {
        var context: SurveyContext
        var responses: [SurveyResponse]
        var scored: [UUID: ScoredRespondent]
        var canDelete: Bool
    }
}
