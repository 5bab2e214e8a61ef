import Foundation
import Testing
@testable import Domain
import TestSupport

@Suite struct TargetEvaluatorTests {
    typealias Refs = [TargetExpression.ReferenceKind: [Int: Double]]

    static func hc(_ n: Int) -> Indicator { IndicatorCatalogue.byCode["HC\(n)"]! }

    static let mechanism = Indicator(code: "HIAP", name: "健康融入所有政策的工作机制", unit: "是/否", kind: .yesNo)

    /// Judges `target` on `indicator` in `year` and checks the verdict and the reason, word for word.
    func expect(_ target: String, on indicator: Indicator, _ values: [Int: Double], refs: Refs = [:],
                baseline: Int? = nil, in year: Int, _ verdict: Verdict, _ reason: String,
                sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let expression = try TargetExpression(parsing: target)
        let outcome = TargetEvaluator.evaluate(expression, indicator: indicator,
                                               series: TargetSeries(values: values, references: refs, baselineYear: baseline),
                                               year: year)
        #expect(outcome.verdict == verdict, "\(target) in \(year): \(outcome.reason)", sourceLocation: sourceLocation)
        #expect(outcome.reason == reason, "\(target) in \(year)", sourceLocation: sourceLocation)
        #expect(outcome.value == values[year], sourceLocation: sourceLocation)
    }

    // MARK: - Thresholds

    /// target, indicator, the value in the evaluated year (nil: none), year, verdict, reason.
    static let thresholds: [(String, Int, Double?, Int, Verdict, String)] = [
        (">= 22%", 1, 23.1, 2024, .met, "2024年 23.1% ≥ 目标 22%"),
        (">= 22%", 1, 21.5, 2024, .notMet, "2024年 21.5% < 目标 22%"),
        (">= 22%", 1, nil, 2024, .noData, "缺 2024 年数据"),
        // The limit itself meets `>=` and fails `>`.
        (">= 22%", 1, 22, 2024, .met, "2024年 22% ≥ 目标 22%"),
        ("> 22%", 1, 22, 2024, .notMet, "2024年 22% ≤ 目标 22%"),
        (">= 12", 41, 11, 2024, .notMet, "2024年 11个 < 目标 12个"),
        // ‰ on a ‰ indicator, and the limit written in another unit: 0.39 % is 3.9 ‰.
        ("<= 3.9‰", 30, 3.5, 2022, .met, "2022年 3.5‰ ≤ 目标 3.9‰"),
        ("<= 3.9‰", 30, 4.2, 2022, .notMet, "2022年 4.2‰ > 目标 3.9‰"),
        ("<= 3.9‰", 30, nil, 2022, .noData, "缺 2022 年数据"),
        ("<= 0.39%", 30, 3.5, 2022, .met, "2022年 3.5‰ ≤ 目标 0.39%"),
        ("<= 0.39%", 30, 4.2, 2022, .notMet, "2022年 4.2‰ > 目标 0.39%"),
        // Per 100000; 0.098 ‰ is 9.8 per 100000, and the value equal to it meets it despite binary rounding.
        ("<= 9.8 per 100000", 32, 8.5, 2022, .met, "2022年 8.5/10万 ≤ 目标 9.8/10万"),
        ("<= 9.8 per 100000", 32, 12, 2022, .notMet, "2022年 12/10万 > 目标 9.8/10万"),
        ("<= 9.8 per 100000", 32, nil, 2022, .noData, "缺 2022 年数据"),
        ("<= 0.098‰", 32, 9.8, 2022, .met, "2022年 9.8/10万 ≤ 目标 0.098‰"),
        ("<= 0.098‰", 32, 9.81, 2022, .notMet, "2022年 9.81/10万 > 目标 0.098‰"),
        // HC13 is counted in 人/千人: 2.3 ‰ is 2.3 of them, 230 per 100000 too, 0.2 % is 2.
        (">= 2.3‰", 13, 2.5, 2020, .met, "2020年 2.5人/千人 ≥ 目标 2.3‰"),
        (">= 2.3‰", 13, 2.1, 2020, .notMet, "2020年 2.1人/千人 < 目标 2.3‰"),
        (">= 2.3‰", 13, nil, 2020, .noData, "缺 2020 年数据"),
        (">= 230 per 100000", 13, 2.1, 2020, .notMet, "2020年 2.1人/千人 < 目标 230/10万"),
        (">= 0.2%", 13, 2.1, 2020, .met, "2020年 2.1人/千人 ≥ 目标 0.2%"),
    ]

    @Test(arguments: thresholds)
    func threshold(_ c: (String, Int, Double?, Int, Verdict, String)) throws {
        // A figure of another year is there too: it must not be taken for the evaluated one.
        var values: [Int: Double] = [c.3 - 1: 50]
        values[c.3] = c.2
        try expect(c.0, on: Self.hc(c.1), values, in: c.3, c.4, c.5)
    }

    // MARK: - References

    @Test func referenceComparison() throws {
        let refs: Refs = [.province: [2024: 28.5], .city: [2023: 40]]
        try expect("> ref(province)", on: Self.hc(38), [2024: 30], refs: refs, in: 2024, .met, "2024年 30% > 全省 28.5%")
        try expect("> ref(province)", on: Self.hc(38), [2024: 28], refs: refs, in: 2024, .notMet, "2024年 28% ≤ 全省 28.5%")
        try expect("> ref(province)", on: Self.hc(38), [2024: 28.5], refs: refs, in: 2024, .notMet, "2024年 28.5% ≤ 全省 28.5%")
        try expect("> ref(province)", on: Self.hc(38), [2023: 30], refs: refs, in: 2024, .noData, "缺 2024 年数据")
        // The city figure is for 2023 only: a reference of another year is not used.
        try expect("< ref(city)", on: Self.hc(39), [2024: 20], refs: refs, in: 2024, .noData, "缺 2024 年全市参考值")
        try expect("< ref(city)", on: Self.hc(39), [:], refs: refs, in: 2024, .noData, "缺 2024 年数据和全市参考值")
        try expect("< ref(city)", on: Self.hc(39), [2023: 38], refs: refs, in: 2023, .met, "2023年 38% < 全市 40%")
    }

    @Test func referenceWithFactorAndOffset() throws {
        let refs: Refs = [.province: [2024: 25], .city: [2024: 30]]
        try expect(">= ref(province) * 1.2", on: Self.hc(38), [2024: 31], refs: refs, in: 2024, .met,
                   "2024年 31% ≥ 全省 25% × 1.2 = 30%")
        try expect(">= ref(province) * 1.2", on: Self.hc(38), [2024: 30], refs: refs, in: 2024, .met,
                   "2024年 30% ≥ 全省 25% × 1.2 = 30%")
        try expect(">= ref(province) * 1.2", on: Self.hc(38), [2024: 29], refs: refs, in: 2024, .notMet,
                   "2024年 29% < 全省 25% × 1.2 = 30%")
        try expect(">= ref(province) * 1.2", on: Self.hc(38), [2024: 31], in: 2024, .noData, "缺 2024 年全省参考值")
        try expect("<= ref(city) * 0.8 - 2%", on: Self.hc(39), [2024: 21], refs: refs, in: 2024, .met,
                   "2024年 21% ≤ 全市 30% × 0.8 − 2% = 22%")
        try expect("<= ref(city) * 0.8 - 2%", on: Self.hc(39), [2024: 23], refs: refs, in: 2024, .notMet,
                   "2024年 23% > 全市 30% × 0.8 − 2% = 22%")
        try expect("> ref(city) + 1.5pp", on: Self.hc(38), [2024: 31], refs: refs, in: 2024, .notMet,
                   "2024年 31% ≤ 全市 30% + 1.5 个百分点 = 31.5%")
    }

    // MARK: - Trends

    @Test func risingOverThreeYears() throws {
        try expect("rising(3)", on: Self.hc(38), [2022: 20, 2023: 22, 2024: 25], in: 2024, .met,
                   "2022–2024年 20% → 22% → 25%，逐年上升")
        try expect("rising(3)", on: Self.hc(38), [2022: 20, 2023: 23, 2024: 22], in: 2024, .notMet,
                   "2022–2024年 20% → 23% → 22%，未逐年上升")
        // Level is not rising.
        try expect("rising(3)", on: Self.hc(38), [2022: 20, 2023: 20, 2024: 21], in: 2024, .notMet,
                   "2022–2024年 20% → 20% → 21%，未逐年上升")
        try expect("rising(3)", on: Self.hc(38), [2023: 22, 2024: 25], in: 2024, .noData, "缺 2022 年数据，无法判断三年趋势")
        try expect("rising(4)", on: Self.hc(38), [2023: 22, 2024: 25], in: 2024, .noData, "缺 2021、2022 年数据，无法判断四年趋势")
    }

    @Test func falling() throws {
        try expect("falling", on: Self.hc(39), [2023: 25, 2024: 24.2], in: 2024, .met, "2023–2024年 25% → 24.2%，逐年下降")
        try expect("falling", on: Self.hc(39), [2023: 25, 2024: 25.1], in: 2024, .notMet, "2023–2024年 25% → 25.1%，未逐年下降")
        try expect("falling", on: Self.hc(39), [2024: 24.2], in: 2024, .noData, "缺 2023 年数据，无法判断两年趋势")
    }

    // MARK: - Changes

    @Test func changeFromBaseline() throws {
        let target = "change(baseline) <= -20%"
        try expect(target, on: Self.hc(39), [2020: 30, 2024: 22.5], baseline: 2020, in: 2024, .met,
                   "2024年 22.5% 较基线 2020 年 30% 变化 -25% ≤ 目标 -20%")
        try expect(target, on: Self.hc(39), [2020: 30, 2024: 24], baseline: 2020, in: 2024, .met,
                   "2024年 24% 较基线 2020 年 30% 变化 -20% ≤ 目标 -20%")
        try expect(target, on: Self.hc(39), [2020: 30, 2024: 27], baseline: 2020, in: 2024, .notMet,
                   "2024年 27% 较基线 2020 年 30% 变化 -10% > 目标 -20%")
        try expect(target, on: Self.hc(39), [2024: 27], baseline: 2020, in: 2024, .noData, "缺基线 2020 年数据，无法计算变化")
        try expect(target, on: Self.hc(39), [2020: 30], baseline: 2020, in: 2024, .noData, "缺 2024 年数据")
        try expect(target, on: Self.hc(39), [2020: 30, 2024: 27], in: 2024, .noData, "方案未设置基线年，无法计算较基线的变化")
        try expect(target, on: Self.hc(39), [2020: 0, 2024: 27], baseline: 2020, in: 2024, .noData,
                   "基线 2020 年的值为 0，无法计算相对变化")
    }

    @Test func deltaFromPreviousYearInPercentagePoints() throws {
        let target = "delta(year) >= 1.5pp"
        try expect(target, on: Self.hc(38), [2023: 28, 2024: 30], in: 2024, .met,
                   "2024年 30% 较2023年 28% 变化 +2 个百分点 ≥ 目标 1.5 个百分点")
        try expect(target, on: Self.hc(38), [2023: 28, 2024: 29], in: 2024, .notMet,
                   "2024年 29% 较2023年 28% 变化 +1 个百分点 < 目标 1.5 个百分点")
        try expect(target, on: Self.hc(38), [2023: 30, 2024: 28.8], in: 2024, .notMet,
                   "2024年 28.8% 较2023年 30% 变化 -1.2 个百分点 < 目标 1.5 个百分点")
        try expect(target, on: Self.hc(38), [2022: 28, 2024: 30], in: 2024, .noData, "缺2023年数据，无法计算变化")
        try expect(target, on: Self.hc(38), [2023: 28], in: 2024, .noData, "缺 2024 年数据")
    }

    // MARK: - Deadlines

    @Test func deadlineBeforeAndAfterItIsDue() throws {
        let target = ">= 24% by 2022"
        let prefix = "未到 2022 年期限，按2021年现状判断："
        try expect(target, on: Self.hc(38), [2021: 25], in: 2021, .met, prefix + "2021年 25% ≥ 目标 24%")
        try expect(target, on: Self.hc(38), [2021: 20], in: 2021, .notMet, prefix + "2021年 20% < 目标 24%")
        try expect(target, on: Self.hc(38), [:], in: 2021, .noData, prefix + "缺 2021 年数据")
        try expect(target, on: Self.hc(38), [2022: 25], in: 2022, .met, "2022年 25% ≥ 目标 24%")
        try expect(target, on: Self.hc(38), [2022: 23], in: 2022, .notMet, "2022年 23% < 目标 24%")
        try expect(target, on: Self.hc(38), [2023: 23], in: 2023, .notMet, "2023年 23% < 目标 24%")
        try expect(target, on: Self.hc(38), [2021: 25], in: 2022, .noData, "缺 2022 年数据")
    }

    @Test func aTargetNotYetDueCannotFailAnAnd() throws {
        let target = ">= 20% by 2020 and >= 24% by 2022"
        // In 2021 only the 2020 part is due: 21 % fails the 2022 part but not the target.
        try expect(target, on: Self.hc(38), [2021: 21], in: 2021, .met, "2021年 21% ≥ 目标 20%；2022 年的目标尚未到期")
        try expect(target, on: Self.hc(38), [2021: 19], in: 2021, .notMet, "2021年 19% < 目标 20%；2022 年的目标尚未到期")
        try expect(target, on: Self.hc(38), [2020: 21], in: 2021, .noData, "缺 2021 年数据；2022 年的目标尚未到期")
        // In 2022 both are due.
        try expect(target, on: Self.hc(38), [2022: 23], in: 2022, .notMet, "2022年 23% < 目标 24%")
        try expect(target, on: Self.hc(38), [2022: 25], in: 2022, .met, "2022年 25% ≥ 目标 20%；2022年 25% ≥ 目标 24%")
        // Before any is due, the current state is judged against both, marked as not yet due.
        try expect(target, on: Self.hc(38), [2019: 21], in: 2019, .notMet, "未到 2020 年期限，按2019年现状判断：2019年 21% < 目标 24%")
    }

    @Test func aTargetNotYetDueAlreadyReachedSatisfiesAnOr() throws {
        let target = "rising(3) or >= 24% by 2022"
        try expect(target, on: Self.hc(38), [2019: 26, 2020: 25, 2021: 25], in: 2021, .met,
                   "2021年 25% ≥ 目标 24%；2022 年的目标尚未到期")
        try expect(target, on: Self.hc(38), [2019: 26, 2020: 22, 2021: 23], in: 2021, .notMet,
                   "2019–2021年 26% → 22% → 23%，未逐年上升；2022 年的目标尚未到期")
    }

    // MARK: - Yes / no

    @Test func yes() throws {
        try expect("yes", on: Self.mechanism, [2024: 1], in: 2024, .met, "2024年 是")
        try expect("yes", on: Self.mechanism, [2024: 0], in: 2024, .notMet, "2024年 否，目标为是")
        try expect("yes", on: Self.mechanism, [2023: 1], in: 2024, .noData, "缺 2024 年数据")
    }

    // MARK: - Combinations

    @Test func orQuotesWhatDecidedIt() throws {
        let target = "> ref(province) or rising(3)"
        let refs: Refs = [.province: [2024: 28]]
        try expect(target, on: Self.hc(38), [2024: 30], refs: refs, in: 2024, .met, "2024年 30% > 全省 28%")
        try expect(target, on: Self.hc(38), [2022: 20, 2023: 22, 2024: 25], refs: refs, in: 2024, .met,
                   "2022–2024年 20% → 22% → 25%，逐年上升")
        try expect(target, on: Self.hc(38), [2022: 26, 2023: 22, 2024: 25], refs: refs, in: 2024, .notMet,
                   "2024年 25% ≤ 全省 28%；2022–2024年 26% → 22% → 25%，未逐年上升")
        // One part failed, the other cannot be judged: the target cannot be either.
        try expect(target, on: Self.hc(38), [2024: 25], refs: refs, in: 2024, .noData,
                   "2024年 25% ≤ 全省 28%；缺 2022、2023 年数据，无法判断三年趋势")
    }

    @Test func andQuotesWhatFailedIt() throws {
        let target = ">= 20% and rising(3)"
        try expect(target, on: Self.hc(38), [2022: 20, 2023: 22, 2024: 25], in: 2024, .met,
                   "2024年 25% ≥ 目标 20%；2022–2024年 20% → 22% → 25%，逐年上升")
        try expect(target, on: Self.hc(38), [2022: 26, 2023: 22, 2024: 25], in: 2024, .notMet,
                   "2022–2024年 26% → 22% → 25%，未逐年上升")
        try expect(target, on: Self.hc(38), [2024: 25], in: 2024, .noData,
                   "2024年 25% ≥ 目标 20%；缺 2022、2023 年数据，无法判断三年趋势")
        // A failed part decides even when another lacks data.
        try expect(target, on: Self.hc(38), [2024: 15], in: 2024, .notMet, "2024年 15% < 目标 20%")
    }

    @Test func nestedCombination() throws {
        let target = "delta(year) >= 1.5pp or (> ref(city) and delta(year) >= 0pp)"
        let refs: Refs = [.city: [2024: 27]]
        try expect(target, on: Self.hc(38), [2023: 28, 2024: 29], refs: refs, in: 2024, .met,
                   "2024年 29% > 全市 27%；2024年 29% 较2023年 28% 变化 +1 个百分点 ≥ 目标 0 个百分点")
        try expect(target, on: Self.hc(38), [2023: 28, 2024: 27.5], refs: refs, in: 2024, .notMet,
                   "2024年 27.5% 较2023年 28% 变化 -0.5 个百分点 < 目标 1.5 个百分点；2024年 27.5% 较2023年 28% 变化 -0.5 个百分点 < 目标 0 个百分点")
        try expect(target, on: Self.hc(38), [2023: 28, 2024: 31], refs: refs, in: 2024, .met,
                   "2024年 31% 较2023年 28% 变化 +3 个百分点 ≥ 目标 1.5 个百分点；2024年 31% > 全市 27%；2024年 31% 较2023年 28% 变化 +3 个百分点 ≥ 目标 0 个百分点")
    }

    // MARK: - Plan-local indicators

    /// target, the indicator's name, and the unit, kind, direction and ratio base read from the target.
    static let inferred: [(String, String, String, Indicator.Kind, Indicator.Direction, Double?)] = [
        (">= 70%", "居民健康知识知晓率", "%", .rate, .higher, 100),
        ("<= 5‰", "某病死亡率", "‰", .rate, .lower, 1000),
        ("<= 9.8 per 100000", "某病发病率", "1/10万", .rate, .lower, 100_000),
        ("delta(year) >= 1.5pp", "某项比例", "%", .rate, .higher, 100),
        ("yes", "健康促进工作长效机制", "是/否", .yesNo, .higher, nil),
        (">= 12", "健康教育讲座次数", "次", .count, .higher, nil),
        ("rising(3)", "某项指数", "", .number, .higher, nil),
        ("falling", "某项指数", "", .number, .lower, nil),
        // A fall asked for is lower-is-better, whatever the sign of the number.
        ("change(baseline) <= -20%", "某项指数", "", .number, .lower, nil),
        ("delta(baseline) <= -2", "某项指数", "", .number, .lower, nil),
        ("change(year) >= -5%", "某项指数", "", .number, .higher, nil),
    ]

    @Test(arguments: inferred)
    func planLocalIndicatorIsInferredFromItsTarget(_ c: (String, String, String, Indicator.Kind, Indicator.Direction, Double?)) throws {
        let indicator = ProgrammeIndicators.inferIndicator(code: "LOCAL", name: c.1, expression: try TargetExpression(parsing: c.0),
                                                           planID: "demo")
        #expect(indicator.unit == c.2 && indicator.kind == c.3 && indicator.direction == c.4 && indicator.ratioBase == c.5,
                "\(c.0): \(indicator)")
        #expect(indicator.code == "LOCAL" && indicator.name == c.1 && indicator.planID == "demo")
        #expect(try TargetExpression(parsing: c.0).problems(for: indicator) == [])
    }

    // MARK: - The seed programmes

    @Test(arguments: Fixtures.seedPlanIDs)
    func everySeedTargetParsesAndFitsItsIndicator(id: String) throws {
        let plan = try Fixtures.plan(id)
        let programme = ProgrammeIndicators(plan: plan, currentYear: 2024)
        for (i, stated) in plan.indicators.enumerated() {
            guard let source = stated.target else { continue }
            let expression = try TargetExpression(parsing: source)
            let indicator = try #require(programme.indicator(code: stated.code), "\(id) \(stated.code)")
            #expect(expression.problems(for: indicator) == [], "\(id) \(stated.code): \(source)")
            #expect(try TargetExpression(parsing: expression.description) == expression)
            #expect(programme.targets.contains { $0.id == "indicators[\(i)]" && $0.expression == expression && $0.text == stated.text },
                    "\(id) indicators[\(i)]")
        }
        for item in programme.unjudged {
            #expect(item.problem == "方案只有文字表述，尚未写成目标表达式", "\(id) \(item.id): \(item.problem)")
            #expect(plan.indicators.first { $0.code == item.indicator }?.target == nil)
        }
        #expect(programme.targets.count == plan.indicators.filter { $0.target != nil }.count + plan.cellTargets.count)
    }

    @Test func theSeedsStateTargetsOfEveryKind() throws {
        let plans = try Fixtures.allSeedPlans()
        let programmes = plans.map { ProgrammeIndicators(plan: $0, currentYear: 2024) }
        let all = programmes.flatMap(\.targets).map(\.expression.description)
        #expect(all.count >= 40)
        for form in ["yes", "ref(province)", "rising(3)", "falling(3)", "change(baseline)", "delta(year)", " by 20", " or ", " and ", "‰", "per 100000"] {
            #expect(all.contains { $0.contains(form) }, "no seed target uses \(form)")
        }
    }

    static let place = Region(id: UUID(), code: "360727", name: "示范县", level: .county, parentID: nil)
    static let townships = [
        Region(id: UUID(), code: "360727100", name: "甲镇", level: .township, parentID: place.id),
        Region(id: UUID(), code: "360727101", name: "乙镇", level: .township, parentID: place.id),
    ]

    /// Rising figures for every target's indicator in every region and year, and references below them.
    static func syntheticData(_ programme: ProgrammeIndicators) -> EvaluationData {
        var values: [String: [UUID: [Int: Double]]] = [:]
        var references: [ReferenceValue] = []
        let years = Array(programme.dataYears)
        for code in Set(programme.targets.map(\.indicator)) {
            let indicator = programme.indicator(code: code)!
            for region in [place] + townships {
                values[code, default: [:]][region.id] = Dictionary(uniqueKeysWithValues: years.map { year in
                    (year, indicator.kind == .yesNo ? 1 : 10 + Double(year - 2000) / 2)
                })
            }
            for kind in TargetExpression.ReferenceKind.allCases {
                references += years.map { ReferenceValue(indicator: code, kind: kind, year: $0, value: 5) }
            }
        }
        return EvaluationData(place: place, townships: townships, values: values, references: references)
    }

    @Test(arguments: Fixtures.seedPlanIDs)
    func evaluatingASeedGivesOneEntryPerTargetRegionAndYear(id: String) throws {
        let programme = ProgrammeIndicators(plan: try Fixtures.plan(id), currentYear: 2024)
        let years = Array(programme.evaluationYears)
        let entries = ProgrammeEvaluation.evaluate(programme, data: Self.syntheticData(programme))
        let expected = programme.targets.map { $0.scope == .place ? 1 : Self.townships.count }.reduce(0, +) * years.count
        #expect(entries.count == expected)
        let keys = Set(entries.map { "\($0.targetID)|\($0.region)|\($0.year)" })
        #expect(keys.count == entries.count, "an entry repeated")
        for target in programme.targets {
            let regions = target.scope == .place ? [Self.place.name] : Self.townships.map(\.name)
            for region in regions {
                for year in years { #expect(keys.contains("\(target.id)|\(region)|\(year)"), "\(id) \(target.id) \(region) \(year)") }
            }
        }
        // Every figure is there, so every target is judged: no entry lacks data.
        #expect(entries.filter { $0.verdict == .noData }.map(\.reason) == [])
        for entry in entries {
            #expect(entry.value != nil && entry.formattedValue != nil)
            #expect(try TargetExpression(parsing: entry.target).description == entry.target)
        }

        // Without figures, every entry lacks data and still names its target, region and year.
        let empty = EvaluationData(place: Self.place, townships: Self.townships, values: [:], references: [])
        let bare = ProgrammeEvaluation.evaluate(programme, data: empty, years: [2024])
        #expect(bare.count == expected / max(years.count, 1))
        #expect(bare.allSatisfy { $0.verdict == .noData && $0.value == nil && $0.year == 2024 })
    }
}
