import Core
import Domain
import Foundation

extension TaskBoardView {
    struct Model {
        var plan: Plan
        var board: TaskBoard
        var unit: String?
        var assignments: [Stored<TaskAssignment>]
        var today: LocalDate
        var canUpdate: Bool
        var notice: String?
    }
}
