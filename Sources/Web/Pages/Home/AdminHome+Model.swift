import Domain
import Foundation

extension AdminHomeView {
    struct Model {
        var plans: [PlanSummary]
        var accounts: Int
        var activeTokens: Int
        var recent: [AuditEntry]
    }
}
