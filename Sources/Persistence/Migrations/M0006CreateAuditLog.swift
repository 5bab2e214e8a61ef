import Fluent
import SQLKit

struct M0006CreateAuditLog: AsyncMigration {
    var name: String { "0006-create-audit-log" }

    func prepare(on database: any Database) async throws {
        try await database.schema(AuditRecord.schema)
            .id()
            .field("at", .datetime, .required)
            .field("actor", .string, .required)
            .field("actor_id", .uuid)
            .field("action", .string, .required)
            .field("entity", .string, .required)
            .field("entity_id", .string, .required)
            .field("plan_id", .string)
            .field("before_json", .string)
            .field("after_json", .string)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "ix_audit_log_at").on(AuditRecord.schema).column("at").run()
        try await sql.create(index: "ix_audit_log_plan_at").on(AuditRecord.schema).column("plan_id").column("at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AuditRecord.schema).delete()
    }
}
