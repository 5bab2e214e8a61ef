import Domain
import Foundation
import Vapor

extension LiaisonHomeView.Model {
    /// The liaison's unit in its programme with its tasks and contact card; nil when the account's programme or
    /// unit has gone.
    static func query(_ req: Request, principal: Principal) async throws -> Self? {
        guard let planID = principal.planID, let plan = try await req.plans.plan(id: planID),
              let unitName = principal.unit, let unit = UnitDirectory(plan).unit(named: unitName) else { return nil }
        return .init(plan: plan, unit: unit, today: req.today, assignments: UnitDirectory(plan).assignments(for: unit),
                     contact: try await req.contacts.contact(planID: planID, unit: unit.name))
    }
}
