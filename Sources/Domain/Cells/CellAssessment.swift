import Foundation

/// One scoring of a place on a score sheet: the assessor's entries, the engine's result and proposal,
/// and the office's decision. Entries and result are kept as the scoring engine's JSON so a sheet can
/// change later without rewriting past assessments.
public struct CellAssessment: Codable, Sendable, Equatable, Identifiable {
    public enum State: String, Codable, Sendable, CaseIterable {
        /// scored; waits for the office
        case proposed
        /// the office agreed; a pass names the place
        case confirmed
        /// the office did not agree (or the place was scored again)
        case rejected

        public var chineseName: String {
            switch self {
            case .proposed: "待确认"
            case .confirmed: "已确认"
            case .rejected: "未采纳"
            }
        }
    }

    public enum Proposal: String, Codable, Sendable {
        case pass, fail, incomplete

        public var chineseName: String {
            switch self {
            case .pass: "建议通过"
            case .fail: "建议不通过"
            case .incomplete: "未评完"
            }
        }
    }

    public var id: UUID
    public var placeID: UUID
    public var sheetID: String
    public var assessor: String
    public var assessedOn: LocalDate
    /// The engine's input, item id → entry, as JSON.
    public var entriesJSON: String
    /// The engine's `ScoringResult` as JSON.
    public var resultJSON: String
    public var total: Double
    public var proposal: Proposal
    public var reasons: [String]
    public var state: State
    public var decidedBy: String?
    public var decidedOn: LocalDate?
    public var note: String?
    /// Files backing the scores, by item id ("" for the assessment as a whole).
    public var evidence: [String: [EvidenceRef]]
    public var createdAt: Date

    public init(id: UUID = UUID(), placeID: UUID, sheetID: String, assessor: String, assessedOn: LocalDate,
                entriesJSON: String, resultJSON: String, total: Double, proposal: Proposal, reasons: [String],
                state: State = .proposed, decidedBy: String? = nil, decidedOn: LocalDate? = nil, note: String? = nil,
                evidence: [String: [EvidenceRef]] = [:], createdAt: Date = Clock.system.now()) {
        self.id = id; self.placeID = placeID; self.sheetID = sheetID; self.assessor = assessor; self.assessedOn = assessedOn
        self.entriesJSON = entriesJSON; self.resultJSON = resultJSON; self.total = total; self.proposal = proposal
        self.reasons = reasons; self.state = state; self.decidedBy = decidedBy; self.decidedOn = decidedOn
        self.note = note; self.evidence = evidence; self.createdAt = createdAt
    }
}
