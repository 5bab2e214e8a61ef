import Core
import Domain
import Foundation
import Vapor

extension PolicyView.Model {
    /// The policy review named by `:rid`.
    static func find(_ req: Request, _ plan: Plan) async throws -> Stored<PolicyReview> {
        guard let id = req.parameters.get("rid").flatMap(UUID.init(uuidString:)),
              let stored = try await req.runningStore.record(PolicyReview.self, planID: plan.id, key: id.uuidString.lowercased()) else {
            throw Abort(.notFound, reason: "没有这项政策登记")
        }
        return stored
    }

    static func query(_ req: Request, plan: Plan) async throws -> Self {
        let principal = try req.requirePrincipal()
        let stored = try await find(req, plan)
        return .init(plan: plan, stored: stored, role: PolicyReviewRole.of(principal, in: stored.value),
                     today: req.today, notice: req.query[String.self, at: "notice"])
    }
}
