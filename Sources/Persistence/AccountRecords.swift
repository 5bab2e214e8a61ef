import Domain
import Fluent
import Foundation
import SQLKit

// Accounts and what hangs off them. None of these reference the plan tables: reloading a
// programme replaces its plan rows and must not take its people, contacts or history with it.

final class UserRecord: Model, @unchecked Sendable {
    static let schema = "users"
    @ID(key: .id) var id: UUID?
    @Field(key: "username") var username: String
    @Field(key: "display_name") var displayName: String
    @Field(key: "role") var role: String
    @OptionalField(key: "plan_id") var planID: String?
    @OptionalField(key: "unit_name") var unit: String?
    @OptionalField(key: "region_id") var regionID: UUID?
    @Field(key: "password_hash") var passwordHash: String
    @Field(key: "must_change_password") var mustChangePassword: Bool
    @Field(key: "disabled") var disabled: Bool
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "last_login_at") var lastLoginAt: Date?

    init() {}

    func account() throws -> UserAccount {
        guard let role = Role(rawValue: role) else { throw PlanStoreError.corruptValue("users.role", role) }
        return UserAccount(id: id!, username: username, displayName: displayName, role: role, planID: planID, unit: unit,
                           regionID: regionID, mustChangePassword: mustChangePassword, disabled: disabled,
                           createdAt: createdAt, lastLoginAt: lastLoginAt)
    }

    func apply(_ user: UserAccount) {
        username = user.username; displayName = user.displayName; role = user.role.rawValue
        planID = user.planID; unit = user.unit; regionID = user.regionID
        mustChangePassword = user.mustChangePassword; disabled = user.disabled
        createdAt = user.createdAt; lastLoginAt = user.lastLoginAt
    }
}

final class SessionRecord: Model, @unchecked Sendable {
    static let schema = "sessions"
    @ID(key: .id) var id: UUID?
    @Field(key: "token_hash") var tokenHash: String
    @Parent(key: "user_id") var user: UserRecord
    @Field(key: "csrf_token") var csrfToken: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    @Field(key: "last_seen_at") var lastSeenAt: Date

    init() {}
}

final class APITokenRecord: Model, @unchecked Sendable {
    static let schema = "api_tokens"
    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "prefix") var prefix: String
    @OptionalField(key: "plan_id") var planID: String?
    @Field(key: "created_by") var createdBy: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "last_used_at") var lastUsedAt: Date?
    @OptionalField(key: "revoked_at") var revokedAt: Date?
    /// Added by migration 0010; nil on tokens issued before it, which only read.
    @OptionalField(key: "submits_data") var submitsData: Bool?
    /// Added by migration 0015: the account the token belongs to (nil: issued on the command line).
    @OptionalField(key: "created_by_id") var createdByID: UUID?

    init() {}

    var token: APIToken {
        APIToken(id: id!, name: name, prefix: prefix, planID: planID, createdBy: createdBy, createdByID: createdByID,
                 createdAt: createdAt, lastUsedAt: lastUsedAt, revokedAt: revokedAt, submitsData: submitsData ?? false)
    }
}

final class AuditRecord: Model, @unchecked Sendable {
    static let schema = "audit_log"
    @ID(key: .id) var id: UUID?
    @Field(key: "at") var at: Date
    @Field(key: "actor") var actor: String
    @OptionalField(key: "actor_id") var actorID: UUID?
    @Field(key: "action") var action: String
    @Field(key: "entity") var entity: String
    @Field(key: "entity_id") var entityID: String
    @OptionalField(key: "plan_id") var planID: String?
    @OptionalField(key: "before_json") var before: String?
    @OptionalField(key: "after_json") var after: String?

    init() {}

    var entry: AuditEntry {
        AuditEntry(id: id!, at: at, actor: actor, actorID: actorID, action: action, entity: entity, entityID: entityID,
                   planID: planID, before: before, after: after)
    }
}

final class SettingRecord: Model, @unchecked Sendable {
    static let schema = "settings"
    @ID(custom: .id, generatedBy: .user) var id: String?
    @Field(key: "value") var value: String

    init() {}
}

final class UnitContactRecord: Model, @unchecked Sendable {
    static let schema = "unit_contacts"
    @ID(key: .id) var id: UUID?
    @Field(key: "plan_id") var planID: String
    @Field(key: "unit_name") var unit: String
    @Field(key: "liaison") var liaison: String
    @Field(key: "phone") var phone: String
    @Field(key: "note") var note: String
    @OptionalField(key: "updated_at") var updatedAt: Date?
    @OptionalField(key: "updated_by") var updatedBy: String?
    @Field(key: "revision") var revision: Int

    init() {}

    var contact: UnitContact {
        UnitContact(planID: planID, unit: unit, liaison: liaison, phone: phone, note: note, updatedAt: updatedAt,
                    updatedBy: updatedBy, revision: revision)
    }
}

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

struct M0007CreateSettingsAndUnitContacts: AsyncMigration {
    var name: String { "0007-create-settings-and-unit-contacts" }

    func prepare(on database: any Database) async throws {
        try await database.schema(SettingRecord.schema)
            .field(.id, .string, .identifier(auto: false))
            .field("value", .string, .required)
            .create()
        try await database.schema(UnitContactRecord.schema)
            .id()
            .field("plan_id", .string, .required)
            .field("unit_name", .string, .required)
            .field("liaison", .string, .required)
            .field("phone", .string, .required)
            .field("note", .string, .required)
            .field("updated_at", .datetime)
            .field("updated_by", .string)
            .unique(on: "plan_id", "unit_name", name: "uq_unit_contacts_plan_unit")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(UnitContactRecord.schema).delete()
        try await database.schema(SettingRecord.schema).delete()
    }
}
