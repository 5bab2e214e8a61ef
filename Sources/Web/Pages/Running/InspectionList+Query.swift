import Core
import Domain
import Foundation
import Vapor

extension InspectionListView.Model {
    static func query(_ req: Request, plan: Plan, scope: ProgrammeScope) async throws -> Self {
        let principal = try req.requirePrincipal()
        let all = try await req.runningStore.records(Inspection.self, planID: plan.id).map(\.value)
        let problems = try await req.runningStore.records(InspectionProblem.self, planID: plan.id).map(\.value)
        return .init(plan: plan, inspections: all.reversed(), problems: problems, today: req.today,
                     ownUnit: principal.reportingUnit,
                     canSupervise: AccessPolicy.allows(principal, .superviseProgramme(scope)))
    }
}
