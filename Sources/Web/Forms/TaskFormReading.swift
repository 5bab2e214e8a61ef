import Domain
import Foundation

/// Reads the task editor's fields into a `PlanEdits.TaskForm`, naming each field it cannot read. Unit names are taken
/// in any spelling the plan knows and stored as the plan writes them.
enum TaskFormReading {
    static func read(_ fields: FormFields, plan: Plan, taskID: Int?) -> (PlanEdits.TaskForm, [String]) {
        var problems: [String] = []
        let directory = UnitDirectory(plan)
        func units(_ text: String, _ label: String) -> [String] {
            let names = text.split(whereSeparator: { "、，,;； ".contains($0) }).map(String.init)
            return names.map { name in
                if let canonical = directory.canonicalName(name) { return canonical }
                problems.append("\(label)：「\(name)」不是本方案的单位或工作组")
                return name
            }
        }
        func date(_ name: String, _ label: String) -> LocalDate? {
            let text = fields.text(name)
            if text.isEmpty { return nil }
            guard let value = LocalDate(iso: text) else { problems.append("\(label)：「\(text)」不是日期"); return nil }
            return value
        }

        let text = fields.text("text")
        if text.isEmpty { problems.append("任务内容：请填写") }
        let responsible = Array(fields.names(withPrefix: "resp.")).sorted { a, b in
            (plan.units.firstIndex { $0.name == a } ?? Int.max) < (plan.units.firstIndex { $0.name == b } ?? Int.max)
        }
        if responsible.isEmpty { problems.append("责任单位：请至少选择一个") }

        var deadline: TaskDeadline?
        switch fields.text("deadlineKind") {
        case "date":
            if let d = date("deadlineDate", "期限日期") { deadline = .date(d) } else if fields.text("deadlineDate").isEmpty { problems.append("期限日期：请填写") }
        case "phase":
            let phase = fields.text("deadlinePhase")
            if phase.isEmpty { problems.append("期限阶段：请选择") } else { deadline = .phase(phase) }
        case "recurring":
            if let every = Recurrence(rawValue: fields.text("deadlineEvery")) { deadline = .recurring(every) } else { problems.append("期限周期：请选择") }
        default: break
        }

        let existing = taskID.flatMap { plan.task(id: $0)?.task.subtasks } ?? []
        var subtasks: [Subtask] = []
        for index in existing.indices {
            let prefix = "sub\(index)"
            guard let id = fields.int("\(prefix).id"), let old = existing.first(where: { $0.id == id }) else { continue }
            let label = "子任务「\(old.title)」"
            subtasks.append(Subtask(id: id, title: fields.text("\(prefix).title"),
                                    responsible: units(fields.text("\(prefix).responsible"), label + "的责任单位"),
                                    deadline: date("\(prefix).deadline", label + "的期限"), archived: fields.text("\(prefix).archived") == "1"))
        }
        var added: Subtask?
        let newTitle = fields.text("new.title"), newUnits = fields.text("new.responsible"), newDeadline = fields.text("new.deadline")
        if !newTitle.isEmpty || !newUnits.isEmpty || !newDeadline.isEmpty {
            if newTitle.isEmpty { problems.append("新增子任务：请填写内容") }
            let names = units(newUnits, "新增子任务的责任单位")
            if names.isEmpty { problems.append("新增子任务：请填写责任单位") }
            added = Subtask(id: 0, title: newTitle, responsible: names, deadline: date("new.deadline", "新增子任务的期限"))
        }
        let form = PlanEdits.TaskForm(number: fields.optional("number"), section: fields.optional("section"), title: fields.optional("title"),
                                      text: text, responsible: responsible, deadline: deadline, archived: fields.text("archived") == "1",
                                      subtasks: subtasks, newSubtask: added)
        return (form, problems)
    }
}
