import Core
import Domain
import Foundation

extension ScoreSheetView {
    struct Model {
        var programme: CellWorkflow.Programme
        var sheet: ScoreSheet
        var file: String?
    }
}
