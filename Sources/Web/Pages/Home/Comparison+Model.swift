import Domain
import Foundation

extension ComparisonView {
    struct Row {
        var summary: PlanSummary
        var progress: ProgrammeProgress
    }

    struct Model {
        var regionName: String
        var regionID: UUID?
        var rows: [Row]
    }
}
