import Core
import Domain
import Foundation
import Vapor

extension TrainingListView.Model {
    /// The year's courses (`?year=`, else this year) with the coverage of member units and tiers.
    static func query(_ req: Request, plan: Plan, scope: ProgrammeScope, year asked: Int? = nil) async throws -> Self {
        let principal = try req.requirePrincipal()
        let year = asked ?? req.query[Int.self, at: "year"] ?? req.today.year
        let ofYear = try await req.runningStore.records(Training.self, planID: plan.id).map(\.value).filter { $0.date.year == year }
        return .init(plan: plan, year: year, trainings: ofYear.sorted { $0.date > $1.date },
                     coverage: TrainingCoverage(plan: plan, trainings: ofYear),
                     sheetItem: (try? DossierView.Model.comprehensiveSheet(req))?.allItems.first { $0.title.contains("培训") },
                     canManage: AccessPolicy.allows(principal, .superviseProgramme(scope)),
                     units: MeetingController.invitableUnits(plan), today: req.today,
                     values: [:], problems: [], notice: req.query[String.self, at: "notice"])
    }

    func refused(_ problems: [String], typed values: [String: String]) -> Self {
        var model = self
        model.values = values
        model.problems = problems
        model.notice = nil
        return model
    }
}
