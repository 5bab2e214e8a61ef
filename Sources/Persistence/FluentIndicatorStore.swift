import Domain
import Fluent
import Foundation
import SQLKit

final class ObservationRecord: Model, @unchecked Sendable {
    static let schema = "observations"
    @ID(key: .id) var id: UUID?
    /// Not a foreign key: replacing a programme's plan must never take its data with it.
    @Field(key: "plan_id") var planID: String
    @Field(key: "indicator") var indicator: String
    @Field(key: "region_id") var regionID: UUID
    @Field(key: "period") var period: String
    @Field(key: "period_year") var periodYear: Int
    @Field(key: "period_kind") var periodKind: String
    @Field(key: "value") var value: Double
    @OptionalField(key: "numerator") var numerator: Double?
    @OptionalField(key: "denominator") var denominator: Double?
    @OptionalField(key: "source_unit") var sourceUnit: String?
    @OptionalField(key: "note") var note: String?
    @OptionalField(key: "evidence_sha256") var evidenceSHA256: String?
    @OptionalField(key: "evidence_name") var evidenceName: String?
    @OptionalField(key: "evidence_size") var evidenceSize: Int?
    @OptionalField(key: "ci_low") var ciLow: Double?
    @OptionalField(key: "ci_high") var ciHigh: Double?
    @OptionalField(key: "ci_method") var ciMethod: String?
    @Field(key: "state") var state: String
    @Field(key: "warnings_json") var warningsJSON: String
    @Field(key: "revision") var revision: Int
    @Field(key: "updated_by") var updatedBy: String
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    func observation() throws -> Observation {
        guard let period = Period(parsing: period) else { throw PlanStoreError.corruptValue("observations.period", period) }
        let evidence = evidenceSHA256.map { EvidenceRef(sha256: $0, fileName: evidenceName ?? $0, size: evidenceSize ?? 0) }
        let interval = ciLow.flatMap { low in ciHigh.map { ObservationInterval(low: low, high: $0, method: ciMethod ?? "") } }
        return Observation(id: id!, planID: planID, indicator: indicator, regionID: regionID, period: period, value: value,
                           numerator: numerator, denominator: denominator, sourceUnit: sourceUnit, note: note,
                           evidence: evidence, interval: interval, state: try decodeEnum(ReviewState.self, state),
                           warnings: (try? JSONDecoder().decode([String].self, from: Data(warningsJSON.utf8))) ?? [],
                           revision: revision, updatedBy: updatedBy, updatedAt: updatedAt)
    }

    var key: ObservationKey? {
        Period(parsing: period).map { ObservationKey(indicator: indicator, regionID: regionID, period: $0) }
    }
}

final class ObservationRevisionRecord: Model, @unchecked Sendable {
    static let schema = "observation_revisions"
    @ID(key: .id) var id: UUID?
    @Field(key: "observation_id") var observationID: UUID
    @Field(key: "revision") var revision: Int
    @Field(key: "action") var action: String
    @Field(key: "value") var value: Double
    @OptionalField(key: "numerator") var numerator: Double?
    @OptionalField(key: "denominator") var denominator: Double?
    @Field(key: "state") var state: String
    @OptionalField(key: "note") var note: String?
    @Field(key: "actor") var actor: String
    @Field(key: "at") var at: Date

    init() {}

    convenience init(_ o: ObservationRecord, action: ObservationRevision.Action, note: String?) {
        self.init()
        id = UUID(); observationID = o.id!; revision = o.revision; self.action = action.rawValue; value = o.value
        numerator = o.numerator; denominator = o.denominator; state = o.state; self.note = note
        actor = o.updatedBy; at = o.updatedAt
    }
}

final class ReferenceValueRecord: Model, @unchecked Sendable {
    static let schema = "reference_values"
    @ID(key: .id) var id: UUID?
    @Field(key: "plan_id") var planID: String
    @Field(key: "indicator") var indicator: String
    @Field(key: "kind") var kind: String
    @Field(key: "year") var year: Int
    @Field(key: "value") var value: Double
    @OptionalField(key: "source") var source: String?
    @Field(key: "updated_by") var updatedBy: String
    @Field(key: "updated_at") var updatedAt: Date

    init() {}
}

final class IndicatorSettingsRecord: Model, @unchecked Sendable {
    static let schema = "indicator_settings"
    @ID(custom: "plan_id", generatedBy: .user) var id: String?
    @Field(key: "settings_json") var settingsJSON: String
    @Field(key: "updated_by") var updatedBy: String
    @Field(key: "updated_at") var updatedAt: Date

    init() {}
}

/// Files kept as evidence, once per content. In the database rather than on disk, so a figure and its
/// evidence are written in one transaction and a backup of the database is a backup of everything.
final class EvidenceFileRecord: Model, @unchecked Sendable {
    static let schema = "evidence_files"
    @ID(custom: "sha256", generatedBy: .user) var id: String?
    @Field(key: "content") var content: Data
    @Field(key: "size") var size: Int
    @Field(key: "file_name") var fileName: String
    @OptionalField(key: "content_type") var contentType: String?
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

public struct FluentIndicatorStore: IndicatorStore {
    let database: any Database

    /// Stamps changes with its time.
    let clock: Clock

    public init(database: any Database, clock: Clock = .system) { self.database = database; self.clock = clock }

    // MARK: Settings

    public func settings(planID: String) async throws -> ProgrammeSettings {
        guard let record = try await IndicatorSettingsRecord.find(planID, on: database) else { return ProgrammeSettings() }
        return try JSONDecoder().decode(ProgrammeSettings.self, from: Data(record.settingsJSON.utf8))
    }

    public func saveSettings(_ settings: ProgrammeSettings, planID: String, by actor: String) async throws {
        let json = String(decoding: try JSONEncoder().encode(settings), as: UTF8.self)
        // The change and its audit entry in one transaction, like every other change.
        try await database.transaction { tx in
            let record = try await IndicatorSettingsRecord.find(planID, on: tx) ?? {
                let r = IndicatorSettingsRecord(); r.id = planID; return r
            }()
            let before = record.$settingsJSON.value ?? ""
            record.settingsJSON = json; record.updatedBy = actor; record.updatedAt = clock.now()
            try await record.save(on: tx)
            try await FluentAuditStore(database: tx).record(AuditEntry(
                actor: actor, actorID: nil, action: "indicator-settings.update", entity: "indicator-settings", entityID: planID,
                planID: planID, before: before.isEmpty ? nil : before, after: json))
        }
    }

    // MARK: Observations

    public func observations(planID: String, indicator: String?, regionIDs: [UUID]?, state: ReviewState?) async throws -> [Observation] {
        let query = ObservationRecord.query(on: database).filter(\.$planID == planID)
        if let indicator { query.filter(\.$indicator == indicator) }
        if let state { query.filter(\.$state == state.rawValue) }
        if let regionIDs { query.filter(\.$regionID ~~ regionIDs) }
        return try await query.sort(\.$indicator).sort(\.$periodYear).sort(\.$period).all().map { try $0.observation() }
    }

    public func observation(id: UUID) async throws -> Observation? {
        try await ObservationRecord.find(id, on: database)?.observation()
    }

    public func annualValues(planID: String) async throws -> [String: [UUID: [Int: Double]]] {
        struct Row: Decodable { var indicator: String; var region_id: UUID; var period_year: Int; var value: Double }
        let sql = database as! any SQLDatabase
        // Drafts and returned figures are not the unit's word yet: verdicts use submitted and approved ones.
        let rows = try await sql.select().column("indicator").column("region_id").column("period_year").column("value")
            .from(ObservationRecord.schema)
            .where("plan_id", .equal, planID).where("period_kind", .equal, Period.Kind.year.rawValue)
            .where("state", .in, [ReviewState.submitted.rawValue, ReviewState.approved.rawValue])
            .all(decoding: Row.self)
        var values: [String: [UUID: [Int: Double]]] = [:]
        for row in rows { values[row.indicator, default: [:]][row.region_id, default: [:]][row.period_year] = row.value }
        return values
    }

    public func states(planID: String) async throws -> [ObservationKey: ReviewState] {
        struct Row: Decodable { var indicator: String; var region_id: UUID; var period: String; var state: String }
        let sql = database as! any SQLDatabase
        let rows = try await sql.select().column("indicator").column("region_id").column("period").column("state")
            .from(ObservationRecord.schema).where("plan_id", .equal, planID).all(decoding: Row.self)
        var states: [ObservationKey: ReviewState] = [:]
        for row in rows {
            guard let period = Period(parsing: row.period), let state = ReviewState(rawValue: row.state) else { continue }
            states[ObservationKey(indicator: row.indicator, regionID: row.region_id, period: period)] = state
        }
        return states
    }

    public func record(_ figures: [PreparedObservation], references: [ReferenceValue] = [], planID: String,
                       state: ReviewState, action: ObservationRevision.Action,
                       by actor: String) async throws -> RecordOutcome {
        try await database.transaction { tx in
            for reference in references {
                try await FluentIndicatorStore(database: tx, clock: clock).saveReference(reference, planID: planID, by: actor)
            }
            // Existing rows for the regions involved, in one query, to tell updates from inserts.
            let regionIDs = Array(Set(figures.map(\.key.regionID)))
            var existing: [ObservationKey: ObservationRecord] = [:]
            for chunk in regionIDs.chunked(500) {
                for record in try await ObservationRecord.query(on: tx).filter(\.$planID == planID)
                    .filter(\.$regionID ~~ chunk).all() {
                    if let key = record.key { existing[key] = record }
                }
            }
            let now = clock.now()
            var created: [ObservationRecord] = []
            var revisions: [ObservationRevisionRecord] = []
            var updated = 0
            for figure in figures {
                let record: ObservationRecord
                if let found = existing[figure.key] {
                    guard found.state != ReviewState.approved.rawValue else { throw IndicatorStoreError.locked(figure.key) }
                    record = found
                    record.revision += 1
                } else {
                    record = ObservationRecord()
                    record.id = UUID(); record.planID = planID; record.indicator = figure.key.indicator
                    record.regionID = figure.key.regionID; record.period = figure.key.period.description
                    record.periodYear = figure.key.period.year; record.periodKind = figure.key.period.kind.rawValue
                    record.revision = 1
                }
                record.value = figure.value; record.numerator = figure.numerator; record.denominator = figure.denominator
                record.ciLow = figure.interval?.low; record.ciHigh = figure.interval?.high; record.ciMethod = figure.interval?.method
                record.sourceUnit = figure.sourceUnit ?? record.sourceUnit
                record.note = figure.note ?? record.note
                if let evidence = figure.evidence {
                    record.evidenceSHA256 = evidence.sha256; record.evidenceName = evidence.fileName; record.evidenceSize = evidence.size
                }
                record.state = state.rawValue
                record.warningsJSON = String(decoding: try JSONEncoder().encode(figure.warnings), as: UTF8.self)
                record.updatedBy = actor; record.updatedAt = now
                if existing[figure.key] != nil {
                    try await record.update(on: tx)
                    updated += 1
                    revisions.append(ObservationRevisionRecord(record, action: action == .created ? .edited : action, note: figure.note))
                } else {
                    created.append(record)
                    revisions.append(ObservationRevisionRecord(record, action: action, note: figure.note))
                }
            }
            // Bounded batches: SQLite and PostgreSQL cap the parameters of one statement.
            for chunk in created.chunked(1000) { try await chunk.create(on: tx) }
            for chunk in revisions.chunked(2000) { try await chunk.create(on: tx) }
            return RecordOutcome(created: created.count, updated: updated)
        }
    }

    public func transition(_ ids: [UUID], planID: String, to state: ReviewState, action: ObservationRevision.Action,
                           note: String?, by actor: String) async throws -> [Observation] {
        try await database.transaction { tx in
            let records = try await ObservationRecord.query(on: tx).filter(\.$planID == planID).filter(\.$id ~~ ids).all()
            if let missing = ids.first(where: { id in !records.contains { $0.id == id } }) {
                throw IndicatorStoreError.notFound(missing)
            }
            let now = clock.now()
            var revisions: [ObservationRevisionRecord] = []
            for record in records {
                record.state = state.rawValue; record.revision += 1; record.updatedBy = actor; record.updatedAt = now
                try await record.update(on: tx)
                revisions.append(ObservationRevisionRecord(record, action: action, note: note))
            }
            for chunk in revisions.chunked(2000) { try await chunk.create(on: tx) }
            return try records.map { try $0.observation() }
        }
    }

    public func history(observationID: UUID) async throws -> [ObservationRevision] {
        try await ObservationRevisionRecord.query(on: database).filter(\.$observationID == observationID)
            .sort(\.$revision).all().map {
                ObservationRevision(revision: $0.revision, action: try decodeEnum(ObservationRevision.Action.self, $0.action),
                                    value: $0.value, numerator: $0.numerator, denominator: $0.denominator,
                                    state: try decodeEnum(ReviewState.self, $0.state), note: $0.note, actor: $0.actor, at: $0.at)
            }
    }

    // MARK: References

    public func references(planID: String) async throws -> [ReferenceValue] {
        let own = try await ReferenceValueRecord.query(on: database).filter(\.$planID == planID)
            .sort(\.$indicator).sort(\.$year).all().map {
                ReferenceValue(indicator: $0.indicator, kind: try decodeEnum(TargetExpression.ReferenceKind.self, $0.kind),
                               year: $0.year, value: $0.value, source: $0.source)
            }
        // The programme's own figure wins over a shipped national one for the same year.
        let ownKeys = Set(own.map { "\($0.indicator)|\($0.kind.rawValue)|\($0.year)" })
        return ReferenceValue.national.filter { !ownKeys.contains("\($0.indicator)|\($0.kind.rawValue)|\($0.year)") } + own
    }

    public func saveReference(_ value: ReferenceValue, planID: String, by actor: String) async throws {
        try await database.transaction { tx in // nested inside `record`'s transaction, Fluent reuses it
            let record = try await ReferenceValueRecord.query(on: tx).filter(\.$planID == planID)
                .filter(\.$indicator == value.indicator).filter(\.$kind == value.kind.rawValue)
                .filter(\.$year == value.year).first() ?? ReferenceValueRecord()
            if record.id == nil {
                record.id = UUID(); record.planID = planID; record.indicator = value.indicator
                record.kind = value.kind.rawValue; record.year = value.year
            }
            record.value = value.value; record.source = value.source; record.updatedBy = actor; record.updatedAt = clock.now()
            try await record.save(on: tx)
        }
    }

    public func deleteReference(indicator: String, kind: TargetExpression.ReferenceKind, year: Int, planID: String) async throws {
        try await ReferenceValueRecord.query(on: database).filter(\.$planID == planID).filter(\.$indicator == indicator)
            .filter(\.$kind == kind.rawValue).filter(\.$year == year).delete()
    }

    // MARK: Evidence

    public func storeEvidence(_ data: Data, sha256 digest: String, fileName: String, contentType: String?) async throws -> EvidenceRef {
        if try await EvidenceFileRecord.find(digest, on: database) == nil {
            let record = EvidenceFileRecord()
            record.id = digest; record.content = data; record.size = data.count; record.fileName = fileName
            record.contentType = contentType; record.createdAt = clock.now()
            do { try await record.create(on: database) } catch {
                // Two uploads of the same file at once: the other one stored it.
                guard try await EvidenceFileRecord.find(digest, on: database) != nil else { throw error }
            }
        }
        return EvidenceRef(sha256: digest, fileName: fileName, size: data.count)
    }

    public func evidence(sha256: String) async throws -> (data: Data, contentType: String?)? {
        guard let record = try await EvidenceFileRecord.find(sha256, on: database) else { return nil }
        return (record.content, record.contentType)
    }
}

extension Array {
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
