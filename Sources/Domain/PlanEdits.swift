import Foundation

/// The office's edits of a running plan, one change each, as the browser's forms make them. Each leaves the plan to
/// be checked (`PlanValidator`) and saved as a revision; none touches the records attached to the plan.
public enum PlanEdits {
    /// What the task form says about a task: the task's own fields, its subtasks as edited, and one new subtask.
    public struct TaskForm: Sendable, Equatable {
        public var number: String?
        public var section: String?
        public var title: String?
        public var text: String
        public var responsible: [String]
        public var deadline: TaskDeadline?
        public var archived: Bool
        public var subtasks: [Subtask]
        public var newSubtask: Subtask?

        public init(number: String?, section: String?, title: String?, text: String, responsible: [String], deadline: TaskDeadline?,
                    archived: Bool, subtasks: [Subtask], newSubtask: Subtask?) {
            self.number = number; self.section = section; self.title = title; self.text = text; self.responsible = responsible
            self.deadline = deadline; self.archived = archived; self.subtasks = subtasks; self.newSubtask = newSubtask
        }
    }

    /// Applies the form to the task with `id`, or adds it as a new task (`id` nil). Returns the task's id.
    @discardableResult
    public static func saveTask(_ form: TaskForm, id: Int?, in plan: inout Plan) -> Int {
        let taskID = id ?? (plan.tasks.compactMap(\.id).max() ?? (plan.tasks.count - 1)) + 1
        var task = id.flatMap { plan.task(id: $0)?.task } ?? PlanTask(text: form.text, id: taskID)
        task.number = form.number
        task.section = form.section
        task.title = form.title
        task.text = form.text
        // A lead or participant the form no longer names as responsible is no longer either.
        task.responsible = form.responsible
        if let lead = task.lead, !form.responsible.contains(lead) { task.lead = nil }
        task.participants = task.participants.filter(form.responsible.contains)
        task.deadline = form.deadline
        task.archived = form.archived
        var subtasks = form.subtasks
        if var added = form.newSubtask {
            added.id = (subtasks.map(\.id).max() ?? 0) + 1
            subtasks.append(added)
        }
        task.subtasks = subtasks
        if let id, let index = plan.task(id: id)?.index {
            plan.tasks[index] = task
        } else {
            task.id = taskID
            plan.tasks.append(task)
        }
        return taskID
    }

    /// Sets the programme's period (for plans whose document dates no phases) and the monthly reporting day.
    public static func setSchedule(start: LocalDate?, end: LocalDate?, monthlyDueDay: Int?, in plan: inout Plan) {
        if let start, let end { plan.period = ProgrammePeriod(start: start, end: end) } else { plan.period = nil }
        if let monthlyDueDay {
            plan.reporting = ReportingRule(monthlyDueDay: monthlyDueDay, text: plan.reporting?.text)
        } else {
            plan.reporting = nil
        }
    }

    public static func addMilestone(_ milestone: Milestone, toPhase name: String, in plan: inout Plan) -> Bool {
        guard let index = plan.phases.firstIndex(where: { $0.name == name }) else { return false }
        plan.phases[index].milestones.append(milestone)
        plan.phases[index].milestones.sort { ($0.date?.dayNumber ?? Int.max) < ($1.date?.dayNumber ?? Int.max) }
        return true
    }

    public enum ItemAction: String, Sendable, CaseIterable {
        case remove, archive, restore

        public var chineseName: String {
            switch self {
            case .remove: "删除"
            case .archive: "归档"
            case .restore: "恢复"
            }
        }
    }

    /// Removes, archives or restores an indicator target. Removing one with figures is refused when the plan is saved.
    public static func indicator(_ code: String, _ action: ItemAction, in plan: inout Plan) -> Bool {
        guard let index = plan.indicators.firstIndex(where: { $0.code == code }) else { return false }
        switch action {
        case .remove: plan.indicators.remove(at: index)
        case .archive: plan.indicators[index].archived = true
        case .restore: plan.indicators[index].archived = false
        }
        return true
    }

    /// Removes, archives or restores a unit. Removing one with reports or progress is refused when the plan is saved;
    /// removing one that tasks still name is refused by the plan's checks.
    public static func unit(_ name: String, _ action: ItemAction, in plan: inout Plan) -> Bool {
        guard let index = plan.units.firstIndex(where: { $0.name == name }) else { return false }
        switch action {
        case .remove:
            plan.units.remove(at: index)
            plan.organisation.memberUnits.removeAll { $0 == name }
        case .archive: plan.units[index].archived = true
        case .restore: plan.units[index].archived = false
        }
        return true
    }

    /// Adds a unit; a township unit is tied to its region by name, and member units report monthly.
    public static func addUnit(_ unit: PlanUnit, member: Bool, in plan: inout Plan) {
        plan.units.append(unit)
        if member { plan.organisation.memberUnits.append(unit.name) }
    }
}
