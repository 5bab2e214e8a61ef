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
        /// Files chosen before a refused save, stored and shown again so they are not chosen twice (H4).
        var keptUploads: [KeptUpload] = []
    }
}
