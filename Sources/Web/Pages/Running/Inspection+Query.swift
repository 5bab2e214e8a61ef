import Core
import Domain
import Foundation
import Vapor

extension InspectionView.Model {
    /// The inspection named by `:iid` with its problems, stored revisions included (the forms carry them).
    static func find(_ req: Request, _ plan: Plan) async throws -> (Inspection, [Stored<InspectionProblem>]) {
        guard let id = req.parameters.get("iid").flatMap(UUID.init(uuidString:)),
              let inspection = try await req.runningStore.record(Inspection.self, planID: plan.id, key: id.uuidString.lowercased())?.value else {
            throw Abort(.notFound, reason: "没有这次督导检查")
        }
        let problems = try await req.runningStore.records(InspectionProblem.self, planID: plan.id).filter { $0.value.inspectionID == inspection.id }
        return (inspection, problems)
    }

    static func query(_ req: Request, plan: Plan) async throws -> Self {
        let principal = try req.requirePrincipal()
        let (inspection, problems) = try await find(req, plan)
        return .init(plan: plan, inspection: inspection, problems: problems, principal: principal,
                     today: req.today, notice: req.query[String.self, at: "notice"])
    }
}
