import Core
import Domain
import Foundation

extension TrainingListView {
    struct Model {
        var plan: Plan
        var year: Int
        /// The year's courses, newest first.
        var trainings: [Training]
        var coverage: TrainingCoverage
        /// The comprehensive sheet's item about training (能力建设培训), when it has one.
        var sheetItem: ScoreItem?
        var canManage: Bool
        var units: [String]
        var today: LocalDate
        var values: [String: String]
        var problems: [String]
        var notice: String?
    }
}
