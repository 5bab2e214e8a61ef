import Core
import Domain
import Foundation

extension ActivitiesView {
    struct Model {
        var plan: Plan
        var year: Int
        var activities: [Activity]
        var progress: BeneficiaryProgress?
        /// The plan's duties (每月至少1次健康讲座), each counted for every unit that owes it.
        var duties: [DutyStanding]
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
