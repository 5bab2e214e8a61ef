import Core
import Domain
import Foundation

extension InspectionListView {
    struct Model {
        var plan: Plan
        var inspections: [Inspection]
        var problems: [InspectionProblem]
        var today: LocalDate
        var ownUnit: String?
        var canSupervise: Bool
    }
}
