import Foundation

/// A range of source lines (or .docx paragraphs), 1-based and inclusive.
public struct SourceSpan: Hashable, Sendable, Codable {
    public var first: Int
    public var last: Int

    public init(first: Int, last: Int) { self.first = first; self.last = max(first, last) }

    public func union(_ other: SourceSpan) -> SourceSpan {
        SourceSpan(first: min(first, other.first), last: max(last, other.last))
    }

    public var lines: ClosedRange<Int> { first...last }
}

/// Something the importer could not place, for a person to check.
public struct ImportNote: Hashable, Sendable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case taskWithoutUnit, phaseWithoutDate, unplacedClause, missing, unrecognisedUnit
        /// A sentence with a target (达到, 不低于, N%) or a figure that no indicator, cell target or duty came from.
        case unplacedTarget, unplacedFigure

        public var chineseName: String {
            switch self {
            case .taskWithoutUnit: "任务未写责任单位"
            case .phaseWithoutDate: "阶段缺日期"
            case .unplacedClause: "责任条款未归入任务"
            case .missing: "未找到"
            case .unrecognisedUnit: "单位名称存疑"
            case .unplacedTarget: "目标未归位"
            case .unplacedFigure: "数字未归位"
            }
        }
    }

    public var kind: Kind
    public var message: String
    public var span: SourceSpan?

    public init(kind: Kind, message: String, span: SourceSpan? = nil) {
        self.kind = kind; self.message = message; self.span = span
    }
}

/// What the importer made of a document: the draft plan, the source it came from, where each
/// item was found, and what it could not place.
public struct PlanDraft: Sendable, Codable {
    public var plan: Plan
    public var document: ImportedDocument
    /// Field paths (`tasks[3]`, `phases[0]`, `organisation.office`) → the source lines they came from.
    public var sources: [String: SourceSpan]
    public var notes: [ImportNote]

    public init(plan: Plan, document: ImportedDocument, sources: [String: SourceSpan], notes: [ImportNote]) {
        self.plan = plan; self.document = document; self.sources = sources; self.notes = notes
    }

    public func source(of path: FieldPath) -> SourceSpan? { sources[path.description] }

    /// "第12–14行" / "第3段".
    public func describe(_ span: SourceSpan) -> String {
        if span.first == span.last { return document.describe(span.first) }
        let unit = document.format == .docx ? "段" : "行"
        return "第\(span.first)–\(span.last)\(unit)"
    }
}

/// The document could not be read as a plan at all; nothing was produced.
public struct PlanImportError: Error, Equatable, Sendable, CustomStringConvertible {
    public var fileName: String
    public var message: String

    public init(fileName: String, message: String) { self.fileName = fileName; self.message = message }

    public var description: String { "\(fileName)：\(message)" }
}
