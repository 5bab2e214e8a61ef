import Domain
import Foundation
import Vapor

extension ComparisonView.Model {
    /// Every programme the principal may see, with where its calendar stands today.
    static func query(_ req: Request, principal: Principal) async throws -> Self {
        var rows: [ComparisonView.Row] = []
        let visible = Set(try await req.visiblePlanIDs())
        for summary in try await req.plans.summaries() where visible.contains(summary.id) {
            if let plan = try await req.plans.plan(id: summary.id) {
                rows.append(.init(summary: summary, progress: ProgrammeProgress(plan: plan, today: req.today)))
            }
        }
        let regionName = try await principal.regionID.asyncMap { try await req.regions.region(id: $0)?.name } ?? nil
        return .init(regionName: regionName ?? "本地区", regionID: principal.regionID, rows: rows)
    }
}
