import Core
import Domain
import Foundation
import Persistence
import Testing
import TestSupport
import VaporTesting
@testable import Web

/// The outbox end to end: reminders planned from the work queue, queued with the inbox row, delivered to a local
/// webhook receiver for each robot and to the SMTP server on loopback, retried with backoff, claimed under leases,
/// and kept across a restart.
@Suite struct NotificationDeliveryTests {
    static let plan = "pianguan-2023"

    static func instant(_ iso: String) -> Date { ISO8601DateFormatter().date(from: iso)! }

    /// Another server on the same database (file or PostgreSQL), torn down when `body` returns.
    static func withServer(_ site: TestSite, at clock: Date, _ body: (Application) async throws -> Void) async throws {
        let app = try await Application.make(.testing)
        app.logger.logLevel = .warning
        do {
            try DatabaseSetup.configure(app, location: site.location)
            app.clock = { clock }
            try await body(app)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    static func notified(_ site: TestSite, _ username: String) throws -> NotifiedAccount {
        let account = try #require(site.accounts[username])
        return NotifiedAccount(id: account.id, name: account.displayName, role: account.role, planID: account.planID,
                               unit: account.principal.reportingUnit)
    }

    static func reminder(_ to: NotifiedAccount, _ title: String, key: String) -> PlannedNotification {
        PlannedNotification(recipient: to, kind: .reminder, title: title, body: "\(title)。", link: "/plans/\(plan)/reports",
                            dedupKey: key, group: nil, groupKey: nil)
    }

    /// The issue's test: a monthly report due in three days reaches the three robots and the mailbox, with a restart
    /// between queueing and sending.
    @Test(.enabled(if: TestSMTP.server != nil, "TEST_SMTP_PORT / TEST_SMTP_DIR 未设置：没有回环 SMTP 服务器（.ci/run 会启动 aiosmtpd）"),
          arguments: TestEngine.available)
    func reminderForReportDueInThreeDaysReachesWebhookAndSMTPAcrossARestart(engine: TestEngine) async throws {
        let smtp = try #require(TestSMTP.server)
        let receiver = try await WebhookReceiver.start()
        try await withTestSite(engine, plans: [Self.plan], onDisk: true) { site in
            // June 2023's report is due on the 30th: three days ahead.
            let now = Self.instant("2023-06-27T10:00:00+08:00")
            site.app.clock = { now }
            let liaison = try #require(site.accounts["liaison"])
            let address = "liaison-\(engine.rawValue)-\(UUID().uuidString.prefix(8))@example.cn"
            let store = site.app.appCore.notifications
            _ = try await store.saveChannels(ChannelSettings(owner: .account(liaison.id), email: address,
                                                             robots: [RobotHook(channel: .wecom, url: receiver.url("wecom"))]), expectedRevision: 0)
            _ = try await store.saveChannels(ChannelSettings(owner: .unit(planID: Self.plan, unit: "县卫体局"), robots: [
                RobotHook(channel: .dingtalk, url: receiver.url("dingtalk", query: "?access_token=T"), secret: "SECding"),
                RobotHook(channel: .feishu, url: receiver.url("feishu"), secret: "feishuSecret"),
            ]), expectedRevision: 0)

            // One server queues and stops before anything is sent.
            try await Self.withServer(site, at: now) { first in
                let summary = try await NotificationPlanning.queueDue(in: first.appCore, policy: .standard)
                #expect(summary.queued > 0 && summary.problems.isEmpty, "\(summary)")
            }
            #expect(receiver.received().isEmpty)
            let queued = try await store.deliveries(planID: Self.plan, limit: 100)
            let reminder = try #require(queued.first { $0.1.recipientID == liaison.id && $0.1.kind == .reminder }?.1)
            #expect(reminder.title.contains("月工作月报待报送") && reminder.body.contains("还有 3 天"), "\(reminder)")
            #expect(queued.allSatisfy { $0.0.status == .pending })

            // A new server on the same database sends it all.
            let configuration = NotificationConfiguration(smtp: SMTPSettings(host: "127.0.0.1", port: smtp.port, from: "noreply@healthcity.test"),
                                                          baseURL: "https://jkcs.example.cn")
            try await Self.withServer(site, at: now) { second in
                let report = try await NotificationSender(configuration: configuration).deliverDue(in: second.appCore)
                #expect(report.failed == 0 && report.retrying == 0 && report.sent == queued.count, "\(report)")
                // Planning again queues nothing new.
                #expect(try await NotificationPlanning.queueDue(in: second.appCore, policy: .standard).queued == 0)
            }
            #expect(try await store.deliveries(planID: Self.plan, limit: 100).allSatisfy { $0.0.status == .sent && $0.0.attempts == 1 })

            let wecom = receiver.received("wecom").compactMap { $0.json }
            let wecomReminder = try #require(wecom.first { (($0["markdown"] as? [String: Any])?["content"] as? String)?.contains(reminder.title) == true })
            #expect(wecomReminder["msgtype"] as? String == "markdown")
            #expect((wecomReminder["markdown"] as? [String: Any])?["content"] as? String == RobotMessage.markdown(
                title: reminder.title, body: reminder.body, link: "https://jkcs.example.cn" + reminder.link))

            // The unit's group hears the reminder once, signed.
            let ding = receiver.received("dingtalk").filter {
                (($0.json?["markdown"] as? [String: Any])?["title"] as? String) == reminder.title
            }
            #expect(ding.count == 1, "\(receiver.received("dingtalk").map { String(decoding: $0.body, as: UTF8.self) })")
            let dingQuery = try #require(ding.first?.query)
            let query = Dictionary(uniqueKeysWithValues: (URLComponents(string: "x:?" + dingQuery)?.queryItems ?? []).map { ($0.name, $0.value ?? "") })
            let timestamp = try #require(query["timestamp"])
            #expect(query["access_token"] == "T" && query["sign"] == RobotMessage.dingtalkSign(timestamp: timestamp, secret: "SECding"))
            #expect(Int64(timestamp) == Int64(now.timeIntervalSince1970 * 1000))
            #expect(ding.first?.json?["msgtype"] as? String == "markdown")
            let feishuTexts = receiver.received("feishu").filter {
                (($0.json?["content"] as? [String: Any])?["text"] as? String)?.hasPrefix(reminder.title + "\n") == true
            }
            #expect(feishuTexts.count == 1)
            let feishu = try #require(feishuTexts.first?.json)
            #expect(feishu["msg_type"] as? String == "text" && feishu["timestamp"] as? String == String(Int(now.timeIntervalSince1970)))
            #expect(feishu["sign"] as? String == RobotMessage.feishuSign(timestamp: String(Int(now.timeIntervalSince1970)), secret: "feishuSecret"))

            // The mail server on loopback holds the reminder, its Chinese subject intact.
            let subjects = TestSMTP.subjects(to: address, in: smtp.directory)
            #expect(subjects.contains(reminder.title), "\(subjects)")
        }
        try await receiver.stop()
    }

    /// The same path without a mail server, so a machine without aiosmtpd still checks webhooks and the restart.
    @Test(arguments: TestEngine.available)
    func queuedRemindersSurviveARestartAndReachTheRobots(engine: TestEngine) async throws {
        let receiver = try await WebhookReceiver.start()
        try await withTestSite(engine, plans: [Self.plan], onDisk: true) { site in
            let now = Self.instant("2023-06-27T10:00:00+08:00")
            site.app.clock = { now }
            let liaison = try #require(site.accounts["liaison"])
            _ = try await site.app.appCore.notifications.saveChannels(
                ChannelSettings(owner: .account(liaison.id), robots: [RobotHook(channel: .feishu, url: receiver.url("mine"))]), expectedRevision: 0)
            try await Self.withServer(site, at: now) { first in
                _ = try await NotificationPlanning.queueDue(in: first.appCore, policy: .standard)
            }
            try await Self.withServer(site, at: now) { second in
                let report = try await NotificationSender(configuration: NotificationConfiguration()).deliverDue(in: second.appCore)
                #expect(report.sent >= 1 && report.failed == 0)
            }
            let texts = receiver.received("mine").compactMap { ($0.json?["content"] as? [String: Any])?["text"] as? String }
            #expect(texts.contains { $0.contains("月工作月报待报送") && $0.contains("还有 3 天") }, "\(texts)")
            #expect(try await site.app.appCore.notifications.unreadCount(recipientID: liaison.id) >= 1)
        }
        try await receiver.stop()
    }

    /// A unit's report overdue for 7 days or more reaches the office and the office's group; each person's morning
    /// digest lists their work from 08:30.
    @Test(arguments: TestEngine.available)
    func overdueWorkEscalatesToTheOfficeAndTheDigestListsTheWork(engine: TestEngine) async throws {
        let receiver = try await WebhookReceiver.start()
        try await withTestSite(engine, plans: [Self.plan]) { site in
            let office = try #require(site.accounts["office"]), liaison = try #require(site.accounts["liaison"])
            let store = site.app.appCore.notifications
            _ = try await store.saveChannels(ChannelSettings(owner: .programme(Self.plan), robots: [RobotHook(channel: .wecom, url: receiver.url("office-group"))]),
                                             expectedRevision: 0)
            site.app.clock = { Self.instant("2023-07-10T08:00:00+08:00") }
            #expect(try await NotificationPlanning.queueDue(in: site.app.appCore, policy: .standard).queued > 0)
            let escalations = try await store.inbox(recipientID: office.id, limit: 100).filter { $0.kind == .escalation }
            #expect(escalations.contains { $0.title.hasPrefix("逾期督办：县卫体局") && $0.body.contains("请督促办理") }, "\(escalations.map(\.title))")
            #expect(try await store.inbox(recipientID: liaison.id, limit: 100).allSatisfy { $0.kind != .digest }, "no digest before 08:30")

            site.app.clock = { Self.instant("2023-07-10T08:31:00+08:00") }
            _ = try await NotificationPlanning.queueDue(in: site.app.appCore, policy: .standard)
            let digest = try #require(try await store.inbox(recipientID: liaison.id, limit: 100).first { $0.kind == .digest })
            #expect(digest.title == "每日待办（7月10日）" && digest.body.contains("1. ") && digest.body.contains("已逾期"))
            // The office's group hears each escalation once, not once per office account or per round.
            _ = try await NotificationPlanning.queueDue(in: site.app.appCore, policy: .standard)
            #expect(try await NotificationSender(configuration: NotificationConfiguration()).deliverDue(in: site.app.appCore).failed == 0)
            let heard = receiver.received("office-group").compactMap { ($0.json?["markdown"] as? [String: Any])?["content"] as? String }
            #expect(!heard.isEmpty && heard.allSatisfy { $0.hasPrefix("### 逾期督办") } && Set(heard).count == heard.count, "\(heard)")
            #expect(heard.count == escalations.count)
        }
        try await receiver.stop()
    }

    @Test(arguments: TestEngine.available)
    func aFailingRobotIsRetriedWithBackoffThenGivenUpWithItsError(engine: TestEngine) async throws {
        let receiver = try await WebhookReceiver.start()
        try await withTestSite(engine, plans: [Self.plan]) { site in
            let t0 = Self.instant("2023-06-27T10:00:00+08:00")
            site.app.clock = { t0 }
            let liaison = try Self.notified(site, "liaison"), office = try Self.notified(site, "office")
            let store = site.app.appCore.notifications
            _ = try await store.saveChannels(ChannelSettings(owner: .account(liaison.id), robots: [RobotHook(channel: .wecom, url: receiver.url("flaky"))]),
                                             expectedRevision: 0)
            _ = try await store.saveChannels(ChannelSettings(owner: .account(office.id), robots: [RobotHook(channel: .wecom, url: receiver.url("down"))]),
                                             expectedRevision: 0)
            receiver.script("flaky", [500, 200])
            receiver.script("down", [500, 500, 500, 500])
            #expect(try await NotificationQueue.enqueue(Self.reminder(liaison, "到期提醒：重试", key: "t:retry"), in: site.app.appCore))
            #expect(try await NotificationQueue.enqueue(Self.reminder(liaison, "到期提醒：重试", key: "t:retry"), in: site.app.appCore) == false)
            #expect(try await NotificationQueue.enqueue(Self.reminder(office, "逾期督办：放弃", key: "t:give-up"), in: site.app.appCore))
            var policy = NotificationPolicy.standard
            policy.maxAttempts = 3
            let sender = NotificationSender(configuration: NotificationConfiguration(policy: policy))
            func delivery(_ title: String) async throws -> Delivery {
                try #require(try await store.deliveries(planID: Self.plan, limit: 10).first { $0.1.title == title }?.0)
            }

            var report = try await sender.deliverDue(in: site.app.appCore)
            #expect(report.retrying == 2 && report.sent == 0)
            var flaky = try await delivery("到期提醒：重试")
            #expect(flaky.status == .pending && flaky.attempts == 1 && flaky.lastError?.contains("500") == true)
            #expect(flaky.nextAttemptAt == t0.addingTimeInterval(60))
            // Not before its time.
            report = try await sender.deliverDue(in: site.app.appCore)
            #expect(report.sent == 0 && receiver.received("flaky").count == 1)

            site.app.clock = { t0.addingTimeInterval(61) }
            report = try await sender.deliverDue(in: site.app.appCore)
            #expect(report.sent == 1 && report.retrying == 1)
            flaky = try await delivery("到期提醒：重试")
            #expect(flaky.status == .sent && flaky.attempts == 2 && flaky.lastError == nil && receiver.received("flaky").count == 2)
            #expect(try await delivery("逾期督办：放弃").nextAttemptAt == t0.addingTimeInterval(61 + 120), "the second wait doubles")

            site.app.clock = { t0.addingTimeInterval(61 + 121) }
            report = try await sender.deliverDue(in: site.app.appCore)
            #expect(report.failed == 1)
            let gaveUp = try await delivery("逾期督办：放弃")
            #expect(gaveUp.status == .failed && gaveUp.attempts == 3 && gaveUp.lastError == "机器人地址回应 HTTP 500")
            site.app.clock = { t0.addingTimeInterval(86_400) }
            #expect(try await sender.deliverDue(in: site.app.appCore) == NotificationSender.Report())
            #expect(receiver.received("down").count == 3)
        }
        try await receiver.stop()
    }

    /// Mail that cannot go says why, in Chinese, in the log: no mail server set up, or none answering.
    @Test func undeliverableMailIsLoggedWithItsReason() async throws {
        try await withTestSite(plans: [Self.plan]) { site in
            site.app.clock = { Self.instant("2023-06-27T10:00:00+08:00") }
            let liaison = try Self.notified(site, "liaison")
            let store = site.app.appCore.notifications
            _ = try await store.saveChannels(ChannelSettings(owner: .account(liaison.id), email: "liaison@example.cn"), expectedRevision: 0)
            try await NotificationQueue.enqueue(Self.reminder(liaison, "到期提醒：邮件一", key: "t:mail:1"), in: site.app.appCore)
            var policy = NotificationPolicy.standard
            policy.maxAttempts = 1
            #expect(try await NotificationSender(configuration: NotificationConfiguration(policy: policy)).deliverDue(in: site.app.appCore).failed == 1)
            // Port 9 on loopback (discard) has no SMTP server in the test environment.
            try await NotificationQueue.enqueue(Self.reminder(liaison, "到期提醒：邮件二", key: "t:mail:2"), in: site.app.appCore)
            let closed = NotificationConfiguration(policy: policy, smtp: SMTPSettings(host: "127.0.0.1", port: 9, from: "noreply@healthcity.test"))
            #expect(try await NotificationSender(configuration: closed).deliverDue(in: site.app.appCore).failed == 1)
            let log = try await store.deliveries(planID: Self.plan, limit: 10)
            let errors = Dictionary(uniqueKeysWithValues: log.map { ($0.1.title, $0.0.lastError ?? "") })
            #expect(errors["到期提醒：邮件一"] == "未配置邮件服务器（发信地址、主机、端口）")
            #expect(errors["到期提醒：邮件二"]?.hasPrefix("无法连接邮件服务器 127.0.0.1:9（") == true, "\(errors)")
            #expect(log.allSatisfy { $0.0.status == .failed && $0.0.attempts == 1 })
        }
    }

    @Test(arguments: TestEngine.available)
    func twoSendersNeverSendOneMessageTwiceAndAKilledSendersClaimsExpire(engine: TestEngine) async throws {
        let receiver = try await WebhookReceiver.start()
        try await withTestSite(engine, plans: [Self.plan]) { site in
            let t0 = Self.instant("2023-06-27T10:00:00+08:00")
            site.app.clock = { t0 }
            let liaison = try Self.notified(site, "liaison")
            let store = site.app.appCore.notifications
            _ = try await store.saveChannels(ChannelSettings(owner: .account(liaison.id), robots: [RobotHook(channel: .feishu, url: receiver.url("many"))]),
                                             expectedRevision: 0)
            for index in 1...12 {
                try await NotificationQueue.enqueue(Self.reminder(liaison, "到期提醒 #\(index)", key: "t:lease:\(index)"), in: site.app.appCore)
            }
            // A sender claims four and is killed before sending them.
            let killed = try await store.claimDue(now: t0, owner: "killed", until: t0.addingTimeInterval(300), limit: 4)
            #expect(killed.count == 4)
            let a = NotificationSender(configuration: NotificationConfiguration(), owner: "a")
            let b = NotificationSender(configuration: NotificationConfiguration(), owner: "b")
            async let first = a.deliverDue(in: site.app.appCore, batch: 3)
            async let second = b.deliverDue(in: site.app.appCore, batch: 3)
            let (x, y) = try await (first, second)
            #expect(x.sent + y.sent == 8)
            // Its claims expire with their lease, and are sent then, once.
            site.app.clock = { t0.addingTimeInterval(301) }
            #expect(try await a.deliverDue(in: site.app.appCore).sent == 4)
            let titles = receiver.received("many").compactMap { ($0.json?["content"] as? [String: Any])?["text"] as? String }
            #expect(titles.count == 12 && Set(titles).count == 12)
            #expect(try await store.deliveries(planID: Self.plan, limit: 50).allSatisfy { $0.0.status == .sent && $0.0.attempts == 1 })
        }
        try await receiver.stop()
    }
}
