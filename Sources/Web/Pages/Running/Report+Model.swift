import Core
import Domain
import Foundation

extension ReportView {
    struct Model {
        var plan: Plan
        var unit: String
        var month: YearMonth
        var dueDate: LocalDate
        var report: MonthlyReport?
        var revision: Int
        var canEdit: Bool
        var canReturn: Bool
        var standing: ReportStanding
        var problems: [String]
        var notice: String?
    }
}
