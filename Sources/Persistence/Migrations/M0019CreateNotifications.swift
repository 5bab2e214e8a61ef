import Fluent
import SQLKit

/// The inbox, the outbox and the channels people choose. The outbox is a table, so a queued message survives a
/// restart and servers sharing one database claim each delivery with a lease written in it.
struct M0019CreateNotifications: AsyncMigration {
    var name: String { "0019-create-notifications" }

    func prepare(on database: any Database) async throws {
        try await database.schema(NotificationRecord.schema)
            .id()
            .field("recipient_id", .uuid, .required)
            .field("plan_id", .string)
            .field("kind", .string, .required)
            .field("title", .string, .required)
            .field("body", .string, .required)
            .field("link", .string, .required)
            .field("created_at", .datetime, .required)
            .field("read_at", .datetime)
            .field("dedup_key", .string, .required)
            .unique(on: "dedup_key")
            .create()
        try await database.schema(DeliveryRecord.schema)
            .id()
            .field("notification_id", .uuid, .required)
            .field("plan_id", .string)
            .field("channel", .string, .required)
            .field("target", .string, .required)
            .field("secret", .string)
            .field("recipient_label", .string, .required)
            .field("status", .string, .required)
            .field("attempts", .int, .required)
            .field("next_attempt_at", .datetime, .required)
            .field("last_error", .string)
            .field("sent_at", .datetime)
            .field("created_at", .datetime, .required)
            .field("dedup_key", .string, .required)
            .field("lease_owner", .string)
            .field("lease_until", .datetime, .required)
            .unique(on: "dedup_key")
            .create()
        try await database.schema(ChannelSettingsRecord.schema)
            .field(.id, .string, .identifier(auto: false))
            .field("email", .string)
            .field("robots_json", .string, .required)
            .field("revision", .int, .required)
            .field("updated_at", .datetime)
            .field("updated_by", .string)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "ix_notifications_recipient").on(NotificationRecord.schema)
            .column("recipient_id").column("read_at").run()
        try await sql.create(index: "ix_deliveries_due").on(DeliveryRecord.schema)
            .column("status").column("next_attempt_at").run()
        try await sql.create(index: "ix_deliveries_plan").on(DeliveryRecord.schema)
            .column("plan_id").column("created_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ChannelSettingsRecord.schema).delete()
        try await database.schema(DeliveryRecord.schema).delete()
        try await database.schema(NotificationRecord.schema).delete()
    }
}
