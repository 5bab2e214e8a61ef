import Core
import Domain
import Foundation

extension CellImportView {
    struct Model {
        var programme: CellWorkflow.Programme
        var problems: [String]
    }
}
