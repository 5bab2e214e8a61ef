import Core
import Domain
import Foundation
import Vapor

extension LiaisonHomeView.Model {
    /// The unit's pending work, its tasks and its contact card; nil when the account's programme or unit has gone.
    static func query(_ req: Request, principal: Principal) async throws -> Self? {
        guard let planID = principal.planID, let plan = try await req.plans.plan(id: planID),
              let unitName = principal.reportingUnit, let unit = UnitDirectory(plan).unit(named: unitName) else { return nil }
        let parts = try await req.appCore.taskAssignments(of: plan).map(\.value).filter { $0.unit == unit.name }
        return .init(plan: plan, unit: unit, today: req.today, work: try await req.appCore.workQueue.items(for: principal),
                     assignments: TaskAssignment.byUrgency(parts),
                     nextReport: ReportingSchedule(plan: plan)?.nextDue(on: req.today),
                     contact: try await req.contacts.contact(planID: planID, unit: unit.name))
    }
}
