import Domain
import Foundation
import Vapor

extension UnitListView.Model {
    /// Every unit of the programme with its contact card.
    static func query(_ req: Request, plan: Plan) async throws -> Self {
        .init(plan: plan, contacts: try await req.contacts.contacts(planID: plan.id))
    }
}
