import Foundation

/// When a programme's monthly progress reports (工作进展月报) are due, and which months can be reported:
/// `ReportingCalendar`'s due-day rule over the programme's months.
///
/// A month's report is due on the programme's due day of that month (每月30日前 → the 30th, the day
/// itself included); a month without that day is due on its last day (February, and every 30-day month
/// when the due day is 31).
public struct ReportingSchedule: Codable, Sendable, Equatable {
    /// The seeds' rule (每月30日前) when a plan sets none.
    public static let defaultDueDay = 30

    public var dueDay: Int
    /// The programme's first and last day (first phase start, last phase end).
    public var start: LocalDate
    public var end: LocalDate

    public init(dueDay: Int = ReportingSchedule.defaultDueDay, start: LocalDate, end: LocalDate) {
        self.dueDay = dueDay; self.start = start; self.end = end
    }

    /// The schedule of a plan: its reporting rule's due day (or `dueDay`, or the 30th) over its phases.
    /// Nil when the plan has no phases, and so no dates.
    public init?(plan: Plan, dueDay: Int? = nil) {
        guard let span = plan.programmeSpan else { return nil }
        self.init(dueDay: dueDay ?? plan.reporting?.monthlyDueDay ?? Self.defaultDueDay, start: span.lowerBound, end: span.upperBound)
    }

    public func dueDate(for month: YearMonth) -> LocalDate {
        ReportingCalendar.dueDate(year: month.year, month: month.month, dueDay: dueDay)
    }

    /// Every month the programme touches, from its first to its last.
    public var months: [YearMonth] { YearMonth.range(start.yearMonth, through: end.yearMonth) }

    public func isInProgramme(_ month: YearMonth) -> Bool {
        start.yearMonth <= month && month <= end.yearMonth
    }

    /// The programme's months that have begun by `today`: the ones a unit may report.
    public func reportableMonths(on today: LocalDate) -> [YearMonth] {
        months.filter { $0.firstDay <= today }
    }

    /// The report due next on or after `today`: this month's, or next month's once this month's due day has
    /// passed (before the programme, its first month's). Nil once the last month's report is past due.
    public func nextDue(on today: LocalDate) -> (month: YearMonth, dueDate: LocalDate)? {
        for month in months where dueDate(for: month) >= today { return (month, dueDate(for: month)) }
        return nil
    }

    /// Whether a report for `month` may be written on `today`: the month has begun and lies in the programme.
    public func checkReportable(_ month: YearMonth, on today: LocalDate, field: FieldPath = ["month"],
                                source: String = "月报") throws(InputRejected) {
        var issues = IssueList(source)
        if !isInProgramme(month) {
            issues.add(field, "\(month.chineseName)不在方案实施期（\(start.yearMonth.chineseName)至\(end.yearMonth.chineseName)）内")
        } else if month.firstDay > today {
            issues.add(field, "\(month.chineseName)尚未开始，不能报送该月月报")
        }
        try issues.throwIfAny()
    }

    /// Checks a due day the office enters.
    public static func checkDueDay(_ day: Int, field: FieldPath = ["reporting", "monthlyDueDay"],
                                   source: String = "报送设置") throws(InputRejected) {
        if !(1...31).contains(day) { throw IssueList.reject(source, field, "每月报送日 \(day) 应在 1–31 之间") }
    }
}
