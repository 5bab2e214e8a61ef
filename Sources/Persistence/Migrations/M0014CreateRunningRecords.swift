import Fluent
import SQLKit

struct M0014CreateRunningRecords: AsyncMigration {
    var name: String { "0014-create-running-records" }

    func prepare(on database: any Database) async throws {
        try await database.schema(FluentRunningStore.records)
            .id()
            // Not a foreign key, like observations: replacing a programme's plan must never take its records with it.
            .field("plan_id", .string, .required)
            .field("kind", .string, .required)
            .field("natural_key", .string, .required)
            .field("owner", .string)
            .field("state", .string, .required)
            .field("sort_date", .string)
            .field("body", .string, .required)
            .field("revision", .int, .required)
            .field("updated_by", .string, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "plan_id", "kind", "natural_key", name: "uq_running_records_key")
            .create()
        try await database.schema(FluentRunningStore.history)
            .id()
            .field("record_id", .uuid, .required, .references(FluentRunningStore.records, .id, onDelete: .cascade))
            .field("revision", .int, .required)
            .field("action", .string, .required)
            .field("body", .string, .required)
            .field("actor", .string, .required)
            .field("at", .datetime, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "ix_running_records_list").on(FluentRunningStore.records)
            .column("plan_id").column("kind").column("owner").column("state").run()
        try await sql.create(index: "ix_running_history_record").on(FluentRunningStore.history).column("record_id").column("revision").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(FluentRunningStore.history).delete()
        try await database.schema(FluentRunningStore.records).delete()
    }
}
