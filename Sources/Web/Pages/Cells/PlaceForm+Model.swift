import Core
import Domain
import Foundation

extension PlaceFormView {
    struct Model {
        var programme: CellWorkflow.Programme
        var regions: [Region]
        var form: CellController.PlaceForm
        var problems: [String]
        /// The office may name a kind not listed (健康商场) while registering a place of it.
        var canNameKind: Bool = false
    }
}
