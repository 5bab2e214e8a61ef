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
