import Foundation

/// A duty that repeats: 每月至少一次健康讲座，全年不少于12次.
public struct RecurringRequirement: Codable, Sendable, Equatable {
    public var minimumPerPeriod: Int
    public var period: Period.Kind
    /// A separate yearly minimum, where the document states one (全年不少于12次).
    public var minimumPerYear: Int?
    /// The document's wording, verbatim.
    public var text: String?

    public init(minimumPerPeriod: Int, period: Period.Kind, minimumPerYear: Int? = nil, text: String? = nil) {
        self.minimumPerPeriod = minimumPerPeriod; self.period = period
        self.minimumPerYear = minimumPerYear; self.text = text
    }

    /// Reads the usual wordings: 每月至少（在…）开展一次…, 每季度不少于2次, 每年至少4场, 全年不少于12次.
    /// Nil when the text states no per-period count.
    public init?(parsing raw: String) {
        let text = PlanText.fold(raw, brackets: false)
        let number = "([0-9]{1,3}|[一二两三四五六七八九十]{1,3})"
        // The count may sit a clause-part away from 每月 (每月至少在机关、学校…开展一次), not past a comma.
        guard let per = Self.firstMatch("每(月|季度|季|年)[^，,。；;]{0,60}?\(number)\\s*(次|场|期|回)", in: text),
              let count = Self.number(per[2]), count > 0 else { return nil }
        let kind: Period.Kind = per[1] == "月" ? .month : per[1] == "年" ? .year : .quarter
        var yearly: Int?
        if let year = Self.firstMatch("(全年|每年)[^，,。；;]{0,10}?(不少于|至少|不低于)\\s*\(number)\\s*(次|场|期|回)", in: text) {
            yearly = Self.number(year[3])
        }
        self.init(minimumPerPeriod: count, period: kind, minimumPerYear: kind == .year ? nil : yearly, text: raw)
    }

    /// How many periods of this kind a year has.
    public var periodsPerYear: Int {
        switch period {
        case .month: 12
        case .quarter: 4
        case .year: 1
        }
    }

    /// What the year asks for: the yearly minimum, or the per-period minimum over the year if that is more.
    public var yearTarget: Int { max(minimumPerYear ?? 0, minimumPerPeriod * periodsPerYear) }

    public var chineseDescription: String {
        let per = switch period {
        case .month: "每月"
        case .quarter: "每季度"
        case .year: "每年"
        }
        var out = "\(per)至少\(minimumPerPeriod)次"
        if let minimumPerYear { out += "，全年不少于\(minimumPerYear)次" }
        return out
    }

    private static func firstMatch(_ pattern: String, in text: String) -> [String]? {
        guard let regex = try? NSRegularExpression(pattern: pattern),
              let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) else { return nil }
        return (0..<match.numberOfRanges).map { i in
            Range(match.range(at: i), in: text).map { String(text[$0]) } ?? ""
        }
    }

    private static func number(_ text: String) -> Int? {
        Int(text) ?? HeadingParser.chineseNumber(Substring(text))
    }
}

/// Occurrences of a recurring duty counted against its requirement, for the year of a given day.
public struct RecurringTally: Sendable, Equatable {
    public struct PeriodCount: Sendable, Equatable {
        public var period: Period
        public var required: Int
        public var done: Int
        /// Whether the period has ended by the day counted (an open period cannot yet have failed).
        public var isComplete: Bool

        public var met: Bool { done >= required }
        public var shortfall: Int { max(required - done, 0) }
    }

    public var requirement: RecurringRequirement
    public var asOf: LocalDate
    /// The periods of the year counted, from the first one the window reaches up to the one containing `asOf`.
    public var periods: [PeriodCount]
    /// What should have happened by `asOf`: every ended period's minimum, or the yearly minimum pro rata
    /// by whole months gone, whichever is more.
    public var expectedSoFar: Int
    /// Occurrences in the year (and the window) up to and including `asOf`.
    public var doneSoFar: Int
    public var yearTarget: Int

    public var shortfall: Int { max(expectedSoFar - doneSoFar, 0) }
    public var yearRemaining: Int { max(yearTarget - doneSoFar, 0) }
    /// Ended periods below their minimum, even when the year's total is fine (12 lectures all in December).
    public var missedPeriods: [Period] { periods.filter { $0.isComplete && !$0.met }.map(\.period) }
    public var isOnTrack: Bool { shortfall == 0 && missedPeriods.isEmpty }

    /// Counts `occurrences` (dates of lectures, say) for the calendar year of `asOf`.
    /// `from` trims the start (a programme that starts in March owes nothing for January).
    public init(_ requirement: RecurringRequirement, occurrences: [LocalDate], asOf: LocalDate, from start: LocalDate? = nil) {
        self.requirement = requirement
        self.asOf = asOf
        let yearStart = LocalDate(year: asOf.year, month: 1, day: 1)!
        let windowStart = max(yearStart, start ?? yearStart)
        let counted = occurrences.filter { $0 >= windowStart && $0 <= asOf }

        var periods: [PeriodCount] = []
        if windowStart <= asOf {
            var period = Period.containing(windowStart, kind: requirement.period)
            while period.firstDay <= asOf {
                let inPeriod = counted.filter(period.contains).count
                periods.append(PeriodCount(period: period, required: requirement.minimumPerPeriod, done: inPeriod,
                                           isComplete: period.lastDay <= asOf))
                period = period.following
            }
        }
        self.periods = periods
        doneSoFar = counted.count
        yearTarget = requirement.yearTarget

        let fromPeriods = requirement.minimumPerPeriod * periods.filter(\.isComplete).count
        var monthsGone = 0
        if windowStart <= asOf {
            monthsGone = YearMonth.range(windowStart.yearMonth, through: asOf.yearMonth)
                .filter { $0.lastDay <= asOf }.count
        }
        let fromYear = (requirement.minimumPerYear ?? 0) * monthsGone / 12
        expectedSoFar = max(fromPeriods, fromYear)
    }
}

extension PlanDuty {
    /// The activity kind the duty counts; nil for a kind this version does not know.
    public var activityKind: ActivityKind? { ActivityKind(rawValue: activity) }

    /// The units that owe the duty, in the plan's order: the group it names, else every member unit — or, where
    /// the plan lists no members (偏关 names only 领导小组各成员单位), every unit that reports.
    public func owingUnits(in plan: Plan) -> [String] {
        let directory = UnitDirectory(plan)
        let concrete = plan.units.filter { $0.kind != .group && !$0.archived }
        let owing: [PlanUnit]
        switch units {
        case .townships?: owing = concrete.filter { $0.kind == .township }
        case .workingGroups?:
            let named = Set(plan.organisation.workingGroups.flatMap { [$0.lead].compactMap { $0 } + $0.participants }
                .compactMap(directory.canonicalName))
            owing = concrete.filter { named.contains($0.name) }
        case .memberUnits?, nil:
            let members = directory.memberUnits.filter { !$0.archived }
            owing = members.isEmpty ? directory.reportingUnits.filter { !$0.archived } : members
        }
        return owing.map(\.name)
    }

    /// The first day the duty is owed: the programme's period or first phase, if the plan dates either.
    public func startDay(in plan: Plan) -> LocalDate? {
        plan.period?.start ?? plan.phases.map(\.start).min()
    }
}

/// One duty counted for every unit that owes it, units that held nothing included.
public struct DutyStanding: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        public var unit: String
        public var tally: RecurringTally
    }

    public var duty: PlanDuty
    public var rows: [Row]

    /// Counts `activities` of the duty's kind per owing unit for the year of `asOf` (an activity organised jointly
    /// counts for each of its organisers).
    public init(_ duty: PlanDuty, plan: Plan, activities: [Activity], asOf: LocalDate) {
        self.duty = duty
        let kind = duty.activityKind
        let start = duty.startDay(in: plan)
        rows = duty.owingUnits(in: plan).map { unit in
            let dates = kind.map { Activity.dates(of: $0, organisedBy: unit, in: activities) } ?? []
            return Row(unit: unit, tally: RecurringTally(duty.requirement, occurrences: dates, asOf: asOf, from: start))
        }
    }

    /// The duty's heading: 健康讲座（每月至少1次，全年不少于12次）.
    public var title: String {
        "\(duty.activityKind?.chineseName ?? duty.activity)（\(duty.requirement.chineseDescription)）"
    }

    public var behind: [Row] { rows.filter { !$0.tally.isOnTrack } }
}
