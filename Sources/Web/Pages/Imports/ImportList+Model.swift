import Core
import Domain
import Foundation

extension ImportListView {
    struct Model {
        var imports: [PlanImportSummary]
        /// Who uploaded each import, shown to administrators.
        var creators: [UUID: String]
    }
}
