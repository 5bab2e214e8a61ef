import Foundation

/// The year's beneficiaries of health-promotion activities against a share of the population
/// (每年直接受益人数达总人口的30%).
///
/// Beneficiaries are summed per activity (人次), as offices report them; one person reached twice counts twice.
public struct BeneficiaryProgress: Sendable, Equatable {
    public var year: Int
    public var population: Int
    /// The target share in percent (30 for 30%).
    public var targetPercent: Decimal
    public var beneficiaries: Int
    /// The share as a number of people, rounded up: 30% of 1,001 people is 301.
    public var target: Int

    public var gap: Int { max(target - beneficiaries, 0) }
    public var isMet: Bool { beneficiaries >= target }
    /// Beneficiaries over population in percent, to one decimal place; nil without a population.
    public var achievedPercent: Decimal? {
        guard population > 0 else { return nil }
        return Self.rounded(Decimal(beneficiaries) * 100 / Decimal(population), scale: 1, .plain)
    }

    /// Counts the activities dated in `year` (an activity over the new year counts in the year it began).
    public init(activities: [Activity], year: Int, population: Int, targetPercent: Decimal = 30) {
        self.year = year; self.population = population; self.targetPercent = targetPercent
        beneficiaries = activities.filter { $0.date.year == year }.reduce(0) { $0 + max($1.beneficiaries, 0) }
        let exact = Decimal(population) * targetPercent / 100
        target = NSDecimalNumber(decimal: Self.rounded(exact, scale: 0, .up)).intValue
    }

    /// Checks the population and target the office enters.
    public static func check(population: Int, targetPercent: Decimal, source: String = "受益人群目标") throws(InputRejected) {
        var issues = IssueList(source)
        if population <= 0 { issues.add(["population"], "常住人口应大于 0") }
        if targetPercent <= 0 || targetPercent > 100 { issues.add(["targetPercent"], "目标比例 \(targetPercent)% 应在 0–100 之间") }
        try issues.throwIfAny()
    }

    static func rounded(_ value: Decimal, scale: Int, _ mode: NSDecimalNumber.RoundingMode) -> Decimal {
        var input = value
        var output = Decimal()
        NSDecimalRound(&output, &input, scale, mode)
        return output
    }
}
