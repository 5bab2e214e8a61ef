import Domain
import Foundation
import Vapor

extension ObservationView.Model {
    /// The figure named by `:oid`; 404 when there is none in this programme.
    static func observation(_ req: Request, _ programme: IndicatorWorkflow.Programme) async throws -> Observation {
        guard let raw = req.parameters.get("oid"), let id = UUID(uuidString: raw),
              let observation = try await req.indicatorStore.observation(id: id), observation.planID == programme.plan.id else {
            throw Abort(.notFound, reason: "没有这条数据")
        }
        return observation
    }

    /// The figure with its history and what the principal may do with it, and the outcome of the last action.
    static func query(_ req: Request, programme: IndicatorWorkflow.Programme, scope: ProgrammeScope, observation: Observation,
                      notice: String? = nil) async throws -> Self {
        let principal = try req.requirePrincipal()
        let unit = observation.sourceUnit ?? programme.indicators.sourceUnits[observation.indicator] ?? ""
        return .init(programme: programme, observation: observation,
                     history: try await req.indicatorStore.history(observationID: observation.id),
                     region: programme.regions.first { $0.id == observation.regionID },
                     canManage: AccessPolicy.allows(principal, .manageIndicatorData(scope)),
                     canSubmit: AccessPolicy.allows(principal, .enterIndicatorData(scope, unit: unit)),
                     notice: notice)
    }
}
