import Foundation

// The plan's work items: cell targets, indicator targets, tasks and annexes.

/// A target for healthy cells (健康细胞): a share of eligible places or a count.
public struct CellTarget: Equatable, Sendable {
    public var cell: String
    public var atLeastPercent: Double?
    public var atLeastCount: Int?
    /// A region level the count applies to each of (`township`: every township).
    public var per: RegionLevel?
    public var label: String?

    public init(cell: String, atLeastPercent: Double? = nil, atLeastCount: Int? = nil,
                per: RegionLevel? = nil, label: String? = nil) {
        self.cell = cell; self.atLeastPercent = atLeastPercent; self.atLeastCount = atLeastCount
        self.per = per; self.label = label
    }

    /// The Chinese name shown to users: the label, else the standard name of the cell type.
    public var displayName: String { label ?? CellType(rawValue: cell)?.chineseName ?? cell }
}

/// The cell types of `plan-format.md`; plans may name further kinds by slug and label.
public enum CellType: String, CaseIterable, Sendable {
    case community, village, family, hospital, school, agency, enterprise

    public var chineseName: String {
        switch self {
        case .community: "健康社区（村）"
        case .village: "健康村"
        case .family: "健康家庭"
        case .hospital: "健康促进医院"
        case .school: "健康促进学校"
        case .agency: "健康促进机关"
        case .enterprise: "健康促进企业"
        }
    }
}

public struct IndicatorTarget: Equatable, Sendable {
    public var code: String
    public var name: String
    /// The target in the platform's target language (`TargetExpression`), e.g. `> ref(province) or rising(3)`.
    public var target: String?
    /// The document's wording of the target, verbatim.
    public var text: String?
    public var firstLevel: String?
    public var secondLevel: String?
    /// Added: no longer judged; its figures stay reachable.
    public var archived: Bool

    public init(code: String, name: String, target: String? = nil, text: String? = nil, firstLevel: String? = nil,
                secondLevel: String? = nil, archived: Bool = false) {
        self.code = code; self.name = name; self.target = target; self.text = text
        self.firstLevel = firstLevel; self.secondLevel = secondLevel; self.archived = archived
    }

    /// Whether the plan states a target for this indicator, in words or as an expression.
    public var hasTarget: Bool { target != nil || text != nil }
}

public struct PlanTask: Equatable, Sendable {
    public var number: String?
    public var section: String?
    public var parentSections: [String]
    public var title: String?
    public var text: String
    public var responsible: [String]
    public var lead: String?
    public var participants: [String]
    /// Added: the task's identity, stable across edits (progress is kept against it); given when first stored.
    public var id: Int?
    /// Added: the office's deadline; absent, the task is due when its phase or the programme ends.
    public var deadline: TaskDeadline?
    /// Added: parts with their own responsible units and deadlines.
    public var subtasks: [Subtask]
    /// Added: no longer part of the plan; its progress stays reachable.
    public var archived: Bool

    public init(number: String? = nil, section: String? = nil, parentSections: [String] = [],
                title: String? = nil, text: String, responsible: [String] = [], lead: String? = nil,
                participants: [String] = [], id: Int? = nil, deadline: TaskDeadline? = nil,
                subtasks: [Subtask] = [], archived: Bool = false) {
        self.number = number; self.section = section; self.parentSections = parentSections
        self.title = title; self.text = text; self.responsible = responsible
        self.lead = lead; self.participants = participants
        self.id = id; self.deadline = deadline; self.subtasks = subtasks; self.archived = archived
    }

    /// The text without its leading title (plans write 「纳入规划。将健康市建设…」), for showing the two apart.
    public var textAfterTitle: String {
        guard let title, !title.isEmpty, text.hasPrefix(title) else { return text }
        var rest = text.dropFirst(title.count)
        while let first = rest.first, "。．.：:，, ".contains(first) { rest = rest.dropFirst() }
        return rest.isEmpty ? text : String(rest)
    }

    /// The headings the task sits under, outermost first (parentSections, then section).
    public var sectionPath: [String] { parentSections + [section].compactMap { $0 } }
}

public struct Annex: Equatable, Sendable {
    public var number: String?
    public var title: String

    public init(number: String? = nil, title: String) {
        self.number = number; self.title = title
    }
}

extension CellTarget: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable { case cell, atLeastPercent, atLeastCount, per, label }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        cell = try c.text(.cell)
        atLeastPercent = try c.optional(.atLeastPercent)
        atLeastCount = try c.optional(.atLeastCount)
        per = try c.optional(.per)
        label = try c.optional(.label)
    }
}

extension IndicatorTarget: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable { case code, name, target, text, firstLevel, secondLevel, archived }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        code = try c.text(.code)
        name = try c.text(.name)
        target = try c.optional(.target)
        text = try c.optional(.text)
        firstLevel = try c.optional(.firstLevel)
        secondLevel = try c.optional(.secondLevel)
        archived = try c.optional(.archived) ?? false
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(code, forKey: .code)
        try c.encode(name, forKey: .name)
        try c.encodeIfPresent(target, forKey: .target)
        try c.encodeIfPresent(text, forKey: .text)
        try c.encodeIfPresent(firstLevel, forKey: .firstLevel)
        try c.encodeIfPresent(secondLevel, forKey: .secondLevel)
        if archived { try c.encode(true, forKey: .archived) }
    }
}

extension PlanTask: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case number, section, parentSections, title, text, responsible, lead, participants
        case id, deadline, subtasks, archived
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        number = try c.optional(.number)
        section = try c.optional(.section)
        parentSections = try c.list(.parentSections)
        title = try c.optional(.title)
        text = try c.text(.text)
        responsible = try c.list(.responsible)
        lead = try c.optional(.lead)
        participants = try c.list(.participants)
        id = try c.optional(.id)
        deadline = try c.optional(.deadline)
        subtasks = try c.list(.subtasks)
        archived = try c.optional(.archived) ?? false
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(number, forKey: .number)
        try c.encodeIfPresent(section, forKey: .section)
        try c.encodeUnlessEmpty(parentSections, forKey: .parentSections)
        try c.encodeIfPresent(title, forKey: .title)
        try c.encode(text, forKey: .text)
        try c.encode(responsible, forKey: .responsible)
        try c.encodeIfPresent(lead, forKey: .lead)
        try c.encode(participants, forKey: .participants)
        try c.encodeIfPresent(id, forKey: .id)
        try c.encodeIfPresent(deadline, forKey: .deadline)
        try c.encodeUnlessEmpty(subtasks, forKey: .subtasks)
        if archived { try c.encode(true, forKey: .archived) }
    }
}

extension Annex: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable { case number, title }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        number = try c.optional(.number)
        title = try c.text(.title)
    }
}
