import Domain
import Foundation
import Vapor

extension IndicatorView.Model {
    /// The indicator named by `:code`, its figures for every region and period, and its targets judged for every year.
    static func query(_ req: Request, programme: IndicatorWorkflow.Programme, scope: ProgrammeScope) async throws -> Self {
        let code = try req.requireParameter("code")
        guard let indicator = programme.indicators.indicator(matching: code) else {
            throw Abort(.notFound, reason: "本方案没有指标「\(code)」")
        }
        let principal = try req.requirePrincipal()
        let observations = try await req.indicatorStore.observations(planID: programme.plan.id, indicator: indicator.code, regionIDs: nil)
        let judgement = try await req.indicatorWorkflow.judge(programme, years: .all, indicator: indicator.code)
        return .init(programme: programme, indicator: indicator, observations: observations,
                     references: judgement.data.references.filter { $0.indicator == indicator.code },
                     entries: judgement.entries, data: judgement.data,
                     canManage: AccessPolicy.allows(principal, .manageIndicatorData(scope)))
    }
}
