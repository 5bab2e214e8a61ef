import Domain
import Foundation
import Vapor

extension AdminHomeView.Model {
    /// Every programme, the number of accounts and live tokens, and the latest changes anywhere.
    static func query(_ req: Request) async throws -> Self {
        .init(plans: try await req.plans.summaries(), accounts: try await req.accounts.count(),
              activeTokens: try await req.accounts.tokens(planID: nil).filter { $0.revokedAt == nil }.count,
              recent: try await req.audit.entries(planID: nil, limit: 10, offset: 0))
    }
}
