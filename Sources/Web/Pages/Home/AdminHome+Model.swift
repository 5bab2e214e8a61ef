import Domain
import Foundation

extension AdminHomeView {
    struct Model {
        var plans: [PlanSummary]
        var accounts: Int
        var activeTokens: Int
        var recent: [AuditEntry]
        /// Per programme, the set-up steps still open: regions to import, units without an account.
        var setup: [String: Setup] = [:]
    }

    struct Setup {
        /// Townships and villages below the programme's place.
        var regions: Int
        var unitsWithoutAccounts: Int
        var isComplete: Bool { regions > 0 && unitsWithoutAccounts == 0 }
    }
}
