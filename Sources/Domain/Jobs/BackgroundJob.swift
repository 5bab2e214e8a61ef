import Foundation

/// Work that runs after its request has been answered — a register import of 100,000 households — kept as a
/// row, so its progress is seen from any server and a job cut off by a crash is known afterwards as failed.
public struct BackgroundJob: Codable, Sendable, Equatable {
    public enum State: String, Codable, Sendable { case running, done, failed }

    public var id: UUID
    /// What kind of work: `cells-import`.
    public var kind: String
    public var planID: String?
    public var fileName: String
    public var startedBy: String
    public var startedByID: UUID?
    public var startedAt: Date
    public var state: State
    public var rows: Int
    public var fraction: Double
    /// The finished job's outcome as JSON, read by whoever shows it.
    public var result: String?
    public var problems: [String]
    /// When the job last said it was alive; a running job silent for `staleAfter` has been cut off.
    public var heartbeatAt: Date

    public init(id: UUID = UUID(), kind: String, planID: String?, fileName: String, startedBy: String, startedByID: UUID?,
                startedAt: Date) {
        self.id = id; self.kind = kind; self.planID = planID; self.fileName = fileName; self.startedBy = startedBy
        self.startedByID = startedByID; self.startedAt = startedAt; state = .running; rows = 0; fraction = 0; result = nil
        problems = []; heartbeatAt = startedAt
    }

    /// A running job beats at least this often (`heartbeatInterval`); one silent for longer was cut off.
    public static let heartbeatInterval: TimeInterval = 10
    public static let staleAfter: TimeInterval = 120
    /// Why a job cut off by a stopped server failed: imports are whole or nothing, so nothing of it was kept.
    public static let interruptedReason = "服务器在导入过程中停止，导入未完成，未做任何更改；请重新导入"
}

public protocol JobStore: Sendable {
    func create(_ job: BackgroundJob) async throws
    func job(id: UUID) async throws -> BackgroundJob?
    /// Progress, and a heartbeat.
    func progress(id: UUID, rows: Int, fraction: Double, at: Date) async throws
    func finish(id: UUID, rows: Int, result: String, at: Date) async throws
    func fail(id: UUID, problems: [String], at: Date) async throws
    /// Running jobs silent since `before` are marked failed with `reason`, each with an audit entry in the same
    /// transaction; returns them.
    func failSilent(before: Date, reason: String, at: Date) async throws -> [BackgroundJob]
}
