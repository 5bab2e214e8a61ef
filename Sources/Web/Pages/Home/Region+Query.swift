import Domain
import Foundation
import Vapor

extension RegionView.Model {
    /// A region of the programme's place with its path, its children and, for a township, the township's tasks;
    /// 404 for a region outside the place, 403 for one outside the principal's.
    static func query(_ req: Request, plan: Plan, regionID: UUID, isHome: Bool) async throws -> Self {
        let scope = try await req.programmeScope(plan.id)
        let path = try await req.regions.path(to: regionID)
        // A region outside the programme's place is treated as not there at all.
        guard !path.isEmpty, let root = scope.regionPath.last, path.contains(where: { $0.id == root }) else {
            throw Abort(.notFound, reason: "方案「\(plan.title)」的地区内没有这个地区")
        }
        try req.authorize(.viewRegion(scope, regionPath: path.map(\.id)))
        let children = try await req.regions.regions(underPlan: plan.id).filter { $0.parentID == regionID }
        let region = path.last!
        let ownUnit = plan.units.first { $0.kind == .township && !$0.archived && $0.region == region.name }
            ?? plan.units.first { $0.kind == .township && !$0.archived && $0.name.hasPrefix(region.name) }
        let tasks = ownUnit.map { UnitDirectory(plan).assignments(for: $0) } ?? []
        var coverage: [CoverageEntry] = []
        if let programme = try? await req.cellWorkflow.programme(plan.id) {
            coverage = try await req.cellWorkflow.coverage(programme).filter { $0.regionID == regionID }
        }
        let work = isHome ? try await req.appCore.workQueue.items(for: try req.requirePrincipal()) : []
        return .init(plan: plan, path: path, children: children, townshipTasks: tasks, townshipUnit: ownUnit?.name, isHome: isHome,
                     work: work, coverage: coverage, today: req.today)
    }
}
