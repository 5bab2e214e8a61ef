import Domain
import Foundation
import Persistence
import Vapor

/// Register imports running in the background so the browser can show a progress bar: a county's
/// 100,000 households take a while, and a request that waits that long is a request that times out.
actor CellImportJobs {
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
    }

    private var jobs: [UUID: Job] = [:]

    func start(_ job: Job) { jobs[job.id] = job; trim() }
    func job(_ id: UUID) -> Job? { jobs[id] }

    func progress(_ id: UUID, rows: Int, fraction: Double) {
        jobs[id]?.rows = rows
        jobs[id]?.fraction = fraction
    }

    func finish(_ id: UUID, result: CellImportResult) {
        jobs[id]?.state = .done; jobs[id]?.result = result; jobs[id]?.fraction = 1; jobs[id]?.rows = result.rows
    }

    func fail(_ id: UUID, problems: [String]) {
        jobs[id]?.state = .failed; jobs[id]?.problems = problems
    }

    /// Finished jobs are kept for a day for their result page; running ones always.
    private func trim() {
        let old = Date().addingTimeInterval(-86_400)
        jobs = jobs.filter { $0.value.state == .running || $0.value.startedAt > old }
    }
}

extension Application {
    private struct CellImportJobsKey: StorageKey { typealias Value = CellImportJobs }

    var cellImportJobs: CellImportJobs {
        get {
            if let jobs = storage[CellImportJobsKey.self] { return jobs }
            let jobs = CellImportJobs()
            storage[CellImportJobsKey.self] = jobs
            return jobs
        }
        set { storage[CellImportJobsKey.self] = newValue }
    }

    private struct ScoreSheetsKey: StorageKey { typealias Value = ScoreSheetLibrary }

    /// The score sheets (standards/*.yaml), loaded once at start.
    public var scoreSheets: ScoreSheetLibrary? {
        get { storage[ScoreSheetsKey.self] }
        set { storage[ScoreSheetsKey.self] = newValue }
    }
}
