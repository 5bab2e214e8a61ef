import Core
import Domain
import Foundation
import Vapor

extension DossierView.Model {
    /// The programme's comprehensive score sheet, whose items the dossier is filed under.
    static func comprehensiveSheet(_ req: Request) throws -> ScoreSheet {
        guard let library = req.application.scoreSheets, let sheet = DossierBuilder.comprehensiveSheet(in: library) else {
            throw Abort(.notFound, reason: "平台上没有县级综合评分表，迎检资料无法按评分表列出：请联系系统管理员添加")
        }
        return sheet
    }

    static func query(_ req: Request, plan: Plan, scope: ProgrammeScope) async throws -> Self {
        let principal = try req.requirePrincipal()
        let dossier = try await req.dossierWorkflow(plan).dossier(plan: plan, sheet: try comprehensiveSheet(req))
        return .init(plan: plan, dossier: dossier, canLink: AccessPolicy.allows(principal, .superviseProgramme(scope)),
                     notice: req.query[String.self, at: "notice"])
    }
}
