import Domain
import Foundation
import Vapor

extension IndicatorReviewView.Model {
    /// The figures waiting for review, with what the last review did.
    static func query(_ req: Request, programme: IndicatorWorkflow.Programme, notice: String? = nil) async throws -> Self {
        .init(programme: programme, observations: try await req.indicatorStore.observations(
            planID: programme.plan.id, indicator: nil, regionIDs: nil, state: .submitted), notice: notice)
    }
}
