import Domain
import Foundation

extension IndicatorImportView {
    struct Model {
        var programme: IndicatorWorkflow.Programme
        var problem: [String] = []
        var result: TableImportResult?
        var fileName: String?
    }
}
