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

extension Plan {
    /// The canonical JSON view (`plan-format.md`): keys sorted so that the same plan always gives the
    /// same bytes, absent optionals left out, Chinese unescaped.
    public func canonicalJSON() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
