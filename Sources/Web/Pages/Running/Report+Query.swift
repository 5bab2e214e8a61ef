import Core
import Domain
import Foundation
import Vapor

/// What a report page is about: the unit (canonical name) and month, with the report if one exists.
struct MonthlyReportKey {
    var unit: String
    var month: YearMonth
    var stored: Stored<MonthlyReport>?

    /// Read from the `:unit` and `:month` parameters; a unit that does not report or a month that is not one is 404.
    static func query(_ req: Request, _ plan: Plan) async throws -> Self {
        let written = try req.requireParameter("unit")
        guard let unit = UnitDirectory(plan).concreteUnitName(written), MonthlyReportRules.reportingUnits(of: plan).contains(unit) else {
            throw Abort(.notFound, reason: "「\(written)」不是需要报送月报的成员单位")
        }
        let raw = try req.requireParameter("month")
        guard let month = YearMonth(parsing: raw) else { throw Abort(.notFound, reason: "「\(raw)」不是月份（应写作 2025-03）") }
        return .init(unit: unit, month: month,
                     stored: try await req.runningStore.record(MonthlyReport.self, planID: plan.id, key: "\(unit)|\(month)"))
    }
}

extension ReportView.Model {
    static func query(_ req: Request, plan: Plan, scope: ProgrammeScope, key: MonthlyReportKey) throws -> Self {
        let principal = try req.requirePrincipal()
        let schedule = try RunningController.schedule(plan)
        let (unit, month, stored) = (key.unit, key.month, key.stored)
        return .init(
            plan: plan, unit: unit, month: month, dueDate: schedule.dueDate(for: month), report: stored?.value, revision: stored?.revision ?? 0,
            canEdit: AccessPolicy.allows(principal, .reportProgress(scope, unit: unit)) && (stored?.value.isEditable ?? true),
            canReturn: AccessPolicy.allows(principal, .superviseProgramme(scope)) && stored?.value.state == .submitted,
            standing: ReportStanding(unit: unit, month: month, report: stored?.value, dueDate: schedule.dueDate(for: month), today: req.today),
            problems: [], notice: req.query[String.self, at: "notice"])
    }

    /// The page again after a refused save: the form open with what was typed, and why it was not saved.
    func refused(_ problems: [String], typed report: MonthlyReport) -> Self {
        var model = self
        model.report = report
        model.canEdit = true
        model.canReturn = false
        model.problems = problems
        model.notice = nil
        return model
    }
}
