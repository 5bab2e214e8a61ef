import Domain
import Foundation
import Vapor

/// `GET /api/v1/plans/{id}/tasks`: every task still in the plan with its deadline, its light from its parts, its
/// responsible units and its subtasks.
struct TaskListDTO: Content {
    struct Subtask: Content {
        var id: Int
        var title: String
        var responsible: [String]
        var due: String?
        var light: String
    }

    struct Task: Content {
        var id: Int
        var number: String?
        var section: String?
        var title: String
        var due: String?
        var light: String
        var responsible: [String]
        var subtasks: [Subtask]
    }

    var tasks: [Task]

    /// The API's names for the lights: amber, not yellow.
    static func name(_ light: TrafficLight) -> String {
        switch light {
        case .green: "green"
        case .yellow: "amber"
        case .red: "red"
        case .done: "done"
        }
    }

    init(plan: Plan, assignments: [TaskAssignment], today: LocalDate) {
        let byTask = Dictionary(grouping: assignments, by: \.taskIndex)
        tasks = plan.tasks.enumerated().compactMap { index, task in
            guard !task.archived else { return nil }
            let id = task.id ?? index
            let parts = byTask[id] ?? []
            let due = task.dueDate(in: plan, on: today)?.date
            return Task(id: id, number: task.number, section: task.section, title: task.title ?? PlanDiff.taskLabel(task),
                        due: due?.iso,
                        light: Self.name(Self.light(parts, due: due, today: today)),
                        responsible: task.responsible,
                        subtasks: task.subtasks.filter { !$0.archived }.map { subtask in
                            let mine = parts.filter { $0.subtaskID == subtask.id }
                            return Subtask(id: subtask.id, title: subtask.title, responsible: subtask.responsible,
                                           due: (subtask.deadline ?? due)?.iso,
                                           light: Self.name(Self.light(mine, due: subtask.deadline ?? due, today: today)))
                        })
        }
    }
}

extension TaskListDTO {
    /// The light of a task from its parts; a task no unit carries yet (its responsible units unassigned) is lit by its
    /// own due date.
    static func light(_ parts: [TaskAssignment], due: LocalDate?, today: LocalDate) -> TrafficLight {
        parts.isEmpty ? TrafficLightPolicy.standard.light(dueDate: due, finished: false, on: today) : TaskAssignment.light(of: parts, on: today)
    }
}
