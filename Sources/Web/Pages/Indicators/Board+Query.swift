import Domain
import Foundation
import Vapor

extension IndicatorBoardView.Model {
    /// Every target judged for the year asked for (`?year=`, else the year judged), and what waits for review.
    static func query(_ req: Request, programme: IndicatorWorkflow.Programme, scope: ProgrammeScope) async throws -> Self {
        let principal = try req.requirePrincipal()
        let years = programme.indicators.evaluationYears
        let requested = (try? req.query.get(Int.self, at: "year")).flatMap { years.contains($0) ? $0 : nil }
        let judgement = try await req.indicatorWorkflow.judge(programme, years: requested.map { .only($0) } ?? .judged)
        let pending = try await req.indicatorStore.observations(planID: programme.plan.id, indicator: nil, regionIDs: nil,
                                                                state: .submitted).count
        return .init(programme: programme, year: judgement.years[0], entries: judgement.entries, data: judgement.data,
                     pendingReview: pending, canManage: AccessPolicy.allows(principal, .manageIndicatorData(scope)),
                     ownUnit: principal.role == .liaison ? principal.unit : nil)
    }
}
