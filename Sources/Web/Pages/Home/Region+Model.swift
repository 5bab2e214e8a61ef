import Domain
import Foundation

extension RegionView {
    struct Model {
        var plan: Plan
        var path: [Region]
        var children: [Region]
        var townshipTasks: [UnitDirectory.Assignment]
        /// The programme unit the township reports as, once the office has made it one.
        var townshipUnit: String? = nil
        var isHome: Bool
        /// On a township officer's home: the township's pending work (`WorkQueue`).
        var work: [WorkItem] = []
        /// The register's standing against each cell target in this region.
        var coverage: [CoverageEntry] = []
        var today: LocalDate
    }
}
