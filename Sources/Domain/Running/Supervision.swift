import Foundation

/// What an inspection looked at: a unit, or a region (a township, a village).
/// Coded as `{"unit": "县教育局"}` or `{"regionID": "…", "name": "新关镇"}`.
public enum InspectionSubject: Codable, Sendable, Equatable {
    case unit(String)
    case region(id: UUID, name: String)

    public var displayName: String {
        switch self {
        case .unit(let name): name
        case .region(_, let name): name
        }
    }

    enum CodingKeys: String, CodingKey { case unit, regionID, name }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if let unit = try c.decodeIfPresent(String.self, forKey: .unit) {
            self = .unit(unit)
        } else {
            self = .region(id: try c.decode(UUID.self, forKey: .regionID), name: try c.decode(String.self, forKey: .name))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .unit(let name): try c.encode(name, forKey: .unit)
        case .region(let id, let name):
            try c.encode(id, forKey: .regionID)
            try c.encode(name, forKey: .name)
        }
    }
}

/// A supervision visit (督导检查): when, who inspected, what, and what they found.
public struct Inspection: Codable, Sendable, Equatable, Identifiable {
    public var id: UUID
    public var planID: String
    public var date: LocalDate
    public var inspectors: [String]
    public var subjects: [InspectionSubject]
    public var findings: String

    public init(id: UUID = UUID(), planID: String, date: LocalDate, inspectors: [String], subjects: [InspectionSubject],
                findings: String) {
        self.id = id; self.planID = planID; self.date = date; self.inspectors = inspectors
        self.subjects = subjects; self.findings = findings
    }

    /// Checks an inspection the office records: a date not in the future, inspectors, a known subject, findings.
    public func check(plan: Plan, today: LocalDate, source: String = "督导检查") throws(InputRejected) {
        var issues = IssueList(source)
        if date > today { issues.add(["date"], "检查日期 \(date.chinese) 晚于今天") }
        let named = inspectors.filter { !isBlank($0) }
        if named.isEmpty { issues.add(["inspectors"], "请填写检查人员") }
        if Set(named).count != named.count { issues.add(["inspectors"], "检查人员有重复") }
        if subjects.isEmpty { issues.add(["subjects"], "请选择被检查的单位或地区") }
        let directory = UnitDirectory(plan)
        for (i, subject) in subjects.enumerated() {
            if case .unit(let name) = subject, directory.concreteUnitName(name) == nil {
                issues.add(FieldPath(["subjects"]).index(i), "「\(name)」不是本方案的单位")
            }
        }
        issues.requireText(findings, ["findings"], "请填写检查发现")
        try issues.throwIfAny()
    }
}

/// Where a problem from the problem list (问题清单) is on its way to closure (销号).
public enum ProblemState: String, Sendable, StrictEnum {
    case pending, rectifying, submitted, recheckPassed, closed

    public var chineseName: String {
        switch self {
        case .pending: "待整改"
        case .rectifying: "整改中"
        case .submitted: "已提交整改"
        case .recheckPassed: "复查通过"
        case .closed: "已销号"
        }
    }

    /// Still waiting for the responsible unit to act: only these can be overdue.
    public var awaitsUnit: Bool { self == .pending || self == .rectifying }
}

/// One re-check of a submitted rectification.
public struct Recheck: Codable, Sendable, Equatable {
    public var date: LocalDate
    public var by: String
    public var passed: Bool
    public var note: String

    public init(date: LocalDate, by: String, passed: Bool, note: String = "") {
        self.date = date; self.by = by; self.passed = passed; self.note = note
    }

    public var chineseName: String { passed ? "复查通过" : "复查未通过" }
}

/// Who acts on a problem: the responsible unit rectifies, the office re-checks and closes.
public enum ProblemActor: String, Sendable, StrictEnum {
    case responsibleUnit, office

    public static func of(_ principal: Principal, problem: InspectionProblem) -> ProblemActor? {
        guard !principal.isReadOnly else { return nil }
        switch principal.role {
        case .admin: return .office
        case .office: return principal.planID == problem.planID ? .office : nil
        case .liaison: return principal.planID == problem.planID && principal.unit == problem.unit ? .responsibleUnit : nil
        default: return nil
        }
    }
}

/// A problem an inspection found, with its responsible unit, rectification deadline, evidence, re-checks and closure.
///
/// 待整改 → 整改中 → 已提交整改 → 复查通过 → 已销号; a failed re-check sends it back to 整改中.
public struct InspectionProblem: Codable, Sendable, Equatable, Identifiable {
    public var id: UUID
    public var planID: String
    public var inspectionID: UUID
    public var text: String
    /// The unit's canonical name in the plan.
    public var unit: String
    public var deadline: LocalDate
    public var state: ProblemState
    public var rectificationNote: String?
    public var evidence: [EvidenceRef]
    public var submittedOn: LocalDate?
    public var rechecks: [Recheck]
    public var closedOn: LocalDate?
    public var closedBy: String?

    public init(id: UUID = UUID(), planID: String, inspectionID: UUID, text: String, unit: String, deadline: LocalDate,
                state: ProblemState = .pending, rectificationNote: String? = nil, evidence: [EvidenceRef] = [],
                submittedOn: LocalDate? = nil, rechecks: [Recheck] = [], closedOn: LocalDate? = nil, closedBy: String? = nil) {
        self.id = id; self.planID = planID; self.inspectionID = inspectionID; self.text = text
        self.unit = unit; self.deadline = deadline; self.state = state; self.rectificationNote = rectificationNote
        self.evidence = evidence; self.submittedOn = submittedOn; self.rechecks = rechecks
        self.closedOn = closedOn; self.closedBy = closedBy
    }

    /// Checks a new problem against its inspection: a description, a unit of the plan, a deadline after the inspection.
    /// Returns the unit's canonical name.
    public static func checkNew(text: String, unit: String, deadline: LocalDate?, inspection: Inspection, plan: Plan,
                                source: String = "问题清单") throws(InputRejected) -> String {
        var issues = IssueList(source)
        issues.requireText(text, ["text"], "请描述问题")
        let canonical = UnitDirectory(plan).concreteUnitName(unit)
        if canonical == nil { issues.add(["unit"], "「\(unit)」不是本方案的单位") }
        if let deadline {
            if deadline < inspection.date {
                issues.add(["deadline"], "整改期限 \(deadline.chinese) 早于检查日期 \(inspection.date.chinese)")
            }
        } else {
            issues.add(["deadline"], "请设定整改期限")
        }
        try issues.throwIfAny()
        guard let canonical else { throw IssueList.reject(source, ["unit"], "「\(unit)」不是本方案的单位") }
        return canonical
    }

    /// The actions the state allows, and who takes each.
    public enum Action: String, Sendable, StrictEnum {
        case startRectification, submitRectification, recheck, close

        public var chineseName: String {
            switch self {
            case .startRectification: "开始整改"
            case .submitRectification: "提交整改"
            case .recheck: "复查"
            case .close: "销号"
            }
        }

        public var actor: ProblemActor {
            switch self {
            case .startRectification, .submitRectification: .responsibleUnit
            case .recheck, .close: .office
            }
        }
    }

    public static func allowedActions(in state: ProblemState) -> [Action] {
        switch state {
        case .pending: [.startRectification, .submitRectification]
        case .rectifying: [.submitRectification]
        case .submitted: [.recheck]
        case .recheckPassed: [.close]
        case .closed: []
        }
    }

    /// The office may act for a unit (a rectification report handed in on paper); a unit never re-checks its own work.
    public static func may(_ actor: ProblemActor, _ action: Action) -> Bool {
        actor == .office || actor == action.actor
    }

    private func checkAllowed(_ action: Action, _ issues: inout IssueList) {
        if !Self.allowedActions(in: state).contains(action) {
            issues.add(["state"], "问题当前为「\(state.chineseName)」，不能\(action.chineseName)")
        }
    }

    public mutating func startRectification(source: String = "问题整改") throws(InputRejected) {
        var issues = IssueList(source)
        checkAllowed(.startRectification, &issues)
        try issues.throwIfAny()
        state = .rectifying
    }

    /// The unit reports what it did, with any evidence so far; evidence may also be added until closure.
    public mutating func submitRectification(note: String, evidence newEvidence: [EvidenceRef], on date: LocalDate,
                                             source: String = "问题整改") throws(InputRejected) {
        var issues = IssueList(source)
        checkAllowed(.submitRectification, &issues)
        issues.requireText(note, ["rectificationNote"], "请说明整改措施和结果")
        try issues.throwIfAny()
        rectificationNote = note
        addEvidence(newEvidence)
        submittedOn = date
        state = .submitted
    }

    public mutating func addEvidence(_ refs: [EvidenceRef]) {
        for ref in refs where !evidence.contains(where: { $0.sha256 == ref.sha256 }) { evidence.append(ref) }
    }

    /// Records a re-check. A failure must say why and sends the problem back to 整改中, optionally with a new deadline.
    public mutating func recheck(_ result: Recheck, newDeadline: LocalDate? = nil,
                                 source: String = "问题复查") throws(InputRejected) {
        var issues = IssueList(source)
        checkAllowed(.recheck, &issues)
        if !result.passed && isBlank(result.note) { issues.add(["note"], "复查未通过时请说明原因") }
        if let submittedOn, result.date < submittedOn {
            issues.add(["date"], "复查日期 \(result.date.chinese) 早于整改提交日期 \(submittedOn.chinese)")
        }
        if let newDeadline, newDeadline < result.date {
            issues.add(["newDeadline"], "新的整改期限 \(newDeadline.chinese) 早于复查日期")
        }
        if result.passed && newDeadline != nil { issues.add(["newDeadline"], "复查通过的问题不需要新的整改期限") }
        try issues.throwIfAny()
        rechecks.append(result)
        if result.passed {
            state = .recheckPassed
        } else {
            state = .rectifying
            if let newDeadline { deadline = newDeadline }
        }
    }

    /// Closes (销号) the problem: only with rectification evidence and a passed re-check.
    public mutating func close(by person: String, on date: LocalDate, source: String = "问题销号") throws(InputRejected) {
        var issues = IssueList(source)
        if state == .closed {
            issues.add(["state"], "问题已销号")
        } else {
            if evidence.isEmpty { issues.add(["evidence"], "没有整改佐证材料，不能销号：请先上传整改照片或文件") }
            if rechecks.last?.passed != true || state != .recheckPassed {
                issues.add(["rechecks"], "尚未复查通过（当前：\(state.chineseName)），不能销号")
            }
        }
        try issues.throwIfAny()
        state = .closed
        closedOn = date; closedBy = person
    }

    /// Days past the deadline while the unit still owes the rectification; 0 otherwise.
    public func daysOverdue(on today: LocalDate) -> Int {
        state.awaitsUnit ? max(deadline.days(until: today), 0) : 0
    }

    public func escalation(on today: LocalDate, policy: EscalationPolicy = .standard) -> EscalationLevel {
        policy.level(daysOverdue: daysOverdue(on: today))
    }
}

/// How far an overdue problem has escalated: 0 on time, then one level per threshold reached.
public struct EscalationLevel: Sendable, Equatable, Comparable {
    public var level: Int
    /// What the level calls for (提醒, 通报、约谈); 按期 at level 0.
    public var measure: String
    public var daysOverdue: Int

    public static func < (a: EscalationLevel, b: EscalationLevel) -> Bool { a.level < b.level }
}

/// The office's escalation thresholds: each step starts at a number of days overdue.
public struct EscalationPolicy: Codable, Sendable, Equatable {
    public struct Step: Codable, Sendable, Equatable {
        public var fromDaysOverdue: Int
        public var measure: String

        public init(fromDaysOverdue: Int, measure: String) { self.fromDaysOverdue = fromDaysOverdue; self.measure = measure }
    }

    public var steps: [Step]

    public init(steps: [Step]) { self.steps = steps.sorted { $0.fromDaysOverdue < $1.fromDaysOverdue } }

    /// 1–15 days overdue: a reminder; more than 15: circulated and the unit's head called in.
    public static let standard = EscalationPolicy(steps: [
        Step(fromDaysOverdue: 1, measure: "提醒"),
        Step(fromDaysOverdue: 16, measure: "通报、约谈"),
    ])

    public func level(daysOverdue: Int) -> EscalationLevel {
        guard daysOverdue > 0, let reached = steps.lastIndex(where: { daysOverdue >= $0.fromDaysOverdue }) else {
            return EscalationLevel(level: 0, measure: "按期", daysOverdue: max(daysOverdue, 0))
        }
        return EscalationLevel(level: reached + 1, measure: steps[reached].measure, daysOverdue: daysOverdue)
    }

    public func check(source: String = "督办设置") throws(InputRejected) {
        var issues = IssueList(source)
        for (i, step) in steps.enumerated() {
            if step.fromDaysOverdue < 1 { issues.add(FieldPath(["steps"]).index(i).key("fromDaysOverdue"), "逾期天数应至少为 1") }
            if isBlank(step.measure) { issues.add(FieldPath(["steps"]).index(i).key("measure"), "请填写督办措施") }
            if i > 0 && step.fromDaysOverdue == steps[i - 1].fromDaysOverdue {
                issues.add(FieldPath(["steps"]).index(i).key("fromDaysOverdue"), "逾期天数 \(step.fromDaysOverdue) 重复")
            }
        }
        try issues.throwIfAny()
    }
}

/// An inspection's problems on a day: what a circular (通报) reports.
public struct InspectionSummary: Sendable, Equatable {
    public struct OverdueProblem: Sendable, Equatable {
        public var problem: InspectionProblem
        public var escalation: EscalationLevel
    }

    public struct UnitCount: Sendable, Equatable {
        public var unit: String
        public var open: Int
        public var closed: Int
    }

    public var inspection: Inspection
    public var today: LocalDate
    public var byState: [ProblemState: Int]
    /// Open problems past their deadline, most overdue first.
    public var overdue: [OverdueProblem]
    /// Units with problems from this inspection, by name.
    public var units: [UnitCount]

    public init(inspection: Inspection, problems: [InspectionProblem], today: LocalDate, policy: EscalationPolicy = .standard) {
        self.inspection = inspection; self.today = today
        let own = problems.filter { $0.inspectionID == inspection.id }
        byState = Dictionary(grouping: own, by: \.state).mapValues(\.count)
        overdue = own.map { OverdueProblem(problem: $0, escalation: $0.escalation(on: today, policy: policy)) }
            .filter { $0.escalation.level > 0 }
            .sorted {
                $0.escalation.daysOverdue != $1.escalation.daysOverdue
                    ? $0.escalation.daysOverdue > $1.escalation.daysOverdue : $0.problem.unit < $1.problem.unit
            }
        units = Dictionary(grouping: own, by: \.unit).map { unit, list in
            UnitCount(unit: unit, open: list.filter { $0.state != .closed }.count, closed: list.filter { $0.state == .closed }.count)
        }.sorted { $0.unit < $1.unit }
    }

    public var total: Int { byState.values.reduce(0, +) }
    public var closed: Int { byState[.closed] ?? 0 }
    /// Closed over total, 0...1; nil without problems.
    public var closureRate: Double? { total == 0 ? nil : Double(closed) / Double(total) }
}
