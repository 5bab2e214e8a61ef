import Domain
import Fluent
import Foundation
import SQLKit

final class NotificationRecord: Model, @unchecked Sendable {
    static let schema = "notifications"
    @ID(key: .id) var id: UUID?
    @Field(key: "recipient_id") var recipientID: UUID
    @OptionalField(key: "plan_id") var planID: String?
    @Field(key: "kind") var kind: String
    @Field(key: "title") var title: String
    @Field(key: "body") var body: String
    @Field(key: "link") var link: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "read_at") var readAt: Date?
    @Field(key: "dedup_key") var dedupKey: String

    init() {}

    var notification: AppNotification {
        AppNotification(id: id ?? UUID(), recipientID: recipientID, planID: planID,
                        kind: AppNotification.Kind(rawValue: kind) ?? .reminder, title: title, body: body, link: link,
                        createdAt: createdAt, readAt: readAt, dedupKey: dedupKey)
    }
}

final class DeliveryRecord: Model, @unchecked Sendable {
    static let schema = "notification_deliveries"
    @ID(key: .id) var id: UUID?
    @Field(key: "notification_id") var notificationID: UUID
    @OptionalField(key: "plan_id") var planID: String?
    @Field(key: "channel") var channel: String
    @Field(key: "target") var target: String
    @OptionalField(key: "secret") var secret: String?
    @Field(key: "recipient_label") var recipientLabel: String
    @Field(key: "status") var status: String
    @Field(key: "attempts") var attempts: Int
    @Field(key: "next_attempt_at") var nextAttemptAt: Date
    @OptionalField(key: "last_error") var lastError: String?
    @OptionalField(key: "sent_at") var sentAt: Date?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "dedup_key") var dedupKey: String
    @OptionalField(key: "lease_owner") var leaseOwner: String?
    @Field(key: "lease_until") var leaseUntil: Date

    init() {}

    var delivery: Delivery {
        Delivery(id: id ?? UUID(), notificationID: notificationID, planID: planID,
                 channel: DeliveryChannel(rawValue: channel) ?? .email, target: target, secret: secret,
                 recipientLabel: recipientLabel, status: Delivery.Status(rawValue: status) ?? .failed, attempts: attempts,
                 nextAttemptAt: nextAttemptAt, lastError: lastError, sentAt: sentAt, createdAt: createdAt, dedupKey: dedupKey)
    }
}

final class ChannelSettingsRecord: Model, @unchecked Sendable {
    static let schema = "notification_channels"
    @ID(custom: .id, generatedBy: .user) var id: String?
    @OptionalField(key: "email") var email: String?
    @Field(key: "robots_json") var robotsJSON: String
    @Field(key: "revision") var revision: Int
    @OptionalField(key: "updated_at") var updatedAt: Date?
    @OptionalField(key: "updated_by") var updatedBy: String?

    init() {}
}

public struct FluentNotificationStore: NotificationStore {
    let database: any Database

    public init(database: any Database) { self.database = database }

    private var sql: any SQLDatabase { database as! any SQLDatabase }

    public func enqueue(_ notification: AppNotification, deliveries: [Delivery]) async throws -> Bool {
        try await database.transaction { db in
            let sql = db as! any SQLDatabase
            // ON CONFLICT DO NOTHING: two servers planning the same reminder at once queue it once, without an
            // error that would abort the other's transaction.
            let inserted = try await sql.insert(into: NotificationRecord.schema)
                .columns("id", "recipient_id", "plan_id", "kind", "title", "body", "link", "created_at", "read_at", "dedup_key")
                .values(SQLBind(notification.id), SQLBind(notification.recipientID), SQLBind(notification.planID),
                        SQLBind(notification.kind.rawValue), SQLBind(notification.title), SQLBind(notification.body),
                        SQLBind(notification.link), SQLBind(notification.createdAt), SQLBind(notification.readAt),
                        SQLBind(notification.dedupKey))
                .ignoringConflicts(with: ["dedup_key"])
                .returning("id").all()
            guard !inserted.isEmpty else { return false }
            for delivery in deliveries {
                try await sql.insert(into: DeliveryRecord.schema)
                    .columns("id", "notification_id", "plan_id", "channel", "target", "secret", "recipient_label", "status",
                             "attempts", "next_attempt_at", "last_error", "sent_at", "created_at", "dedup_key", "lease_owner",
                             "lease_until")
                    .values(SQLBind(delivery.id), SQLBind(notification.id), SQLBind(delivery.planID),
                            SQLBind(delivery.channel.rawValue), SQLBind(delivery.target), SQLBind(delivery.secret),
                            SQLBind(delivery.recipientLabel), SQLBind(delivery.status.rawValue), SQLBind(delivery.attempts),
                            SQLBind(delivery.nextAttemptAt), SQLBind(delivery.lastError), SQLBind(delivery.sentAt),
                            SQLBind(delivery.createdAt), SQLBind(delivery.dedupKey), SQLBind(String?.none),
                            SQLBind(delivery.createdAt))
                    .ignoringConflicts(with: ["dedup_key"])
                    .run()
            }
            return true
        }
    }

    public func inbox(recipientID: UUID, limit: Int) async throws -> [AppNotification] {
        let unread = try await NotificationRecord.query(on: database).filter(\.$recipientID == recipientID)
            .filter(\.$readAt == nil).sort(\.$createdAt, .descending).limit(limit).all()
        let read = try await NotificationRecord.query(on: database).filter(\.$recipientID == recipientID)
            .filter(\.$readAt != nil).sort(\.$createdAt, .descending).limit(max(0, limit - unread.count)).all()
        return (unread + read).map(\.notification)
    }

    public func notification(id: UUID, recipientID: UUID) async throws -> AppNotification? {
        try await NotificationRecord.query(on: database).filter(\.$id == id).filter(\.$recipientID == recipientID).first()?.notification
    }

    public func unreadCount(recipientID: UUID) async throws -> Int {
        try await NotificationRecord.query(on: database).filter(\.$recipientID == recipientID).filter(\.$readAt == nil).count()
    }

    public func markRead(id: UUID, recipientID: UUID, at: Date) async throws {
        try await NotificationRecord.query(on: database).filter(\.$id == id).filter(\.$recipientID == recipientID)
            .filter(\.$readAt == nil).set(\.$readAt, to: at).update()
    }

    public func markAllRead(recipientID: UUID, at: Date) async throws {
        try await NotificationRecord.query(on: database).filter(\.$recipientID == recipientID)
            .filter(\.$readAt == nil).set(\.$readAt, to: at).update()
    }

    public func claimDue(now: Date, owner: String, until: Date, limit: Int) async throws -> [ClaimedDelivery] {
        let candidates = try await DeliveryRecord.query(on: database)
            .filter(\.$status == Delivery.Status.pending.rawValue).filter(\.$nextAttemptAt <= now)
            .filter(\.$leaseUntil <= now).sort(\.$nextAttemptAt).limit(limit).all()
        var claimed: [DeliveryRecord] = []
        for record in candidates {
            guard let id = record.id else { continue }
            // Conditional on the lease still being free: of two senders racing for a row, the second updates
            // nothing (PostgreSQL re-checks the condition after the first commits; SQLite runs one writer).
            let won = try await sql.update(DeliveryRecord.schema)
                .set("lease_owner", to: SQLBind(owner)).set("lease_until", to: SQLBind(until))
                .where("id", .equal, SQLBind(id))
                .where("status", .equal, SQLBind(Delivery.Status.pending.rawValue))
                .where("lease_until", .lessThanOrEqual, SQLBind(now))
                .returning("id").all()
            if !won.isEmpty { claimed.append(record) }
        }
        guard !claimed.isEmpty else { return [] }
        let notifications = try await NotificationRecord.query(on: database)
            .filter(\.$id ~~ Set(claimed.map(\.notificationID))).all()
        let byID = Dictionary(notifications.compactMap { n in n.id.map { ($0, n.notification) } }, uniquingKeysWith: { a, _ in a })
        return claimed.compactMap { record in byID[record.notificationID].map { ClaimedDelivery(delivery: record.delivery, notification: $0) } }
    }

    public func markSent(id: UUID, owner: String, at: Date) async throws {
        try await sql.update(DeliveryRecord.schema)
            .set("status", to: SQLBind(Delivery.Status.sent.rawValue))
            .set("attempts", to: SQLBinaryExpression(SQLColumn("attempts"), .add, SQLLiteral.numeric("1")))
            .set("sent_at", to: SQLBind(at)).set("last_error", to: SQLLiteral.null)
            .set("lease_owner", to: SQLLiteral.null).set("lease_until", to: SQLBind(at))
            .where("id", .equal, SQLBind(id)).where("lease_owner", .equal, SQLBind(owner))
            .run()
    }

    public func markAttemptFailed(id: UUID, owner: String, error: String, retryAt: Date?, at: Date) async throws {
        let status: Delivery.Status = retryAt == nil ? .failed : .pending
        try await sql.update(DeliveryRecord.schema)
            .set("status", to: SQLBind(status.rawValue))
            .set("attempts", to: SQLBinaryExpression(SQLColumn("attempts"), .add, SQLLiteral.numeric("1")))
            .set("last_error", to: SQLBind(String(error.prefix(500))))
            .set("next_attempt_at", to: SQLBind(retryAt ?? at))
            .set("lease_owner", to: SQLLiteral.null).set("lease_until", to: SQLBind(at))
            .where("id", .equal, SQLBind(id)).where("lease_owner", .equal, SQLBind(owner))
            .run()
    }

    public func deliveries(planID: String?, limit: Int) async throws -> [(Delivery, AppNotification)] {
        var query = DeliveryRecord.query(on: database)
        if let planID { query = query.filter(\.$planID == planID) }
        let records = try await query.sort(\.$createdAt, .descending).limit(limit).all()
        guard !records.isEmpty else { return [] }
        let notifications = try await NotificationRecord.query(on: database)
            .filter(\.$id ~~ Set(records.map(\.notificationID))).all()
        let byID = Dictionary(notifications.compactMap { n in n.id.map { ($0, n.notification) } }, uniquingKeysWith: { a, _ in a })
        return records.compactMap { record in byID[record.notificationID].map { (record.delivery, $0) } }
    }

    public func channels(_ owner: ChannelSettings.Owner) async throws -> ChannelSettings {
        guard let record = try await ChannelSettingsRecord.find(owner.key, on: database) else { return ChannelSettings(owner: owner) }
        let robots = (try? JSONDecoder().decode([RobotHook].self, from: Data(record.robotsJSON.utf8))) ?? []
        return ChannelSettings(owner: owner, email: record.email, robots: robots, revision: record.revision,
                               updatedAt: record.updatedAt, updatedBy: record.updatedBy)
    }

    public func saveChannels(_ settings: ChannelSettings, expectedRevision: Int) async throws -> ChannelSettings {
        try await database.transaction { db in
            let existing = try await ChannelSettingsRecord.find(settings.owner.key, on: db)
            if (existing?.revision ?? 0) != expectedRevision {
                throw NotificationSettingsStale(by: existing?.updatedBy, at: existing?.updatedAt)
            }
            let record = existing ?? ChannelSettingsRecord()
            record.id = settings.owner.key
            record.email = settings.email
            record.robotsJSON = String(decoding: try JSONEncoder().encode(settings.robots), as: UTF8.self)
            record.revision = expectedRevision + 1
            record.updatedAt = settings.updatedAt
            record.updatedBy = settings.updatedBy
            if existing == nil { try await record.create(on: db) } else { try await record.update(on: db) }
            var saved = settings
            saved.revision = record.revision
            return saved
        }
    }
}
