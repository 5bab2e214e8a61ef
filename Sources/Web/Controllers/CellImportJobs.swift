import Core
import Domain
import Foundation
import Persistence
import Vapor

/// Register imports running in the background so the browser can show a progress bar: a county's
/// 100,000 households take a while, and a request that waits that long is a request that times out.
/// Each job is a row (`JobStore`), so any server shows its progress, and one cut off by a crash or a restart is
/// shown as failed, with an entry in the audit log, once it has been silent for `BackgroundJob.staleAfter`.
struct CellImportJobs: Sendable {
    static let kind = "cells-import"

    /// What the job page and its progress poll show.
    struct Job: Sendable, Codable {
        enum State: String, Sendable, Codable { case running, done, failed }
        var id: UUID
        var planID: String
        var fileName: String
        var startedBy: String
        var startedAt: Date
        var state: State = .running
        var rows = 0
        var fraction = 0.0
        var result: CellImportResult?
        var problems: [String] = []

        init(_ job: BackgroundJob) {
            id = job.id; planID = job.planID ?? ""; fileName = job.fileName; startedBy = job.startedBy; startedAt = job.startedAt
            state = State(rawValue: job.state.rawValue) ?? .failed
            rows = job.rows; fraction = job.fraction; problems = job.problems
            result = job.result.flatMap { try? JSONDecoder().decode(CellImportResult.self, from: Data($0.utf8)) }
        }
    }

    let store: any JobStore
    let clock: @Sendable () -> Date

    func start(_ job: BackgroundJob) async throws { try await store.create(job) }

    /// The job, after failing any job that has gone silent (its server stopped).
    func job(_ id: UUID) async throws -> Job? {
        _ = try await store.failSilent(before: clock().addingTimeInterval(-BackgroundJob.staleAfter),
                                       reason: BackgroundJob.interruptedReason, at: clock())
        return try await store.job(id: id).map(Job.init)
    }

    func progress(_ id: UUID, rows: Int, fraction: Double) async throws {
        try await store.progress(id: id, rows: rows, fraction: fraction, at: clock())
    }

    func finish(_ id: UUID, result: CellImportResult) async throws {
        let json = String(decoding: try JSONEncoder().encode(result), as: UTF8.self)
        try await store.finish(id: id, rows: result.rows, result: json, at: clock())
    }

    func fail(_ id: UUID, problems: [String]) async throws {
        try await store.fail(id: id, problems: problems, at: clock())
    }
}

extension Application {
    /// Register imports, as rows in the database shared by every server.
    var cellImportJobs: CellImportJobs {
        let clock = self.clock
        return CellImportJobs(store: appCore.jobs, clock: { clock() })
    }

    private struct ScoreSheetsKey: StorageKey { typealias Value = ScoreSheetLibrary }

    /// The score sheets (standards/*.yaml), loaded once at start.
    public var scoreSheets: ScoreSheetLibrary? {
        get { storage[ScoreSheetsKey.self] }
        set { storage[ScoreSheetsKey.self] = newValue }
    }
}
