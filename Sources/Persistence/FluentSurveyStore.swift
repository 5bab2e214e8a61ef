import Domain
import Fluent
import Foundation
import SQLKit

final class SurveyRecord: Model, @unchecked Sendable {
    static let schema = "surveys"
    @ID(key: .id) var id: UUID?
    /// Not a foreign key, like observations: replacing a programme's plan must never take its surveys with it.
    @Field(key: "plan_id") var planID: String
    @Field(key: "name") var name: String
    @Field(key: "questionnaire_id") var questionnaireID: String
    @Field(key: "year") var year: Int
    @Field(key: "layout") var layout: String
    @Field(key: "interval") var interval: String
    @Field(key: "singleton") var singleton: String
    @Field(key: "quotas_json") var quotasJSON: String
    @OptionalField(key: "totals_json") var totalsJSON: String?
    @Field(key: "status") var status: String
    @OptionalField(key: "note") var note: String?
    @Field(key: "created_by") var createdBy: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "published_at") var publishedAt: Date?

    init() {}

    func survey() throws -> Survey {
        let decoder = JSONDecoder()
        guard let layout = SurveyLayout(rawValue: layout) else { throw PlanStoreError.corruptValue("surveys.layout", layout) }
        guard let status = SurveyStatus(rawValue: status) else { throw PlanStoreError.corruptValue("surveys.status", status) }
        return Survey(id: id!, planID: planID, name: name, questionnaireID: questionnaireID, year: year, layout: layout,
                      interval: IntervalMethod(rawValue: interval) ?? .logit, singleton: singleton,
                      quotas: try decoder.decode([SurveyQuota].self, from: Data(quotasJSON.utf8)),
                      populationTotals: try totalsJSON.map { try decoder.decode(PopulationTotals.self, from: Data($0.utf8)) },
                      status: status, note: note, createdBy: createdBy, createdAt: createdAt, publishedAt: publishedAt)
    }

    func update(from s: Survey) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        planID = s.planID; name = s.name; questionnaireID = s.questionnaireID; year = s.year
        layout = s.layout.rawValue; interval = s.interval; singleton = s.singleton
        quotasJSON = String(decoding: try encoder.encode(s.quotas), as: UTF8.self)
        totalsJSON = try s.populationTotals.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
        status = s.status.rawValue; note = s.note; createdBy = s.createdBy; createdAt = s.createdAt; publishedAt = s.publishedAt
    }
}

final class SurveyResponseRecord: Model, @unchecked Sendable {
    static let schema = "survey_responses"
    @ID(key: .id) var id: UUID?
    @Field(key: "survey_id") var surveyID: UUID
    @Field(key: "respondent") var respondent: String
    @Field(key: "region_id") var regionID: UUID
    @OptionalField(key: "village") var village: String?
    @OptionalField(key: "weight") var weight: Double?
    @Field(key: "answers_json") var answersJSON: String
    @Field(key: "source") var source: String
    @OptionalField(key: "submission_key") var submissionKey: String?
    @Field(key: "entered_by") var enteredBy: String
    @Field(key: "entered_at") var enteredAt: Date

    init() {}

    convenience init(_ r: SurveyResponse) throws {
        self.init()
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        id = r.id; surveyID = r.surveyID; respondent = r.respondent; regionID = r.regionID; village = r.village
        weight = r.weight; answersJSON = String(decoding: try encoder.encode(r.answers), as: UTF8.self)
        source = r.source.rawValue; submissionKey = r.submissionKey; enteredBy = r.enteredBy; enteredAt = r.enteredAt
    }

    func response() throws -> SurveyResponse {
        SurveyResponse(id: id!, surveyID: surveyID, respondent: respondent, regionID: regionID, village: village, weight: weight,
                       answers: try JSONDecoder().decode([String: String].self, from: Data(answersJSON.utf8)),
                       source: ResponseSource(rawValue: source) ?? .file, submissionKey: submissionKey,
                       enteredBy: enteredBy, enteredAt: enteredAt)
    }
}

/// Surveys and their responses. A batch of responses goes in whole or not at all.
public struct FluentSurveyStore: SurveyStore {
    let database: any Database

    public init(database: any Database) { self.database = database }

    public func surveys(planID: String) async throws -> [Survey] {
        try await SurveyRecord.query(on: database).filter(\.$planID == planID).sort(\.$year, .descending)
            .sort(\.$createdAt, .descending).all().map { try $0.survey() }
    }

    public func survey(id: UUID) async throws -> Survey? {
        try await SurveyRecord.find(id, on: database)?.survey()
    }

    public func save(_ survey: Survey, by actor: SurveyActor) async throws {
        try await database.transaction { tx in
            let existing = try await SurveyRecord.find(survey.id, on: tx)
            let before = try existing?.survey()
            let record = existing ?? SurveyRecord()
            if existing == nil { record.id = survey.id }
            try record.update(from: survey)
            try await record.save(on: tx)
            try await FluentAuditStore(database: tx).record(AuditEntry(
                actor: actor.name, actorID: actor.id, action: existing == nil ? "survey.create" : "survey.update",
                entity: "survey", entityID: survey.id.uuidString.lowercased(), planID: survey.planID,
                before: before.flatMap(AuditEntry.snapshot), after: AuditEntry.snapshot(survey)))
        }
    }

    public func add(_ responses: [SurveyResponse], to surveyID: UUID, by actor: SurveyActor) async throws -> (added: Int, resent: Int) {
        try await database.transaction { tx in
            guard let survey = try await SurveyRecord.find(surveyID, on: tx)?.survey() else { throw SurveyStoreError.notFound(surveyID) }
            guard survey.status == .open else { throw SurveyStoreError.closed(survey.name) }
            let keys = responses.compactMap(\.submissionKey)
            var stored: Set<String> = []
            for chunk in keys.chunked(500) {
                for record in try await SurveyResponseRecord.query(on: tx).filter(\.$surveyID == surveyID)
                    .filter(\.$submissionKey ~~ chunk).all() {
                    if let key = record.submissionKey { stored.insert(key) }
                }
            }
            let fresh = responses.filter { $0.submissionKey.map { !stored.contains($0) } ?? true }
            var taken: [String] = []
            for chunk in fresh.map(\.respondent).chunked(500) {
                taken += try await SurveyResponseRecord.query(on: tx).filter(\.$surveyID == surveyID)
                    .filter(\.$respondent ~~ chunk).all().map(\.respondent)
            }
            var seen: Set<String> = []
            taken += fresh.map(\.respondent).filter { !seen.insert($0).inserted }
            if !taken.isEmpty { throw SurveyStoreError.duplicateRespondents(Array(Set(taken)).sorted()) }
            let records = try fresh.map { response in
                var response = response
                response.surveyID = surveyID
                return try SurveyResponseRecord(response)
            }
            // Bounded batches: SQLite and PostgreSQL cap the parameters of one statement.
            for chunk in records.chunked(500) { try await chunk.create(on: tx) }
            if fresh.contains(where: { $0.source == .file }) {
                struct Imported: Encodable { var responses: Int; var townships: Int }
                try await FluentAuditStore(database: tx).record(AuditEntry(
                    actor: actor.name, actorID: actor.id, action: "survey.import", entity: "survey",
                    entityID: surveyID.uuidString.lowercased(), planID: survey.planID, before: nil,
                    after: AuditEntry.snapshot(Imported(responses: fresh.count, townships: Set(fresh.map(\.regionID)).count))))
            }
            return (fresh.count, responses.count - fresh.count)
        }
    }

    public func responses(surveyID: UUID) async throws -> [SurveyResponse] {
        try await SurveyResponseRecord.query(on: database).filter(\.$surveyID == surveyID)
            .sort(\.$enteredAt).sort(\.$respondent).all().map { try $0.response() }
    }

    public func hasSubmission(key: String, surveyID: UUID) async throws -> Bool {
        try await SurveyResponseRecord.query(on: database).filter(\.$surveyID == surveyID)
            .filter(\.$submissionKey == key).count() > 0
    }

    public func respondents(surveyID: UUID) async throws -> Set<String> {
        let sql = database as! any SQLDatabase
        struct Row: Decodable { var respondent: String }
        return Set(try await sql.select().column("respondent").from(SurveyResponseRecord.schema)
            .where("survey_id", .equal, SQLBind(surveyID)).all(decoding: Row.self).map(\.respondent))
    }

    public func progress(surveyID: UUID) async throws -> [SurveyProgress] {
        let sql = database as! any SQLDatabase
        struct Row: Decodable { var region_id: UUID; var n: Int }
        return try await sql.select().column("region_id").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(SurveyResponseRecord.schema).where("survey_id", .equal, SQLBind(surveyID)).groupBy("region_id")
            .all(decoding: Row.self).map { SurveyProgress(regionID: $0.region_id, completed: $0.n) }
    }

    public func deleteResponse(id: UUID, surveyID: UUID, by actor: SurveyActor) async throws -> Bool {
        try await database.transaction { tx in
            guard let record = try await SurveyResponseRecord.query(on: tx).filter(\.$id == id)
                .filter(\.$surveyID == surveyID).first() else { return false }
            let response = try record.response()
            let planID = try await SurveyRecord.find(surveyID, on: tx)?.planID
            try await record.delete(on: tx)
            try await FluentAuditStore(database: tx).record(AuditEntry(
                actor: actor.name, actorID: actor.id, action: "survey.delete-response", entity: "survey-response",
                entityID: id.uuidString.lowercased(), planID: planID, before: AuditEntry.snapshot(response), after: nil))
            return true
        }
    }
}
