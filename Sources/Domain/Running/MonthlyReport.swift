import Foundation

/// Where a monthly report is in its life: the unit drafts and submits; the office may return it for revision.
public enum MonthlyReportState: String, Sendable, StrictEnum {
    case draft, submitted, returned

    public var chineseName: String {
        switch self {
        case .draft: "草稿"
        case .submitted: "已提交"
        case .returned: "退回修改"
        }
    }

    /// The unit may change the report (the office reads a submitted report as it was sent).
    public var isEditable: Bool { self != .submitted }
}

/// A member unit's progress report for one month (工作进展月报).
public struct MonthlyReport: Codable, Sendable, Equatable, Identifiable {
    public var id: UUID
    public var planID: String
    /// The unit's canonical name in the plan.
    public var unit: String
    public var month: YearMonth
    public var workDone: String
    public var activities: String
    public var problems: String
    public var nextSteps: String
    public var attachments: [EvidenceRef]
    public var state: MonthlyReportState
    /// The first submission decides timeliness: a report sent on time and returned for revision stays on time.
    public var firstSubmittedAt: Date?
    public var submittedAt: Date?
    public var returnedAt: Date?
    public var returnReason: String?
    public var updatedBy: String
    public var updatedAt: Date

    public init(id: UUID = UUID(), planID: String, unit: String, month: YearMonth, workDone: String = "", activities: String = "",
                problems: String = "", nextSteps: String = "", attachments: [EvidenceRef] = [], state: MonthlyReportState = .draft,
                firstSubmittedAt: Date? = nil, submittedAt: Date? = nil, returnedAt: Date? = nil, returnReason: String? = nil,
                updatedBy: String, updatedAt: Date = Clock.system.now()) {
        self.id = id; self.planID = planID; self.unit = unit; self.month = month
        self.workDone = workDone; self.activities = activities; self.problems = problems; self.nextSteps = nextSteps
        self.attachments = attachments; self.state = state; self.firstSubmittedAt = firstSubmittedAt
        self.submittedAt = submittedAt; self.returnedAt = returnedAt; self.returnReason = returnReason
        self.updatedBy = updatedBy; self.updatedAt = updatedAt
    }

    /// Changes the content of a draft or a returned report; a submitted report waits for the office.
    public mutating func revise(workDone: String, activities: String, problems: String, nextSteps: String,
                                attachments: [EvidenceRef], by person: String, at instant: Date,
                                source: String = "月报") throws(InputRejected) {
        guard isEditable else {
            throw IssueList.reject(source, ["state"], "\(month.chineseName)月报已提交，办公室退回后才能修改")
        }
        self.workDone = workDone; self.activities = activities; self.problems = problems; self.nextSteps = nextSteps
        self.attachments = attachments
        updatedBy = person; updatedAt = instant
    }

    /// Sends the report to the office. It must say what was done; a submitted report is not sent twice.
    public mutating func submit(by person: String, at instant: Date, source: String = "月报") throws(InputRejected) {
        var issues = IssueList(source)
        if state == .submitted { issues.add(["state"], "\(month.chineseName)月报已提交，无需重复提交") }
        issues.requireText(workDone, ["workDone"], "请填写本月工作完成情况")
        try issues.throwIfAny()
        state = .submitted
        if firstSubmittedAt == nil { firstSubmittedAt = instant }
        submittedAt = instant
        updatedBy = person; updatedAt = instant
    }

    /// The office sends a submitted report back with the reason; the unit revises and submits again.
    public mutating func returnForRevision(reason: String, by person: String, at instant: Date,
                                           source: String = "月报") throws(InputRejected) {
        var issues = IssueList(source)
        if state != .submitted { issues.add(["state"], "只能退回已提交的月报（当前：\(state.chineseName)）") }
        issues.requireText(reason, ["returnReason"], "请说明退回原因")
        try issues.throwIfAny()
        state = .returned
        returnedAt = instant; returnReason = reason
        updatedBy = person; updatedAt = instant
    }

    /// Whether the unit may still edit the content (a draft, or a report returned for revision).
    public var isEditable: Bool { state.isEditable }
}

/// Who may file which unit's report, and for which month: the rules behind 「为其他单位报送」 and
/// 「报送未开始的月份」 errors.
public enum MonthlyReportRules {
    /// Checks that `principal` may file `unit`'s report for `month` in `plan` on `today`, and returns the unit's
    /// canonical name. A liaison files only for its own unit; the office (and the administrator) for any
    /// reporting unit, e.g. a report handed in on paper.
    public static func checkSubmission(unit: String, month: YearMonth, by principal: Principal, plan: Plan,
                                       schedule: ReportingSchedule, today: LocalDate,
                                       source: String = "月报") throws(InputRejected) -> String {
        var issues = IssueList(source)
        let directory = UnitDirectory(plan)
        let canonical = directory.concreteUnitName(unit)
        let reporting = Set(reportingUnits(of: plan))

        if principal.role != .admin && principal.planID != plan.id {
            issues.add(["unit"], "账号不属于方案「\(plan.title)」，不能报送其月报")
        } else if principal.isReadOnly || ![.admin, .office, .liaison, .township].contains(principal.role) {
            issues.add(["unit"], "\(principal.role.chineseName)账号不能报送月报")
        } else if let canonical {
            if !reporting.contains(canonical) {
                issues.add(["unit"], "「\(canonical)」不是需要报送月报的成员单位")
            } else if let own = principal.reportingUnit, own != canonical {
                issues.add(["unit"], "\(principal.role == .liaison ? "联络员" : "乡镇专干")只能报送本单位（\(own)）的月报，不能报送「\(canonical)」的")
            } else if principal.role == .township && principal.reportingUnit == nil {
                issues.add(["unit"], "乡镇专干账号尚未对应本方案的乡镇单位，请创建办先在「调整方案」中把乡镇加为单位")
            } else if principal.role == .liaison && principal.reportingUnit == nil {
                issues.add(["unit"], "联络员账号未指定单位，不能报送月报")
            }
        } else if directory.unit(named: unit)?.kind == .group {
            issues.add(["unit"], "「\(unit)」是统称，请选择具体单位")
        } else {
            issues.add(["unit"], "「\(unit)」不是本方案的单位")
        }
        do throws(InputRejected) {
            try schedule.checkReportable(month, on: today, source: source)
        } catch {
            error.issues.forEach { issues.add($0.location.field ?? ["month"], $0.message) }
        }
        try issues.throwIfAny()
        guard let canonical else { throw IssueList.reject(source, ["unit"], "「\(unit)」不是本方案的单位") }
        return canonical
    }

    /// The units expected to report each month: the member units (or every unit with tasks, when the plan lists none).
    /// A collective member (各镇街) is left out: it has no liaison of its own, its townships report if they are units.
    public static func reportingUnits(of plan: Plan) -> [String] {
        UnitDirectory(plan).reportingUnits.filter { $0.kind != .group }.map(\.name)
    }

    /// The reporting units nobody can report for: no enabled account (liaison or township officer) holds them.
    public static func unitsWithoutAccounts(of plan: Plan, covered: Set<String>) -> [String] {
        reportingUnits(of: plan).filter { !covered.contains($0) }
    }
}

/// How a unit stands for one month, as the office's table shows it.
public enum ReportStatus: String, Sendable, StrictEnum {
    case onTime, late, notSubmitted, returned, draft

    public var chineseName: String {
        switch self {
        case .onTime: "按时"
        case .late: "逾期"
        case .notSubmitted: "未提交"
        case .returned: "退回修改"
        case .draft: "草稿"
        }
    }
}

/// One unit's report for one month seen on a given day.
public struct ReportStanding: Sendable, Equatable {
    public var unit: String
    public var month: YearMonth
    public var dueDate: LocalDate
    public var status: ReportStatus
    /// The China calendar day of the first submission.
    public var submittedOn: LocalDate?
    /// The due date has passed and no submitted report is in (nothing, a draft, or a returned report).
    public var isOverdue: Bool
    /// Days past the due date: of the first submission if any, else of today while nothing is in.
    public var daysLate: Int

    /// `report` is the unit's report for the month, if it has one. Submission and return instants are
    /// read as China calendar days; submitted on the due day is on time.
    public init(unit: String, month: YearMonth, report: MonthlyReport?, dueDate: LocalDate, today: LocalDate) {
        self.unit = unit; self.month = month; self.dueDate = dueDate
        submittedOn = report?.firstSubmittedAt.map(LocalDate.inChina)
        switch report?.state {
        case nil: status = .notSubmitted
        case .draft?: status = .draft
        case .returned?: status = .returned
        case .submitted?: status = (submittedOn ?? today) <= dueDate ? .onTime : .late
        }
        isOverdue = report?.state != .submitted && today > dueDate
        if let submittedOn {
            daysLate = max(dueDate.days(until: submittedOn), 0)
        } else {
            daysLate = max(dueDate.days(until: today), 0)
        }
    }
}

/// The office's summary of one month: who is expected, who reported on time, late, not at all, or was sent back.
public struct MonthlyRollUp: Sendable, Equatable {
    public var month: YearMonth
    public var dueDate: LocalDate
    public var today: LocalDate
    /// Every expected unit's standing, in the order the units were given.
    public var standings: [ReportStanding]

    public init(month: YearMonth, units: [String], reports: [MonthlyReport], schedule: ReportingSchedule, today: LocalDate) {
        self.month = month; self.today = today
        let due = schedule.dueDate(for: month)
        dueDate = due
        let byUnit = Dictionary(reports.filter { $0.month == month }.map { ($0.unit, $0) }, uniquingKeysWith: { a, b in
            a.updatedAt >= b.updatedAt ? a : b
        })
        standings = units.map { unit in
            ReportStanding(unit: unit, month: month, report: byUnit[unit], dueDate: due, today: today)
        }
    }

    public var expected: [String] { standings.map(\.unit) }
    public var onTime: [String] { units(.onTime) }
    public var late: [String] { units(.late) }
    public var returned: [String] { units(.returned) }
    public var drafts: [String] { units(.draft) }
    /// Past the due date with no submitted report: nothing at all, or only a draft.
    public var missing: [String] { standings.filter { $0.isOverdue && ($0.status == .notSubmitted || $0.status == .draft) }.map(\.unit) }
    /// Before the due date: not yet submitted (and not overdue).
    public var pending: [String] { standings.filter { !$0.isOverdue && ($0.status == .notSubmitted || $0.status == .draft) }.map(\.unit) }
    public var isPastDue: Bool { today > dueDate }

    /// Submitted (on time or late) over expected, 0...1; nil when no unit is expected.
    public var submissionRate: Double? {
        standings.isEmpty ? nil : Double(onTime.count + late.count) / Double(standings.count)
    }

    private func units(_ status: ReportStatus) -> [String] { standings.filter { $0.status == status }.map(\.unit) }

    /// The in-app reminders for the month on `today`: units that still owe the report within `daysBefore`
    /// days of the due date or after it, and units whose report was returned.
    public func reminders(daysBefore: Int = 3) -> [ReportReminder] {
        standings.compactMap { standing in
            switch standing.status {
            case .returned:
                return ReportReminder(unit: standing.unit, month: month, kind: .returned, dueDate: dueDate)
            case .notSubmitted, .draft:
                if standing.isOverdue {
                    return ReportReminder(unit: standing.unit, month: month, kind: .overdue, dueDate: dueDate)
                }
                if today.days(until: dueDate) <= daysBefore {
                    return ReportReminder(unit: standing.unit, month: month, kind: .dueSoon, dueDate: dueDate)
                }
                return nil
            case .onTime, .late:
                return nil
            }
        }
    }
}

public struct ReportReminder: Sendable, Equatable {
    public enum Kind: String, Sendable, StrictEnum { case dueSoon, overdue, returned }

    public var unit: String
    public var month: YearMonth
    public var kind: Kind
    public var dueDate: LocalDate

    public var message: String {
        switch kind {
        case .dueSoon: "\(month.chineseName)工作进展月报请于\(dueDate.chinese)前报送"
        case .overdue: "\(month.chineseName)工作进展月报已逾期（应于\(dueDate.chinese)前报送），请尽快报送"
        case .returned: "\(month.chineseName)工作进展月报已退回，请修改后重新提交"
        }
    }
}
