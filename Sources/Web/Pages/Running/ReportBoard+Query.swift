import Core
import Domain
import Foundation
import Vapor

extension ReportBoardView.Model {
    /// The month's roll-up (`?month=`, else the latest reportable month) and, for a liaison, its own reports.
    static func query(_ req: Request, plan: Plan, scope: ProgrammeScope) async throws -> Self {
        let principal = try req.requirePrincipal()
        let schedule = try RunningController.schedule(plan)
        let months = schedule.reportableMonths(on: req.today)
        let month = try RunningController.askedMonth(req, schedule) ?? months.last ?? schedule.months[0]
        let reports = try await req.runningStore.records(MonthlyReport.self, planID: plan.id).map(\.value)
        let rollUp = MonthlyRollUp(month: month, units: MonthlyReportRules.reportingUnits(of: plan), reports: reports,
                                   schedule: schedule, today: req.today)
        let own = principal.reportingUnit
        return .init(plan: plan, schedule: schedule, months: months.isEmpty ? schedule.months : months, rollUp: rollUp,
                     ownUnit: own, ownReports: own.map { unit in reports.filter { $0.unit == unit } } ?? [],
                     canSupervise: AccessPolicy.allows(principal, .superviseProgramme(scope)))
    }
}
