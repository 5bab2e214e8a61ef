import Core
import Domain
import Foundation
import Vapor

extension MeetingView.Model {
    static func query(_ req: Request, plan: Plan, scope: ProgrammeScope, stored: Stored<Meeting>) throws -> Self {
        let principal = try req.requirePrincipal()
        return .init(plan: plan, stored: stored, units: MeetingController.invitableUnits(plan),
                     canManage: AccessPolicy.allows(principal, .superviseProgramme(scope)), today: req.today,
                     form: nil, values: [:], problems: [], notice: req.query[String.self, at: "notice"])
    }

    /// The page again after a refused form: that form open with what was typed, and why.
    func refused(_ form: String, _ problems: [String], typed values: [String: String]) -> Self {
        var model = self
        model.form = form
        model.values = values
        model.problems = problems
        model.notice = nil
        return model
    }
}
