import Core
import Domain
import Foundation
import Vapor

extension TrainingView.Model {
    static func query(_ req: Request, plan: Plan, scope: ProgrammeScope, stored: Stored<Training>) throws -> Self {
        let principal = try req.requirePrincipal()
        return .init(plan: plan, stored: stored, canManage: AccessPolicy.allows(principal, .superviseProgramme(scope)),
                     units: MeetingController.invitableUnits(plan), today: req.today, values: nil, problems: [],
                     notice: req.query[String.self, at: "notice"])
    }
}
