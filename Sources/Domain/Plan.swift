import Foundation

/// A creation programme (创建方案) as an implementation plan describes it.
///
/// The shape follows `shared/spec/plan-format.md`; keys marked "added" there are ours.
/// Values keep the document's Chinese text; only dates and personal names are normalised.
public struct Plan: Equatable, Sendable {
    public var id: String
    public var title: String
    public var programme: ProgrammeKind
    public var place: Place
    public var document: SourceDocument
    public var goals: [String]
    public var phases: [Phase]
    public var reporting: ReportingRule?
    public var organisation: Organisation
    public var units: [PlanUnit]
    public var cellTargets: [CellTarget]
    public var indicators: [IndicatorTarget]
    public var tasks: [PlanTask]
    public var annexes: [Annex]
    /// Added: the programme's period where the document dates no phases.
    public var period: ProgrammePeriod?
    /// Added: duties counted from the activity log (每月至少开展1次健康讲座).
    public var duties: [PlanDuty]

    public init(
        id: String, title: String, programme: ProgrammeKind, place: Place,
        document: SourceDocument = .init(), goals: [String] = [], phases: [Phase] = [],
        reporting: ReportingRule? = nil, organisation: Organisation = .init(), units: [PlanUnit] = [],
        cellTargets: [CellTarget] = [], indicators: [IndicatorTarget] = [], tasks: [PlanTask] = [],
        annexes: [Annex] = [], period: ProgrammePeriod? = nil, duties: [PlanDuty] = []
    ) {
        self.id = id; self.title = title; self.programme = programme; self.place = place
        self.document = document; self.goals = goals; self.phases = phases; self.reporting = reporting
        self.organisation = organisation; self.units = units; self.cellTargets = cellTargets
        self.indicators = indicators; self.tasks = tasks; self.annexes = annexes
        self.period = period; self.duties = duties
    }
}

public enum ProgrammeKind: String, CaseIterable, Sendable, StrictEnum {
    case nationalHealthyCity = "national-healthy-city"
    case healthyCounty = "healthy-county"
    case healthPromotionCounty = "health-promotion-county"
    case healthyTown = "healthy-town"

    public var chineseName: String {
        switch self {
        case .nationalHealthyCity: "国家健康城市"
        case .healthyCounty: "健康县区"
        case .healthPromotionCounty: "健康促进县"
        case .healthyTown: "健康乡镇"
        }
    }
}

public enum RegionLevel: String, CaseIterable, Sendable, StrictEnum {
    case province, city, district, county, town, township, village

    public var chineseName: String {
        switch self {
        case .province: "省"
        case .city: "市"
        case .district: "区"
        case .county: "县"
        case .town: "镇"
        case .township: "乡镇（街道）"
        case .village: "村（社区）"
        }
    }
}

/// A region named by its place in the administrative hierarchy.
public struct RegionRef: Equatable, Sendable {
    public var name: String
    public var level: RegionLevel
    /// Administrative division code (GB/T 2260 and below), where known.
    public var code: String?

    public init(name: String, level: RegionLevel, code: String? = nil) {
        self.name = name; self.level = level; self.code = code
    }
}

/// The place a programme covers, with the regions above it (outermost first).
public struct Place: Equatable, Sendable {
    public var name: String
    public var level: RegionLevel
    public var code: String?
    public var parents: [RegionRef]

    public init(name: String, level: RegionLevel, code: String? = nil, parents: [RegionRef] = []) {
        self.name = name; self.level = level; self.code = code; self.parents = parents
    }

    public var region: RegionRef { RegionRef(name: name, level: level, code: code) }
}

public struct SourceDocument: Equatable, Sendable {
    public var number: String?
    public var issuer: String?
    public var date: LocalDate?
    public var title: String?
    public var status: String?
    public var source: String?

    public init(number: String? = nil, issuer: String? = nil, date: LocalDate? = nil,
                title: String? = nil, status: String? = nil, source: String? = nil) {
        self.number = number; self.issuer = issuer; self.date = date
        self.title = title; self.status = status; self.source = source
    }
}

public struct Phase: Equatable, Sendable {
    public var name: String
    public var start: LocalDate
    public var end: LocalDate
    public var text: String?
    /// Added: dated steps within the phase (签订责任状, 召开动员会…).
    public var milestones: [Milestone]

    public init(name: String, start: LocalDate, end: LocalDate, text: String? = nil, milestones: [Milestone] = []) {
        self.name = name; self.start = start; self.end = end; self.text = text; self.milestones = milestones
    }
}

/// The monthly progress report a member unit owes the office (e.g. 每月30日前).
public struct ReportingRule: Equatable, Sendable {
    public var monthlyDueDay: Int
    public var text: String?

    public init(monthlyDueDay: Int, text: String? = nil) {
        self.monthlyDueDay = monthlyDueDay; self.text = text
    }
}

public struct Organisation: Equatable, Sendable {
    public var leadingGroup: LeadingGroup?
    public var memberUnits: [String]
    public var office: Office?
    public var workingGroups: [WorkingGroup]

    public init(leadingGroup: LeadingGroup? = nil, memberUnits: [String] = [], office: Office? = nil,
                workingGroups: [WorkingGroup] = []) {
        self.leadingGroup = leadingGroup; self.memberUnits = memberUnits
        self.office = office; self.workingGroups = workingGroups
    }
}

public struct LeadingGroup: Equatable, Sendable {
    public var name: String?
    public var leader: [Person]
    public var deputies: [Person]
    public var members: [Person]
    public var note: String?

    public init(name: String? = nil, leader: [Person] = [], deputies: [Person] = [], members: [Person] = [],
                note: String? = nil) {
        self.name = name; self.leader = leader; self.deputies = deputies; self.members = members; self.note = note
    }
}

/// A named person; the document may give only the post (组长由县长担任).
public struct Person: Equatable, Sendable {
    public var name: String?
    public var title: String?

    public init(name: String? = nil, title: String? = nil) {
        self.name = name; self.title = title
    }
}

public struct Office: Equatable, Sendable {
    public var name: String?
    public var unit: String?
    public var director: String?

    public init(name: String? = nil, unit: String? = nil, director: String? = nil) {
        self.name = name; self.unit = unit; self.director = director
    }
}

public struct WorkingGroup: Equatable, Sendable {
    public var name: String
    public var lead: String?
    public var participants: [String]

    public init(name: String, lead: String? = nil, participants: [String] = []) {
        self.name = name; self.lead = lead; self.participants = participants
    }
}

public enum UnitKind: String, CaseIterable, Sendable, StrictEnum {
    case department, township, office, institution, enterprise, organisation, group

    public var chineseName: String {
        switch self {
        case .department: "部门"
        case .township: "乡镇（街道）"
        case .office: "创建办"
        case .institution: "事业单位"
        case .enterprise: "企业"
        case .organisation: "人民团体"
        case .group: "统称"
        }
    }
}

/// What a collective reference (各成员单位, 各乡镇人民政府) stands for.
public enum GroupCoverage: String, CaseIterable, Sendable, StrictEnum {
    case memberUnits, townships, workingGroups
}

/// A unit the plan names: a department, township, institution, or a collective reference.
public struct PlanUnit: Equatable, Sendable {
    public var name: String
    public var kind: UnitKind
    public var aliases: [String]
    public var covers: GroupCoverage?
    /// Added: the region a township unit stands for (its name in the region tree).
    public var region: String?
    /// Added: no longer part of the programme; its reports and tasks stay reachable.
    public var archived: Bool

    public init(name: String, kind: UnitKind, aliases: [String] = [], covers: GroupCoverage? = nil,
                region: String? = nil, archived: Bool = false) {
        self.name = name; self.kind = kind; self.aliases = aliases; self.covers = covers
        self.region = region; self.archived = archived
    }

    /// Every spelling that refers to this unit.
    public var spellings: [String] { [name] + aliases }
}

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

// MARK: - Coding


// Codable for the plan model. Decoding is strict (unknown keys are errors, so a misspelt key cannot
// silently drop data: `YAMLFile` checks each mapping against its type's `CaseIterable` coding keys) and
// lenient about absent lists (an absent list is empty). Encoding writes the canonical view: every key of
// plan-format.md, absent optionals and empty added lists left out.

/// A coding key for any string, used to list every key a mapping really has.
struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { self.stringValue = String(intValue); self.intValue = intValue }
}

extension Decoder {
    /// Throws when the mapping being decoded has a key that `Keys` does not declare.
    func rejectUnknownKeys<Keys: CodingKey & CaseIterable>(_ keys: Keys.Type) throws {
        let known = Set(Keys.allCases.map(\.stringValue))
        let container = try container(keyedBy: AnyCodingKey.self)
        for key in container.allKeys where !known.contains(key.stringValue) {
            let allowed = Keys.allCases.map(\.stringValue).joined(separator: ", ")
            throw DecodingError.dataCorrupted(.init(
                codingPath: codingPath + [key],
                debugDescription: "未知字段「\(key.stringValue)」；此处可用的字段：\(allowed)"))
        }
    }
}

extension KeyedDecodingContainer {
    func list<T: Decodable>(_ key: Key) throws -> [T] {
        try decodeIfPresent([T].self, forKey: key) ?? []
    }

    func optional<T: Decodable>(_ key: Key) throws -> T? {
        try decodeIfPresent(T.self, forKey: key)
    }

    /// A required, non-blank string.
    func text(_ key: Key) throws -> String {
        let value = try decode(String.self, forKey: key)
        guard !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "不能为空")
        }
        return value
    }
}

extension KeyedEncodingContainer {
    mutating func encodeUnlessEmpty<T: Encodable>(_ values: [T], forKey key: Key) throws {
        if !values.isEmpty { try encode(values, forKey: key) }
    }
}

/// A string enum whose decoding error lists the allowed values.
public protocol StrictEnum: RawRepresentable<String>, CaseIterable, Codable {}

extension StrictEnum {
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let raw = try container.decode(String.self)
        guard let value = Self(rawValue: raw) else {
            let allowed = Self.allCases.map(\.rawValue).joined(separator: " | ")
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "「\(raw)」不是可用的取值；可用：\(allowed)")
        }
        self = value
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

extension Plan: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, title, programme, place, document, goals, phases, reporting, organisation, units
        case cellTargets, indicators, tasks, annexes, period, duties
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.text(.id)
        title = try c.text(.title)
        programme = try c.decode(ProgrammeKind.self, forKey: .programme)
        place = try c.decode(Place.self, forKey: .place)
        document = try c.optional(.document) ?? SourceDocument()
        goals = try c.list(.goals)
        phases = try c.list(.phases)
        reporting = try c.optional(.reporting)
        organisation = try c.optional(.organisation) ?? Organisation()
        units = try c.list(.units)
        cellTargets = try c.list(.cellTargets)
        indicators = try c.list(.indicators)
        tasks = try c.list(.tasks)
        annexes = try c.list(.annexes)
        period = try c.optional(.period)
        duties = try c.list(.duties)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(title, forKey: .title)
        try c.encode(programme, forKey: .programme)
        try c.encode(place, forKey: .place)
        try c.encode(document, forKey: .document)
        try c.encode(goals, forKey: .goals)
        try c.encode(phases, forKey: .phases)
        try c.encodeIfPresent(reporting, forKey: .reporting)
        try c.encode(organisation, forKey: .organisation)
        try c.encode(units, forKey: .units)
        try c.encode(cellTargets, forKey: .cellTargets)
        try c.encode(indicators, forKey: .indicators)
        try c.encode(tasks, forKey: .tasks)
        try c.encode(annexes, forKey: .annexes)
        try c.encodeIfPresent(period, forKey: .period)
        try c.encodeUnlessEmpty(duties, forKey: .duties)
    }
}

extension RegionRef: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable { case name, level, code }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.text(.name)
        level = try c.decode(RegionLevel.self, forKey: .level)
        code = try c.optional(.code)
    }
}

extension Place: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable { case name, level, code, parents }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.text(.name)
        level = try c.decode(RegionLevel.self, forKey: .level)
        code = try c.optional(.code)
        parents = try c.list(.parents)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(level, forKey: .level)
        try c.encodeIfPresent(code, forKey: .code)
        try c.encodeUnlessEmpty(parents, forKey: .parents)
    }
}

extension SourceDocument: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable { case number, issuer, date, title, status, source }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        number = try c.optional(.number)
        issuer = try c.optional(.issuer)
        date = try c.optional(.date)
        title = try c.optional(.title)
        status = try c.optional(.status)
        source = try c.optional(.source)
    }
}

extension Phase: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable { case name, start, end, text, milestones }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.text(.name)
        start = try c.decode(LocalDate.self, forKey: .start)
        end = try c.decode(LocalDate.self, forKey: .end)
        text = try c.optional(.text)
        milestones = try c.list(.milestones)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(start, forKey: .start)
        try c.encode(end, forKey: .end)
        try c.encodeIfPresent(text, forKey: .text)
        try c.encodeUnlessEmpty(milestones, forKey: .milestones)
    }
}

extension ReportingRule: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable { case monthlyDueDay, text }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        monthlyDueDay = try c.decode(Int.self, forKey: .monthlyDueDay)
        text = try c.optional(.text)
    }
}

extension Organisation: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable { case leadingGroup, memberUnits, office, workingGroups }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        leadingGroup = try c.optional(.leadingGroup)
        memberUnits = try c.list(.memberUnits)
        office = try c.optional(.office)
        workingGroups = try c.list(.workingGroups)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(leadingGroup, forKey: .leadingGroup)
        try c.encode(memberUnits, forKey: .memberUnits)
        try c.encodeIfPresent(office, forKey: .office)
        try c.encode(workingGroups, forKey: .workingGroups)
    }
}

extension LeadingGroup: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable { case name, leader, deputies, members, note }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.optional(.name)
        leader = try c.list(.leader)
        deputies = try c.list(.deputies)
        members = try c.list(.members)
        note = try c.optional(.note)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(name, forKey: .name)
        try c.encode(leader, forKey: .leader)
        try c.encode(deputies, forKey: .deputies)
        try c.encode(members, forKey: .members)
        try c.encodeIfPresent(note, forKey: .note)
    }
}

extension Person: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable { case name, title }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.optional(.name)
        title = try c.optional(.title)
        if name == nil && title == nil {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "人员须至少有 name 或 title"))
        }
    }
}

extension Office: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable { case name, unit, director }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.optional(.name)
        unit = try c.optional(.unit)
        director = try c.optional(.director)
    }
}

extension WorkingGroup: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable { case name, lead, participants }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.text(.name)
        lead = try c.optional(.lead)
        participants = try c.list(.participants)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encodeIfPresent(lead, forKey: .lead)
        try c.encode(participants, forKey: .participants)
    }
}

extension PlanUnit: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable { case name, kind, aliases, covers, region, archived }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.text(.name)
        kind = try c.decode(UnitKind.self, forKey: .kind)
        aliases = try c.list(.aliases)
        covers = try c.optional(.covers)
        region = try c.optional(.region)
        archived = try c.optional(.archived) ?? false
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(kind, forKey: .kind)
        try c.encodeUnlessEmpty(aliases, forKey: .aliases)
        try c.encodeIfPresent(covers, forKey: .covers)
        try c.encodeIfPresent(region, forKey: .region)
        if archived { try c.encode(true, forKey: .archived) }
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

extension Plan {
    /// The canonical JSON view (`plan-format.md`): keys sorted so that the same plan always gives the
    /// same bytes, absent optionals left out, Chinese unescaped.
    public func canonicalJSON() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
