import Domain
import Fluent
import Foundation
import SQLKit

/// The records of running a programme — monthly reports, inspections and their problems, activities, task
/// progress, evidence links — one table for all kinds: each record's value as JSON with the columns lists filter
/// and sort by, a revision for optimistic concurrency, and a history table of every version. A save writes the
/// record, its history entry and its audit-log entry in one transaction.
public struct FluentRunningStore: RunningStore {
    static let records = "running_records"
    static let history = "running_history"

    let database: any Database

    /// Stamps changes with its time.
    let clock: Clock

    public init(database: any Database, clock: Clock = .system) { self.database = database; self.clock = clock }

    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(type, from: Data(text.utf8))
    }

    struct Row: Decodable {
        var id: UUID
        var body: String
        var revision: Int
    }

    struct Updated: Decodable { var id: UUID }

    struct Change: Decodable { var revision: Int; var action: String; var actor: String; var at: Date; var body: String }

    @discardableResult
    public func save<T: RunningDocument>(_ value: T, expectedRevision: Int, action: String, actor: String, actorID: UUID?) async throws -> Int {
        try await database.transaction { tx in
            try await Self.write(value, expectedRevision: expectedRevision, action: action, actor: actor, actorID: actorID, at: clock.now(), on: tx)
        }
    }

    public func saveAll<T: RunningDocument>(_ values: [(value: T, expectedRevision: Int)], action: String, actor: String,
                                            actorID: UUID?) async throws {
        try await database.transaction { tx in
            for (value, revision) in values {
                _ = try await Self.write(value, expectedRevision: revision, action: action, actor: actor, actorID: actorID, at: clock.now(), on: tx)
            }
        }
    }

    /// Who saved a record last, and when.
    struct LastChange: Decodable { var updated_by: String?; var updated_at: Date? }

    static func write<T: RunningDocument>(_ value: T, expectedRevision: Int, action: String, actor: String, actorID: UUID?,
                                          at now: Date, on tx: any Database) async throws -> Int {
        let sql = tx as! any SQLDatabase
        let body = try encode(value)
        let existing = try await sql.select().column("id").column("body").column("revision").from(records)
            .where("plan_id", .equal, SQLBind(value.planID)).where("kind", .equal, SQLBind(T.kind))
            .where("natural_key", .equal, SQLBind(value.naturalKey)).first(decoding: Row.self)
        let id: UUID, revision: Int
        if let existing {
            guard expectedRevision == existing.revision else {
                if expectedRevision == 0 { throw RunningStoreError.duplicate(kind: T.kind, key: value.naturalKey) }
                let changed = try await sql.select().column("updated_by").column("updated_at").from(records)
                    .where("id", .equal, SQLBind(existing.id)).first(decoding: LastChange.self)
                throw RunningStoreError.stale(kind: T.kind, key: value.naturalKey, by: changed?.updated_by, at: changed?.updated_at)
            }
            id = existing.id
            revision = existing.revision + 1
            // The revision in the WHERE makes a concurrent save that read the same revision update nothing.
            let updated = try await sql.update(records)
                .set("body", to: SQLBind(body)).set("owner", to: SQLBind(value.owner)).set("state", to: SQLBind(value.stateKey))
                .set("sort_date", to: SQLBind(value.sortDate)).set("revision", to: SQLBind(revision))
                .set("updated_by", to: SQLBind(actor)).set("updated_at", to: SQLBind(now))
                .where("id", .equal, SQLBind(id)).where("revision", .equal, SQLBind(existing.revision))
                .returning("id").all(decoding: Updated.self)
            guard updated.count == 1 else { throw RunningStoreError.stale(kind: T.kind, key: value.naturalKey) }
        } else {
            guard expectedRevision == 0 else { throw RunningStoreError.stale(kind: T.kind, key: value.naturalKey) }
            id = UUID()
            revision = 1
            try await sql.insert(into: records)
                .columns("id", "plan_id", "kind", "natural_key", "owner", "state", "sort_date", "body", "revision", "updated_by", "updated_at")
                .values(SQLBind(id), SQLBind(value.planID), SQLBind(T.kind), SQLBind(value.naturalKey), SQLBind(value.owner),
                        SQLBind(value.stateKey), SQLBind(value.sortDate), SQLBind(body), SQLBind(revision), SQLBind(actor), SQLBind(now))
                .run()
        }
        try await sql.insert(into: history)
            .columns("id", "record_id", "revision", "action", "body", "actor", "at")
            .values(SQLBind(UUID()), SQLBind(id), SQLBind(revision), SQLBind(action), SQLBind(body), SQLBind(actor), SQLBind(now))
            .run()
        let before = try existing.map { try decode(T.self, $0.body) }
        try await FluentAuditStore(database: tx).record(AuditEntry(
            at: now, actor: actor, actorID: actorID, action: action, entity: T.kind, entityID: value.naturalKey, planID: value.planID,
            before: before.flatMap(AuditEntry.snapshot), after: AuditEntry.snapshot(value)))
        return revision
    }

    public func record<T: RunningDocument>(_ type: T.Type, planID: String, key: String) async throws -> Stored<T>? {
        let sql = database as! any SQLDatabase
        guard let row = try await sql.select().column("id").column("body").column("revision").from(Self.records)
            .where("plan_id", .equal, SQLBind(planID)).where("kind", .equal, SQLBind(T.kind))
            .where("natural_key", .equal, SQLBind(key)).first(decoding: Row.self) else { return nil }
        return Stored(value: try Self.decode(T.self, row.body), revision: row.revision)
    }

    public func records<T: RunningDocument>(_ type: T.Type, planID: String, owner: String?, state: String?) async throws -> [Stored<T>] {
        let sql = database as! any SQLDatabase
        var query = sql.select().column("id").column("body").column("revision").from(Self.records)
            .where("plan_id", .equal, SQLBind(planID)).where("kind", .equal, SQLBind(T.kind))
        if let owner { query = query.where("owner", .equal, SQLBind(owner)) }
        if let state { query = query.where("state", .equal, SQLBind(state)) }
        return try await query.orderBy("sort_date").orderBy("natural_key").all(decoding: Row.self).map {
            Stored(value: try Self.decode(T.self, $0.body), revision: $0.revision)
        }
    }

    public func history<T: RunningDocument>(_ type: T.Type, planID: String, key: String) async throws -> [RunningChange] {
        let sql = database as! any SQLDatabase
        return try await sql.select().column(SQLColumn("revision", table: Self.history)).column(SQLColumn("action", table: Self.history))
            .column(SQLColumn("actor", table: Self.history)).column(SQLColumn("at", table: Self.history))
            .column(SQLColumn("body", table: Self.history))
            .from(Self.history)
            .join(SQLIdentifier(Self.records), method: SQLJoinMethod.inner,
                  on: SQLColumn("id", table: Self.records), .equal, SQLColumn("record_id", table: Self.history))
            .where(SQLColumn("plan_id", table: Self.records), .equal, SQLBind(planID))
            .where(SQLColumn("kind", table: Self.records), .equal, SQLBind(T.kind))
            .where(SQLColumn("natural_key", table: Self.records), .equal, SQLBind(key))
            .orderBy(SQLColumn("revision", table: Self.history)).all(decoding: Change.self)
            .map { RunningChange(revision: $0.revision, action: $0.action, actor: $0.actor, at: $0.at, body: $0.body) }
    }
}
