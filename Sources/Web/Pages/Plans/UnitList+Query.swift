import Domain
import Foundation
import Vapor

extension UnitListView.Model {
    /// Every unit of the programme with its contact card.
    static func query(_ req: Request, plan: Plan) async throws -> Self {
        var model = Self(plan: plan, contacts: try await req.contacts.contacts(planID: plan.id))
        model.withoutAccounts = MonthlyReportRules.unitsWithoutAccounts(of: plan, covered: try await req.appCore.unitsWithAccounts(planID: plan.id))
        model.canOpenAccounts = req.principal.map { AccessPolicy.allows($0, .manageAccounts(planID: plan.id)) } ?? false
        model.notice = req.query[String.self, at: "notice"]
        return model
    }
}
