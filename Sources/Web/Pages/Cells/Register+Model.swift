import Core
import Domain
import Foundation

extension RegisterView {
    struct Model {
        var programme: CellWorkflow.Programme
        var places: [CellPlace]
        var total: Int
        var page: Int
        var pageSize: Int
        var cell: String?
        var status: CellStatus?
        var region: Region?
        var text: String?
        var regionChoices: [Region]
        var canRegister: Bool
    }
}
