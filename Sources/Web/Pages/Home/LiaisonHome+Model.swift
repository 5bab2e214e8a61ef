import Domain
import Foundation

extension LiaisonHomeView {
    struct Model {
        var plan: Plan
        var unit: PlanUnit
        var today: LocalDate
        var assignments: [UnitDirectory.Assignment]
        var contact: UnitContact?
    }
}
