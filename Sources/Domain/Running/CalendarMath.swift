import Foundation

// Date arithmetic the running rules need: day offsets, weekdays, months and periods as date spans.
// Everything is on `LocalDate` (China's calendar day), never on `Date`, so no time zone can shift a deadline.

public enum Weekday: Int, CaseIterable, Sendable, Codable {
    case monday = 1, tuesday, wednesday, thursday, friday, saturday, sunday

    public var chineseName: String {
        switch self {
        case .monday: "星期一"
        case .tuesday: "星期二"
        case .wednesday: "星期三"
        case .thursday: "星期四"
        case .friday: "星期五"
        case .saturday: "星期六"
        case .sunday: "星期日"
        }
    }
}

extension LocalDate {
    /// The date `dayNumber` days after 1970-01-01: the inverse of `dayNumber`.
    public init(dayNumber: Int) {
        // Howard Hinnant's civil_from_days, the inverse of the days_from_civil in `dayNumber`.
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)!
    }

    public func adding(days: Int) -> LocalDate { LocalDate(dayNumber: dayNumber + days) }

    /// Days from this date to `other`: positive when `other` is later.
    public func days(until other: LocalDate) -> Int { other.dayNumber - dayNumber }

    public var weekday: Weekday {
        // 1970-01-01 was a Thursday.
        let index = ((dayNumber % 7) + 7 + 3) % 7
        return Weekday(rawValue: index + 1)!
    }

    public var yearMonth: YearMonth { YearMonth(year: year, month: month)! }

    /// The calendar day in China at an instant (a submission or return time).
    public static func inChina(_ instant: Date) -> LocalDate {
        // `todayInChina` only fails for impossible calendar fields; fall back to UTC's day.
        todayInChina(instant) ?? LocalDate(dayNumber: Int((instant.timeIntervalSince1970 / 86_400).rounded(.down)))
    }

    /// The `n`th given weekday of a month (2nd Thursday of March), nil when the month has none.
    public static func nth(_ n: Int, _ weekday: Weekday, year: Int, month: Int) -> LocalDate? {
        guard n >= 1, let first = LocalDate(year: year, month: month, day: 1) else { return nil }
        let offset = (weekday.rawValue - first.weekday.rawValue + 7) % 7
        let date = first.adding(days: offset + 7 * (n - 1))
        return date.month == month ? date : nil
    }
}

/// A calendar month: the period a monthly report covers. Written `2024-03`.
public struct YearMonth: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int

    public init?(year: Int, month: Int) {
        guard (1...12).contains(month) else { return nil }
        self.year = year; self.month = month
    }

    /// Reads every month form `Period(parsing:)` accepts (2024-03, 2024年3月, 2024/3 …).
    public init?(parsing text: String) {
        guard let period = Period(parsing: text), period.kind == .month else { return nil }
        self.init(year: period.year, month: period.index)
    }

    public var firstDay: LocalDate { LocalDate(year: year, month: month, day: 1)! }
    public var lastDay: LocalDate { firstDay.endOfMonth }
    public var dayCount: Int { LocalDate.daysIn(year: year, month: month) }

    /// The given day of this month, or the month's last day when it is shorter (day 30 of February).
    public func clampedDay(_ day: Int) -> LocalDate {
        LocalDate(year: year, month: month, day: min(max(day, 1), dayCount))!
    }

    public var next: YearMonth { month == 12 ? YearMonth(year: year + 1, month: 1)! : YearMonth(year: year, month: month + 1)! }
    public var previous: YearMonth { month == 1 ? YearMonth(year: year - 1, month: 12)! : YearMonth(year: year, month: month - 1)! }

    public func contains(_ date: LocalDate) -> Bool { date.year == year && date.month == month }

    /// Every month from `first` to `last`, both included; empty when `last` is earlier.
    public static func range(_ first: YearMonth, through last: YearMonth) -> [YearMonth] {
        var months: [YearMonth] = []
        var current = first
        while current <= last { months.append(current); current = current.next }
        return months
    }

    public var period: Period { Period(year: year, kind: .month, index: month) }
    public var description: String { String(format: "%04d-%02d", year, month) }
    /// 2024年3月
    public var chineseName: String { "\(year)年\(month)月" }

    public static func < (a: YearMonth, b: YearMonth) -> Bool { (a.year, a.month) < (b.year, b.month) }
}

extension YearMonth: Codable {
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = YearMonth(parsing: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "「\(text)」不是月份，应写作 YYYY-MM（如 2024-03）")
        }
        self = value
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension Period {
    /// The period of the given kind that contains a date (its month, quarter or year).
    public static func containing(_ date: LocalDate, kind: Kind) -> Period {
        switch kind {
        case .year: .year(date.year)
        case .quarter: Period(year: date.year, kind: .quarter, index: (date.month - 1) / 3 + 1)
        case .month: Period(year: date.year, kind: .month, index: date.month)
        }
    }

    public var firstDay: LocalDate {
        switch kind {
        case .year: LocalDate(year: year, month: 1, day: 1)!
        case .quarter: LocalDate(year: year, month: (index - 1) * 3 + 1, day: 1)!
        case .month: LocalDate(year: year, month: index, day: 1)!
        }
    }

    public var lastDay: LocalDate {
        switch kind {
        case .year: LocalDate(year: year, month: 12, day: 31)!
        case .quarter: LocalDate(year: year, month: index * 3, day: 1)!.endOfMonth
        case .month: LocalDate(year: year, month: index, day: 1)!.endOfMonth
        }
    }

    public func contains(_ date: LocalDate) -> Bool { firstDay <= date && date <= lastDay }

    /// The period of the same kind right after this one.
    public var following: Period { Period.containing(lastDay.adding(days: 1), kind: kind) }
}

extension Plan {
    /// The programme's calendar: the period the office set, else the first phase's start to the last phase's end.
    public var programmeSpan: ClosedRange<LocalDate>? {
        if let period { return period.start...period.end }
        guard let start = phases.map(\.start).min(), let end = phases.map(\.end).max(), start <= end else { return nil }
        return start...end
    }
}
