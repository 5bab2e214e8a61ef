import Fluent
import SQLKit

/// Sign-in throttling kept in the database, and tokens that belong to the account that issued them.
struct M0015SignInFailuresAndTokenOwners: AsyncMigration {
    var name: String { "0015-sign-in-failures-and-token-owners" }

    func prepare(on database: any Database) async throws {
        try await database.schema(SignInFailureRecord.schema)
            .id()
            .field("account_name", .string, .required)
            .field("address", .string, .required)
            .field("failures", .int, .required)
            .field("last_failure_at", .datetime, .required)
            .unique(on: "account_name", "address", name: "uq_sign_in_failures_name_address")
            .create()
        try await (database as! any SQLDatabase).create(index: "ix_sign_in_failures_last").on(SignInFailureRecord.schema)
            .column("last_failure_at").run()
        try await database.schema(APITokenRecord.schema).field("created_by_id", .uuid).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(APITokenRecord.schema).deleteField("created_by_id").update()
        try await database.schema(SignInFailureRecord.schema).delete()
    }
}
