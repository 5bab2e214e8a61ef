import Core
import Domain
import Foundation

extension TrainingView {
    struct Model {
        var plan: Plan
        var stored: Stored<Training>
        var canManage: Bool
        var units: [String]
        var today: LocalDate
        /// What was typed when a save was refused, and why.
        var values: [String: String]?
        var problems: [String]
        var notice: String?
    }
}
