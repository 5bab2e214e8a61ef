import Core
import Domain
import Foundation

extension ImportNewView {
    struct Model {
        var problem: Problem?
        /// The programmes the person may see, offered as templates for a new one.
        var templates: [PlanSummary] = []
    }
}
