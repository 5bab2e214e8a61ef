import Domain
import Foundation

extension IndicatorReviewView {
    struct Model {
        var programme: IndicatorWorkflow.Programme
        var observations: [Observation]
        var notice: String?
    }
}
