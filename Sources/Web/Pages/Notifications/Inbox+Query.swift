import Core
import Domain
import Foundation
import Vapor

extension InboxView.Model {
    static let pageSize = 100

    static func query(_ req: Request) async throws -> Self {
        let principal = try req.requirePrincipal()
        guard let id = principal.userID else { throw Abort(.forbidden, reason: "消息只属于登录的个人账号") }
        let store = req.appCore.notifications
        return .init(notifications: try await store.inbox(recipientID: id, limit: pageSize),
                     unread: try await store.unreadCount(recipientID: id),
                     notice: req.query[String.self, at: "notice"],
                     logPlan: principal.role == .office ? principal.planID : nil)
    }
}
