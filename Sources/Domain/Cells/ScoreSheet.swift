import Foundation

/// A score sheet (评分表) for one kind of healthy cell, or the county comprehensive sheet.
///
/// Shape of every sheet (domain-reference.md §2): 一级 section → optional 二级 sub-sections → items.
/// Points are `Decimal` so that partial credit such as 2.5 × 3 adds up exactly; the sheets we ship
/// are editable templates (`template`), not official texts, and say so in `note`.
public struct ScoreSheet: Equatable, Sendable {
    /// A slug, unique in a library, e.g. `hospital` or `county-comprehensive`.
    public var id: String
    public var title: String
    /// The cell type slug (`CellType` raw values), or `county` for the county comprehensive sheet.
    public var cellType: String
    public var version: String
    /// True for an editable template built from the public structure rather than an official text.
    public var template: Bool
    /// What the sheet is and where it comes from; required for templates so the UI can show it.
    public var note: String?
    /// The stated maximum of the base (all non-bonus items); checked against the items on load.
    public var totalPoints: Decimal
    /// The stated maximum of the bonus items, if the sheet states one; checked on load.
    public var bonusPoints: Decimal?
    public var pass: PassRule
    public var sections: [ScoreSection]

    public init(id: String, title: String, cellType: String, version: String, template: Bool = true,
                note: String? = nil, totalPoints: Decimal, bonusPoints: Decimal? = nil, pass: PassRule,
                sections: [ScoreSection]) {
        self.id = id; self.title = title; self.cellType = cellType; self.version = version
        self.template = template; self.note = note; self.totalPoints = totalPoints
        self.bonusPoints = bonusPoints; self.pass = pass; self.sections = sections
    }

    /// The slug of the county comprehensive sheet (综合评分表), which is not a cell type.
    public static let countyCellType = "county"

    /// Every item in sheet order (section items first, then each sub-section's).
    public var allItems: [ScoreItem] { sections.flatMap(\.allItems) }

    public func item(id: String) -> ScoreItem? { allItems.first { $0.id == id } }

    /// The sum of all non-bonus item points: the base maximum.
    public var baseMaximum: Decimal { sections.reduce(0) { $0 + $1.baseMaximum } }

    /// The sum of all bonus item points.
    public var bonusMaximum: Decimal { sections.reduce(0) { $0 + $1.bonusMaximum } }

    /// The Chinese name of the cell type, for headings.
    public var cellTypeName: String {
        if cellType == Self.countyCellType { return "健康县区综合评分" }
        if let standard = CellType(rawValue: cellType) { return standard.chineseName }
        // A further kind is named by its sheet's title: 健康养老机构评价标准及评分表 → 健康养老机构.
        for suffix in ["评价标准及评分表", "评价标准和评分表", "评分标准", "评价标准", "评分表"] where title.hasSuffix(suffix) && title.count > suffix.count {
            return String(title.dropLast(suffix.count))
        }
        return title.isEmpty ? cellType : title
    }
}

/// When a cell passes: a total line, and optionally a share for every veto item and section minimums.
public struct PassRule: Equatable, Sendable {
    /// The grand total (base + bonus) must reach this.
    public var minimumTotal: Decimal
    /// Every scored veto item must reach this share of its points (e.g. 0.75). Without it a scored
    /// veto item must get its full points; a zero-point veto item is judged pass/fail.
    public var vetoItemMinimumShare: Decimal?
    /// Minimum base points in a section or sub-section.
    public var sectionMinimums: [SectionMinimum]

    public init(minimumTotal: Decimal, vetoItemMinimumShare: Decimal? = nil,
                sectionMinimums: [SectionMinimum] = []) {
        self.minimumTotal = minimumTotal; self.vetoItemMinimumShare = vetoItemMinimumShare
        self.sectionMinimums = sectionMinimums
    }

    /// The minimum for a section or sub-section id, if the rule sets one.
    public func minimum(forSection id: String) -> Decimal? {
        sectionMinimums.first { $0.section == id }?.minimum
    }
}

/// "Section `section` must get at least `minimum` base points." A list rather than a mapping so
/// YAML authors can quote ids like "2.1" freely (quoted numeric mapping keys do not decode reliably).
public struct SectionMinimum: Equatable, Sendable {
    /// A 一级 or 二级 section id.
    public var section: String
    public var minimum: Decimal

    public init(section: String, minimum: Decimal) { self.section = section; self.minimum = minimum }
}

/// A 一级 section; it holds items directly, sub-sections (二级), or both.
public struct ScoreSection: Equatable, Sendable {
    public var id: String
    public var title: String
    /// The stated maximum of the section's non-bonus items, if stated; checked on load.
    public var points: Decimal?
    public var items: [ScoreItem]
    public var subsections: [ScoreSubsection]

    public init(id: String, title: String, points: Decimal? = nil, items: [ScoreItem] = [],
                subsections: [ScoreSubsection] = []) {
        self.id = id; self.title = title; self.points = points; self.items = items
        self.subsections = subsections
    }

    public var allItems: [ScoreItem] { items + subsections.flatMap(\.items) }
    public var baseMaximum: Decimal { allItems.filter { $0.kind != .bonus }.reduce(0) { $0 + $1.points } }
    public var bonusMaximum: Decimal { allItems.filter { $0.kind == .bonus }.reduce(0) { $0 + $1.points } }
}

/// A 二级 sub-section.
public struct ScoreSubsection: Equatable, Sendable {
    public var id: String
    public var title: String
    public var points: Decimal?
    public var items: [ScoreItem]

    public init(id: String, title: String, points: Decimal? = nil, items: [ScoreItem]) {
        self.id = id; self.title = title; self.points = points; self.items = items
    }

    public var baseMaximum: Decimal { items.filter { $0.kind != .bonus }.reduce(0) { $0 + $1.points } }
    public var bonusMaximum: Decimal { items.filter { $0.kind == .bonus }.reduce(0) { $0 + $1.points } }
}

/// One scored line of a sheet.
public struct ScoreItem: Equatable, Sendable {
    /// Stable and unique in the sheet, e.g. `2.3.1`: entries and stored results refer to it.
    public var id: String
    public var title: String
    /// 指标解释.
    public var explanation: String?
    /// 评分标准: the rule text the assessor applies, with its partial credit.
    public var scoring: String
    /// 分值. Zero only for a pass/fail veto item.
    public var points: Decimal
    /// 考核方法.
    public var methods: [AssessmentMethod]
    public var kind: ScoreItemKind
    /// Points per counted occurrence ("每开展1次得2.5分，最高=points"), for counted items.
    public var perCount: Decimal?
    /// What is counted (次, 期, 人 …); `次` when a counted item does not say.
    public var countUnit: String?

    public init(id: String, title: String, explanation: String? = nil, scoring: String, points: Decimal,
                methods: [AssessmentMethod], kind: ScoreItemKind = .normal, perCount: Decimal? = nil,
                countUnit: String? = nil) {
        self.id = id; self.title = title; self.explanation = explanation; self.scoring = scoring
        self.points = points; self.methods = methods; self.kind = kind; self.perCount = perCount
        self.countUnit = countUnit
    }

    /// A veto item with no points: judged only as 达标 / 不达标.
    public var isPassFail: Bool { kind == .veto && points == 0 }
    public var isCounted: Bool { perCount != nil }
    /// The unit shown for counted items.
    public var unitOfCount: String { countUnit ?? "次" }
}

/// 一票否决 items fail the cell whatever the total; 加分项 add on top of the base.
public enum ScoreItemKind: String, CaseIterable, Sendable, StrictEnum {
    case normal, veto, bonus

    public var chineseName: String {
        switch self {
        case .normal: "基本项"
        case .veto: "一票否决项"
        case .bonus: "加分项"
        }
    }
}

/// 考核方法. The raw values are the Chinese names, which is what sheet authors write.
public enum AssessmentMethod: String, CaseIterable, Sendable, StrictEnum {
    case briefing = "听取汇报"
    case documents = "查阅资料"
    case onSite = "现场查看"
    case quickSurvey = "快速调查"

    public var chineseName: String { rawValue }
}

// MARK: - Coding

// Strict like the plan model: unknown keys are errors, absent lists are empty, blank text is an
// error. Points accept a YAML/JSON number or a numeric string; encoding writes plain numbers.

extension ScoreSheet: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, title, cellType, version, template, note, totalPoints, bonusPoints, pass, sections
    }

    public init(from decoder: Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.text(.id)
        title = try c.text(.title)
        cellType = try c.text(.cellType)
        version = try c.text(.version)
        template = try c.decode(Bool.self, forKey: .template)
        note = try c.optional(.note)
        totalPoints = try c.points(.totalPoints)
        bonusPoints = try c.optionalPoints(.bonusPoints)
        pass = try c.decode(PassRule.self, forKey: .pass)
        sections = try c.list(.sections)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(title, forKey: .title)
        try c.encode(cellType, forKey: .cellType)
        try c.encode(version, forKey: .version)
        try c.encode(template, forKey: .template)
        try c.encodeIfPresent(note, forKey: .note)
        try c.encode(totalPoints, forKey: .totalPoints)
        try c.encodeIfPresent(bonusPoints, forKey: .bonusPoints)
        try c.encode(pass, forKey: .pass)
        try c.encode(sections, forKey: .sections)
    }
}

extension PassRule: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable { case minimumTotal, vetoItemMinimumShare, sectionMinimums }

    public init(from decoder: Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        minimumTotal = try c.points(.minimumTotal)
        vetoItemMinimumShare = try c.optionalPoints(.vetoItemMinimumShare)
        sectionMinimums = try c.list(.sectionMinimums)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(minimumTotal, forKey: .minimumTotal)
        try c.encodeIfPresent(vetoItemMinimumShare, forKey: .vetoItemMinimumShare)
        try c.encodeUnlessEmpty(sectionMinimums, forKey: .sectionMinimums)
    }
}

extension SectionMinimum: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable { case section, minimum }

    public init(from decoder: Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        section = try c.text(.section)
        minimum = try c.points(.minimum)
    }
}

extension ScoreSection: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable { case id, title, points, items, subsections }

    public init(from decoder: Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.text(.id)
        title = try c.text(.title)
        points = try c.optionalPoints(.points)
        items = try c.list(.items)
        subsections = try c.list(.subsections)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(title, forKey: .title)
        try c.encodeIfPresent(points, forKey: .points)
        try c.encodeUnlessEmpty(items, forKey: .items)
        try c.encodeUnlessEmpty(subsections, forKey: .subsections)
    }
}

extension ScoreSubsection: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable { case id, title, points, items }

    public init(from decoder: Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.text(.id)
        title = try c.text(.title)
        points = try c.optionalPoints(.points)
        items = try c.list(.items)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(title, forKey: .title)
        try c.encodeIfPresent(points, forKey: .points)
        try c.encode(items, forKey: .items)
    }
}

extension ScoreItem: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, title, explanation, scoring, points, methods, kind, perCount, countUnit
    }

    public init(from decoder: Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.text(.id)
        title = try c.text(.title)
        explanation = try c.optional(.explanation)
        scoring = try c.text(.scoring)
        points = try c.points(.points)
        methods = try c.list(.methods)
        kind = try c.optional(.kind) ?? .normal
        perCount = try c.optionalPoints(.perCount)
        countUnit = try c.optional(.countUnit)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(title, forKey: .title)
        try c.encodeIfPresent(explanation, forKey: .explanation)
        try c.encode(scoring, forKey: .scoring)
        try c.encode(points, forKey: .points)
        try c.encode(methods, forKey: .methods)
        if kind != .normal { try c.encode(kind, forKey: .kind) }
        try c.encodeIfPresent(perCount, forKey: .perCount)
        try c.encodeIfPresent(countUnit, forKey: .countUnit)
    }
}

extension KeyedDecodingContainer {
    /// A decimal number. YAML scalars arrive as text and are parsed strictly (so `10分` is an error
    /// rather than a silent 10); JSON numbers decode directly.
    func points(_ key: Key) throws -> Decimal {
        if let text = try? decode(String.self, forKey: key) {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed == "~" || trimmed == "null" {
                throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "此处应有数字，但为空")
            }
            guard trimmed.range(of: #"^-?[0-9]+(\.[0-9]+)?$"#, options: .regularExpression) != nil,
                  let value = Decimal(string: trimmed, locale: Locale(identifier: "en_US_POSIX")) else {
                throw DecodingError.dataCorruptedError(
                    forKey: key, in: self, debugDescription: "「\(text)」不是数字（如 10 或 2.5）")
            }
            return value
        }
        do {
            return try decode(Decimal.self, forKey: key)
        } catch DecodingError.typeMismatch(_, let context) {
            throw DecodingError.typeMismatch(Double.self, context)
        }
    }

    func optionalPoints(_ key: Key) throws -> Decimal? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        return try points(key)
    }
}

extension Decimal {
    /// A number as officials write it in messages: at most two decimals, no trailing zeros.
    var scoreText: String {
        var input = self
        var output = Decimal()
        NSDecimalRound(&output, &input, 2, .plain)
        var text = "\(output)"
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }
}
