import Core
import Domain
import Foundation
import Vapor

/// The inbox, each person's channels, the office's group robots and delivery log, and the inbox in the API.
struct NotificationController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.register(.notifications, use: inbox)
        routes.register(.readNotification, use: read)
        routes.register(.readAllNotifications, use: readAll)
        routes.register(.notificationSettings, use: settings)
        routes.register(.saveNotificationSettings, use: saveSettings)
        routes.register(.saveGroupNotificationSettings, use: saveGroup)
        routes.register(.deliveryLog, use: deliveryLog)
        routes.register(.apiMeNotifications, use: apiInbox)
    }

    private func accountID(_ req: Request) throws -> UUID {
        guard let id = try req.requirePrincipal().userID else { throw Abort(.forbidden, reason: "消息只属于登录的个人账号") }
        return id
    }

    func inbox(req: Request) async throws -> Response {
        .html(InboxView(model: try await .query(req)).render())
    }

    /// Marks one message read and goes to the work it is about.
    func read(req: Request) async throws -> Response {
        let id = try accountID(req)
        guard let nid = UUID(uuidString: try req.requireParameter("nid")),
              let notification = try await req.appCore.notifications.notification(id: nid, recipientID: id) else {
            throw Abort(.notFound, reason: "没有这条消息")
        }
        try await req.appCore.notifications.markRead(id: nid, recipientID: id, at: req.now)
        let link = notification.link
        return req.redirect(to: link.hasPrefix("/") && !link.hasPrefix("//") ? link : SiteURL.notifications(notice: "已标为已读").path)
    }

    func readAll(req: Request) async throws -> Response {
        try await req.appCore.notifications.markAllRead(recipientID: try accountID(req), at: req.now)
        return req.redirect(to: SiteURL.notifications(notice: "已全部标为已读").path)
    }

    func settings(req: Request) async throws -> Response {
        .html(NotificationSettingsView(model: try await .query(req)).render())
    }

    /// The robots typed into a form, or every problem with the field named.
    static func robots(_ fields: FormFields) -> ([RobotHook], [String]) {
        var robots: [RobotHook] = []
        var problems: [String] = []
        for channel in DeliveryChannel.robots {
            let (hook, found) = ChannelInput.webhook(fields.text(channel.rawValue), secret: fields.text("\(channel.rawValue)Secret"), channel: channel)
            if let hook { robots.append(hook) }
            problems += found.map { "\($0.field)：\($0.message)" }
        }
        return (robots, problems)
    }

    private func refuse(_ req: Request, form: String, _ fields: FormFields, _ problems: [String]) async throws -> Response {
        let typed = ["email", "wecom", "dingtalk", "dingtalkSecret", "feishu", "feishuSecret"].reduce(into: [String: String]()) {
            $0[$1] = fields.text($1)
        }
        let model = try await NotificationSettingsView.Model.query(req, refusal: .init(form: form, values: typed, problems: problems))
        return .html(NotificationSettingsView(model: model).render(), status: .unprocessableEntity)
    }

    private static func staleMessage(_ stale: NotificationSettingsStale) -> String {
        "这些设置已被\(stale.by ?? "他人")于 \(Display.dateTime(stale.at)) 修改，请查看后重新填写"
    }

    func saveSettings(req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let id = try accountID(req)
        let fields = try await req.formFields()
        let (email, emailProblem) = ChannelInput.email(fields.text("email"))
        let (robots, robotProblems) = Self.robots(fields)
        let problems = (emailProblem.map { ["\($0.field)：\($0.message)"] } ?? []) + robotProblems
        guard problems.isEmpty else { return try await refuse(req, form: "", fields, problems) }
        let settings = ChannelSettings(owner: .account(id), email: email, robots: robots, updatedAt: req.now, updatedBy: principal.name)
        do {
            _ = try await req.appCore.notifications.saveChannels(settings, expectedRevision: fields.int("revision") ?? -1)
        } catch let stale as NotificationSettingsStale {
            return try await refuse(req, form: "", fields, [Self.staleMessage(stale)])
        }
        return req.redirect(to: SiteURL.notificationSettings(notice: "已保存我的提醒方式").path)
    }

    /// The office sets the programme's group robot or a unit's.
    func saveGroup(req: Request) async throws -> Response {
        let (plan, scope) = try await req.visibleRunningProgramme()
        let principal = try req.authorize(.superviseProgramme(scope))
        let fields = try await req.formFields()
        let key = fields.text("group")
        let owner: ChannelSettings.Owner
        let label: String
        if key == "programme" {
            owner = .programme(plan.id); label = "创建办工作群"
        } else if MonthlyReportRules.reportingUnits(of: plan).contains(key) {
            owner = .unit(planID: plan.id, unit: key); label = "\(key)工作群"
        } else {
            throw Abort(.badRequest, reason: "工作群：方案中没有单位「\(key)」")
        }
        let (robots, problems) = Self.robots(fields)
        guard problems.isEmpty else { return try await refuse(req, form: key, fields, problems) }
        do {
            _ = try await req.appCore.notifications.saveChannels(
                ChannelSettings(owner: owner, robots: robots, updatedAt: req.now, updatedBy: principal.name),
                expectedRevision: fields.int("revision") ?? -1)
        } catch let stale as NotificationSettingsStale {
            return try await refuse(req, form: key, fields, [Self.staleMessage(stale)])
        }
        return req.redirect(to: SiteURL.notificationSettings(notice: "已保存\(label)的机器人").path)
    }

    func deliveryLog(req: Request) async throws -> Response {
        let (plan, scope) = try await req.visibleRunningProgramme()
        try req.authorize(.superviseProgramme(scope))
        return .html(DeliveryLogView(model: try await .query(req, plan: plan)).render())
    }

    struct InboxDTO: Content {
        struct Item: Content {
            var id: UUID
            var kind: String
            var title: String
            var body: String
            var url: String
            var createdAt: Date
            var read: Bool
        }

        var unread: Int
        var items: [Item]
    }

    /// The signed-in person's messages (or, for a token, those of the account that issued it), unread first.
    func apiInbox(req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        guard let id = req.workOwner(of: principal)?.userID else {
            return try IndicatorController.json(InboxDTO(unread: 0, items: []))
        }
        let store = req.appCore.notifications
        let items = try await store.inbox(recipientID: id, limit: 100).map {
            InboxDTO.Item(id: $0.id, kind: $0.kind.rawValue, title: $0.title, body: $0.body, url: $0.link, createdAt: $0.createdAt,
                          read: $0.readAt != nil)
        }
        return try IndicatorController.json(InboxDTO(unread: try await store.unreadCount(recipientID: id), items: items))
    }
}
