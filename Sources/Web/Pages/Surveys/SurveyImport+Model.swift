import Core
import Domain
import Foundation

extension SurveyImportView {
    struct Model {
        var context: SurveyContext
        var problems: [String]
        var notice: String?
    }
}
