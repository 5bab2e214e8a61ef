import Domain
import Foundation
import Persistence

/// How the platform reminds people: the policy, the mail relay, the site's address for links in messages that leave
/// it, and how often the loop in `serve` ticks. Read once from the environment.
public struct NotificationConfiguration: Sendable {
    public var policy: NotificationPolicy
    public var smtp: SMTPSettings?
    /// e.g. https://jkcs.example.gov.cn — prefixed to links in email and robot messages.
    public var baseURL: String?
    public var interval: TimeInterval
    /// Reminders are by the day: everyone's work is computed this often, not every round (a county has hundreds of
    /// accounts and the server two cores). Sending runs every round.
    public var planningInterval: TimeInterval

    public init(policy: NotificationPolicy = .standard, smtp: SMTPSettings? = nil, baseURL: String? = nil, interval: TimeInterval = 30,
                planningInterval: TimeInterval = 600) {
        self.policy = policy; self.smtp = smtp; self.baseURL = baseURL; self.interval = interval
        self.planningInterval = planningInterval
    }

    /// HEALTHCITY_SMTP_HOST / _PORT / _FROM, HEALTHCITY_BASE_URL, HEALTHCITY_NOTIFY_INTERVAL (seconds),
    /// HEALTHCITY_REMIND_DAYS ("3,1"), HEALTHCITY_ESCALATE_DAYS ("7"), HEALTHCITY_DIGEST_AT ("08:30").
    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) -> NotificationConfiguration {
        func value(_ key: String) -> String? { env[key].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 } }
        var policy = NotificationPolicy.standard
        if let days = value("HEALTHCITY_REMIND_DAYS") {
            let offsets = days.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }.filter { $0 >= 0 }
            if !offsets.isEmpty { policy.reminderOffsets = offsets }
        }
        if let days = value("HEALTHCITY_ESCALATE_DAYS").flatMap(Int.init), days >= 0 { policy.escalationDays = days }
        if let at = value("HEALTHCITY_DIGEST_AT") {
            let parts = at.split(separator: ":").compactMap { Int($0) }
            if parts.count == 2, (0..<24).contains(parts[0]), (0..<60).contains(parts[1]) { policy.digestMinute = parts[0] * 60 + parts[1] }
        }
        var smtp: SMTPSettings?
        if let host = value("HEALTHCITY_SMTP_HOST") {
            smtp = SMTPSettings(host: host, port: value("HEALTHCITY_SMTP_PORT").flatMap(Int.init) ?? 25,
                                from: value("HEALTHCITY_SMTP_FROM") ?? "healthcity@localhost")
        }
        let interval = value("HEALTHCITY_NOTIFY_INTERVAL").flatMap(Double.init).map { max(5, $0) } ?? 30
        return NotificationConfiguration(policy: policy, smtp: smtp, baseURL: value("HEALTHCITY_BASE_URL"), interval: interval)
    }

    /// A link as it leaves the site: absolute when the site's address is known.
    public func absolute(_ link: String) -> String {
        guard let baseURL, link.hasPrefix("/") else { return link }
        return baseURL.hasSuffix("/") ? String(baseURL.dropLast()) + link : baseURL + link
    }
}

/// Queueing: the inbox row and a delivery for each channel the person (and the unit's or programme's group) chose,
/// in one transaction, so a message is either wholly queued or not at all.
public enum NotificationQueue {
    /// Returns false when the same notification was queued before (its dedup key exists).
    @discardableResult
    public static func enqueue(_ planned: PlannedNotification, in core: AppCore) async throws -> Bool {
        let now = core.now
        let store = core.notifications
        let notification = planned.notification(at: now)
        var deliveries: [Delivery] = []
        func add(_ channel: DeliveryChannel, _ target: String, _ secret: String?, label: String, key: String) {
            deliveries.append(Delivery(notificationID: notification.id, planID: planned.recipient.planID, channel: channel,
                                       target: target, secret: secret, recipientLabel: label, nextAttemptAt: now,
                                       createdAt: now, dedupKey: key))
        }
        let personal = try await store.channels(.account(planned.recipient.id))
        if let email = personal.email {
            add(.email, email, nil, label: planned.recipient.name, key: "\(planned.dedupKey):email")
        }
        for robot in personal.robots {
            add(robot.channel, robot.url, robot.secret, label: planned.recipient.name, key: "\(planned.dedupKey):\(robot.channel.rawValue)")
        }
        if let group = planned.group, let groupKey = planned.groupKey {
            let label: String
            switch group {
            case .unit(_, let unit): label = "\(unit)工作群"
            case .programme: label = "创建办工作群"
            case .account: label = planned.recipient.name
            }
            for robot in try await store.channels(group).robots {
                add(robot.channel, robot.url, robot.secret, label: label, key: "\(groupKey):\(robot.channel.rawValue)")
            }
        }
        return try await store.enqueue(notification, deliveries: deliveries)
    }
}

/// The planner run: every active account's work, turned into reminders, escalations and digests, each queued once.
public enum NotificationPlanning {
    public struct Summary: Sendable, Equatable {
        public var queued = 0
        public var problems: [String] = []

        public init(queued: Int = 0, problems: [String] = []) { self.queued = queued; self.problems = problems }
    }

    public typealias WorkSource = @Sendable (AppCore, Principal) async throws -> [WorkItem]

    /// The lead's "what needs me" service: the same items the homes show.
    public static let workQueue: WorkSource = { core, principal in try await core.workQueue.items(for: principal) }

    public static func queueDue(in core: AppCore, policy: NotificationPolicy, work: WorkSource = workQueue) async throws -> Summary {
        var summary = Summary()
        let accounts = try await core.accounts.users(planID: nil).filter { !$0.disabled }
        let offices = accounts.filter { $0.role == .office }.map(notified)
        let now = core.now
        let today = LocalDate.inChina(now)
        for account in accounts {
            let person = notified(account)
            do {
                let items = try await work(core, account.principal)
                var planned = ReminderPlanner.reminders(for: person, items: items, today: today, policy: policy)
                if account.role == .liaison || account.role == .township {
                    planned += ReminderPlanner.escalations(for: person, items: items, offices: offices, today: today, policy: policy)
                }
                if let digest = ReminderPlanner.digest(for: person, items: items, now: now, link: "/", policy: policy) {
                    planned.append(digest)
                }
                for notification in planned where try await NotificationQueue.enqueue(notification, in: core) {
                    summary.queued += 1
                }
            } catch {
                // One account's failure (a programme that no longer loads) does not stop everyone else's reminders.
                summary.problems.append("\(account.displayName)：\(error)")
            }
        }
        return summary
    }

    static func notified(_ account: UserAccount) -> NotifiedAccount {
        NotifiedAccount(id: account.id, name: account.displayName, role: account.role, planID: account.planID,
                        unit: account.principal.reportingUnit)
    }
}
