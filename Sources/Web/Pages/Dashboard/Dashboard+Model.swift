import Domain
import Foundation

extension DashboardView {
    struct Model {
        var dashboard: Dashboard
        /// The office's own home shows its to-do list above the dashboard.
        var isHome = false
        var recentChanges: [AuditEntry] = []
        /// On a home: the person's pending work (`WorkQueue`), most urgent first.
        var work: [WorkItem] = []
    }
}
