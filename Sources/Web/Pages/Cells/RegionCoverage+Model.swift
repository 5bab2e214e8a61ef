import Core
import Domain
import Foundation

extension RegionCoverageView {
    struct Model {
        var board: RegionBoard
        /// From the outermost region down to the board's region.
        var path: [Region]
        /// Region → the programme whose place it is, for a link to its board.
        var programmes: [UUID: String]
    }
}
