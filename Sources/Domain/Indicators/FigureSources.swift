import Foundation

/// Where the figure an indicator is judged on comes from.
public enum FigureSource: String, Codable, Sendable, Equatable {
    /// Counted from the healthy-cell register as it stood at the end of the year.
    case register
    /// Submitted by the unit that supplies the indicator (or imported), and not returned.
    case submitted
    /// Counted from the activity log: the year's lectures, the people its activities reached.
    case activities

    public var chineseName: String {
        switch self {
        case .register: "健康细胞登记册"
        case .submitted: "填报数据"
        case .activities: "健康活动记录"
        }
    }
}

/// What an indicator fed by the activity log counts.
public enum ActivityMeasure: Sendable, Equatable {
    /// How many activities of a kind the year held (健康教育讲座次数).
    case count(ActivityKind)
    /// The year's beneficiaries as a share of the population the office set for the year (受益人数达总人口的30%).
    case beneficiaryShare
    /// The year's beneficiaries (受益人次).
    case beneficiaries

    /// The measure an indicator is, read from its name and unit: a count whose name names an activity kind
    /// (讲座次数), or beneficiaries (受益人数) as a share in % or a number of people.
    public static func of(_ indicator: Indicator) -> ActivityMeasure? {
        if indicator.name.contains("受益") {
            if indicator.kind == .rate && indicator.unit == "%" { return .beneficiaryShare }
            return indicator.kind == .count ? .beneficiaries : nil
        }
        guard indicator.kind == .count, ["次数", "场次", "次"].contains(where: indicator.name.hasSuffix) else { return nil }
        return ActivityKind.allCases.first { kind in kind.nameWords.contains(where: indicator.name.contains) }.map { .count($0) }
    }

    /// What it counts, for the page.
    public var chineseDescription: String {
        switch self {
        case .count(let kind): "登记的\(kind.chineseName)次数"
        case .beneficiaryShare: "活动受益人次占常住人口的比例"
        case .beneficiaries: "活动受益人次"
        }
    }
}

/// What the activity log holds for a programme: the activities, and the population the office set for each year
/// (the beneficiary target's denominator).
public struct ActivityFacts: Sendable, Equatable {
    public var activities: [Activity]
    public var populations: [Int: Int]

    public init(activities: [Activity] = [], populations: [Int: Int] = [:]) {
        self.activities = activities; self.populations = populations
    }

    public static let none = ActivityFacts()

    /// The measure's value for a year, counting activities dated up to `day`; nil when the log cannot say
    /// (no population set for a share).
    public func value(_ measure: ActivityMeasure, year: Int, through day: LocalDate) -> Double? {
        let ofYear = activities.filter { $0.date.year == year && $0.date <= day }
        switch measure {
        case .count(let kind): return Double(ofYear.filter { $0.kind == kind }.count)
        case .beneficiaries: return Double(ofYear.reduce(0) { $0 + max($1.beneficiaries, 0) })
        case .beneficiaryShare:
            guard let population = populations[year], population > 0 else { return nil }
            let progress = BeneficiaryProgress(activities: ofYear, year: year, population: population)
            return progress.achievedPercent.map { NSDecimalNumber(decimal: $0).doubleValue }
        }
    }

    /// Whether the log holds anything the measure counts.
    func holds(_ measure: ActivityMeasure) -> Bool {
        switch measure {
        case .count(let kind): activities.contains { $0.kind == kind }
        case .beneficiaries, .beneficiaryShare: activities.contains { $0.beneficiaries > 0 }
        }
    }
}

/// For every indicator and year of a programme, which source its figure comes from and why: one declaration
/// the verdicts, the tables, the entry form and the import all follow.
public struct IndicatorSources: Sendable {
    /// Indicator code → the cell kind whose register counts it, for the indicators the register supplies.
    public private(set) var registerKinds: [String: String]
    /// Indicator code → the kind of a cell target the register holds no place of yet: submitted figures stand in.
    private var unregisteredKinds: [String: String]
    /// Indicator code → what the activity log counts for it, for the indicators the log supplies.
    public private(set) var activityMeasures: [String: ActivityMeasure]
    /// Indicator code → a measure the log holds nothing for yet: submitted figures stand in.
    private var unloggedMeasures: [String: ActivityMeasure]
    private var sourceUnits: [String: String]
    private var kindNames: [String: String]
    /// The day the register is read on for the current year.
    public var today: LocalDate

    /// `registered`: the cell kinds the register holds at least one place of inside the programme;
    /// `activities`: what the activity log holds for it.
    public init(_ programme: ProgrammeIndicators, plan: Plan, registered: Set<String>, today: LocalDate,
                activities: ActivityFacts = .none) {
        var register: [String: String] = [:]
        var unregistered: [String: String] = [:]
        var names: [String: String] = [:]
        let extra = CellKinds.extraTypes(in: [plan])
        for target in programme.targets {
            guard let index = target.cellTargetIndex, plan.cellTargets.indices.contains(index) else { continue }
            let cell = plan.cellTargets[index]
            names[cell.cell] = cell.label ?? CellKinds.name(of: cell.cell, extra: extra)
            if registered.contains(cell.cell) { register[target.indicator] = cell.cell }
            else { unregistered[target.indicator] = cell.cell }
        }
        // An indicator counted from the register for one of its targets is counted from it for all.
        for code in register.keys { unregistered[code] = nil }
        registerKinds = register
        unregisteredKinds = unregistered
        // Activity counts and beneficiaries come from the log once it holds any; the register's kinds stay its own.
        var logged: [String: ActivityMeasure] = [:]
        var unlogged: [String: ActivityMeasure] = [:]
        for indicator in programme.indicators where register[indicator.code] == nil {
            guard programme.targets.contains(where: { $0.indicator == indicator.code }),
                  let measure = ActivityMeasure.of(indicator) else { continue }
            if activities.holds(measure) { logged[indicator.code] = measure } else { unlogged[indicator.code] = measure }
        }
        activityMeasures = logged
        unloggedMeasures = unlogged
        sourceUnits = programme.sourceUnits
        kindNames = names
        self.today = today
    }

    public func source(of indicator: String) -> FigureSource {
        registerKinds[indicator] != nil ? .register : activityMeasures[indicator] != nil ? .activities : .submitted
    }

    /// Whether a unit enters figures for the indicator: not where the register supplies them.
    public func isEntered(_ indicator: String) -> Bool { source(of: indicator) == .submitted }

    /// Why the figure of `indicator` for `year` comes from where it does, in words for the page.
    public func reason(_ indicator: String, year: Int) -> String {
        if let kind = registerKinds[indicator] {
            let name = kindNames[kind] ?? kind
            let asOf = year < today.year ? "\(year)年底" : year == today.year ? "今天（\(today.iso)）" : nil
            guard let asOf else { return "由健康细胞登记册统计；\(year)年尚未到来" }
            return "由健康细胞登记册统计：截至\(asOf)已命名且未摘牌的\(name)；应创建数按登记册现有登记计"
        }
        if let measure = activityMeasures[indicator] {
            let asOf = year < today.year ? "\(year)年全年" : year == today.year ? "\(year)年截至今天（\(today.iso)）" : nil
            guard let asOf else { return "由健康活动记录统计；\(year)年尚未到来" }
            var reason = "由健康活动记录统计：\(asOf)\(measure.chineseDescription)"
            if measure == .beneficiaryShare { reason += "；常住人口按健康活动页设定的当年受益人群目标计，未设定的年份无数值" }
            return reason
        }
        if let measure = unloggedMeasures[indicator] {
            let what = if case .count(let kind) = measure { kind.chineseName } else { "有受益人次的活动" }
            return "健康活动记录中尚未登记\(what)，采用填报数据"
        }
        if let kind = unregisteredKinds[indicator] {
            return "登记册中尚未登记\(kindNames[kind] ?? kind)，采用填报数据"
        }
        if let unit = sourceUnits[indicator] { return "采用\(unit)填报、未被退回的数据" }
        return "采用填报、未被退回的数据"
    }

    /// The day the register is counted on for a year: its last day, or today for the current year; nil for a
    /// year still to come.
    public func registerDay(for year: Int) -> LocalDate? {
        year < today.year ? .endOfYear(year) : year == today.year ? today : nil
    }
}
