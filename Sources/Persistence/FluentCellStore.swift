import Domain
import Fluent
import Foundation
import SQLKit

/// The register of places for healthy cells, their history, assessments, and the counts per region that
/// coverage reads. Every change updates the counts of the place's region and all its ancestors in the
/// same transaction, so the coverage board never counts rows.
public struct FluentCellStore: CellStore {
    let database: any Database

    /// Stamps changes with its time.
    let clock: Clock

    public init(database: any Database, clock: Clock = .system) { self.database = database; self.clock = clock }

    // MARK: Places

    public func add(_ place: CellPlace, actor: String) async throws -> CellPlace {
        try await database.transaction { tx in
            let sql = tx as! any SQLDatabase
            guard try await RegionRecord.find(place.regionID, on: tx) != nil else {
                throw CellStoreError.notAllowed("地区不存在")
            }
            if try await Self.existing(sql, cell: place.cell, regionID: place.regionID, identity: place.identity) != nil {
                throw CellStoreError.notAllowed("该地区已登记同名（同编码）的\(CellKinds.name(of: place.cell))「\(place.identity)」")
            }
            try await Self.insert([place], on: sql)
            if place.status != .none {
                try await record([(place.id, nil, place.status, place.certifiedOn, "登记")], actor: actor, on: sql)
            }
            let chain = try await FluentRegionStore(database: tx).path(to: place.regionID).map(\.id)
            try await Self.apply([CountKey(regionID: place.regionID, cell: place.cell, subkind: place.subkind ?? ""): Self.weight(place)],
                                 chains: [place.regionID: chain], on: sql)
            return place
        }
    }

    public func place(id: UUID) async throws -> CellPlace? {
        let sql = database as! any SQLDatabase
        return try await sql.select().columns(PlaceRow.columns).from(Self.places).where("id", .equal, SQLBind(id))
            .first(decoding: PlaceRow.self)?.place
    }

    public func places(_ query: CellQuery) async throws -> (places: [CellPlace], total: Int) {
        if query.regionIDs?.isEmpty == true { return ([], 0) }
        let sql = database as! any SQLDatabase
        func filtered(_ select: SQLSelectBuilder) -> SQLSelectBuilder {
            var s = select.from(Self.places)
            if let cell = query.cell { s = s.where("cell", .equal, SQLBind(cell)) }
            if let status = query.status { s = s.where("status", .equal, SQLBind(status.rawValue)) }
            if let ids = query.regionIDs { s = s.where("region_id", .in, SQLGroupExpression(SQLList(ids.map { SQLBind($0) }))) }
            if let text = query.text?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
                let pattern = "%" + Self.escapeLike(text) + "%"
                let match: SQLQueryString = "(name LIKE \(bind: pattern) ESCAPE '\\' OR code LIKE \(bind: pattern) ESCAPE '\\')"
                s = s.where(match)
            }
            return s
        }
        struct Count: Decodable { var n: Int }
        let total = try await filtered(sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n"))
            .first(decoding: Count.self)?.n ?? 0
        let rows = try await filtered(sql.select().columns(PlaceRow.columns))
            .orderBy("region_id").orderBy("cell").orderBy("name")
            .limit(query.limit).offset(query.offset)
            .all(decoding: PlaceRow.self)
        return (rows.map(\.place), total)
    }

    public func history(of placeID: UUID) async throws -> [CellTransition] {
        let sql = database as! any SQLDatabase
        struct Row: Decodable {
            var from_status: String?; var to_status: String; var on_date: String?; var actor: String; var reason: String?; var at: Date
        }
        return try await sql.select().columns("from_status", "to_status", "on_date", "actor", "reason", "at")
            .from(Self.transitions).where("place_id", .equal, SQLBind(placeID)).orderBy("at").orderBy("seq")
            .all(decoding: Row.self)
            .map { CellTransition(from: $0.from_status.flatMap(CellStatus.init(rawValue:)), to: CellStatus(rawValue: $0.to_status) ?? .none,
                                  on: $0.on_date.flatMap(LocalDate.init(iso:)), actor: $0.actor, reason: $0.reason, at: $0.at) }
    }

    public func transition(_ placeID: UUID, to status: CellStatus, on date: LocalDate?, reason: String?, actor: String,
                           audit: CellAudit?) async throws -> CellPlace {
        try await database.transaction { tx in
            guard var place = try await FluentCellStore(database: tx, clock: clock).place(id: placeID) else { throw CellStoreError.notFound }
            guard place.status.nextSteps.contains(status) else {
                throw CellStoreError.notAllowed("「\(place.name)」当前为\(place.status.chineseName)，不能改为\(status.chineseName)"
                    + (status == .certified ? "：命名须由创建办确认通过的评审" : ""))
            }
            if status == .revoked && (reason ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
                throw CellStoreError.notAllowed("摘牌须写明原因")
            }
            let before = place
            try await change(&place, to: status, on: date, reason: reason, actor: actor, on: tx)
            if let audit {
                try await FluentAuditStore(database: tx).record(AuditEntry(
                    actor: actor, actorID: audit.actorID, action: "cells.transition", entity: "cell-place",
                    entityID: place.id.uuidString.lowercased(), planID: audit.planID,
                    before: AuditEntry.snapshot(before), after: AuditEntry.snapshot(place)))
            }
            return place
        }
    }

    /// Moves a place inside a transaction and keeps the counts; shared by transitions and decisions.
    func change(_ place: inout CellPlace, to status: CellStatus, on date: LocalDate?, reason: String?, actor: String,
                       on tx: any Database) async throws {
        let sql = tx as! any SQLDatabase
        let before = Self.weight(place)
        let from = place.status
        place.status = status
        if status == .certified { place.certifiedOn = date; place.revokedOn = nil }
        if status == .revoked { place.revokedOn = date }
        if status == .none || status == .applied { place.certifiedOn = nil }
        place.updatedAt = clock.now()
        try await sql.update(Self.places).set("status", to: SQLBind(status.rawValue))
            .set("certified_on", to: SQLBind(place.certifiedOn?.iso)).set("revoked_on", to: SQLBind(place.revokedOn?.iso))
            .set("updated_at", to: SQLBind(place.updatedAt)).where("id", .equal, SQLBind(place.id)).run()
        try await record([(place.id, from, status, date, reason)], actor: actor, on: sql)
        let delta = Self.weight(place) - before
        if !delta.isZero {
            let chain = try await FluentRegionStore(database: tx).path(to: place.regionID).map(\.id)
            try await Self.apply([CountKey(regionID: place.regionID, cell: place.cell, subkind: place.subkind ?? ""): delta],
                            chains: [place.regionID: chain], on: sql)
        }
    }

    public func update(_ changed: CellPlace, actor: String, expectedVersion: Double? = nil) async throws -> CellPlace {
        try await database.transaction { tx in
            let sql = tx as! any SQLDatabase
            // On PostgreSQL the row is locked first, so two saves from the same version cannot both pass the check.
            if sql.dialect.name == "postgresql" {
                try await sql.raw("SELECT id FROM \(ident: Self.places) WHERE id = \(bind: changed.id) FOR UPDATE").run()
            }
            guard let old = try await FluentCellStore(database: tx, clock: clock).place(id: changed.id) else { throw CellStoreError.notFound }
            if let expectedVersion, abs(old.updatedAt.timeIntervalSince1970 - expectedVersion) > 0.001 {
                throw CellStoreError.stale(updatedAt: old.updatedAt)
            }
            var place = old
            place.name = changed.name; place.code = changed.code; place.subkind = changed.subkind
            place.eligible = changed.eligible; place.contact = changed.contact; place.note = changed.note
            place.updatedAt = clock.now()
            if place.identity != old.identity,
               let other = try await Self.existing(sql, cell: place.cell, regionID: place.regionID, identity: place.identity),
               other != place.id {
                throw CellStoreError.notAllowed("该地区已登记同名（同编码）的场所「\(place.identity)」")
            }
            try await sql.update(Self.places).set("name", to: SQLBind(place.name)).set("code", to: SQLBind(place.code))
                .set("identity", to: SQLBind(place.identity)).set("subkind", to: SQLBind(place.subkind ?? ""))
                .set("eligible", to: SQLBind(place.eligible)).set("contact", to: SQLBind(place.contact))
                .set("note", to: SQLBind(place.note)).set("updated_at", to: SQLBind(place.updatedAt))
                .where("id", .equal, SQLBind(place.id)).run()
            var deltas: [CountKey: Weight] = [:]
            deltas[CountKey(regionID: old.regionID, cell: old.cell, subkind: old.subkind ?? ""), default: .zero] -= Self.weight(old)
            deltas[CountKey(regionID: place.regionID, cell: place.cell, subkind: place.subkind ?? ""), default: .zero] += Self.weight(place)
            let chain = try await FluentRegionStore(database: tx).path(to: place.regionID).map(\.id)
            try await Self.apply(deltas, chains: [place.regionID: chain], on: sql)
            return place
        }
    }

    public func counts(regionIDs: [UUID]) async throws -> [CellCount] {
        guard !regionIDs.isEmpty else { return [] }
        let sql = database as! any SQLDatabase
        struct Row: Decodable { var region_id: UUID; var cell: String; var subkind: String; var places: Int; var eligible: Int; var certified: Int }
        var result: [CellCount] = []
        // Bounded IN lists: a province board asks for a few thousand regions.
        for chunk in regionIDs.chunked(500) {
            let rows = try await sql.select().columns("region_id", "cell", "subkind", "places", "eligible", "certified")
                .from(Self.counts).where("region_id", .in, SQLGroupExpression(SQLList(chunk.map { SQLBind($0) })))
                .all(decoding: Row.self)
            result += rows.map { CellCount(regionID: $0.region_id, cell: $0.cell, subkind: $0.subkind.isEmpty ? nil : $0.subkind,
                                           places: $0.places, eligible: $0.eligible, certified: $0.certified) }
        }
        return result
    }

    // MARK: Import

    public func importRows(_ source: any RowSource, scope regionID: UUID?, extraTypes: [String: String], actor: String,
                           audit: CellAudit?, progress: @escaping @Sendable (Int) -> Void) async throws -> CellImportResult {
        let file = source.fileName
        guard let header = try source.next() else {
            throw InputRejected([InputIssue(SourceLocation(file: file), "文件为空")])
        }
        return try await database.transaction { tx in
            let sql = tx as! any SQLDatabase
            let all = try await RegionRecord.query(on: tx).all().map(FluentRegionStore.region)
            let everywhere = RegionLookup(all)
            let inScope = regionID.map { RegionLookup(FluentRegionStore.subtree(of: $0, in: all)) } ?? everywhere
            let reader = try CellRowReader(header: header, file: file, lookup: inScope, extraTypes: extraTypes,
                                           today: clock.today)
            var issues: [InputIssue] = []
            var moreIssues = 0
            var seen: [PlaceKey: Int] = [:]
            var batch: [CellRow] = []
            var result = CellImportResult()
            var deltas: [CountKey: Weight] = [:]

            func flush() async throws {
                defer { batch.removeAll(keepingCapacity: true) }
                guard issues.isEmpty, !batch.isEmpty else { return }
                let existing = try await Self.existing(sql, rows: batch)
                var inserts: [CellPlace] = []
                var history: [(UUID, CellStatus?, CellStatus, LocalDate?, String?)] = []
                for row in batch {
                    let key = CountKey(regionID: row.regionID, cell: row.cell, subkind: row.subkind ?? "")
                    if var old = existing[PlaceKey(cell: row.cell, regionID: row.regionID, identity: row.identity)] {
                        let before = old
                        old.subkind = row.subkind; old.eligible = row.eligible; old.status = row.status
                        old.certifiedOn = row.certifiedOn ?? (row.status == .certified || row.status == .revoked ? old.certifiedOn : nil)
                        old.contact = row.contact ?? old.contact
                        if old == before { result.unchanged += 1; continue }
                        old.updatedAt = clock.now()
                        try await sql.update(Self.places).set("subkind", to: SQLBind(old.subkind ?? ""))
                            .set("eligible", to: SQLBind(old.eligible)).set("status", to: SQLBind(old.status.rawValue))
                            .set("certified_on", to: SQLBind(old.certifiedOn?.iso)).set("contact", to: SQLBind(old.contact))
                            .set("updated_at", to: SQLBind(old.updatedAt)).where("id", .equal, SQLBind(old.id)).run()
                        if before.status != old.status { history.append((old.id, before.status, old.status, old.certifiedOn, "导入")) }
                        deltas[CountKey(regionID: before.regionID, cell: before.cell, subkind: before.subkind ?? ""), default: .zero] -= Self.weight(before)
                        deltas[key, default: .zero] += Self.weight(old)
                        result.updated += 1
                    } else {
                        let place = CellPlace(cell: row.cell, subkind: row.subkind, name: row.name, code: row.code,
                                              regionID: row.regionID, eligible: row.eligible, status: row.status,
                                              certifiedOn: row.certifiedOn, contact: row.contact)
                        inserts.append(place)
                        if place.status != .none { history.append((place.id, nil, place.status, place.certifiedOn, "导入")) }
                        deltas[key, default: .zero] += Self.weight(place)
                        result.added += 1
                    }
                }
                try await Self.insert(inserts, on: sql)
                try await record(history, actor: actor, on: sql)
            }

            while let row = try source.next() {
                result.rows += 1
                switch reader.read(row) {
                case .failure(let rejected):
                    if issues.count < 200 { issues += rejected.issues } else { moreIssues += rejected.issues.count }
                case .success(let checked):
                    let key = PlaceKey(cell: checked.cell, regionID: checked.regionID, identity: checked.identity)
                    if let first = seen[key] {
                        let message = "与第 \(first) 行是同一场所（同一地区、类型和\(checked.code == nil ? "名称" : "编码")）"
                        let column: CellRowReader.Column = checked.code == nil ? .name : .code
                        if issues.count < 200 {
                            issues.append(InputIssue(SourceLocation(file: file, line: row.line, column: reader.columns[column].map { $0 + 1 },
                                                                    field: FieldPath([.key(column.rawValue)])), message))
                        } else { moreIssues += 1 }
                        continue
                    }
                    seen[key] = row.line
                    batch.append(checked)
                    if batch.count >= Self.batchSize { try await flush() }
                }
                if result.rows % 5000 == 0 { progress(result.rows) }
            }
            try await flush()
            if result.rows == 0 { issues.append(InputIssue(SourceLocation(file: file), "文件只有表头，没有数据行")) }
            if moreIssues > 0 {
                issues.append(InputIssue(SourceLocation(file: file), "另有 \(moreIssues) 处错误未列出"))
            }
            // Any problem rolls the whole transaction back: nothing of a bad file is kept.
            if !issues.isEmpty { throw InputRejected(issues) }
            var chains: [UUID: [UUID]] = [:]
            for key in deltas.keys where chains[key.regionID] == nil { chains[key.regionID] = everywhere.chain(from: key.regionID) }
            try await Self.apply(deltas, chains: chains, on: sql)
            if let audit {
                struct Imported: Encodable { var file: String; var result: CellImportResult }
                try await FluentAuditStore(database: tx).record(AuditEntry(
                    actor: actor, actorID: audit.actorID, action: "cells.import", entity: "cell-register", entityID: file,
                    planID: audit.planID, before: nil, after: AuditEntry.snapshot(Imported(file: file, result: result))))
            }
            progress(result.rows)
            return result
        }
    }

    // MARK: Assessments

    public func saveAssessments(_ all: [CellAssessment]) async throws {
        try await database.transaction { tx in
          let sql = tx as! any SQLDatabase
          for a in all {
            guard let place = try await FluentCellStore(database: tx, clock: clock).place(id: a.placeID) else { throw CellStoreError.notFound }
            guard place.status.isAssessable else {
                throw CellStoreError.notAllowed("「\(place.name)」当前为\(place.status.chineseName)，不能评审"
                    + (place.status == .revoked ? "：已摘牌的场所须重新申报" : "：须先申报"))
            }
            // A new scoring replaces a proposal still waiting for the office.
            try await sql.update(Self.assessments).set("state", to: SQLBind(CellAssessment.State.rejected.rawValue))
                .set("note", to: SQLBind("已被新的评分取代"))
                .where("place_id", .equal, SQLBind(a.placeID)).where("state", .equal, SQLBind(CellAssessment.State.proposed.rawValue)).run()
            try await sql.insert(into: Self.assessments)
                .columns("id", "place_id", "region_id", "sheet_id", "assessor", "assessed_on", "entries_json", "result_json", "total",
                         "proposal", "reasons_json", "state", "decided_by", "decided_on", "note", "evidence_json", "created_at")
                .values(SQLBind(a.id), SQLBind(a.placeID), SQLBind(place.regionID), SQLBind(a.sheetID), SQLBind(a.assessor),
                        SQLBind(a.assessedOn.iso), SQLBind(a.entriesJSON), SQLBind(a.resultJSON), SQLBind(a.total),
                        SQLBind(a.proposal.rawValue), SQLBind(Self.json(a.reasons)), SQLBind(a.state.rawValue),
                        SQLBind(a.decidedBy), SQLBind(a.decidedOn?.iso), SQLBind(a.note), SQLBind(Self.json(a.evidence)),
                        SQLBind(a.createdAt))
                .run()
          }
        }
    }

    public func assessments(placeID: UUID) async throws -> [CellAssessment] {
        let sql = database as! any SQLDatabase
        return try await sql.select().columns(AssessmentRow.columns).from(Self.assessments)
            .where("place_id", .equal, SQLBind(placeID)).orderBy("created_at", .descending)
            .all(decoding: AssessmentRow.self).map(\.assessment)
    }

    public func assessment(id: UUID) async throws -> CellAssessment? {
        let sql = database as! any SQLDatabase
        return try await sql.select().columns(AssessmentRow.columns).from(Self.assessments)
            .where("id", .equal, SQLBind(id)).first(decoding: AssessmentRow.self)?.assessment
    }

    public func assessments(regionIDs: [UUID]?, state: CellAssessment.State?, limit: Int) async throws -> [CellAssessment] {
        if regionIDs?.isEmpty == true { return [] }
        let sql = database as! any SQLDatabase
        var select = sql.select().columns(AssessmentRow.columns).from(Self.assessments)
        if let regionIDs { select = select.where("region_id", .in, SQLGroupExpression(SQLList(regionIDs.map { SQLBind($0) }))) }
        if let state { select = select.where("state", .equal, SQLBind(state.rawValue)) }
        return try await select.orderBy("created_at", .descending).limit(limit).all(decoding: AssessmentRow.self).map(\.assessment)
    }

    public func decide(_ assessmentID: UUID, confirm: Bool, on date: LocalDate, note: String?, actor: String,
                       audit: CellAudit?) async throws -> CellAssessment {
        try await database.transaction { tx in
            let sql = tx as! any SQLDatabase
            let store = FluentCellStore(database: tx, clock: clock)
            guard var a = try await store.assessment(id: assessmentID) else { throw CellStoreError.notFound }
            guard a.state == .proposed else { throw CellStoreError.notAllowed("这次评审已\(a.state.chineseName)，不能再次确认") }
            if confirm && a.proposal == .incomplete { throw CellStoreError.notAllowed("评分表尚未评完，不能确认") }
            a.state = confirm ? .confirmed : .rejected
            a.decidedBy = actor; a.decidedOn = date; a.note = note ?? a.note
            try await sql.update(Self.assessments).set("state", to: SQLBind(a.state.rawValue)).set("decided_by", to: SQLBind(actor))
                .set("decided_on", to: SQLBind(date.iso)).set("note", to: SQLBind(a.note))
                .where("id", .equal, SQLBind(a.id)).run()
            if confirm && a.proposal == .pass, var place = try await store.place(id: a.placeID) {
                guard place.status.isAssessable else { throw CellStoreError.notAllowed("「\(place.name)」当前为\(place.status.chineseName)，不能命名") }
                let reason = place.status == .certified ? "复审通过（\(a.sheetID)，\(NumberText.format(a.total)) 分）"
                    : "评审通过（\(a.sheetID)，\(NumberText.format(a.total)) 分）"
                try await change(&place, to: .certified, on: date, reason: reason, actor: actor, on: tx)
            }
            if let audit {
                try await FluentAuditStore(database: tx).record(AuditEntry(
                    actor: actor, actorID: audit.actorID, action: "cells.decide", entity: "cell-assessment",
                    entityID: a.id.uuidString.lowercased(), planID: audit.planID, before: nil,
                    after: AuditEntry.snapshot(["decision": confirm ? "confirm" : "reject", "proposal": a.proposal.rawValue,
                                                "total": NumberText.format(a.total), "date": date.iso])))
            }
            return a
        }
    }

    // MARK: Rows and counts

    static let places = "cell_places"
    static let transitions = "cell_transitions"
    static let counts = "cell_counts"
    static let assessments = "cell_assessments"
    /// Rows per INSERT: 13 binds a row stays under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters.
    static let batchSize = 1000

    struct CountKey: Hashable { var regionID: UUID; var cell: String; var subkind: String }
    struct PlaceKey: Hashable { var cell: String; var regionID: UUID; var identity: String }

    struct Weight: Equatable {
        var places = 0, eligible = 0, certified = 0
        static let zero = Weight()
        var isZero: Bool { self == .zero }
        static func - (a: Weight, b: Weight) -> Weight {
            Weight(places: a.places - b.places, eligible: a.eligible - b.eligible, certified: a.certified - b.certified)
        }
        static func += (a: inout Weight, b: Weight) {
            a.places += b.places; a.eligible += b.eligible; a.certified += b.certified
        }
        static func -= (a: inout Weight, b: Weight) {
            a.places -= b.places; a.eligible -= b.eligible; a.certified -= b.certified
        }
    }

    static func weight(_ place: CellPlace) -> Weight {
        Weight(places: 1, eligible: place.eligible ? 1 : 0, certified: place.eligible && place.status == .certified ? 1 : 0)
    }

    /// Adds the deltas to the counts of each region and all its ancestors, creating rows as needed.
    static func apply(_ deltas: [CountKey: Weight], chains: [UUID: [UUID]], on sql: any SQLDatabase) async throws {
        var byRegion: [CountKey: Weight] = [:]
        for (key, delta) in deltas where !delta.isZero {
            for region in chains[key.regionID] ?? [key.regionID] {
                byRegion[CountKey(regionID: region, cell: key.cell, subkind: key.subkind), default: .zero] += delta
            }
        }
        let rows = Array(byRegion.filter { !$0.value.isZero })
        for chunk in rows.chunked(500) {
            var insert = sql.insert(into: counts).columns("region_id", "cell", "subkind", "places", "eligible", "certified")
            for (key, w) in chunk {
                insert = insert.values(SQLBind(key.regionID), SQLBind(key.cell), SQLBind(key.subkind), SQLBind(w.places),
                                       SQLBind(w.eligible), SQLBind(w.certified))
            }
            try await insert.onConflict(with: ["region_id", "cell", "subkind"]) { update in
                update.set("places", to: SQLRaw("\(counts).places + excluded.places"))
                    .set("eligible", to: SQLRaw("\(counts).eligible + excluded.eligible"))
                    .set("certified", to: SQLRaw("\(counts).certified + excluded.certified"))
            }.run()
        }
    }

    static func insert(_ places: [CellPlace], on sql: any SQLDatabase) async throws {
        for chunk in places.chunked(batchSize) {
            var insert = sql.insert(into: Self.places)
                .columns("id", "cell", "subkind", "name", "code", "identity", "region_id", "eligible", "status",
                         "certified_on", "revoked_on", "contact", "note", "updated_at")
            for p in chunk {
                insert = insert.values(SQLBind(p.id), SQLBind(p.cell), SQLBind(p.subkind ?? ""), SQLBind(p.name), SQLBind(p.code),
                                       SQLBind(p.identity), SQLBind(p.regionID), SQLBind(p.eligible), SQLBind(p.status.rawValue),
                                       SQLBind(p.certifiedOn?.iso), SQLBind(p.revokedOn?.iso), SQLBind(p.contact),
                                       SQLBind(p.note), SQLBind(p.updatedAt))
            }
            try await insert.run()
        }
    }

    func record(_ steps: [(UUID, CellStatus?, CellStatus, LocalDate?, String?)], actor: String,
                       on sql: any SQLDatabase) async throws {
        let now = clock.now()
        for (n, chunk) in steps.chunked(Self.batchSize).enumerated() {
            var insert = sql.insert(into: Self.transitions).columns("id", "place_id", "seq", "from_status", "to_status", "on_date",
                                                               "actor", "reason", "at")
            for (i, step) in chunk.enumerated() {
                insert = insert.values(SQLBind(UUID()), SQLBind(step.0), SQLBind(n * Self.batchSize + i), SQLBind(step.1?.rawValue),
                                       SQLBind(step.2.rawValue), SQLBind(step.3?.iso), SQLBind(actor), SQLBind(step.4), SQLBind(now))
            }
            try await insert.run()
        }
    }

    static func existing(_ sql: any SQLDatabase, cell: String, regionID: UUID, identity: String) async throws -> UUID? {
        struct Row: Decodable { var id: UUID }
        return try await sql.select().column("id").from(places).where("cell", .equal, SQLBind(cell))
            .where("region_id", .equal, SQLBind(regionID)).where("identity", .equal, SQLBind(identity))
            .first(decoding: Row.self)?.id
    }

    /// The stored places a batch of rows names. Regions whose counts say they hold no place yet are skipped
    /// (a first import of a county's households asks nothing); the rest are looked up by (region, identity)
    /// pairs, which walk the unique index once per pair. Two separate IN lists would let the engine try every
    /// region with every identity: a million probes per batch.
    static func existing(_ sql: any SQLDatabase, rows: [CellRow]) async throws -> [PlaceKey: CellPlace] {
        struct Occupied: Decodable { var region_id: UUID }
        let regions = Array(Set(rows.map(\.regionID)))
        let occupied = Set(try await sql.select().distinct().column("region_id").from(counts)
            .where("region_id", .in, SQLGroupExpression(SQLList(regions.map { SQLBind($0) })))
            .where("places", .greaterThan, SQLLiteral.numeric("0"))
            .all(decoding: Occupied.self).map(\.region_id))
        let wanted = rows.filter { occupied.contains($0.regionID) }
        guard !wanted.isEmpty else { return [:] }
        let pairs = SQLList(wanted.map { SQLGroupExpression([SQLBind($0.regionID), SQLBind($0.identity)] as [any SQLExpression]) })
        let found = try await sql.select().columns(PlaceRow.columns).from(places)
            .where(SQLGroupExpression([SQLColumn("region_id"), SQLColumn("identity")] as [any SQLExpression]), .in,
                   SQLGroupExpression(SQLList([SQLRaw("VALUES "), pairs] as [any SQLExpression], separator: SQLRaw(""))))
            .all(decoding: PlaceRow.self)
        var result: [PlaceKey: CellPlace] = [:]
        for row in found { let p = row.place; result[PlaceKey(cell: p.cell, regionID: p.regionID, identity: p.identity)] = p }
        return result
    }

    static func escapeLike(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }

    static func json<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? encoder.encode(value)).flatMap { String(data: $0, encoding: .utf8) } ?? "null"
    }

    struct PlaceRow: Decodable {
        static let columns = ["id", "cell", "subkind", "name", "code", "region_id", "eligible", "status", "certified_on",
                              "revoked_on", "contact", "note", "updated_at"]
        var id: UUID; var cell: String; var subkind: String; var name: String; var code: String?; var region_id: UUID
        var eligible: Bool; var status: String; var certified_on: String?; var revoked_on: String?; var contact: String?
        var note: String?; var updated_at: Date

        var place: CellPlace {
            CellPlace(id: id, cell: cell, subkind: subkind.isEmpty ? nil : subkind, name: name, code: code, regionID: region_id,
                      eligible: eligible, status: CellStatus(rawValue: status) ?? .none,
                      certifiedOn: certified_on.flatMap(LocalDate.init(iso:)), revokedOn: revoked_on.flatMap(LocalDate.init(iso:)),
                      contact: contact, note: note, updatedAt: updated_at)
        }
    }

    struct AssessmentRow: Decodable {
        static let columns = ["id", "place_id", "sheet_id", "assessor", "assessed_on", "entries_json", "result_json", "total",
                              "proposal", "reasons_json", "state", "decided_by", "decided_on", "note", "evidence_json", "created_at"]
        var id: UUID; var place_id: UUID; var sheet_id: String; var assessor: String; var assessed_on: String
        var entries_json: String; var result_json: String; var total: Double; var proposal: String; var reasons_json: String
        var state: String; var decided_by: String?; var decided_on: String?; var note: String?; var evidence_json: String
        var created_at: Date

        var assessment: CellAssessment {
            let decoder = JSONDecoder()
            return CellAssessment(
                id: id, placeID: place_id, sheetID: sheet_id, assessor: assessor,
                assessedOn: LocalDate(iso: assessed_on) ?? LocalDate(year: 2000, month: 1, day: 1)!,
                entriesJSON: entries_json, resultJSON: result_json, total: total,
                proposal: CellAssessment.Proposal(rawValue: proposal) ?? .incomplete,
                reasons: (try? decoder.decode([String].self, from: Data(reasons_json.utf8))) ?? [],
                state: CellAssessment.State(rawValue: state) ?? .proposed, decidedBy: decided_by,
                decidedOn: decided_on.flatMap(LocalDate.init(iso:)), note: note,
                evidence: (try? decoder.decode([String: [EvidenceRef]].self, from: Data(evidence_json.utf8))) ?? [:],
                createdAt: created_at)
        }
    }
}
