import Foundation

/// One saved version of a programme's plan: the office's history of its changes.
public struct PlanRevision: Equatable, Sendable, Codable {
    /// 1 for the first save, one more for each save after.
    public var revision: Int
    public var at: Date
    public var by: String
    public var why: String

    public init(revision: Int, at: Date, by: String, why: String) {
        self.revision = revision; self.at = at; self.by = by; self.why = why
    }
}

/// Who saves a plan and why, as the history will say.
public struct RevisionNote: Equatable, Sendable {
    public var by: String
    public var why: String

    public init(by: String, why: String) { self.by = by; self.why = why }
}

extension Plan {
    /// Gives every task an id that later edits keep: progress, evidence and links are kept against it. A plan stored
    /// before ids existed numbers its tasks by position (what progress was kept against then); a task added later
    /// takes the next free number. Ids already given are kept.
    public func withStableTaskIDs() -> Plan {
        var plan = self
        let given = plan.tasks.compactMap(\.id)
        if given.isEmpty {
            for index in plan.tasks.indices { plan.tasks[index].id = index }
            return plan
        }
        var next = (given.max() ?? -1) + 1
        for index in plan.tasks.indices where plan.tasks[index].id == nil {
            plan.tasks[index].id = next
            next += 1
        }
        return plan
    }

    /// The task with this id, and where it stands in the list.
    public func task(id: Int) -> (index: Int, task: PlanTask)? {
        // A plan not yet stored has no ids: its tasks are known by position, as `withStableTaskIDs` would number them.
        guard let index = tasks.indices.first(where: { (tasks[$0].id ?? $0) == id }) else { return nil }
        return (index, tasks[index])
    }

    /// The tasks still part of the plan (archived ones keep their progress but are no longer due).
    public var activeTasks: [PlanTask] { tasks.filter { !$0.archived } }
}
