import Core
import Domain
import Foundation

extension InspectionView {
    struct Model {
        var plan: Plan
        var inspection: Inspection
        var problems: [Stored<InspectionProblem>]
        var principal: Principal
        var today: LocalDate
        var notice: String?
    }
}
