import AsyncHTTPClient
import Domain
import Foundation
import NIOCore

/// Sends what the outbox holds: claims due deliveries with a lease in the database, posts to robots and mails,
/// and records each outcome — sent, or failed with the error and a retry after an exponentially longer wait, until
/// the attempts run out and it stays 失败 with its error for the office to read.
public struct NotificationSender: Sendable {
    public struct Report: Sendable, Equatable {
        public var sent = 0
        public var retrying = 0
        public var failed = 0

        public init(sent: Int = 0, retrying: Int = 0, failed: Int = 0) { self.sent = sent; self.retrying = retrying; self.failed = failed }
    }

    public let configuration: NotificationConfiguration
    /// Names this sender's claims: unique per process, so a sender never marks another's delivery.
    public let owner: String

    public init(configuration: NotificationConfiguration, owner: String = "sender-\(UUID().uuidString)") {
        self.configuration = configuration; self.owner = owner
    }

    /// Delivers everything due now, batch by batch, until nothing due is left unclaimed.
    public func deliverDue(in core: AppCore, batch: Int = 20) async throws -> Report {
        var report = Report()
        var seen = Set<UUID>()
        while true {
            let now = core.now
            let claimed = try await core.notifications.claimDue(now: now, owner: owner, until: now.addingTimeInterval(configuration.policy.lease),
                                                               limit: batch)
            // Nothing won: what is due is sent by others or is not due yet. A batch partly won against another
            // sender is followed by another round, so one sender does not stop while work is left.
            let fresh = claimed.filter { seen.insert($0.delivery.id).inserted }
            if fresh.isEmpty { break }
            await withTaskGroup(of: (UUID, Int, String?).self) { group in
                for item in fresh {
                    group.addTask { (item.delivery.id, item.delivery.attempts, await self.attempt(item, at: now)) }
                }
                for await (id, attempts, problem) in group {
                    do {
                        if let problem {
                            let tried = attempts + 1
                            let retryAt = tried >= configuration.policy.maxAttempts
                                ? nil : core.now.addingTimeInterval(configuration.policy.backoff(afterAttempts: tried))
                            try await core.notifications.markAttemptFailed(id: id, owner: owner, error: problem, retryAt: retryAt, at: core.now)
                            if retryAt == nil { report.failed += 1 } else { report.retrying += 1 }
                        } else {
                            try await core.notifications.markSent(id: id, owner: owner, at: core.now)
                            report.sent += 1
                        }
                    } catch {
                        // The lease runs out and another round picks the delivery up again.
                        continue
                    }
                }
            }
        }
        return report
    }

    /// One try: nil when the channel accepted the message, otherwise what went wrong, in Chinese.
    func attempt(_ item: ClaimedDelivery, at instant: Date) async -> String? {
        let delivery = item.delivery, notification = item.notification
        let link = configuration.absolute(notification.link)
        switch delivery.channel {
        case .email:
            guard let smtp = configuration.smtp else { return "未配置邮件服务器（发信地址、主机、端口）" }
            let message = EmailMessage(from: smtp.from, to: delivery.target, subject: notification.title,
                                       body: RobotMessage.text(title: notification.title, body: notification.body, link: link),
                                       date: instant, messageID: delivery.id.uuidString)
            do {
                try await SMTPClient.send(message, via: smtp)
                return nil
            } catch let failure as SMTPFailure {
                return failure.message
            } catch {
                return "邮件未能发出（\(Self.networkProblem(error))）"
            }
        case .wecom, .dingtalk, .feishu:
            let hook = RobotHook(channel: delivery.channel, url: delivery.target, secret: delivery.secret)
            let request = RobotMessage.request(for: hook, title: notification.title, body: notification.body, link: link, at: instant)
            return await Self.post(request, channel: delivery.channel)
        }
    }

    static func post(_ robot: RobotRequest, channel: DeliveryChannel) async -> String? {
        var request = HTTPClientRequest(url: robot.url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
        request.body = .bytes(ByteBuffer(bytes: robot.body))
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(15))
            let body = try await response.body.collect(upTo: 64 * 1024)
            let verdict = RobotMessage.accepted(channel: channel, status: Int(response.status.code), body: Data(body.readableBytesView))
            return verdict.ok ? nil : verdict.problem
        } catch {
            return "无法送达机器人地址（\(networkProblem(error))）"
        }
    }

    /// What a network error means, in words the delivery log can show the office (no library's error names).
    static func networkProblem(_ error: any Error) -> String {
        let text = String(describing: error).lowercased()
        if text.contains("timeout") || text.contains("deadline") || text.contains("timedout") { return "超时未应答" }
        if text.contains("refused") { return "连接被拒绝" }
        if text.contains("resolve") || text.contains("lookup") || text.contains("dns") { return "找不到这个地址的服务器" }
        if text.contains("ssl") || text.contains("tls") || text.contains("certificate") || text.contains("handshake") { return "加密连接失败" }
        return "网络连接失败"
    }
}

/// One round of the notification loop: plan what is due, then send what is queued.
public enum NotificationRound {
    public struct Outcome: Sendable, Equatable {
        public var queued: Int
        public var report: NotificationSender.Report
        public var problems: [String]
    }

    /// `plan`: whether to compute everyone's work this round (the heavier half); sending runs every round.
    public static func run(in core: AppCore, sender: NotificationSender, plan: Bool = true,
                           work: @escaping NotificationPlanning.WorkSource = NotificationPlanning.workQueue) async throws -> Outcome {
        let planned = plan ? try await NotificationPlanning.queueDue(in: core, policy: sender.configuration.policy, work: work)
                           : NotificationPlanning.Summary()
        let report = try await sender.deliverDue(in: core)
        return Outcome(queued: planned.queued, report: report, problems: planned.problems)
    }
}
