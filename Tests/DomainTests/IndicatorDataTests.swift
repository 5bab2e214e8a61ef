import Foundation
import Testing
@testable import Domain
import TestSupport

// MARK: - Periods

@Suite struct PeriodTests {
    @Test(arguments: [
        ("2024", Period.year(2024)), ("2024年", .year(2024)), ("2024年度", .year(2024)), (" 2024 ", .year(2024)),
        ("２０２４年", .year(2024)),
        ("2024Q1", Period(year: 2024, kind: .quarter, index: 1)), ("2024q4", Period(year: 2024, kind: .quarter, index: 4)),
        ("2024-Q2", Period(year: 2024, kind: .quarter, index: 2)), ("2024 Q3", Period(year: 2024, kind: .quarter, index: 3)),
        ("2024年第1季度", Period(year: 2024, kind: .quarter, index: 1)),
        ("2024年一季度", Period(year: 2024, kind: .quarter, index: 1)),
        ("2024年第四季度", Period(year: 2024, kind: .quarter, index: 4)),
        ("2024-03", Period(year: 2024, kind: .month, index: 3)), ("2024/3", Period(year: 2024, kind: .month, index: 3)),
        ("2024.12", Period(year: 2024, kind: .month, index: 12)), ("2024年3月", Period(year: 2024, kind: .month, index: 3)),
        ("2024年03月", Period(year: 2024, kind: .month, index: 3)), ("2024 年 11 月", Period(year: 2024, kind: .month, index: 11)),
        ("202403", Period(year: 2024, kind: .month, index: 3)),
    ])
    func parsesTheFormsPeopleType(text: String, expected: Period) {
        #expect(Period(parsing: text) == expected, "「\(text)」")
    }

    @Test(arguments: ["", "24", "二〇二四年", "abcd", "1899", "2101", "2024Q5", "2024Q0", "2024Q", "2024-13", "2024-00",
                      "2024-003", "2024-1-1", "2024年第五季度", "2024年第季度", "2024H1", "2024-", "2024年13月", "2024-3a"])
    func rejectsWhatIsNoPeriod(text: String) {
        #expect(Period(parsing: text) == nil, "「\(text)」 parsed as \(String(describing: Period(parsing: text)))")
    }

    @Test func storedAndChineseForms() throws {
        let quarter = Period(year: 2024, kind: .quarter, index: 1)
        let month = Period(year: 2024, kind: .month, index: 3)
        #expect([Period.year(2024).description, quarter.description, month.description] == ["2024", "2024Q1", "2024-03"])
        #expect([Period.year(2024).chineseName, quarter.chineseName, month.chineseName] == ["2024年", "2024年第1季度", "2024年3月"])
        for period in [Period.year(2024), quarter, month] { #expect(Period(parsing: period.description) == period) }
        #expect(Period.year(2023) < Period(year: 2023, kind: .month, index: 12))
        #expect(Period(year: 2023, kind: .month, index: 12) < .year(2024))
        #expect(Period(year: 2024, kind: .month, index: 2) < Period(year: 2024, kind: .month, index: 10))

        let decoded = try JSONDecoder().decode([Period].self, from: Data(#"["2024年3月", "2024Q2"]"#.utf8))
        #expect(decoded == [month, Period(year: 2024, kind: .quarter, index: 2)])
        #expect(String(decoding: try JSONEncoder().encode([month]), as: UTF8.self) == #"["2024-03"]"#)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Period].self, from: Data(#"["2024Q5"]"#.utf8)) }
    }
}

// MARK: - Validation rules

@Suite struct ValidationRulesTests {
    static func hc(_ n: Int) -> Indicator { IndicatorCatalogue.byCode["HC\(n)"]! }
    static let yesNo = Indicator(code: "HIAP", name: "健康融入所有政策的工作机制", unit: "是/否", kind: .yesNo)

    func check(_ indicator: Indicator, value: Double? = nil, numerator: Double? = nil, denominator: Double? = nil,
               previous: Double? = nil, settings: ValidationSettings = .init()) -> ValidationRules.Outcome {
        ValidationRules.check(ObservationInput(value: value, numerator: numerator, denominator: denominator),
                              indicator: indicator, previousYear: previous, settings: settings)
    }

    /// The single error a check gives, and that it leaves no value to store.
    func expectError(_ outcome: ValidationRules.Outcome, _ field: RuleFinding.Field, _ message: String,
                     sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(outcome.findings == [RuleFinding(.error, field, message)], sourceLocation: sourceLocation)
        #expect(outcome.value == nil, sourceLocation: sourceLocation)
    }

    @Test func numeratorAndDenominator() {
        expectError(check(Self.hc(1), numerator: 120, denominator: 100), .numerator, "分子 120 大于分母 100，比例不会超过 100%")
        expectError(check(Self.hc(1), numerator: 3, denominator: 0), .denominator, "分母必须大于 0（现为 0）")
        expectError(check(Self.hc(1), numerator: 3, denominator: -5), .denominator, "分母必须大于 0（现为 -5）")
        expectError(check(Self.hc(1), numerator: -1, denominator: 10), .numerator, "分子不能为负（现为 -1）")
        expectError(check(Self.hc(1), numerator: 3), .denominator, "填写了分子，也要填写分母")
        expectError(check(Self.hc(1), denominator: 3), .numerator, "填写了分母，也要填写分子")
        expectError(check(Self.hc(1)), .value, "请填写数值，或填写分子和分母")
        expectError(check(Self.hc(2), numerator: 3, denominator: 10), .numerator,
                    "「重度及以上污染天数」不是比率类指标，不按分子分母计算；请只填数值")
        // The value is computed in the indicator's unit.
        #expect(check(Self.hc(1), numerator: 292, denominator: 365).value.map { abs($0 - 80) < 1e-9 } == true)
        #expect(check(Self.hc(30), numerator: 39, denominator: 10_000).value.map { abs($0 - 3.9) < 1e-9 } == true)
        #expect(check(Self.hc(32), numerator: 1, denominator: 12_500).value.map { abs($0 - 8) < 1e-9 } == true)
        // Only proportions are capped by their denominator: 12 000 m² of parks for 1 000 people is 12 m² each.
        let park = check(Self.hc(8), numerator: 12_000, denominator: 1_000)
        #expect(park.findings == [] && park.value == 12)
        // A change indicator may be negative.
        #expect(check(Self.hc(37), numerator: -1, denominator: 10).value == -10)
    }

    @Test func valueMustAgreeWithNumeratorAndDenominator() {
        expectError(check(Self.hc(1), value: 50, numerator: 30, denominator: 100), .value, "数值 50 与分子 ÷ 分母（30%）不符")
        expectError(check(Self.hc(1), value: 30.06, numerator: 30, denominator: 100), .value, "数值 30.06 与分子 ÷ 分母（30%）不符")
        // Rounding in the source table is allowed, and the typed value is kept.
        let rounded = check(Self.hc(1), value: 33.33, numerator: 1, denominator: 3)
        #expect(rounded.findings == [] && rounded.value == 33.33)
        #expect(check(Self.hc(1), value: 30.04, numerator: 30, denominator: 100).findings == [])
        #expect(check(Self.hc(30), value: 3.9, numerator: 39, denominator: 10_000).findings == [])
    }

    @Test func proportionsStayWithin100Percent() {
        expectError(check(Self.hc(1), value: 100.5), .value, "「环境空气质量优良天数占比」是比例，不能超过 100%（现为 100.5%）")
        expectError(check(Self.hc(30), value: 1200), .value, "「婴儿死亡率」是比例，不能超过 1000‰（现为 1200‰）")
        #expect(check(Self.hc(1), value: 100).findings == [])
        // 人/千人 and m²/人 are no proportions.
        #expect(check(Self.hc(13), value: 1200).findings == [])
    }

    @Test func negativesCountsAndYesNo() {
        expectError(check(Self.hc(1), value: -1), .value, "数值不能为负（现为 -1）")
        #expect(check(Self.hc(37), value: -5).findings == [])
        expectError(check(Self.hc(2), value: 2.5), .value, "计数类指标应为整数（现为 2.5）")
        #expect(check(Self.hc(2), value: 3).value == 3)
        expectError(check(Self.yesNo, value: 2), .value, "是/否类指标只能填 1（是）或 0（否）")
        expectError(check(Self.yesNo, value: 0.5), .value, "是/否类指标只能填 1（是）或 0（否）")
        #expect(check(Self.yesNo, value: 1).findings == [] && check(Self.yesNo, value: 0).value == 0)
        expectError(check(Self.hc(29), value: .infinity), .value, "数值无效")
    }

    @Test func aJumpFromLastYearIsAWarning() {
        let jump = check(Self.hc(1), value: 31, previous: 20)
        #expect(jump.findings == [RuleFinding(.warning, .value, "与上年 20% 相比变化 55%，超过 50%，请核实")])
        #expect(jump.value == 31 && jump.errors == [] && jump.warnings.count == 1)
        #expect(check(Self.hc(1), value: 9, previous: 20).warnings.map(\.message) == ["与上年 20% 相比变化 55%，超过 50%，请核实"])
        #expect(check(Self.hc(1), value: 29, previous: 20).findings == [])
        #expect(check(Self.hc(1), value: 30, previous: 20).findings == [], "exactly the threshold is no jump")
        #expect(check(Self.hc(2), value: 5, previous: 0).warnings.map(\.message) == ["上年为 0天，今年为 5天，请核实"])
        #expect(check(Self.hc(1), value: 31, previous: 20, settings: .init(jumpThreshold: 0.6)).findings == [])
        #expect(check(Self.hc(1), value: 24.5, previous: 20, settings: .init(jumpThreshold: 0.2)).warnings.map(\.message)
            == ["与上年 20% 相比变化 22.5%，超过 20%，请核实"])
        // Yes/no figures do not jump, and an error is not followed by a warning.
        #expect(check(Self.yesNo, value: 1, previous: 0).findings == [])
        expectError(check(Self.hc(1), value: 120, previous: 20), .value, "「环境空气质量优良天数占比」是比例，不能超过 100%（现为 120%）")
    }
}

// MARK: - Importing a table of figures

@Suite struct ObservationImportTests {
    static let place = Region(id: UUID(), code: "360727", name: "龙南市", level: .county, parentID: nil)
    static let town = Region(id: UUID(), code: "360727100", name: "龙南镇", level: .township, parentID: place.id)
    static let villages = [
        Region(id: UUID(), code: "360727201", name: "新村", level: .village, parentID: town.id),
        Region(id: UUID(), code: "360727202", name: "新村", level: .village, parentID: town.id),
    ]
    static let header = ["region", "indicator", "period", "value", "numerator", "denominator"]

    func context(annual: [ObservationKey: Double] = [:], states: [ObservationKey: ReviewState] = [:],
                 settings: ValidationSettings = .init()) throws -> ObservationContext {
        let programme = ProgrammeIndicators(plan: try Fixtures.plan("longnan-2024"),
                                            settings: ProgrammeSettings(baselineYear: 2020, endYear: 2024), currentYear: 2024)
        return ObservationContext(programme: programme, regions: [Self.place, Self.town] + Self.villages,
                                  annualValues: annual, states: states, settings: settings)
    }

    /// A table whose first row is `header` and whose rows are numbered from line 1.
    func table(_ rows: [[String]], header: [String] = header) -> [TableRow] {
        ([header] + rows).enumerated().map { TableRow(line: $0.offset + 1, cells: $0.element) }
    }

    func key(_ indicator: String, _ year: Int, in region: Region = place) -> ObservationKey {
        ObservationKey(indicator: indicator, regionID: region.id, period: .year(year))
    }

    /// The checked figures of an accepted file.
    func prepare(rows: [TableRow], file: String, context: ObservationContext) throws -> [PreparedObservation] {
        try ObservationImport.prepare(rows: rows, file: file, context: context).observations
    }

    /// The issues of a rejected file as (line, column, message); fails the test when the file is accepted.
    func rejection(_ rows: [TableRow], context: ObservationContext) -> [(line: Int?, column: Int?, message: String)] {
        do {
            let prepared = try ObservationImport.prepare(rows: rows, file: "figures.csv", context: context)
            Issue.record("accepted \(prepared.observations.count) figures")
            return []
        } catch {
            #expect(error.issues.allSatisfy { $0.location.file == "figures.csv" })
            return error.issues.map { ($0.location.line, $0.location.column, $0.message) }
        }
    }

    func expectIssues(_ rows: [TableRow], context: ObservationContext, _ expected: [(Int?, Int?, String)],
                      sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let issues = rejection(rows, context: context)
        #expect(issues.count == expected.count, "\(issues)", sourceLocation: sourceLocation)
        for (found, wanted) in zip(issues, expected) {
            #expect(found.line == wanted.0 && found.column == wanted.1 && found.message == wanted.2,
                    "got \(found), expected \(wanted)", sourceLocation: sourceLocation)
        }
    }

    @Test func chineseHeadersNotesSourcesAndComputedValues() throws {
        let rows = table([
            ["360727", "HC38", "2023", "25.5", "", "", "省监测", "市卫健委"],
            ["龙南市", "居民健康素养水平", "2024年", "", "270", "1000"],
            [" 龙南镇 ", "hc39", "2024年第1季度", "22.1"],
            ["360727", "健康融入所有政策的工作机制", "2024", "1"],
            ["360727201", "居民、学生、职工健康促进创建知晓率", "2024-06", "72.5%"],
        ], header: ["地区", "指标", "年份", "数值", "分子", "分母", "备注", "数据来源"])
        let prepared = try prepare(rows: rows, file: "figures.csv", context: try context())
        #expect(prepared.map(\.line) == [2, 3, 4, 5, 6])
        #expect(prepared.map(\.key) == [
            key("HC38", 2023), key("HC38", 2024),
            ObservationKey(indicator: "HC39", regionID: Self.town.id, period: Period(year: 2024, kind: .quarter, index: 1)),
            key("HIAP", 2024),
            ObservationKey(indicator: "AWARENESS", regionID: Self.villages[0].id, period: Period(year: 2024, kind: .month, index: 6)),
        ])
        #expect(prepared[0].value == 25.5 && prepared[0].note == "省监测" && prepared[0].sourceUnit == "市卫健委")
        #expect(abs(prepared[1].value - 27) < 1e-9 && prepared[1].numerator == 270 && prepared[1].denominator == 1000)
        #expect(prepared[1].note == nil && prepared[1].sourceUnit == nil)
        #expect(prepared.map(\.value).suffix(3) == [22.1, 1, 72.5])
        #expect(prepared.allSatisfy { $0.warnings.isEmpty })
    }

    @Test func columnsInAnyOrderAndOnlyNumeratorAndDenominator() throws {
        let rows = table([["2024", "HC38", "270", "1000", "360727"]],
                         header: ["Period", "指标代码", "分子", "分母", "行政区划"])
        let prepared = try prepare(rows: rows, file: "f.csv", context: try context())
        #expect(prepared.map(\.key) == [key("HC38", 2024)])
        #expect(abs(prepared[0].value - 27) < 1e-9)
    }

    @Test func everyProblemIsReportedWithItsLineAndColumn() throws {
        let context = try context(states: [key("HC39", 2023): .approved])
        let rows = table([
            ["火星市", "HC38", "2024", "30"],                 // 2
            ["360727", "HC99", "2024", "30"],                // 3
            ["新村", "HC38", "2024", "30"],                   // 4
            ["360727", "HC38", "2015", "30"],                // 5
            ["360727", "HC38", "2024Q5", "30"],              // 6
            ["360727", "HC38", "2024", "约30"],               // 7
            ["360727", "HC38", "2023", "120"],               // 8
            ["360727", "HC39", "2024", "20"],                // 9
            ["龙南市", "15岁以上人群吸烟率", "2024年", "21"],     // 10: the same figure as line 9
            ["360727", "HC39", "2023", "20"],                // 11: approved
            ["", "HC38", "", "5"],                           // 12
            ["360727", "HC38", "2022", "30", "40", "0"],     // 13
            ["360727", "HC2", "2024", "2.5"],                // 14
            ["360727", "HC1", "2024", "80"],                 // 15: fine, but not stored either
        ])
        expectIssues(rows, context: context, [
            (2, 1, "本方案没有地区「火星市」（填区划代码或名称；新地区先在地区管理中导入）"),
            (3, 2, "不认识的指标「HC99」（填指标代码如 HC38，或本方案指标的名称）"),
            (4, 1, "有 2 个地区叫「新村」（代码 360727201、360727202），请改填区划代码"),
            (5, 3, "2015年不在本方案的数据年份（2018–2024年）内"),
            (6, 3, "「2024Q5」不是期间（应为 2024、2024Q1 或 2024-03）"),
            (7, 4, "「约30」不是数字"),
            (8, 4, "「居民健康素养水平」是比例，不能超过 100%（现为 120%）"),
            (10, 2, "与第 9 行重复（同一地区、指标和期间）"),
            (11, 4, "龙南市 HC39 2023年的数据已审核锁定，需创建办先解锁"),
            (12, 1, "地区为空"),
            (12, 3, "期间为空"),
            (13, 6, "分母必须大于 0（现为 0）"),
            (14, 4, "计数类指标应为整数（现为 2.5）"),
        ])
    }

    @Test func oneBadRowRejectsTheWholeFile() throws {
        let rows = table([["360727", "HC38", "2024", "30"], ["360727", "HC38", "2023", "abc"], ["360727", "HC39", "2024", "20"]])
        expectIssues(rows, context: try context(), [(3, 4, "「abc」不是数字")])
        // The approved figure of another year does not lock this one.
        let fine = try prepare(rows: table([["360727", "HC39", "2024", "20"]]), file: "f.csv",
                                                 context: try context(states: [key("HC39", 2023): .approved, key("HC38", 2024): .submitted]))
        #expect(fine.count == 1)
    }

    @Test func headersAndEmptyFiles() throws {
        let context = try context()
        expectIssues(table([["360727", "30"]], header: ["地区", "数值"]), context: context,
                     [(1, nil, "表头缺少列：indicator（指标）、period（期间）；第一行应为表头")])
        expectIssues(table([["360727", "HC38", "2024", "27"]], header: ["region", "indicator", "period", "分子"]), context: context,
                     [(1, nil, "表头缺少列：value（数值）或 numerator、denominator（分子、分母）；第一行应为表头")])
        // A file without a header row: its first figures are taken as the header, and the columns are missing.
        expectIssues(table([["360727", "HC39", "2024", "20"]], header: ["360727", "HC38", "2024", "30"]), context: context,
                     [(1, nil, "表头缺少列：region（地区）、indicator（指标）、period（期间）、value（数值）或 numerator、denominator（分子、分母）；第一行应为表头")])
        // A column the table does not have is named where it stands, with the columns it may have.
        let unknown = "未知列「数值（%）」；应为 region, indicator, period, value, numerator, denominator, note, source（或地区、指标、期间、数值、分子、分母、备注、来源单位）"
        expectIssues(table([["360727", "HC38", "2024", "27", "30"]], header: ["region", "indicator", "period", "value", "数值（%）"]),
                     context: context, [(1, 5, unknown)])
        expectIssues([], context: context, [(nil, nil, "文件为空：第一行应为表头 region,indicator,period,value[,numerator,denominator]")])
        expectIssues(table([]), context: context, [(nil, nil, "文件只有表头，没有数据行")])
    }

    @Test func lastYearFromTheSameFileWarnsOfAJump() throws {
        let jump = "与上年 20% 相比变化 75%，超过 50%，请核实"
        // In either order, and whether last year was typed as a value or as numerator and denominator.
        for rows in [
            [["360727", "HC38", "2023", "20"], ["360727", "HC38", "2024", "35"]],
            [["360727", "HC38", "2024", "35"], ["360727", "HC38", "2023", "20"]],
            [["360727", "HC38", "2024", "35"], ["360727", "HC38", "2023", "", "200", "1000"]],
        ] {
            let prepared = try prepare(rows: table(rows), file: "f.csv", context: try context())
            let byYear = Dictionary(uniqueKeysWithValues: prepared.map { ($0.key.period.year, $0.warnings) })
            #expect(byYear == [2023: [], 2024: [jump]], "\(rows)")
        }
        // Another region's or indicator's figure is not last year's.
        let other = try prepare(rows: table([["360727", "HC38", "2023", "20"], ["360727100", "HC38", "2024", "35"],
                                                               ["360727", "HC39", "2024", "35"]]),
                                                  file: "f.csv", context: try context())
        #expect(other.allSatisfy { $0.warnings.isEmpty })
    }

    @Test func lastYearFromStoredFiguresUnlessTheFileReplacesIt() throws {
        let row = [["360727", "HC38", "2024", "35"]]
        let stored = try context(annual: [key("HC38", 2023): 30])
        #expect(try prepare(rows: table(row), file: "f.csv", context: stored)[0].warnings == [])
        let low = try context(annual: [key("HC38", 2023): 10])
        #expect(try prepare(rows: table(row), file: "f.csv", context: low)[0].warnings
            == ["与上年 10% 相比变化 250%，超过 50%，请核实"])
        let replaced = try prepare(rows: table(row + [["360727", "HC38", "2023", "20"]]), file: "f.csv", context: stored)
        #expect(replaced[0].warnings == ["与上年 20% 相比变化 75%，超过 50%，请核实"])
        // The programme's own threshold.
        let lenient = try context(annual: [key("HC38", 2023): 10], settings: .init(jumpThreshold: 3))
        #expect(try prepare(rows: table(row), file: "f.csv", context: lenient)[0].warnings == [])
    }
}
