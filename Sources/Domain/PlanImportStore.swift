import Foundation

/// Where an uploaded plan document stands: being corrected, saved as a programme, or given up.
public enum PlanImportStatus: String, CaseIterable, Sendable, Codable {
    case draft, saved, discarded

    public var chineseName: String {
        switch self {
        case .draft: "草稿"
        case .saved: "已保存为方案"
        case .discarded: "已放弃"
        }
    }
}

/// One uploaded plan document and the draft made of it, private to the account that uploaded it.
public struct PlanImport: Sendable {
    public var id: UUID
    /// The account that uploaded the document.
    public var createdBy: UUID
    /// The programme the draft is meant for (an office's own), nil when it is to be a new one.
    public var targetPlanID: String?
    public var fileName: String
    public var format: DocumentFormat
    public var draft: PlanDraft
    /// Draft unit name → the stored unit name chosen for it ("" for none). Units not named here take
    /// the matcher's proposal.
    public var unitChoices: [String: String]
    public var status: PlanImportStatus
    public var savedPlanID: String?
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: UUID = UUID(), createdBy: UUID, targetPlanID: String?, draft: PlanDraft,
                unitChoices: [String: String] = [:], status: PlanImportStatus = .draft, savedPlanID: String? = nil,
                createdAt: Date = Clock.system.now(), updatedAt: Date? = nil) {
        self.id = id; self.createdBy = createdBy; self.targetPlanID = targetPlanID
        self.fileName = draft.document.fileName; self.format = draft.document.format; self.draft = draft
        self.unitChoices = unitChoices; self.status = status; self.savedPlanID = savedPlanID
        self.createdAt = createdAt; self.updatedAt = updatedAt ?? createdAt
    }
}

/// A line of the list of imports, without the draft itself (which may be large).
public struct PlanImportSummary: Equatable, Sendable, Codable {
    public var id: UUID
    public var createdBy: UUID
    public var targetPlanID: String?
    public var fileName: String
    public var format: DocumentFormat
    public var status: PlanImportStatus
    public var savedPlanID: String?
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: UUID, createdBy: UUID, targetPlanID: String?, fileName: String, format: DocumentFormat,
                status: PlanImportStatus, savedPlanID: String?, createdAt: Date, updatedAt: Date) {
        self.id = id; self.createdBy = createdBy; self.targetPlanID = targetPlanID; self.fileName = fileName
        self.format = format; self.status = status; self.savedPlanID = savedPlanID
        self.createdAt = createdAt; self.updatedAt = updatedAt
    }
}

/// Where import drafts are kept. Who may see a draft is decided by `AccessPolicy` (`editPlanImport`).
public protocol PlanImportStore: Sendable {
    func create(_ item: PlanImport) async throws
    func planImport(id: UUID) async throws -> PlanImport?
    /// Newest first; only those of `createdBy` when given, else everyone's.
    func imports(createdBy: UUID?) async throws -> [PlanImportSummary]
    /// Writes the draft, choices, status and saved programme of an existing import.
    func update(_ item: PlanImport) async throws
}
