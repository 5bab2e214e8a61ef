import Domain
import Foundation

extension CompositeIndexView {
    struct Model {
        var programme: IndicatorWorkflow.Programme
        var year: Int
        var result: Result<CompositeIndexResult, CompositeIndexError>
    }
}
