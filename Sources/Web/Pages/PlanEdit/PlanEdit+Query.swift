import Core
import Domain
import Foundation
import Vapor

extension PlanEditView.Model {
    static func query(_ req: Request, plan: Plan, yaml: String? = nil) async throws -> Self {
        let history = try await req.appCore.plans.revisions(planID: plan.id)
        let townships = try await req.appCore.regions.regions(underPlan: plan.id).filter { $0.level == .township || $0.level == .town }
        let named = Set(plan.units.flatMap(\.spellings) + plan.units.compactMap(\.region))
        return .init(plan: plan, revision: history.last?.revision ?? 0, latest: history.last,
                     attached: try await req.appCore.planEditing.attachedData(planID: plan.id),
                     townshipsNotUnits: townships.map(\.name).filter { !named.contains($0) },
                     yaml: try yaml ?? DraftCheck.yaml(of: plan), notice: req.query[String.self, at: "notice"])
    }
}
