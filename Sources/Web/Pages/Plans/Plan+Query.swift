import Domain
import Foundation
import Vapor

extension PlanView.Model {
    /// The programme as of today, with how many regions it has.
    static func query(_ req: Request, plan: Plan) async throws -> Self {
        let scope = try await req.programmeScope(plan.id)
        let canEdit = (try? req.requirePrincipal()).map { AccessPolicy.allows($0, .superviseProgramme(scope)) } ?? false
        return .init(plan: plan, today: req.today, regionCount: try await req.regions.regions(underPlan: plan.id).count, canEdit: canEdit)
    }
}
