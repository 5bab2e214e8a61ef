import Core
import Domain
import Foundation
import Vapor

extension NotificationSettingsView.Model {
    static func query(_ req: Request, refusal: NotificationSettingsView.Refusal? = nil) async throws -> Self {
        let principal = try req.requirePrincipal()
        guard let id = principal.userID else { throw Abort(.forbidden, reason: "消息提醒设置只属于登录的个人账号") }
        let store = req.appCore.notifications
        let configuration = NotificationConfiguration.fromEnvironment()
        var groups: [NotificationSettingsView.Group] = []
        var title: String?
        if let planID = principal.planID, let plan = try await req.plans.plan(id: planID) {
            title = plan.title
            let scope = try await req.programmeScope(planID)
            if AccessPolicy.allows(principal, .superviseProgramme(scope)) {
                groups.append(.init(unit: nil, settings: try await store.channels(.programme(planID))))
                for unit in MonthlyReportRules.reportingUnits(of: plan) {
                    groups.append(.init(unit: unit, settings: try await store.channels(.unit(planID: planID, unit: unit))))
                }
            }
        }
        return .init(personal: try await store.channels(.account(id)), planID: principal.planID, planTitle: title, groups: groups,
                     notice: req.query[String.self, at: "notice"], refusal: refusal,
                     mailConfigured: configuration.smtp != nil, policy: configuration.policy)
    }
}
