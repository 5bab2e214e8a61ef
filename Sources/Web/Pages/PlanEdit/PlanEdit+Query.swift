import Core
import Domain
import Foundation
import Vapor

extension PlanEditView.Model {
    static func query(_ req: Request, plan: Plan, yaml: String? = nil) async throws -> Self {
        let history = try await req.appCore.plans.revisions(planID: plan.id)
        return .init(plan: plan, revision: history.last?.revision ?? 0, latest: history.last,
                     attached: try await req.appCore.planEditing.attachedData(planID: plan.id),
                     townshipsNotUnits: try await req.appCore.planEditing.townshipsNotYetUnits(of: plan),
                     yaml: try yaml ?? DraftCheck.yaml(of: plan), notice: req.query[String.self, at: "notice"])
    }
}
