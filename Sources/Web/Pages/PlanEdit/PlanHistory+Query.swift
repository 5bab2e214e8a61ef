import Core
import Domain
import Foundation
import Vapor

extension PlanHistoryView.Model {
    /// The history; `?from=&to=` compares two revisions (by default the newest with the one before it).
    static func query(_ req: Request, plan: Plan, canRestore: Bool) async throws -> Self {
        let revisions = try await req.appCore.plans.revisions(planID: plan.id)
        let newest = revisions.last?.revision ?? 0
        let to = req.query[Int.self, at: "to"] ?? newest
        let from = req.query[Int.self, at: "from"] ?? (to - 1)
        var comparison: (Int, Int, PlanDiff)?
        if from != to, let older = try await req.appCore.plans.plan(id: plan.id, revision: from),
           let newer = try await req.appCore.plans.plan(id: plan.id, revision: to) {
            comparison = (from, to, PlanDiff(from: older, to: newer))
        } else if req.query[Int.self, at: "from"] != nil {
            throw Abort(.notFound, reason: "方案没有第 \(from) 版或第 \(to) 版")
        }
        return .init(plan: plan, revisions: revisions, comparison: comparison, canRestore: canRestore,
                     notice: req.query[String.self, at: "notice"])
    }
}
