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
