import Domain
import Foundation
import Vapor

extension AdminHomeView.Model {
    /// Every programme, the number of accounts and live tokens, and the latest changes anywhere.
    static func query(_ req: Request) async throws -> Self {
        let plans = try await req.plans.summaries()
        var setup: [String: AdminHomeView.Setup] = [:]
        for summary in plans {
            guard let plan = try await req.plans.plan(id: summary.id) else { continue }
            let covered = try await req.appCore.unitsWithAccounts(planID: plan.id)
            setup[plan.id] = .init(regions: try await req.regions.regions(underPlan: plan.id).count,
                                   unitsWithoutAccounts: MonthlyReportRules.unitsWithoutAccounts(of: plan, covered: covered).count)
        }
        return .init(plans: plans, accounts: try await req.accounts.count(),
                     activeTokens: try await req.accounts.tokens(planID: nil).filter { $0.revokedAt == nil }.count,
                     recent: try await req.audit.entries(planID: nil, limit: 10, offset: 0), setup: setup)
    }
}
