import Foundation

/// A health day, week or month (卫生日) on which plans ask for joint campaigns (domain-reference §4).
public struct HealthDay: Codable, Sendable, Equatable {
    public enum Rule: String, Sendable, StrictEnum {
        /// The same date every year (04-07 世界卫生日).
        case fixedDate
        /// A weekday of a month (2nd Thursday of March).
        case nthWeekday
        /// A span of days (全国肿瘤防治宣传周 04-15 to 04-21, 食品安全宣传周).
        case week
        /// A whole month (爱国卫生月).
        case month
    }

    public var name: String
    public var start: LocalDate
    /// Equal to `start` for a single day.
    public var end: LocalDate
    public var rule: Rule
    /// The date is an assumption, not announced for the year (the food-safety week before its notice).
    public var isTentative: Bool

    public init(name: String, start: LocalDate, end: LocalDate? = nil, rule: Rule, isTentative: Bool = false) {
        self.name = name; self.start = start; self.end = end ?? start; self.rule = rule; self.isTentative = isTentative
    }

    public func contains(_ date: LocalDate) -> Bool { start <= date && date <= end }

    /// 3月24日, 4月15日至21日, 4月
    public var dateText: String {
        switch rule {
        case .month: "\(start.month)月"
        case .fixedDate, .nthWeekday: "\(start.month)月\(start.day)日"
        case .week:
            start.month == end.month ? "\(start.month)月\(start.day)日至\(end.day)日"
                                     : "\(start.month)月\(start.day)日至\(end.month)月\(end.day)日"
        }
    }
}

/// The year's health days: every fixed and floating day of domain-reference §4.
///
/// The food-safety week (食品安全宣传周) is set each year by notice; the office enters its first day
/// (`foodSafetyWeeks`), else the calendar assumes the week from the second Monday of June and marks it tentative.
public struct HealthDayCalendar: Codable, Sendable, Equatable {
    public var foodSafetyWeeks: [Int: LocalDate]

    public init(foodSafetyWeeks: [Int: LocalDate] = [:]) { self.foodSafetyWeeks = foodSafetyWeeks }

    static let fixedDays: [(month: Int, day: Int, name: String)] = [
        (3, 24, "世界防治结核病日"), (4, 7, "世界卫生日"), (4, 25, "全国儿童预防接种日"), (5, 17, "世界高血压日"),
        (5, 20, "中国学生营养日"), (5, 31, "世界无烟日"), (6, 5, "世界环境日"), (6, 6, "全国爱眼日"),
        (6, 14, "世界献血者日"), (6, 26, "国际禁毒日"), (7, 28, "世界肝炎日"), (8, 8, "全民健身日"),
        (9, 1, "全民健康生活方式行动日"), (9, 20, "全国爱牙日"), (9, 29, "世界心脏日"), (10, 8, "全国高血压日"),
        (10, 10, "世界精神卫生日"), (10, 15, "全球洗手日"), (10, 29, "世界卒中日"), (11, 14, "联合国糖尿病日"),
        (12, 1, "世界艾滋病日"),
    ]

    public static let foodSafetyWeekName = "食品安全宣传周"

    /// Every health day, week and month of the year, by start date (then longest first, so a month precedes its days).
    public func days(in year: Int) -> [HealthDay] {
        var days = Self.fixedDays.map {
            HealthDay(name: $0.name, start: LocalDate(year: year, month: $0.month, day: $0.day)!, rule: .fixedDate)
        }
        days.append(HealthDay(name: "世界肾脏日", start: LocalDate.nth(2, .thursday, year: year, month: 3)!, rule: .nthWeekday))
        days.append(HealthDay(name: "世界慢阻肺日", start: LocalDate.nth(3, .wednesday, year: year, month: 11)!, rule: .nthWeekday))
        days.append(HealthDay(name: "全国肿瘤防治宣传周", start: LocalDate(year: year, month: 4, day: 15)!,
                              end: LocalDate(year: year, month: 4, day: 21)!, rule: .week))
        let month = YearMonth(year: year, month: 4)!
        days.append(HealthDay(name: "爱国卫生月", start: month.firstDay, end: month.lastDay, rule: .month))
        let announced = foodSafetyWeeks[year]
        let foodStart = announced ?? LocalDate.nth(2, .monday, year: year, month: 6)!
        days.append(HealthDay(name: Self.foodSafetyWeekName, start: foodStart, end: foodStart.adding(days: 6), rule: .week,
                              isTentative: announced == nil))
        return days.sorted {
            $0.start != $1.start ? $0.start < $1.start : ($0.end != $1.end ? $0.end > $1.end : $0.name < $1.name)
        }
    }

    /// The health days (and weeks, months) a date falls in.
    public func days(on date: LocalDate) -> [HealthDay] { days(in: date.year).filter { $0.contains(date) } }

    /// The health days starting within the next `window` days from `date` (today included): what to prepare for.
    public func upcoming(from date: LocalDate, within window: Int = 30) -> [HealthDay] {
        let last = date.adding(days: window)
        let years = Set([date.year, last.year]).sorted()
        return years.flatMap { days(in: $0) }.filter { $0.start >= date && $0.start <= last }
    }

    /// Checks the food-safety week's first day the office enters: a date in June or thereabouts is not enforced,
    /// only that it lies in the year it is entered for.
    public static func checkFoodSafetyWeek(year: Int, start: LocalDate, source: String = "卫生日设置") throws(InputRejected) {
        if start.year != year {
            throw IssueList.reject(source, ["foodSafetyWeeks", .key(String(year))], "\(year)年食品安全宣传周的开始日期 \(start.chinese) 不在该年")
        }
    }
}

/// The campaigns held for each health day of a year so far, and whether they were joint (several units).
public struct HealthDayCoverage: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var day: HealthDay
        public var activityIDs: [UUID]
        public var organisers: [String]

        /// Plans ask for joint multi-department campaigns on these days.
        public var isJoint: Bool { organisers.count >= 2 }
        public var isCovered: Bool { !activityIDs.isEmpty }
    }

    public var year: Int
    /// Health days that have begun by `today`, in calendar order.
    public var entries: [Entry]

    /// A campaign counts for a day when it names the day, or when it is a health-day campaign held within it.
    public init(year: Int, activities: [Activity], calendar: HealthDayCalendar = HealthDayCalendar(), today: LocalDate) {
        self.year = year
        entries = calendar.days(in: year).filter { $0.start <= today }.map { day in
            let held = activities.filter { activity in
                activity.date.year == year
                    && (activity.healthDay == day.name || (activity.kind == .healthDayCampaign && activity.healthDay == nil && day.contains(activity.date)))
            }
            var organisers: [String] = []
            for name in held.flatMap(\.organisers) where !organisers.contains(name) { organisers.append(name) }
            return Entry(day: day, activityIDs: held.map(\.id), organisers: organisers)
        }
    }

    public var uncovered: [HealthDay] { entries.filter { !$0.isCovered }.map(\.day) }
    public var notJoint: [HealthDay] { entries.filter { $0.isCovered && !$0.isJoint }.map(\.day) }
}
