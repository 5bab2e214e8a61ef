import Domain
import Fluent
import Foundation
import SQLKit

final class BackgroundJobRecord: Model, @unchecked Sendable {
    static let schema = "background_jobs"
    @ID(key: .id) var id: UUID?
    @Field(key: "kind") var kind: String
    @OptionalField(key: "plan_id") var planID: String?
    @Field(key: "file_name") var fileName: String
    @Field(key: "started_by") var startedBy: String
    @OptionalField(key: "started_by_id") var startedByID: UUID?
    @Field(key: "started_at") var startedAt: Date
    @Field(key: "state") var state: String
    @Field(key: "rows") var rows: Int
    @Field(key: "fraction") var fraction: Double
    @OptionalField(key: "result_json") var result: String?
    @Field(key: "problems_json") var problemsJSON: String
    @Field(key: "heartbeat_at") var heartbeatAt: Date

    init() {}

    init(_ job: BackgroundJob) {
        id = job.id; kind = job.kind; planID = job.planID; fileName = job.fileName; startedBy = job.startedBy
        startedByID = job.startedByID; startedAt = job.startedAt; state = job.state.rawValue; rows = job.rows
        fraction = job.fraction; result = job.result; problemsJSON = Self.encode(job.problems); heartbeatAt = job.heartbeatAt
    }

    var job: BackgroundJob {
        var job = BackgroundJob(id: id ?? UUID(), kind: kind, planID: planID, fileName: fileName, startedBy: startedBy,
                                startedByID: startedByID, startedAt: startedAt)
        job.state = BackgroundJob.State(rawValue: state) ?? .failed
        job.rows = rows; job.fraction = fraction; job.result = result; job.heartbeatAt = heartbeatAt
        job.problems = (try? JSONDecoder().decode([String].self, from: Data(problemsJSON.utf8))) ?? []
        return job
    }

    static func encode(_ problems: [String]) -> String {
        String(decoding: (try? JSONEncoder().encode(problems)) ?? Data("[]".utf8), as: UTF8.self)
    }
}

public struct FluentJobStore: JobStore {
    let database: any Database

    public init(database: any Database) { self.database = database }

    public func create(_ job: BackgroundJob) async throws {
        try await BackgroundJobRecord(job).create(on: database)
    }

    public func job(id: UUID) async throws -> BackgroundJob? {
        try await BackgroundJobRecord.find(id, on: database)?.job
    }

    public func progress(id: UUID, rows: Int, fraction: Double, at: Date) async throws {
        // Only a running job moves: a late progress report never revives a finished or failed one.
        try await BackgroundJobRecord.query(on: database).filter(\.$id == id).filter(\.$state == BackgroundJob.State.running.rawValue)
            .set(\.$rows, to: rows).set(\.$fraction, to: fraction).set(\.$heartbeatAt, to: at).update()
    }

    public func finish(id: UUID, rows: Int, result: String, at: Date) async throws {
        try await BackgroundJobRecord.query(on: database).filter(\.$id == id)
            .set(\.$state, to: BackgroundJob.State.done.rawValue).set(\.$rows, to: rows).set(\.$fraction, to: 1)
            .set(\.$result, to: result).set(\.$heartbeatAt, to: at).update()
    }

    public func fail(id: UUID, problems: [String], at: Date) async throws {
        try await BackgroundJobRecord.query(on: database).filter(\.$id == id)
            .set(\.$state, to: BackgroundJob.State.failed.rawValue).set(\.$problemsJSON, to: BackgroundJobRecord.encode(problems))
            .set(\.$heartbeatAt, to: at).update()
    }

    public func failSilent(before: Date, reason: String, at: Date) async throws -> [BackgroundJob] {
        try await database.transaction { db in
            let silent = try await BackgroundJobRecord.query(on: db)
                .filter(\.$state == BackgroundJob.State.running.rawValue).filter(\.$heartbeatAt < before).all()
            var failed: [BackgroundJob] = []
            for record in silent {
                // Conditional on still running, so two servers doing this at once fail each job once.
                let changed = try await (db as! any SQLDatabase).update(BackgroundJobRecord.schema)
                    .set("state", to: BackgroundJob.State.failed.rawValue)
                    .set("problems_json", to: BackgroundJobRecord.encode([reason]))
                    .set("heartbeat_at", to: at)
                    .where("id", .equal, record.id)
                    .where("state", .equal, BackgroundJob.State.running.rawValue)
                    .returning("id").all()
                guard !changed.isEmpty else { continue }
                var job = record.job
                job.state = .failed; job.problems = [reason]
                failed.append(job)
                try await FluentAuditStore(database: db).record(AuditEntry(
                    at: at, actor: "系统", actorID: nil, action: "job.interrupted", entity: "job", entityID: job.id.uuidString,
                    planID: job.planID, before: AuditEntry.snapshot(["state": "running", "file": job.fileName, "startedBy": job.startedBy]),
                    after: AuditEntry.snapshot(["state": "failed", "reason": reason])))
            }
            return failed
        }
    }
}
