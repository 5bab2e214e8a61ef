import Core
import Domain
import Foundation

extension SurveyPageView {
    struct Model {
        var context: SurveyContext
        var completed: [UUID: Int]
        var canManage: Bool
        var canCollect: Bool
        var notice: String?
    }
}
