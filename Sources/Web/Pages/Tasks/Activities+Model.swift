import Core
import Domain
import Foundation

extension ActivitiesView {
    struct Model {
        var plan: Plan
        var year: Int
        var activities: [Activity]
        var progress: BeneficiaryProgress?
        var canSetTarget: Bool
        var coverage: HealthDayCoverage
        var today: LocalDate
        var ownUnit: String?
        var canAdd: Bool
        var values: [String: String]
        var problems: [String]
        var notice: String?
    }
}
