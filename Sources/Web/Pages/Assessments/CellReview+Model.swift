import Core
import Domain
import Foundation

extension CellReviewView {
    struct Model {
        var programme: CellWorkflow.Programme
        var pending: [CellAssessment]
        var places: [UUID: CellPlace]
    }
}
