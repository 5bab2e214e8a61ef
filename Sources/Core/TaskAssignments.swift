import Domain
import Foundation
import Persistence

extension AppCore {
    /// Every unit's part of every task and subtask the plan now has: the stored progress where there is some, else
    /// 未开始, each due as the plan says today (a deadline the office moved applies to progress already kept). The task
    /// board, the homes and the API all read this.
    public func taskAssignments(of plan: Plan) async throws -> [Stored<TaskAssignment>] {
        let stored = Dictionary(try await running.records(TaskAssignment.self, planID: plan.id).map { ($0.value.naturalKey, $0) },
                                uniquingKeysWith: { first, _ in first })
        return TaskAssignment.initial(for: plan, on: today).map { fresh in
            guard var kept = stored[fresh.naturalKey] else { return Stored(value: fresh, revision: 0) }
            kept.value.dueDate = fresh.dueDate
            kept.value.taskNumber = fresh.taskNumber
            return kept
        }
    }
}
