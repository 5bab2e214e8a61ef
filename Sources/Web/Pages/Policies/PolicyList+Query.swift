import Core
import Domain
import Foundation
import Vapor

extension PolicyListView.Model {
    static func query(_ req: Request, plan: Plan, scope: ProgrammeScope) async throws -> Self {
        let principal = try req.requirePrincipal()
        let reviews = try await req.runningStore.records(PolicyReview.self, planID: plan.id).map(\.value)
        let canRegister = AccessPolicy.allows(principal, .superviseProgramme(scope))
            || principal.unit.map { AccessPolicy.allows(principal, .reportProgress(scope, unit: $0)) } ?? false
        return .init(plan: plan, inventory: PolicyInventory(reviews), canRegister: canRegister,
                     ownUnit: principal.reportingUnit, today: req.today, problems: [], values: [:])
    }

    /// The list again after a refused registration: the form with what was typed, and why it was not saved.
    func refused(_ problems: [String], typed values: [String: String]) -> Self {
        var model = self
        model.canRegister = true
        model.problems = problems
        model.values = values
        return model
    }
}
