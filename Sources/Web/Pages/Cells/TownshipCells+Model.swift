import Core
import Domain
import Foundation

extension TownshipCellsView {
    struct Model {
        var programme: CellWorkflow.Programme
        var township: Region
        var entries: [CoverageEntry]
        var villages: [Region]
        var board: RegionBoard
        var canRegister: Bool
    }
}
