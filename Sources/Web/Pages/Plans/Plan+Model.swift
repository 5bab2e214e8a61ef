import Domain
import Foundation

extension PlanView {
    struct Model {
        var plan: Plan
        var today: LocalDate?
        var regionCount: Int
        /// Whether the viewer may change the plan (the office).
        var canEdit: Bool
        /// Built once per page: every unit name on the page is looked up in it.
        var directory: UnitDirectory

        init(plan: Plan, today: LocalDate?, regionCount: Int, canEdit: Bool = false) {
            self.plan = plan; self.today = today; self.regionCount = regionCount; self.canEdit = canEdit
            directory = UnitDirectory(plan)
        }

        /// Tasks still in the plan grouped by their section path, in document order (archived ones are on the edit page).
        var sections: [(path: [String], tasks: [(index: Int, task: PlanTask)])] {
            var result: [(path: [String], tasks: [(index: Int, task: PlanTask)])] = []
            for (index, task) in plan.tasks.enumerated() where !task.archived {
                let path = task.parentSections + [task.section ?? "其他任务"]
                if let last = result.indices.last, result[last].path == path {
                    result[last].tasks.append((index, task))
                } else {
                    result.append((path, [(index, task)]))
                }
            }
            return result
        }
    }
}
