import Foundation

/// The meetings a programme holds: 动员会, 领导小组会议（联席会议）, 例会, 工作推进会.
public enum MeetingKind: String, Sendable, StrictEnum {
    case mobilisation, leadingGroup, regular, progress, other

    public var chineseName: String {
        switch self {
        case .mobilisation: "动员会"
        case .leadingGroup: "领导小组会议（联席会议）"
        case .regular: "例会"
        case .progress: "工作推进会"
        case .other: "其他会议"
        }
    }

    /// The meetings score sheets count as coordination meetings (定期召开协调会议，通报工作进展).
    public var isCoordination: Bool { self == .leadingGroup || self == .progress }
}

/// 已通知 → 已召开（记录出席）→ 已形成纪要.
public enum MeetingState: String, Sendable, StrictEnum, Comparable {
    case notified, held, minuted

    public var chineseName: String {
        switch self {
        case .notified: "已通知"
        case .held: "已召开"
        case .minuted: "已形成纪要"
        }
    }

    private var order: Int { Self.allCases.firstIndex(of: self) ?? 0 }
    public static func < (a: Self, b: Self) -> Bool { a.order < b.order }
}

/// Who of an invited unit came; nobody means the unit was absent.
public struct MeetingAttendance: Codable, Sendable, Equatable {
    public var unit: String
    public var people: [String]

    public init(unit: String, people: [String]) { self.unit = unit; self.people = people }

    public var attended: Bool { !people.isEmpty }
}

/// A decision of the meeting (议定事项): what, by whom, by when; and the plan task it became, if it did.
public struct MeetingDecision: Codable, Sendable, Equatable {
    /// Stable within the meeting: the decision's number in the minutes.
    public var id: Int
    public var text: String
    public var responsible: [String]
    public var deadline: LocalDate?
    /// The stable id of the plan task the office made of it.
    public var taskID: Int?

    public init(id: Int, text: String, responsible: [String], deadline: LocalDate?, taskID: Int? = nil) {
        self.id = id; self.text = text; self.responsible = responsible; self.deadline = deadline; self.taskID = taskID
    }
}

/// A decision as typed in the minutes form: `id` nil for a new one.
public struct MeetingDecisionInput: Sendable, Equatable {
    public var id: Int?
    public var text: String
    public var responsible: [String]
    public var deadline: LocalDate?

    public init(id: Int? = nil, text: String, responsible: [String], deadline: LocalDate?) {
        self.id = id; self.text = text; self.responsible = responsible; self.deadline = deadline
    }
}

/// A meeting from its notice to its minutes.
public struct Meeting: Codable, Sendable, Equatable, Identifiable {
    public var id: UUID
    public var planID: String
    public var kind: MeetingKind
    public var title: String
    public var date: LocalDate
    /// As the notice writes it: 09:00.
    public var time: String
    public var place: String
    /// One agenda item per entry (议程).
    public var agenda: [String]
    /// Canonical names of the units invited (参会单位).
    public var invited: [String]
    /// Who chairs it (主持), as the notice names them; may be empty.
    public var chair: String
    public var noticeIssuedOn: LocalDate
    public var state: MeetingState
    public var attendance: [MeetingAttendance]
    public var minutes: String
    public var decisions: [MeetingDecision]
    /// Sign-in sheets, photos, the signed minutes (签到表、照片、签发的纪要).
    public var files: [EvidenceRef]
    /// The minutes as Word, kept in the evidence store when they were recorded, so the dossier files them.
    public var minutesDocument: EvidenceRef?

    public init(id: UUID = UUID(), planID: String, kind: MeetingKind, title: String, date: LocalDate, time: String, place: String,
                agenda: [String], invited: [String], chair: String = "", noticeIssuedOn: LocalDate) {
        self.id = id; self.planID = planID; self.kind = kind; self.title = title; self.date = date; self.time = time
        self.place = place; self.agenda = agenda; self.invited = invited; self.chair = chair; self.noticeIssuedOn = noticeIssuedOn
        self.state = .notified; self.attendance = []; self.minutes = ""; self.decisions = []; self.files = []
    }

    /// Units that sent someone.
    public var attendingUnits: [String] { attendance.filter(\.attended).map(\.unit) }
    /// Invited units that sent nobody (known once attendance is recorded).
    public var absentUnits: [String] { state == .notified ? [] : invited.filter { !attendingUnits.contains($0) } }

    /// Checks the notice (new or edited) and returns it with the units' canonical names. Every problem names its field.
    public func checkedNotice(plan: Plan, today: LocalDate) throws(InputRejected) -> Meeting {
        var issues = IssueList("会议通知")
        issues.requireText(title, ["title"], "会议名称：请填写")
        issues.requireText(place, ["place"], "会议地点：请填写")
        let trimmedTime = time.trimmingCharacters(in: .whitespaces)
        if Self.parseTime(trimmedTime) == nil { issues.add(["time"], "会议时间：「\(trimmedTime)」不是时间，应写作 09:00") }
        let items = agenda.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        if items.isEmpty { issues.add(["agenda"], "会议议程：请至少写一项") }
        let units = Self.canonicalUnits(invited, plan: plan, field: "invited", label: "参会单位", issues: &issues)
        if invited.isEmpty { issues.add(["invited"], "参会单位：请至少选择一个") }
        if state != .notified && date > today {
            issues.add(["date"], "会议日期：会议已召开，日期不能晚于今天（\(today.chinese)）")
        }
        if state != .notified, let dropped = attendingUnits.first(where: { !units.contains($0) }) {
            issues.add(["invited"], "参会单位：「\(dropped)」已登记出席，不能从参会单位中去掉")
        }
        try issues.throwIfAny()
        var result = self
        result.title = title.trimmingCharacters(in: .whitespacesAndNewlines)
        result.place = place.trimmingCharacters(in: .whitespacesAndNewlines)
        result.chair = chair.trimmingCharacters(in: .whitespacesAndNewlines)
        result.time = Self.parseTime(trimmedTime) ?? trimmedTime
        result.agenda = items
        result.invited = units
        return result
    }

    /// Records who came (people per invited unit); the meeting is then 已召开. Only after the meeting's day.
    public mutating func recordAttendance(_ people: [String: [String]], today: LocalDate) throws(InputRejected) {
        var issues = IssueList("出席情况")
        if date > today { issues.add(["date"], "会议定于\(date.chinese)召开，尚未召开，不能登记出席") }
        for unit in people.keys.sorted() where !invited.contains(unit) {
            issues.add(FieldPath(["attendance"]).key(unit), "出席情况：「\(unit)」不是本次会议的参会单位")
        }
        let cleaned = invited.map { unit in
            MeetingAttendance(unit: unit, people: (people[unit] ?? []).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        }
        if !cleaned.contains(where: \.attended) { issues.add(["attendance"], "出席情况：请至少登记一个单位的出席人员") }
        try issues.throwIfAny()
        attendance = cleaned
        if state == .notified { state = .held }
    }

    /// Records the minutes and their decisions; the meeting is then 已形成纪要. A decision that already became a plan
    /// task is kept as it is (the task carries it now); the others are replaced by `decisions`, matched by id.
    public mutating func recordMinutes(_ text: String, decisions input: [MeetingDecisionInput], files added: [EvidenceRef],
                                       plan: Plan) throws(InputRejected) {
        var issues = IssueList("会议纪要")
        if state == .notified { issues.add(["state"], "请先登记出席情况，再形成纪要") }
        issues.requireText(text, ["minutes"], "纪要内容：请填写")
        let locked = decisions.filter { $0.taskID != nil }
        var nextID = (decisions.map(\.id).max() ?? 0) + 1
        var kept: [MeetingDecision] = []
        for (i, decision) in input.enumerated() {
            let label = "决定事项第\(i + 1)项"
            let field = FieldPath(["decisions"]).index(i)
            if let id = decision.id, locked.contains(where: { $0.id == id }) { continue }
            if isBlank(decision.text) { issues.add(field.key("text"), "\(label)：请填写决定内容") }
            var scratch = IssueList("会议纪要")
            let units = Self.canonicalUnits(decision.responsible, plan: plan, field: "responsible", label: "\(label)责任单位", issues: &scratch)
            for issue in scratch.issues { issues.add(field.key("responsible"), issue.message) }
            if decision.responsible.isEmpty { issues.add(field.key("responsible"), "\(label)：请填写责任单位") }
            if let deadline = decision.deadline, deadline < date {
                issues.add(field.key("deadline"), "\(label)：完成时限 \(deadline.chinese) 早于会议日期 \(date.chinese)")
            } else if let deadline = decision.deadline, let span = plan.programmeSpan, !span.contains(deadline) {
                // A decision may become a plan task, whose deadline must lie within the programme.
                issues.add(field.key("deadline"), "\(label)：完成时限 \(deadline.chinese) 不在实施期（\(span.lowerBound.chinese)至\(span.upperBound.chinese)）内")
            }
            let id: Int
            if let existing = decision.id, decisions.contains(where: { $0.id == existing }) { id = existing } else { id = nextID; nextID += 1 }
            kept.append(MeetingDecision(id: id, text: decision.text.trimmingCharacters(in: .whitespacesAndNewlines), responsible: units,
                                        deadline: decision.deadline))
        }
        try issues.throwIfAny()
        minutes = text.trimmingCharacters(in: .whitespacesAndNewlines)
        decisions = (locked + kept).sorted { $0.id < $1.id }
        for file in added where !files.contains(where: { $0.sha256 == file.sha256 }) { files.append(file) }
        state = .minuted
    }

    /// Notes the plan task a decision became. Refused when there is no such decision or it already became one.
    public mutating func decision(_ id: Int, becameTask taskID: Int) throws(InputRejected) {
        guard let index = decisions.firstIndex(where: { $0.id == id }) else {
            throw IssueList.reject("会议纪要", ["decisions"], "没有第\(id)项决定事项")
        }
        if let existing = decisions[index].taskID {
            throw IssueList.reject("会议纪要", ["decisions"], "第\(id)项决定事项已转为任务（任务编号 \(existing)）")
        }
        decisions[index].taskID = taskID
    }

    /// 09:00 from "9:00", "09：00" or "0900"; nil when it is not a time of day.
    static func parseTime(_ text: String) -> String? {
        let normalised = text.replacingOccurrences(of: "：", with: ":")
        let parts = normalised.split(separator: ":", omittingEmptySubsequences: false)
        let (h, m): (Int?, Int?) = parts.count == 2 ? (Int(parts[0]), Int(parts[1]))
            : normalised.count == 4 ? (Int(normalised.prefix(2)), Int(normalised.suffix(2))) : (nil, nil)
        guard let h, let m, (0...23).contains(h), (0...59).contains(m), parts.count != 2 || parts[1].count == 2 else { return nil }
        return String(format: "%02d:%02d", h, m)
    }

    /// The canonical names of `names`, each problem (not a unit, twice) added under `field[i]`.
    static func canonicalUnits(_ names: [String], plan: Plan, field: String, label: String, issues: inout IssueList) -> [String] {
        let directory = UnitDirectory(plan)
        var canonical: [String] = []
        for (i, name) in names.enumerated() {
            guard let unit = directory.concreteUnitName(name) else {
                issues.add(FieldPath([.key(field)]).index(i), "\(label)：「\(name)」不是本方案的单位")
                continue
            }
            if canonical.contains(unit) { issues.add(FieldPath([.key(field)]).index(i), "\(label)：「\(unit)」重复") } else { canonical.append(unit) }
        }
        return canonical
    }
}

extension Meeting: RunningDocument {
    public static var kind: String { "meeting" }
    public var naturalKey: String { id.uuidString.lowercased() }
    /// Several units are invited, so no one owner: liaisons' lists filter on `invited`.
    public var owner: String? { nil }
    public var stateKey: String { state.rawValue }
    public var sortDate: String? { date.iso }
}

/// What a score sheet asks of meetings (全年召开协调会议不少于2次), found in its scoring text.
public struct MeetingRequirement: Sendable, Equatable {
    public var sheetID: String
    public var itemID: String
    public var itemTitle: String
    /// What the sheet calls them (协调会议, 专题会议).
    public var meetingName: String
    public var minimumPerYear: Int

    /// The first item of `sheet` whose scoring asks for at least N meetings a year.
    public init?(sheet: ScoreSheet) {
        let pattern = #/召开([^；。，,]{0,10}会议)不少于(\d+)次/#
        for item in sheet.allItems {
            if let match = item.scoring.firstMatch(of: pattern), let count = Int(match.2) {
                self.sheetID = sheet.id; self.itemID = item.id; self.itemTitle = item.title
                self.meetingName = String(match.1); self.minimumPerYear = count
                return
            }
        }
        return nil
    }

    /// The coordination meetings held in `year` (recorded as held, not merely notified).
    public func held(in year: Int, meetings: [Meeting]) -> [Meeting] {
        meetings.filter { $0.kind.isCoordination && $0.state >= .held && $0.date.year == year }.sorted { $0.date < $1.date }
    }

    public func isMet(in year: Int, meetings: [Meeting]) -> Bool { held(in: year, meetings: meetings).count >= minimumPerYear }
}
