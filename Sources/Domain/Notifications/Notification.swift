import Foundation

/// One message to one person: what the in-app inbox shows, and what every channel of theirs sends.
public struct AppNotification: Equatable, Sendable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// Work due in a few days (or today).
        case reminder
        /// Work past its due date.
        case overdue
        /// A unit's work overdue for days, sent to the programme's office.
        case escalation
        /// The morning list of everything waiting on a person.
        case digest

        public var chineseName: String {
            switch self {
            case .reminder: "到期提醒"
            case .overdue: "逾期提醒"
            case .escalation: "逾期督办"
            case .digest: "每日待办"
            }
        }
    }

    public var id: UUID
    public var recipientID: UUID
    public var planID: String?
    public var kind: Kind
    public var title: String
    public var body: String
    /// A path on this site where the work is done.
    public var link: String
    public var createdAt: Date
    public var readAt: Date?
    /// The same reminder is queued once, however often and on however many servers the planner runs.
    public var dedupKey: String

    public init(id: UUID = UUID(), recipientID: UUID, planID: String?, kind: Kind, title: String, body: String, link: String,
                createdAt: Date, readAt: Date? = nil, dedupKey: String) {
        self.id = id; self.recipientID = recipientID; self.planID = planID; self.kind = kind; self.title = title
        self.body = body; self.link = link; self.createdAt = createdAt; self.readAt = readAt; self.dedupKey = dedupKey
    }
}

/// Where a copy of a notification goes besides the inbox.
public enum DeliveryChannel: String, Sendable, Codable, CaseIterable {
    case email, wecom, dingtalk, feishu

    public var chineseName: String {
        switch self {
        case .email: "电子邮件"
        case .wecom: "企业微信群机器人"
        case .dingtalk: "钉钉群机器人"
        case .feishu: "飞书群机器人"
        }
    }

    public static var robots: [DeliveryChannel] { [.wecom, .dingtalk, .feishu] }
}

/// One copy of a notification on its way through one channel: the outbox row a sender claims.
public struct Delivery: Equatable, Sendable, Codable {
    public enum Status: String, Sendable, Codable, CaseIterable {
        case pending, sent, failed

        public var chineseName: String {
            switch self {
            case .pending: "待发送"
            case .sent: "已发送"
            case .failed: "失败"
            }
        }
    }

    public var id: UUID
    public var notificationID: UUID
    public var planID: String?
    public var channel: DeliveryChannel
    /// An email address or a webhook URL.
    public var target: String
    /// The robot's signing secret (DingTalk, Feishu), if it has one.
    public var secret: String?
    /// Whom the copy is for, as the delivery log names it (a person, or a unit's group).
    public var recipientLabel: String
    public var status: Status
    public var attempts: Int
    public var nextAttemptAt: Date
    public var lastError: String?
    public var sentAt: Date?
    public var createdAt: Date
    /// A group robot hears of one piece of work once, though each of the unit's accounts is reminded.
    public var dedupKey: String

    public init(id: UUID = UUID(), notificationID: UUID, planID: String?, channel: DeliveryChannel, target: String,
                secret: String? = nil, recipientLabel: String, status: Status = .pending, attempts: Int = 0,
                nextAttemptAt: Date, lastError: String? = nil, sentAt: Date? = nil, createdAt: Date, dedupKey: String) {
        self.id = id; self.notificationID = notificationID; self.planID = planID; self.channel = channel
        self.target = target; self.secret = secret; self.recipientLabel = recipientLabel; self.status = status
        self.attempts = attempts; self.nextAttemptAt = nextAttemptAt; self.lastError = lastError; self.sentAt = sentAt
        self.createdAt = createdAt; self.dedupKey = dedupKey
    }
}

/// A delivery claimed by one sender, with what it needs to send it.
public struct ClaimedDelivery: Sendable {
    public var delivery: Delivery
    public var notification: AppNotification

    public init(delivery: Delivery, notification: AppNotification) {
        self.delivery = delivery; self.notification = notification
    }
}

/// A group robot: the webhook a 企业微信 / 钉钉 / 飞书 group gave, and its signing secret if set.
public struct RobotHook: Equatable, Sendable, Codable {
    public var channel: DeliveryChannel
    public var url: String
    public var secret: String?

    public init(channel: DeliveryChannel, url: String, secret: String? = nil) {
        self.channel = channel; self.url = url; self.secret = secret
    }
}

/// The channels chosen by a person, or set by the office for a unit's or the programme's group.
/// The inbox is always on and not a setting.
public struct ChannelSettings: Equatable, Sendable {
    public enum Owner: Equatable, Sendable, Hashable {
        case account(UUID)
        /// A unit's group (its canonical name) in a programme.
        case unit(planID: String, unit: String)
        /// The programme office's group, which hears escalations.
        case programme(String)

        public var key: String {
            switch self {
            case .account(let id): "account:\(id.uuidString)"
            case .unit(let plan, let unit): "unit:\(plan):\(unit)"
            case .programme(let plan): "programme:\(plan)"
            }
        }
    }

    public var owner: Owner
    public var email: String?
    public var robots: [RobotHook]
    /// Saves are refused when someone else saved in between.
    public var revision: Int
    public var updatedAt: Date?
    public var updatedBy: String?

    public init(owner: Owner, email: String? = nil, robots: [RobotHook] = [], revision: Int = 0,
                updatedAt: Date? = nil, updatedBy: String? = nil) {
        self.owner = owner; self.email = email; self.robots = robots; self.revision = revision
        self.updatedAt = updatedAt; self.updatedBy = updatedBy
    }

    public func robot(_ channel: DeliveryChannel) -> RobotHook? { robots.first { $0.channel == channel } }
}

/// When reminders go and how hard a sender tries.
public struct NotificationPolicy: Equatable, Sendable, Codable {
    /// Days before the due date a reminder goes; 0 is the due day itself. The day after it is overdue a last one goes.
    public var reminderOffsets: [Int]
    /// Days a unit's work stays overdue before the office is told.
    public var escalationDays: Int
    /// The daily digest's time of day in China, in minutes after midnight.
    public var digestMinute: Int
    public var maxAttempts: Int
    /// The first retry's wait; each next one doubles, up to `maxBackoff`.
    public var baseBackoff: TimeInterval
    public var maxBackoff: TimeInterval
    /// How long a sender holds a claimed delivery; a killed sender's claims are free again after it.
    public var lease: TimeInterval

    public init(reminderOffsets: [Int] = [3, 1], escalationDays: Int = 7, digestMinute: Int = 8 * 60 + 30,
                maxAttempts: Int = 6, baseBackoff: TimeInterval = 60, maxBackoff: TimeInterval = 3600, lease: TimeInterval = 300) {
        self.reminderOffsets = reminderOffsets; self.escalationDays = escalationDays; self.digestMinute = digestMinute
        self.maxAttempts = maxAttempts; self.baseBackoff = baseBackoff; self.maxBackoff = maxBackoff; self.lease = lease
    }

    public static let standard = NotificationPolicy()

    /// The wait before attempt `attempts + 1`, after `attempts` failures: base, 2×base, 4×base…
    public func backoff(afterAttempts attempts: Int) -> TimeInterval {
        let exponent = max(0, min(attempts - 1, 30))
        return min(maxBackoff, baseBackoff * pow(2, Double(exponent)))
    }
}

/// The inbox and the outbox, kept together in one database.
public protocol NotificationStore: Sendable {
    /// Writes the notification and its deliveries in one transaction. Returns false, writing nothing, when a
    /// notification with the same dedup key exists; a delivery whose dedup key exists is left out.
    func enqueue(_ notification: AppNotification, deliveries: [Delivery]) async throws -> Bool
    func inbox(recipientID: UUID, limit: Int) async throws -> [AppNotification]
    /// One of the person's notifications (nil when it is not theirs).
    func notification(id: UUID, recipientID: UUID) async throws -> AppNotification?
    func unreadCount(recipientID: UUID) async throws -> Int
    func markRead(id: UUID, recipientID: UUID, at: Date) async throws
    func markAllRead(recipientID: UUID, at: Date) async throws
    /// Claims up to `limit` due deliveries for `owner` until `until`: a delivery another sender holds is skipped.
    func claimDue(now: Date, owner: String, until: Date, limit: Int) async throws -> [ClaimedDelivery]
    func markSent(id: UUID, owner: String, at: Date) async throws
    /// Records a failed attempt: pending again at `retryAt`, or failed for good when `retryAt` is nil.
    func markAttemptFailed(id: UUID, owner: String, error: String, retryAt: Date?, at: Date) async throws
    func deliveries(planID: String?, limit: Int) async throws -> [(Delivery, AppNotification)]
    func channels(_ owner: ChannelSettings.Owner) async throws -> ChannelSettings
    /// Saves, refusing with `NotificationSettingsStale` when the stored revision is not `expectedRevision`.
    func saveChannels(_ settings: ChannelSettings, expectedRevision: Int) async throws -> ChannelSettings
}

/// Someone saved the channels since the form was opened.
public struct NotificationSettingsStale: Error, Sendable {
    public var by: String?
    public var at: Date?

    public init(by: String?, at: Date?) { self.by = by; self.at = at }
}
