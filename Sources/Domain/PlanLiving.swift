import Foundation

// What the office adds to a plan while it runs (plan-format.md's "added" keys): deadlines, subtasks, milestones,
// the programme's period where the document dates no phases, township units tied to their region, duties counted
// from the activity log, and archived items that keep their data reachable.

/// When a task is due, as the office sets it: a date, the end of a phase, or every month / quarter / year.
public enum TaskDeadline: Equatable, Sendable {
    case date(LocalDate)
    case phase(String)
    case recurring(Recurrence)

    public var chineseDescription: String {
        switch self {
        case .date(let date): date.chinese
        case .phase(let name): "阶段「\(name)」结束时"
        case .recurring(let every): every.chineseName
        }
    }
}

public enum Recurrence: String, CaseIterable, Sendable, StrictEnum {
    case monthly, quarterly, yearly

    public var chineseName: String {
        switch self {
        case .monthly: "每月"
        case .quarterly: "每季度"
        case .yearly: "每年"
        }
    }

    /// The last day of the period containing `day`: what a recurring task is due by now.
    public func currentPeriodEnd(containing day: LocalDate) -> LocalDate {
        let lastMonth: Int = switch self {
        case .monthly: day.month
        case .quarterly: ((day.month - 1) / 3 + 1) * 3
        case .yearly: 12
        }
        return LocalDate(year: day.year, month: lastMonth, day: LocalDate.daysIn(year: day.year, month: lastMonth))!
    }
}

/// A part of a task with its own responsible units and deadline (细化分解).
public struct Subtask: Equatable, Sendable {
    /// Stable within its task: progress is kept against it.
    public var id: Int
    public var title: String
    public var responsible: [String]
    public var deadline: LocalDate?
    public var archived: Bool

    public init(id: Int, title: String, responsible: [String], deadline: LocalDate? = nil, archived: Bool = false) {
        self.id = id; self.title = title; self.responsible = responsible; self.deadline = deadline; self.archived = archived
    }
}

/// A dated step of a phase: 签订责任状, 召开动员会, 开展自查, 建立档案.
public struct Milestone: Equatable, Sendable {
    public var title: String
    public var date: LocalDate?

    public init(title: String, date: LocalDate? = nil) { self.title = title; self.date = date }
}

/// The programme's period, set by the office when the document dates no phases (山亭, 嘉峰).
public struct ProgrammePeriod: Equatable, Sendable {
    public var start: LocalDate
    public var end: LocalDate

    public init(start: LocalDate, end: LocalDate) { self.start = start; self.end = end }
}

/// A duty the plan sets each unit, counted from the activity log: 每月至少开展1次健康讲座，全年不少于12次.
public struct PlanDuty: Equatable, Sendable {
    /// The kind of activity that counts (`ActivityKind`'s raw value, e.g. `lecture`).
    public var activity: String
    public var requirement: RecurringRequirement
    /// Who owes it; nil means every member unit.
    public var units: GroupCoverage?
    /// The document's wording, verbatim.
    public var text: String?

    public init(activity: String, requirement: RecurringRequirement, units: GroupCoverage? = nil, text: String? = nil) {
        self.activity = activity; self.requirement = requirement; self.units = units; self.text = text
    }
}

// MARK: - Coding

extension TaskDeadline: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable { case date, phase, every }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let date: LocalDate? = try c.optional(.date)
        let phase: String? = try c.optional(.phase)
        let every: Recurrence? = try c.optional(.every)
        switch (date, phase, every) {
        case (let date?, nil, nil): self = .date(date)
        case (nil, let phase?, nil): self = .phase(phase)
        case (nil, nil, let every?): self = .recurring(every)
        default:
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "期限须且只能给出 date、phase、every 之一"))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .date(let date): try c.encode(date, forKey: .date)
        case .phase(let phase): try c.encode(phase, forKey: .phase)
        case .recurring(let every): try c.encode(every, forKey: .every)
        }
    }
}

extension Subtask: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable { case id, title, responsible, deadline, archived }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(Int.self, forKey: .id)
        title = try c.text(.title)
        responsible = try c.list(.responsible)
        deadline = try c.optional(.deadline)
        archived = try c.optional(.archived) ?? false
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(title, forKey: .title)
        try c.encode(responsible, forKey: .responsible)
        try c.encodeIfPresent(deadline, forKey: .deadline)
        if archived { try c.encode(true, forKey: .archived) }
    }
}

extension Milestone: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable { case title, date }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        title = try c.text(.title)
        date = try c.optional(.date)
    }
}

extension ProgrammePeriod: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable { case start, end }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        start = try c.decode(LocalDate.self, forKey: .start)
        end = try c.decode(LocalDate.self, forKey: .end)
        if end < start {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath + [CodingKeys.end],
                                                    debugDescription: "结束日期 \(end.iso) 早于开始日期 \(start.iso)"))
        }
    }
}

extension PlanDuty: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable { case activity, requirement, units, text }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        activity = try c.text(.activity)
        requirement = try c.decode(RecurringRequirement.self, forKey: .requirement)
        units = try c.optional(.units)
        text = try c.optional(.text)
    }
}
