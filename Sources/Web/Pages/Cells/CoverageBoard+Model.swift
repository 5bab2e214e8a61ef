import Core
import Domain
import Foundation

extension CoverageBoardView {
    struct Model {
        var programme: CellWorkflow.Programme
        var entries: [CoverageEntry]
        var pendingReview: Int
        var canImport: Bool
        var canRegister: Bool
        var ownTownship: Region?
        var sheets: [ScoreSheet]
    }
}
