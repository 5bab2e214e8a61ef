import Core
import Domain
import Foundation

extension ReportBoardView {
    struct Model {
        var plan: Plan
        var schedule: ReportingSchedule
        var months: [YearMonth]
        var rollUp: MonthlyRollUp
        var ownUnit: String?
        var ownReports: [MonthlyReport]
        var canSupervise: Bool
    }
}
