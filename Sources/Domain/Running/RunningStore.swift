import Foundation

/// A record of running a programme (a monthly report, an inspection, a problem, an activity …) as the store
/// keeps it: the whole value as JSON, with the few fields pages filter and sort by alongside.
public protocol RunningDocument: Codable, Sendable, Equatable {
    /// The table's name for this kind of record ("monthly-report", "inspection" …).
    static var kind: String { get }
    var planID: String { get }
    /// Unique within the programme and kind: what makes two records the same record.
    var naturalKey: String { get }
    /// The unit (or other owner) the record belongs to, for filtering; nil when it has none.
    var owner: String? { get }
    /// The state shown in lists, for filtering.
    var stateKey: String { get }
    /// The date lists sort by (ISO), nil when it has none.
    var sortDate: String? { get }
}

/// One change of a running record, for its history and the programme's audit log.
public struct RunningChange: Codable, Sendable, Equatable {
    public var revision: Int
    /// What was done, in the audit log's vocabulary ("report.submit", "problem.close" …).
    public var action: String
    public var actor: String
    public var at: Date
    /// The record after the change, as JSON.
    public var body: String

    public init(revision: Int, action: String, actor: String, at: Date, body: String) {
        self.revision = revision; self.action = action; self.actor = actor; self.at = at; self.body = body
    }
}

public enum RunningStoreError: Error, Equatable, CustomStringConvertible {
    /// Someone else saved the record since it was read: who and when, where known.
    case stale(kind: String, key: String, by: String? = nil, at: Date? = nil)
    case duplicate(kind: String, key: String)

    public var description: String {
        switch self {
        case .stale(_, _, let by, let at): EditConflict(updatedBy: by, updatedAt: at).description
        case .duplicate: "已有同样的记录"
        }
    }
}

/// A stored running record with its revision (for optimistic concurrency).
public struct Stored<Value: RunningDocument>: Sendable, Equatable {
    public var value: Value
    public var revision: Int

    public init(value: Value, revision: Int) { self.value = value; self.revision = revision }
}

/// Where the records of running a programme are kept. Every write is one transaction with its history entry and
/// its audit-log entry.
public protocol RunningStore: Sendable {
    /// Saves a record: `expectedRevision` 0 creates it (refused if the key exists), otherwise it must be the revision
    /// read, or the save is refused as stale. Returns the new revision.
    @discardableResult
    func save<T: RunningDocument>(_ value: T, expectedRevision: Int, action: String, actor: String, actorID: UUID?) async throws -> Int
    /// Several records at once, all or none (e.g. an inspection with its problems).
    func saveAll<T: RunningDocument>(_ values: [(value: T, expectedRevision: Int)], action: String, actor: String, actorID: UUID?) async throws
    func record<T: RunningDocument>(_ type: T.Type, planID: String, key: String) async throws -> Stored<T>?
    /// The programme's records of a kind, optionally only one owner's or in one state, sorted by date then key.
    func records<T: RunningDocument>(_ type: T.Type, planID: String, owner: String?, state: String?) async throws -> [Stored<T>]
    func history<T: RunningDocument>(_ type: T.Type, planID: String, key: String) async throws -> [RunningChange]
}

extension RunningStore {
    public func records<T: RunningDocument>(_ type: T.Type, planID: String) async throws -> [Stored<T>] {
        try await records(type, planID: planID, owner: nil, state: nil)
    }
}

extension MonthlyReport: RunningDocument {
    public static var kind: String { "monthly-report" }
    public var naturalKey: String { "\(unit)|\(month)" }
    public var owner: String? { unit }
    public var stateKey: String { state.rawValue }
    public var sortDate: String? { month.firstDay.iso }
}

extension Inspection: RunningDocument {
    public static var kind: String { "inspection" }
    public var naturalKey: String { id.uuidString.lowercased() }
    public var owner: String? { nil }
    public var stateKey: String { "" }
    public var sortDate: String? { date.iso }
}

extension InspectionProblem: RunningDocument {
    public static var kind: String { "problem" }
    public var naturalKey: String { id.uuidString.lowercased() }
    public var owner: String? { unit }
    public var stateKey: String { state.rawValue }
    public var sortDate: String? { deadline.iso }
}

extension Activity: RunningDocument {
    public static var kind: String { "activity" }
    public var naturalKey: String { id.uuidString.lowercased() }
    public var owner: String? { organisers.first }
    public var stateKey: String { kind.rawValue }
    public var sortDate: String? { date.iso }
}

extension TaskAssignment: RunningDocument {
    public static var kind: String { "task-assignment" }
    public var naturalKey: String { subtaskID.map { "\(taskIndex).\($0)|\(unit)" } ?? "\(taskIndex)|\(unit)" }
    public var owner: String? { unit }
    public var stateKey: String { progress.rawValue }
    public var sortDate: String? { dueDate?.date.iso }
}

/// An evidence link of a programme, as the store keeps it.
public struct ProgrammeEvidenceLink: RunningDocument {
    public var planID: String
    public var link: EvidenceLink

    public init(planID: String, link: EvidenceLink) { self.planID = planID; self.link = link }

    public static var kind: String { "evidence-link" }
    /// The file and what it supports: linking the same file to the same thing twice is one link.
    public var naturalKey: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let target = (try? encoder.encode(link.target)).map { String(decoding: $0, as: UTF8.self) } ?? link.target.chineseDescription
        return "\(link.evidence.sha256)|\(target)"
    }
    public var owner: String? { link.target.kind.rawValue }
    public var stateKey: String { "" }
    public var sortDate: String? { nil }
}

extension PolicyReview: RunningDocument {
    public static var kind: String { "policy-review" }
    public var naturalKey: String { id.uuidString.lowercased() }
    public var owner: String? { draftingUnit }
    public var stateKey: String { stage.rawValue }
    public var sortDate: String? { registeredOn.iso }
}

extension ResponsibilityAgreement: RunningDocument {
    public static var kind: String { "agreement" }
    /// One agreement per unit.
    public var naturalKey: String { unit }
    public var owner: String? { unit }
    public var stateKey: String { "" }
    public var sortDate: String? { signedOn.iso }
}

extension BudgetLine: RunningDocument {
    public static var kind: String { "budget-line" }
    public var naturalKey: String { id.uuidString.lowercased() }
    public var owner: String? { unit }
    public var stateKey: String { status().rawValue }
    public var sortDate: String? { year.map { "\($0)-01-01" } }
}

/// The population a year's activities are measured against and the share to reach (每年直接受益人数达总人口的30%),
/// as the office sets it.
public struct BeneficiaryTarget: RunningDocument {
    public var planID: String
    public var year: Int
    public var population: Int
    public var targetPercent: Decimal

    public init(planID: String, year: Int, population: Int, targetPercent: Decimal) {
        self.planID = planID; self.year = year; self.population = population; self.targetPercent = targetPercent
    }

    public static var kind: String { "beneficiary-target" }
    public var naturalKey: String { String(year) }
    public var owner: String? { nil }
    public var stateKey: String { "" }
    public var sortDate: String? { "\(year)-01-01" }
}
