import Core
import Domain
import Foundation
import Vapor

extension MeetingListView.Model {
    static func query(_ req: Request, plan: Plan, scope: ProgrammeScope) async throws -> Self {
        let principal = try req.requirePrincipal()
        let all = try await MeetingController.visibleMeetings(req, plan: plan).map(\.value)
        return .init(plan: plan, meetings: all.sorted { ($0.date, $0.time) > ($1.date, $1.time) },
                     requirement: (try? DossierView.Model.comprehensiveSheet(req)).flatMap(MeetingRequirement.init(sheet:)),
                     year: req.today.year, today: req.today,
                     canManage: AccessPolicy.allows(principal, .superviseProgramme(scope)),
                     units: MeetingController.invitableUnits(plan),
                     ownUnit: principal.role == .liaison ? principal.unit : nil,
                     values: [:], problems: [], notice: req.query[String.self, at: "notice"])
    }

    /// The page again after a refused notice: the form open with what was typed, and why.
    func refused(_ problems: [String], typed values: [String: String]) -> Self {
        var model = self
        model.values = values
        model.problems = problems
        model.notice = nil
        return model
    }
}
