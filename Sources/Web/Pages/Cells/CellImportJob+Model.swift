import Core
import Domain
import Foundation

extension CellImportJobView {
    struct Model {
        var programme: CellWorkflow.Programme
        var job: CellImportJobs.Job
    }
}
