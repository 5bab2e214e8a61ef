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
            // The programme's own place is always there; what set-up adds is the townships and villages below it.
            setup[plan.id] = .init(regions: max(try await req.regions.regions(underPlan: plan.id).count - 1, 0),
                                   unitsWithoutAccounts: MonthlyReportRules.unitsWithoutAccounts(of: plan, covered: covered).count)
        }
        return .init(plans: plans, accounts: try await req.accounts.count(),
                     activeTokens: try await req.accounts.tokens(planID: nil).filter { $0.revokedAt == nil }.count,
                     recent: try await req.audit.entries(planID: nil, limit: 10, offset: 0), setup: setup)
    }
}
