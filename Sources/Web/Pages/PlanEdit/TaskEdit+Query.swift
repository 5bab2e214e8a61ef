import Core
import Domain
import Foundation
import Vapor

extension TaskEditView.Model {
    static func query(_ req: Request, plan: Plan, taskID: Int?, typed: PlanTask? = nil, problems: [String] = []) async throws -> Self {
        let stored = taskID.flatMap { plan.task(id: $0)?.task }
        if taskID != nil && stored == nil { throw Abort(.notFound, reason: "方案中没有这项任务") }
        let choosable = plan.units.filter { !$0.archived }.map(\.name) + plan.organisation.workingGroups.map(\.name)
        return .init(plan: plan, taskID: taskID, task: typed ?? stored ?? PlanTask(text: ""),
                     revision: try await req.appCore.plans.currentRevision(planID: plan.id), choosable: choosable, problems: problems)
    }
}
