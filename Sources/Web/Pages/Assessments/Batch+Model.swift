import Core
import Domain
import Foundation

extension BatchView {
    struct Model {
        var programme: CellWorkflow.Programme
        var query: CellController.BatchQuery
        var texts: [String: String]
        var problems: [UUID: String]
        var notice: String?
        var regions: [Region]
    }
}
