import Domain
import Fluent
import Foundation
import SQLKit

public struct FluentAccountStore: AccountStore {
    let database: any Database

    public init(database: any Database) { self.database = database }

    public func count() async throws -> Int {
        try await UserRecord.query(on: database).count()
    }

    public func user(id: UUID) async throws -> UserAccount? {
        try await UserRecord.find(id, on: database)?.account()
    }

    public func credentials(username: String) async throws -> (UserAccount, String)? {
        guard let record = try await UserRecord.query(on: database).filter(\.$username == username).first() else {
            return nil
        }
        return (try record.account(), record.passwordHash)
    }

    public func users(planID: String?) async throws -> [UserAccount] {
        let query = UserRecord.query(on: database).sort(\.$username)
        if let planID { query.filter(\.$planID == planID) }
        return try await query.all().map { try $0.account() }
    }

    public func create(_ user: UserAccount, passwordHash: String) async throws {
        if try await UserRecord.query(on: database).filter(\.$username == user.username).count() > 0 {
            throw AccountError.usernameTaken(user.username)
        }
        let record = UserRecord()
        record.id = user.id
        record.apply(user)
        record.passwordHash = passwordHash
        try await record.create(on: database)
    }

    public func update(_ user: UserAccount) async throws {
        guard let record = try await UserRecord.find(user.id, on: database) else { throw AccountError.notFound }
        record.apply(user)
        try await record.update(on: database)
    }

    public func setPassword(userID: UUID, hash: String, mustChange: Bool) async throws {
        guard let record = try await UserRecord.find(userID, on: database) else { throw AccountError.notFound }
        record.passwordHash = hash
        record.mustChangePassword = mustChange
        try await record.update(on: database)
    }

    public func recordLogin(userID: UUID, at: Date) async throws {
        try await UserRecord.query(on: database).filter(\.$id == userID).set(\.$lastLoginAt, to: at).update()
    }

    public func createSession(_ session: SessionInfo, tokenHash: String) async throws {
        let record = SessionRecord()
        record.id = session.id
        record.tokenHash = tokenHash
        record.$user.id = session.userID
        record.csrfToken = session.csrfToken
        record.createdAt = session.lastSeenAt
        record.expiresAt = session.expiresAt
        record.lastSeenAt = session.lastSeenAt
        try await record.create(on: database)
        // Expired sessions are swept when new ones start, so the table stays small without a timer.
        try await SessionRecord.query(on: database).filter(\.$expiresAt < session.lastSeenAt).delete()
    }

    public func session(tokenHash: String) async throws -> (SessionInfo, UserAccount)? {
        guard let record = try await SessionRecord.query(on: database).filter(\.$tokenHash == tokenHash)
            .with(\.$user).first() else { return nil }
        let info = SessionInfo(id: record.id!, userID: record.$user.id, csrfToken: record.csrfToken,
                               expiresAt: record.expiresAt, lastSeenAt: record.lastSeenAt)
        return (info, try record.user.account())
    }

    public func extendSession(id: UUID, expiresAt: Date, lastSeenAt: Date) async throws {
        try await SessionRecord.query(on: database).filter(\.$id == id)
            .set(\.$expiresAt, to: expiresAt).set(\.$lastSeenAt, to: lastSeenAt).update()
    }

    public func deleteSession(tokenHash: String) async throws {
        try await SessionRecord.query(on: database).filter(\.$tokenHash == tokenHash).delete()
    }

    public func deleteSessions(userID: UUID, keeping: UUID?) async throws {
        let query = SessionRecord.query(on: database).filter(\.$user.$id == userID)
        if let keeping { query.filter(\.$id != keeping) }
        try await query.delete()
    }

    public func createToken(_ token: APIToken, tokenHash: String) async throws {
        let record = APITokenRecord()
        record.id = token.id
        record.name = token.name
        record.tokenHash = tokenHash
        record.prefix = token.prefix
        record.planID = token.planID
        record.createdBy = token.createdBy
        record.createdByID = token.createdByID
        record.createdAt = token.createdAt
        record.submitsData = token.submitsData
        try await record.create(on: database)
    }

    public func token(hash: String) async throws -> APIToken? {
        try await APITokenRecord.query(on: database).filter(\.$tokenHash == hash).first()?.token
    }

    public func tokens(planID: String?) async throws -> [APIToken] {
        let query = APITokenRecord.query(on: database).sort(\.$createdAt, .descending)
        if let planID { query.filter(\.$planID == planID) }
        return try await query.all().map(\.token)
    }

    public func revokeToken(id: UUID, at: Date) async throws -> APIToken? {
        guard let record = try await APITokenRecord.find(id, on: database) else { return nil }
        if record.revokedAt == nil {
            record.revokedAt = at
            try await record.update(on: database)
        }
        return record.token
    }

    public func touchToken(id: UUID, at: Date) async throws {
        try await APITokenRecord.query(on: database).filter(\.$id == id).set(\.$lastUsedAt, to: at).update()
    }
}

public struct FluentAuditStore: AuditStore {
    let database: any Database

    public init(database: any Database) { self.database = database }

    public func record(_ entry: AuditEntry) async throws {
        let record = AuditRecord()
        record.id = entry.id
        record.at = entry.at
        record.actor = entry.actor
        record.actorID = entry.actorID
        record.action = entry.action
        record.entity = entry.entity
        record.entityID = entry.entityID
        record.planID = entry.planID
        record.before = entry.before
        record.after = entry.after
        try await record.create(on: database)
    }

    public func latest(entity: String, entityID: String) async throws -> AuditEntry? {
        try await AuditRecord.query(on: database).filter(\.$entity == entity).filter(\.$entityID == entityID)
            .sort(\.$at, .descending).first()?.entry
    }

    public func entries(planID: String?, limit: Int, offset: Int) async throws -> [AuditEntry] {
        let query = AuditRecord.query(on: database).sort(\.$at, .descending).sort(\.$id)
        if let planID { query.filter(\.$planID == planID) }
        return try await query.range(offset..<(offset + limit)).all().map(\.entry)
    }
}

public struct FluentUnitContactStore: UnitContactStore {
    let database: any Database

    public init(database: any Database) { self.database = database }

    public func contacts(planID: String) async throws -> [UnitContact] {
        try await UnitContactRecord.query(on: database).filter(\.$planID == planID).all().map(\.contact)
    }

    public func contact(planID: String, unit: String) async throws -> UnitContact? {
        try await UnitContactRecord.query(on: database).filter(\.$planID == planID).filter(\.$unit == unit).first()?.contact
    }

    public func save(_ contact: UnitContact, expectedRevision: Int) async throws -> Int {
        try await database.transaction { tx in
            let sql = tx as! any SQLDatabase
            let next = expectedRevision + 1
            if expectedRevision > 0 {
                // Changed only if still at the revision the form was opened with: one statement, so two servers
                // saving at once cannot both pass a check made before the write.
                let changed = try await sql.update(UnitContactRecord.schema)
                    .set("liaison", to: contact.liaison).set("phone", to: contact.phone).set("note", to: contact.note)
                    .set("updated_at", to: contact.updatedAt).set("updated_by", to: contact.updatedBy).set("revision", to: next)
                    .where("plan_id", .equal, contact.planID).where("unit_name", .equal, contact.unit)
                    .where("revision", .equal, expectedRevision)
                    .returning("id").all()
                if !changed.isEmpty { return next }
            } else if try await UnitContactRecord.query(on: tx).filter(\.$planID == contact.planID)
                        .filter(\.$unit == contact.unit).first() == nil {
                let record = UnitContactRecord()
                record.planID = contact.planID; record.unit = contact.unit; record.liaison = contact.liaison
                record.phone = contact.phone; record.note = contact.note; record.updatedAt = contact.updatedAt
                record.updatedBy = contact.updatedBy; record.revision = next
                try await record.create(on: tx)
                return next
            }
            let current = try await UnitContactRecord.query(on: tx).filter(\.$planID == contact.planID)
                .filter(\.$unit == contact.unit).first()
            throw EditConflict(updatedBy: current?.updatedBy, updatedAt: current?.updatedAt)
        }
    }
}

public struct FluentSettingStore: SettingStore {
    let database: any Database

    public init(database: any Database) { self.database = database }

    public func value(_ key: String) async throws -> String? {
        try await SettingRecord.find(key, on: database)?.value
    }

    public func set(_ key: String, _ value: String) async throws {
        if let record = try await SettingRecord.find(key, on: database) {
            record.value = value
            try await record.update(on: database)
        } else {
            let record = SettingRecord()
            record.id = key
            record.value = value
            try await record.create(on: database)
        }
    }
}
