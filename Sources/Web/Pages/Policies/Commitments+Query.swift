import Core
import Domain
import Foundation
import Vapor

extension CommitmentsView.Model {
    static func query(_ req: Request, plan: Plan, scope: ProgrammeScope) async throws -> Self {
        let principal = try req.requirePrincipal()
        let agreements = try await req.runningStore.records(ResponsibilityAgreement.self, planID: plan.id).map(\.value)
        let lines = try await req.runningStore.records(BudgetLine.self, planID: plan.id)
        return .init(plan: plan, agreements: agreements,
                     unsigned: ResponsibilityAgreement.unsigned(units: MonthlyReportRules.reportingUnits(of: plan), agreements: agreements),
                     lines: lines, canEdit: AccessPolicy.allows(principal, .superviseProgramme(scope)), problems: [],
                     notice: req.query[String.self, at: "notice"])
    }

    /// The page again after a refused form, saying why it was not saved.
    func refused(_ problems: [String]) -> Self {
        var model = self
        model.canEdit = true
        model.problems = problems
        model.notice = nil
        return model
    }
}
