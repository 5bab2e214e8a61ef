import Foundation
import Testing
@testable import Domain

@Suite struct TargetExpressionTests {
    typealias E = TargetExpression
    typealias Q = TargetExpression.Quantity

    static let atLeast20 = E.compare(.value, .greaterOrEqual, .quantity(Q(20, .percent)))
    static let rising3 = E.trend(.rising, years: 3)

    static func hc(_ n: Int) -> Indicator { IndicatorCatalogue.byCode["HC\(n)"]! }

    static let yesNo = Indicator(code: "HIAP", name: "健康融入所有政策的工作机制", unit: "是/否", kind: .yesNo)

    func parse(_ text: String) throws -> E { try E(parsing: text) }

    /// The error a text gives; fails the test when it parses.
    func syntaxError(_ text: String) -> TargetSyntaxError? {
        do {
            let parsed = try E(parsing: text)
            Issue.record("「\(text)」 parsed as \(parsed)")
            return nil
        } catch {
            return error
        }
    }

    // MARK: - Every form

    @Test(arguments: [
        (">= 20%", E.compare(.value, .greaterOrEqual, .quantity(Q(20, .percent)))),
        ("<= 9.8 per 100000", E.compare(.value, .lessOrEqual, .quantity(Q(9.8, .per(100_000))))),
        ("<= 3.9‰", E.compare(.value, .lessOrEqual, .quantity(Q(3.9, .permille)))),
        (">= 12", E.compare(.value, .greaterOrEqual, .quantity(Q(12)))),
        ("< 0.5", E.compare(.value, .less, .quantity(Q(0.5)))),
        ("= 100%", E.compare(.value, .equal, .quantity(Q(100, .percent)))),
        ("value >= 2.3", E.compare(.value, .greaterOrEqual, .quantity(Q(2.3)))),
        ("> ref(province)", E.compare(.value, .greater, .reference(.province, factor: 1, offset: nil))),
        ("< ref(city)", E.compare(.value, .less, .reference(.city, factor: 1, offset: nil))),
        (">= ref(province) * 1.2", E.compare(.value, .greaterOrEqual, .reference(.province, factor: 1.2, offset: nil))),
        ("<= ref(national) * 0.8 - 2%", E.compare(.value, .lessOrEqual, .reference(.national, factor: 0.8, offset: Q(-2, .percent)))),
        (">= ref(county) + 1.5pp", E.compare(.value, .greaterOrEqual, .reference(.county, factor: 1, offset: Q(1.5, .points)))),
        ("rising(3)", E.trend(.rising, years: 3)),
        ("falling", E.trend(.falling, years: 2)),
        ("falling(5)", E.trend(.falling, years: 5)),
        ("change(baseline) <= -20%", E.compare(.changeFromBaseline, .lessOrEqual, .quantity(Q(-20, .percent)))),
        ("change(year) > 5%", E.compare(.changeFromPreviousYear, .greater, .quantity(Q(5, .percent)))),
        ("delta(year) >= 1.5pp", E.compare(.deltaFromPreviousYear, .greaterOrEqual, .quantity(Q(1.5, .points)))),
        ("delta(baseline) <= -0.4", E.compare(.deltaFromBaseline, .lessOrEqual, .quantity(Q(-0.4)))),
        (">= 24% by 2022", E.deadline(.compare(.value, .greaterOrEqual, .quantity(Q(24, .percent))), year: 2022)),
        ("yes", E.yes),
        ("≥ 20%", E.compare(.value, .greaterOrEqual, .quantity(Q(20, .percent)))),
        ("≤ 9.8 PER 100000", E.compare(.value, .lessOrEqual, .quantity(Q(9.8, .per(100_000))))),
        ("== 1", E.compare(.value, .equal, .quantity(Q(1)))),
        ("  YES  ", E.yes),
        (">=.5%", E.compare(.value, .greaterOrEqual, .quantity(Q(0.5, .percent)))),
    ])
    func parsesEachForm(text: String, expected: E) throws {
        #expect(try parse(text) == expected)
    }

    /// Targets typed with a Chinese input method: full-width signs and digits read as their ASCII twins.
    @Test func fullWidthFormsAreRead() throws {
        #expect(try TargetExpression(parsing: "＞＝ ２０％") == TargetExpression(parsing: ">= 20%"))
        #expect(try TargetExpression(parsing: "（> ref(city)）") == TargetExpression(parsing: "> ref(city)"))
    }

    @Test func andOrAndParentheses() throws {
        #expect(try parse(">= 20% and rising(3)") == .all([Self.atLeast20, Self.rising3]))
        #expect(try parse(">= 20% or rising(3)") == .any([Self.atLeast20, Self.rising3]))
        #expect(try parse(">= 20% and rising(3) and yes") == .all([Self.atLeast20, Self.rising3, .yes]))
        // `and` binds tighter than `or`, on either side.
        #expect(try parse("yes or >= 20% and rising(3)") == .any([.yes, .all([Self.atLeast20, Self.rising3])]))
        #expect(try parse(">= 20% and rising(3) or yes") == .any([.all([Self.atLeast20, Self.rising3]), .yes]))
        // Parentheses override it.
        #expect(try parse("(yes or >= 20%) and rising(3)") == .all([.any([.yes, Self.atLeast20]), Self.rising3]))
        #expect(try parse("((yes))") == .yes)
        // Deadlines attach to the condition before them, and to a parenthesised group.
        #expect(try parse(">= 20% by 2020 and >= 24% by 2022") == .all([
            .deadline(Self.atLeast20, year: 2020),
            .deadline(.compare(.value, .greaterOrEqual, .quantity(Q(24, .percent))), year: 2022),
        ]))
        #expect(try parse("(>= 20% and rising(3)) by 2025") == .deadline(.all([Self.atLeast20, Self.rising3]), year: 2025))
        #expect(try parse("delta(year) >= 1.5pp or (> ref(city) and delta(year) >= 0pp)") == .any([
            .compare(.deltaFromPreviousYear, .greaterOrEqual, .quantity(Q(1.5, .points))),
            .all([.compare(.value, .greater, .reference(.city, factor: 1, offset: nil)),
                  .compare(.deltaFromPreviousYear, .greaterOrEqual, .quantity(Q(0, .points)))]),
        ]))
    }

    // MARK: - Printing

    @Test func canonicalText() throws {
        #expect(try parse("≥20%").description == ">= 20%")
        #expect(try parse("falling").description == "falling(2)")
        #expect(try parse("<=9.8 per 100000 BY 2022").description == "<= 9.8 per 100000 by 2022")
        #expect(try parse("value>=ref(province)*1.2").description == ">= ref(province) * 1.2")
        #expect(try parse("<= ref(city) - 2%").description == "<= ref(city) - 2%")
        #expect(try parse("(yes or >= 20%) and rising(3)").description == "(yes or >= 20%) and rising(3)")
        #expect(try parse("yes or (>= 20% and rising(3))").description == "yes or (>= 20% and rising(3))")
        #expect(try parse("(>= 20% and rising(3)) by 2025").description == "(>= 20% and rising(3)) by 2025")
        #expect(try parse("change(baseline)<=-20%").description == "change(baseline) <= -20%")
        #expect(try parse("delta(year)>=1.5pp").description == "delta(year) >= 1.5pp")
    }

    static let roundTrips = [
        ">= 20%", "<= 9.8 per 100000", "<= 3.9‰", "> ref(province)", ">= ref(province) * 1.2",
        "<= ref(national) * 0.8 - 2%", ">= ref(county) + 1.5pp", "rising(3)", "falling", "change(baseline) <= -20%",
        "change(year) > 5%", "delta(year) >= 1.5pp", "delta(baseline) <= -0.4", ">= 24% by 2022", "yes",
        "yes or >= 20% and rising(3)", "(yes or >= 20%) and (rising(3) or falling(4))",
        ">= 20% by 2020 and >= 24% by 2022", "(>= 20% and rising(3)) by 2025",
        "delta(year) >= 1.5pp or (> ref(city) and delta(year) >= 0pp)", "(>= 20% and yes) and rising(3)",
        "(>= 20% by 2020) by 2022", "((yes or rising(3)) and >= 1) or falling",
    ]

    @Test(arguments: roundTrips)
    func descriptionParsesBackToTheSameExpression(text: String) throws {
        let expression = try parse(text)
        let printed = expression.description
        #expect(try parse(printed) == expression, "「\(text)」 printed as 「\(printed)」")
        #expect(try parse(printed).description == printed)
    }

    @Test func builtExpressionsRoundTrip() throws {
        let built: [E] = [
            .compare(.value, .lessOrEqual, .reference(.city, factor: 0.75, offset: Q(-1.5, .permille))),
            .any([.all([.yes, .any([Self.rising3, .trend(.falling, years: 2)])]), .deadline(Self.atLeast20, year: 2030)]),
            .deadline(.any([Self.atLeast20, Self.rising3]), year: 2022),
            .compare(.deltaFromBaseline, .greater, .quantity(Q(-0.25, .points))),
        ]
        for expression in built {
            #expect(try parse(expression.description) == expression, "\(expression)")
        }
    }

    // MARK: - Syntax errors

    @Test(arguments: [
        ("", 1, "目标表达式为空"),
        ("   ", 4, "目标表达式为空"),
        ("growing(3)", 1, "不认识的词「growing」；可用 value、change、delta、rising、falling、yes、ref、and、or、by"),
        (">= 20% and growing", 12, "不认识的词「growing」；可用 value、change、delta、rising、falling、yes、ref、and、or、by"),
        (">= %", 4, "应为数字，却是「%」"),
        (">=", 3, "应为数字，却是结尾"),
        ("change(baseline) <=", 20, "应为数字，却是结尾"),
        (">= 1.5pp", 4, "pp（百分点）只用于变化量 delta( )"),
        ("change(baseline) <= -20", 21, "change( ) 是相对变化，应写成百分比，如 -20%"),
        ("change(year) >= 3pp", 17, "change( ) 是相对变化，应写成百分比，如 -20%"),
        ("(>= 20% or rising(3)", 21, "应为「)」，却是结尾"),
        (">= 20%)", 7, "多余的内容「)」；两个条件之间要用 and 或 or 连接"),
        (">= 20% 30%", 8, "多余的内容「30」；两个条件之间要用 and 或 or 连接"),
        (">= 20% rising(3)", 8, "多余的内容「rising」；两个条件之间要用 and 或 or 连接"),
        ("()", 2, "应为比较（如 >= 20%）、趋势（rising(3)）或括号，却是「)」"),
        ("20%", 1, "应为比较（如 >= 20%）、趋势（rising(3)）或括号，却是「20」"),
        ("达到 20%", 1, "不认识的字符「达」"),
        (">= 1.2.3", 4, "「1.2.3」不是数字"),
        (">= 20% by 22", 11, "by 后应为年份（如 2022），却是「22」"),
        (">= 20% by", 10, "by 后应为年份（如 2022），却是结尾"),
        ("rising(1)", 8, "趋势的年数应为 2–20 的整数，却是「1」"),
        ("rising(3", 9, "应为「)」，却是结尾"),
        ("change(month) <= 5%", 8, "change( ) 里应为 baseline 或 year，却是「month」"),
        ("delta(year) 1.5pp", 13, "应为比较符号（>=、<=、>、<、=），却是「1.5」"),
        ("delta(year) >= ref(city)", 16, "ref( ) 只能与指标值本身比较，不能与变化量比较"),
        ("> ref(state)", 7, "ref( ) 里应为 national、province、city 或 county，却是「state」"),
        (">= ref(province) * -1", 20, "* 后应为正数，却是「-」"),
        ("<= 5 per 0", 10, "per 后应为整数基数（如 100000），却是「0」"),
    ])
    func syntaxErrorsSayWhereAndWhat(text: String, position: Int, message: String) throws {
        let error = try #require(syntaxError(text))
        #expect(error.position == position, "「\(text)」")
        #expect(error.message == message, "「\(text)」")
        #expect(error.description == "第 \(position) 个字符：\(message)")
    }

    // MARK: - Problems for an indicator

    @Test func fittingTargetsHaveNoProblems() throws {
        let fitting: [(String, Indicator)] = [
            (">= 20%", Self.hc(1)), ("<= 3.9‰", Self.hc(30)), ("<= 9.8 per 100000", Self.hc(32)),
            (">= 2.3‰", Self.hc(13)), (">= 2.3", Self.hc(12)), ("<= 5", Self.hc(2)), ("yes", Self.yesNo),
            ("delta(year) >= 1.5pp", Self.hc(38)), ("change(baseline) <= -20%", Self.hc(2)),
            (">= ref(province) + 1pp", Self.hc(38)), ("rising(3) or > ref(province)", Self.hc(29)),
        ]
        for (text, indicator) in fitting {
            #expect(try parse(text).problems(for: indicator) == [], "\(text) on \(indicator.code)")
        }
    }

    @Test func percentTargetOnAnIndicatorThatIsNotAProportion() throws {
        #expect(try parse(">= 20%").problems(for: Self.hc(2))
            == ["「重度及以上污染天数」以天计，不能用 20% 这样的比例单位；请直接写数值"])
        // A density (ratio base 1) is no proportion either, nor a life expectancy.
        #expect(try parse(">= 2‰").problems(for: Self.hc(6))
            == ["「公共厕所设置密度」以座/km²计，不能用 2‰ 这样的比例单位；请直接写数值"])
        #expect(try parse(">= 78 per 100").problems(for: Self.hc(29))
            == ["「人均预期寿命」以岁计，不能用 78 per 100 这样的比例单位；请直接写数值"])
        // Found inside deadlines and combinations too.
        #expect(try parse("rising(3) or >= 20% by 2022").problems(for: Self.hc(2)).count == 1)
    }

    @Test func yesOnlyForYesNoIndicators() throws {
        #expect(try parse("yes").problems(for: Self.hc(1)) == ["yes 只用于是/否指标，「环境空气质量优良天数占比」的单位是%"])
        #expect(try parse(">= 1").problems(for: Self.yesNo) == ["是/否指标的目标请写 yes"])
        #expect(try parse("rising(3)").problems(for: Self.yesNo) == ["是/否指标没有升降趋势，请用 yes"])
        #expect(try parse("yes and >= 20%").problems(for: Self.hc(1)).count == 1)
    }

    @Test func percentagePointsOnlyForPercentIndicators() throws {
        #expect(try parse("delta(year) <= -0.5pp").problems(for: Self.hc(30))
            == ["pp（百分点）只用于以 % 计的指标，「婴儿死亡率」的单位是‰"])
        #expect(try parse("<= ref(city) - 1pp").problems(for: Self.hc(32))
            == ["pp（百分点）只用于以 % 计的指标，「孕产妇死亡率」的单位是1/10万"])
    }

    @Test func deadlinesAndLookback() throws {
        #expect(try parse(">= 20% by 2020 and >= 24% by 2022").deadlines == [2020, 2022])
        #expect(try parse("yes").deadlines == [])
        #expect(try parse("rising(4) or >= 20%").lookback == 3)
        #expect(try parse("delta(year) >= 1pp").lookback == 1)
        #expect(try parse("change(baseline) <= -20%").lookback == 0)
    }
}
