import Fluent
import SQLKit

struct M0005CreateAccounts: AsyncMigration {
    var name: String { "0005-create-accounts" }

    func prepare(on database: any Database) async throws {
        try await database.schema(UserRecord.schema)
            .id()
            .field("username", .string, .required)
            .field("display_name", .string, .required)
            .field("role", .string, .required)
            .field("plan_id", .string)
            .field("unit_name", .string)
            .field("region_id", .uuid, .references(RegionRecord.schema, .id, onDelete: .restrict))
            .field("password_hash", .string, .required)
            .field("must_change_password", .bool, .required)
            .field("disabled", .bool, .required)
            .field("created_at", .datetime, .required)
            .field("last_login_at", .datetime)
            .unique(on: "username", name: "uq_users_username")
            .create()
        try await database.schema(SessionRecord.schema)
            .id()
            .field("token_hash", .string, .required)
            .field("user_id", .uuid, .required, .references(UserRecord.schema, .id, onDelete: .cascade))
            .field("csrf_token", .string, .required)
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("last_seen_at", .datetime, .required)
            .unique(on: "token_hash", name: "uq_sessions_token_hash")
            .create()
        try await database.schema(APITokenRecord.schema)
            .id()
            .field("name", .string, .required)
            .field("token_hash", .string, .required)
            .field("prefix", .string, .required)
            .field("plan_id", .string)
            .field("created_by", .string, .required)
            .field("created_at", .datetime, .required)
            .field("last_used_at", .datetime)
            .field("revoked_at", .datetime)
            .unique(on: "token_hash", name: "uq_api_tokens_token_hash")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "ix_users_plan").on(UserRecord.schema).column("plan_id").run()
        try await sql.create(index: "ix_sessions_user").on(SessionRecord.schema).column("user_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(APITokenRecord.schema).delete()
        try await database.schema(SessionRecord.schema).delete()
        try await database.schema(UserRecord.schema).delete()
    }
}
