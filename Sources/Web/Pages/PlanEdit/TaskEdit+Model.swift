import Domain
import Foundation

extension TaskEditView {
    struct Model {
        var plan: Plan
        /// Nil for a new task.
        var taskID: Int?
        /// The task as the form shows it: stored, or as typed when a save was refused.
        var task: PlanTask
        var revision: Int
        /// The units and groups a task may name, in the plan's order.
        var choosable: [String]
        var problems: [String]
    }
}
