import Core
import Domain
import Foundation

extension InterviewFormView {
    struct Model {
        var context: SurveyContext
        var questionnaire: Questionnaire
        var townships: [Region]
        /// The form's fields as sent (`a.q01`, `m.q05.A`, `township` …), to show again after a problem.
        var values: [String: String]
        var problems: [String]
        var notice: String?
    }
}
