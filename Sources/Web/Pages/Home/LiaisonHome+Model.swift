import Core
import Domain
import Foundation

extension LiaisonHomeView {
    struct Model {
        var plan: Plan
        var unit: PlanUnit
        var today: LocalDate
        /// What needs the unit, most urgent first (`WorkQueue`).
        var work: [WorkItem]
        /// The unit's tasks and subtasks with their progress, most urgent first.
        var assignments: [TaskAssignment]
        /// The monthly report due next, as the reports page has it; nil when the programme has no reporting calendar.
        var nextReport: (month: YearMonth, dueDate: LocalDate)?
        var contact: UnitContact?
    }
}
