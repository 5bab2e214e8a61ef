import Core
import Domain
import Foundation
import Vapor

extension ActivitiesView.Model {
    /// The year's activities (`year`, else `?year=`, else this year), newest first, with the beneficiary target and
    /// the health-day calendar.
    static func query(_ req: Request, plan: Plan, scope: ProgrammeScope, year asked: Int? = nil) async throws -> Self {
        let principal = try req.requirePrincipal()
        let year = asked ?? req.query[Int.self, at: "year"] ?? req.today.year
        let all = try await req.runningStore.records(Activity.self, planID: plan.id).map(\.value)
        let ofYear = all.filter { $0.date.year == year }
        let canAdd = principal.role == .liaison ? principal.unit.map { AccessPolicy.allows(principal, .reportProgress(scope, unit: $0)) } ?? false
                                                : AccessPolicy.allows(principal, .superviseProgramme(scope))
        let target = try await req.runningStore.record(BeneficiaryTarget.self, planID: plan.id, key: String(year))?.value
        let asOf = min(req.today, LocalDate.endOfYear(year))
        return .init(
            plan: plan, year: year, activities: ofYear.sorted { $0.date > $1.date },
            progress: target.map { BeneficiaryProgress(activities: ofYear, year: year, population: $0.population, targetPercent: $0.targetPercent) },
            duties: plan.duties.map { DutyStanding($0, plan: plan, activities: ofYear, asOf: asOf) },
            canSetTarget: AccessPolicy.allows(principal, .superviseProgramme(scope)),
            coverage: HealthDayCoverage(year: year, activities: ofYear, today: req.today), today: req.today,
            ownUnit: principal.role == .liaison ? principal.unit : nil, canAdd: canAdd, values: [:], problems: [],
            notice: req.query[String.self, at: "notice"])
    }

    /// The page again after a refused registration: only the form (open, with what was typed) and why.
    func refused(_ problems: [String], typed values: [String: String]) -> Self {
        var model = self
        model.progress = nil
        model.duties = []
        model.canSetTarget = false
        model.canAdd = true
        model.values = values
        model.problems = problems
        model.notice = nil
        return model
    }
}
