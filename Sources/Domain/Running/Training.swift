import Foundation

/// 三级培训: who runs a course, the county, a township or a village.
public enum TrainingTier: String, Sendable, StrictEnum {
    case county, township, village

    public var chineseName: String {
        switch self {
        case .county: "县级"
        case .township: "乡镇级"
        case .village: "村级"
        }
    }
}

/// What kind of course it is; score sheets count kinds held (三类培训每开展1类) and all-staff coverage.
public enum TrainingKind: String, Sendable, StrictEnum {
    case allStaff, course, policy, skills, other

    public var chineseName: String {
        switch self {
        case .allStaff: "全员培训"
        case .course: "专题培训班"
        case .policy: "政策培训"
        case .skills: "技能培训"
        case .other: "其他培训"
        }
    }
}

/// How many of a unit's people attended.
public struct TrainingAttendance: Codable, Sendable, Equatable {
    public var unit: String
    public var count: Int

    public init(unit: String, count: Int) { self.unit = unit; self.count = count }
}

/// A training course the programme held: tier, audience, attendees by unit, hours and its materials.
public struct Training: Codable, Sendable, Equatable, Identifiable {
    public var id: UUID
    public var planID: String
    public var kind: TrainingKind
    public var tier: TrainingTier
    public var title: String
    /// Who it is for (成员单位健康促进网络人员, 全县医务人员 …).
    public var audience: String
    /// The unit that ran it (canonical name).
    public var organiser: String
    public var date: LocalDate
    public var place: String
    /// Class hours (学时), e.g. 2.5.
    public var hours: Decimal
    public var attendees: [TrainingAttendance]
    /// Slides, sign-in sheets, photos (课件、签到表、照片).
    public var materials: [EvidenceRef]
    public var note: String?

    public init(id: UUID = UUID(), planID: String, kind: TrainingKind, tier: TrainingTier, title: String, audience: String,
                organiser: String, date: LocalDate, place: String, hours: Decimal, attendees: [TrainingAttendance],
                materials: [EvidenceRef] = [], note: String? = nil) {
        self.id = id; self.planID = planID; self.kind = kind; self.tier = tier; self.title = title; self.audience = audience
        self.organiser = organiser; self.date = date; self.place = place; self.hours = hours; self.attendees = attendees
        self.materials = materials; self.note = note
    }

    public var totalAttendees: Int { attendees.reduce(0) { $0 + $1.count } }

    /// Checks a course as the office records it (after it was held) and returns it with canonical unit names and
    /// units that sent nobody left out. Every problem names its field.
    public func checked(plan: Plan, today: LocalDate) throws(InputRejected) -> Training {
        var issues = IssueList("培训记录")
        issues.requireText(title, ["title"], "培训名称：请填写")
        issues.requireText(audience, ["audience"], "培训对象：请填写")
        issues.requireText(place, ["place"], "培训地点：请填写")
        let directory = UnitDirectory(plan)
        let organiserName = directory.concreteUnitName(organiser)
        if isBlank(organiser) { issues.add(["organiser"], "举办单位：请填写") }
        else if organiserName == nil { issues.add(["organiser"], "举办单位：「\(organiser)」不是本方案的单位") }
        if date > today { issues.add(["date"], "培训日期：\(date.chinese) 晚于今天，请在培训结束后登记") }
        if hours <= 0 { issues.add(["hours"], "学时：须大于 0") } else if hours > 200 { issues.add(["hours"], "学时：\(hours) 超过 200，请核对") }
        var counted: [TrainingAttendance] = []
        var rowProblems = false
        for (i, row) in attendees.enumerated() {
            let field = FieldPath(["attendees"]).index(i)
            guard let unit = directory.concreteUnitName(row.unit) else {
                issues.add(field, "参训人数：「\(row.unit)」不是本方案的单位")
                rowProblems = true
                continue
            }
            if row.count < 0 { issues.add(field, "参训人数：\(unit)的人数不能为负数"); rowProblems = true }
            if counted.contains(where: { $0.unit == unit }) { issues.add(field, "参训人数：「\(unit)」重复") }
            else if row.count > 0 { counted.append(TrainingAttendance(unit: unit, count: row.count)) }
        }
        if counted.isEmpty && !rowProblems {
            issues.add(["attendees"], "参训人数：请至少登记一个单位的参训人数")
        }
        try issues.throwIfAny()
        var result = self
        result.title = title.trimmingCharacters(in: .whitespacesAndNewlines)
        result.audience = audience.trimmingCharacters(in: .whitespacesAndNewlines)
        result.place = place.trimmingCharacters(in: .whitespacesAndNewlines)
        result.organiser = organiserName ?? organiser
        result.attendees = counted
        return result
    }
}

extension Training: RunningDocument {
    public static var kind: String { "training" }
    public var naturalKey: String { id.uuidString.lowercased() }
    public var owner: String? { organiser }
    public var stateKey: String { tier.rawValue }
    public var sortDate: String? { date.iso }
}

/// Who was trained: every member unit (those with nobody too) and every tier.
public struct TrainingCoverage: Sendable, Equatable {
    public struct UnitRow: Sendable, Equatable {
        public var unit: String
        /// People the unit sent to any course.
        public var attendees: Int
        /// People it sent to all-staff training (全员培训).
        public var allStaffAttendees: Int
        public var courses: Int
    }

    public struct TierRow: Sendable, Equatable {
        public var tier: TrainingTier
        public var courses: Int
        public var attendees: Int
        public var hours: Decimal
    }

    public var units: [UnitRow]
    public var tiers: [TierRow]
    /// The kinds of course held, in the order of `TrainingKind`.
    public var kindsHeld: [TrainingKind]

    /// `trainings` (already of the period wanted) against the plan's member units, in the plan's order; a unit
    /// that attended but is not a member is listed after them.
    public init(plan: Plan, trainings: [Training]) {
        var names = MonthlyReportRules.reportingUnits(of: plan)
        for training in trainings { for row in training.attendees where !names.contains(row.unit) { names.append(row.unit) } }
        units = names.map { unit in
            let rows = trainings.compactMap { t in t.attendees.first { $0.unit == unit }.map { (t.kind, $0.count) } }
            return UnitRow(unit: unit, attendees: rows.reduce(0) { $0 + $1.1 },
                           allStaffAttendees: rows.filter { $0.0 == .allStaff }.reduce(0) { $0 + $1.1 }, courses: rows.count)
        }
        tiers = TrainingTier.allCases.map { tier in
            let ofTier = trainings.filter { $0.tier == tier }
            return TierRow(tier: tier, courses: ofTier.count, attendees: ofTier.reduce(0) { $0 + $1.totalAttendees },
                           hours: ofTier.reduce(Decimal(0)) { $0 + $1.hours })
        }
        kindsHeld = TrainingKind.allCases.filter { kind in trainings.contains { $0.kind == kind } }
    }

    /// Member units with nobody at all-staff training.
    public var unitsWithoutAllStaff: [String] { units.filter { $0.allStaffAttendees == 0 }.map(\.unit) }
}

/// The acceptance dossier's share of meetings and trainings: the minutes (with sign-in sheets and photos) filed
/// under the score-sheet item that asks for meetings, course materials under the item about training; where the
/// sheet has no such item, under the meeting or course itself.
public enum MeetingDossier {
    public static func links(meetings: [Meeting], trainings: [Training], sheet: ScoreSheet) -> [EvidenceLink] {
        let meetingItem = MeetingRequirement(sheet: sheet).map { EvidenceTarget.scoreItem(sheet: sheet.id, item: $0.itemID) }
        let trainingItem = sheet.allItems.first { $0.title.contains("培训") }.map { EvidenceTarget.scoreItem(sheet: sheet.id, item: $0.id) }
        var links: [EvidenceLink] = []
        for meeting in meetings where meeting.state == .minuted {
            let title = "\(meeting.date.iso) \(meeting.title)"
            let target = meetingItem ?? .activity(id: meeting.id, title: title)
            links += ([meeting.minutesDocument].compactMap { $0 } + meeting.files).map {
                EvidenceLink(evidence: $0, target: target, note: "\(meeting.kind.chineseName)：\(title)", uploadedBy: "创建办",
                             uploadedAt: meeting.date.noonInChina)
            }
        }
        for training in trainings {
            let title = "\(training.date.iso) \(training.title)"
            let target = trainingItem ?? .activity(id: training.id, title: title)
            links += training.materials.map {
                EvidenceLink(evidence: $0, target: target, note: "\(training.kind.chineseName)：\(title)", uploadedBy: training.organiser,
                             uploadedAt: training.date.noonInChina)
            }
        }
        return links
    }

    /// The meetings and courses filed under themselves (no score-sheet item for them), for the dossier's subjects.
    public static func subjects(meetings: [Meeting], trainings: [Training]) -> [UUID: String] {
        var names: [UUID: String] = [:]
        for m in meetings { names[m.id] = "\(m.date.iso) \(m.title)" }
        for t in trainings { names[t.id] = "\(t.date.iso) \(t.title)" }
        return names
    }
}
