import Core
import Domain
import Foundation

extension PlaceFormView {
    struct Model {
        var programme: CellWorkflow.Programme
        var regions: [Region]
        var form: CellController.PlaceForm
        var problems: [String]
    }
}
