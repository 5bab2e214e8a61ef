import Domain
import Fluent
import Foundation
import SQLKit

/// Failed sign-ins: one row per account name and client address, and one per address (name "") whatever the
/// names it tried.
final class SignInFailureRecord: Model, @unchecked Sendable {
    static let schema = "sign_in_failures"
    @ID(key: .id) var id: UUID?
    /// The name as typed (lowercased); "" on the address's own row.
    @Field(key: "account_name") var accountName: String
    @Field(key: "address") var address: String
    @Field(key: "failures") var failures: Int
    @Field(key: "last_failure_at") var lastFailureAt: Date

    init() {}
}

public struct FluentSignInThrottleStore: SignInThrottleStore {
    let database: any Database

    public init(database: any Database) { self.database = database }

    public func failures(name: String, address: String, since: Date) async throws
        -> (pair: SignInFailures?, address: SignInFailures?) {
        let rows = try await SignInFailureRecord.query(on: database)
            .filter(\.$address == address)
            .group(.or) { $0.filter(\.$accountName == name).filter(\.$accountName == "") }
            .filter(\.$lastFailureAt >= since)
            .all()
        func counted(_ key: String) -> SignInFailures? {
            rows.first { $0.accountName == key }.map { SignInFailures(count: $0.failures, last: $0.lastFailureAt) }
        }
        return (name.isEmpty ? nil : counted(name), counted(""))
    }

    public func recordFailure(name: String, address: String, at: Date, forgetBefore: Date) async throws {
        let sql = database as! any SQLDatabase
        // One statement per row, so failures counted at the same moment by several servers all count.
        for key in Set([name, ""]) {
            try await sql.raw("""
                INSERT INTO \(ident: SignInFailureRecord.schema) (id, account_name, address, failures, last_failure_at)
                VALUES (\(bind: UUID()), \(bind: key), \(bind: address), 1, \(bind: at))
                ON CONFLICT (account_name, address) DO UPDATE SET
                failures = CASE WHEN \(ident: SignInFailureRecord.schema).last_failure_at < \(bind: forgetBefore) THEN 1
                                ELSE \(ident: SignInFailureRecord.schema).failures + 1 END,
                last_failure_at = excluded.last_failure_at
                """).run()
        }
        // Names an attacker made up are not kept for ever.
        try await SignInFailureRecord.query(on: database).filter(\.$lastFailureAt < forgetBefore).delete()
    }

    public func clearFailures(name: String, address: String) async throws {
        guard !name.isEmpty else { return }
        try await SignInFailureRecord.query(on: database).filter(\.$accountName == name).filter(\.$address == address).delete()
    }
}

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
