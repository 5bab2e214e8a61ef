import Foundation
import Testing
@testable import Domain

@Suite struct CompositeIndexTests {
    typealias Indicator = CompositeIndexInput.Indicator

    // Three regions, three indicators in two dimensions; "so2" is lower-is-better.
    //            green (↑, expert 2)   so2 (↓, expert 1)   life (↑, expert 1)
    //   甲             10                    5                   80
    //   乙             20                    1                   70
    //   丙             40                    3                   72.5
    static let indicators = [
        Indicator(code: "green", name: "绿化覆盖率", dimension: "健康环境", expertWeight: 2),
        Indicator(code: "so2", name: "二氧化硫浓度", dimension: "健康环境", higherIsBetter: false, expertWeight: 1),
        Indicator(code: "life", name: "人均预期寿命", dimension: "健康人群", expertWeight: 1),
    ]
    static let values: [String: [String: Double]] = [
        "甲": ["green": 10, "so2": 5, "life": 80],
        "乙": ["green": 20, "so2": 1, "life": 70],
        "丙": ["green": 40, "so2": 3, "life": 72.5],
    ]

    static func example(_ combination: WeightCombination = .multiplicative) -> CompositeIndexInput {
        CompositeIndexInput(year: 2024, regions: ["甲", "乙", "丙"], indicators: indicators, values: values, combination: combination)
    }

    /// The example worked by hand, independently of the implementation.
    struct Hand {
        // Standardised by hand: green (x − 10)/30, so2 (5 − x)/4, life (x − 70)/10; columns indicators, rows regions.
        static let y: [[Double]] = [[0, 1.0 / 3, 1], [0, 1, 0.5], [1, 0, 0.25]]
        // p = y / Σy per indicator: green [0, 1/4, 3/4], so2 [0, 2/3, 1/3], life [4/5, 0, 1/5].
        static let e: [Double] = [
            -(0.25 * log(0.25) + 0.75 * log(0.75)) / log(3),
            -(2.0 / 3 * log(2.0 / 3) + 1.0 / 3 * log(1.0 / 3)) / log(3),
            -(0.8 * log(0.8) + 0.2 * log(0.2)) / log(3),
        ]
        static let d = e.map { 1 - $0 }
        static let entropyWeight = d.map { $0 / (d[0] + d[1] + d[2]) }
        static let expertWeight: [Double] = [0.5, 0.25, 0.25]

        static func weights(_ combination: WeightCombination) -> [Double] {
            switch combination {
            case .multiplicative:
                let product = (0..<3).map { entropyWeight[$0] * expertWeight[$0] }
                return product.map { $0 / (product[0] + product[1] + product[2]) }
            case .linear(let alpha):
                return (0..<3).map { alpha * entropyWeight[$0] + (1 - alpha) * expertWeight[$0] }
            }
        }

        static func index(region i: Int, _ w: [Double]) -> Double {
            100 * (w[0] * y[0][i] + w[1] * y[1][i] + w[2] * y[2][i])
        }
    }

    func close(_ a: Double?, _ b: Double, _ tolerance: Double = 1e-9) -> Bool {
        guard let a else { return false }
        return abs(a - b) <= tolerance
    }

    @Test func handExampleMatchesTheFormulas() throws {
        let result = try CompositeIndex.compute(Self.example())
        let w = Hand.weights(.multiplicative)
        #expect(result.included == ["green", "so2", "life"])
        #expect(result.dimensions == ["健康环境", "健康人群"])
        #expect(result.excluded.isEmpty && result.substitutions.isEmpty && result.imputations.isEmpty)
        for (j, indicator) in result.indicators.enumerated() {
            #expect(close(indicator.entropy, Hand.e[j]), "e of \(indicator.code)")
            #expect(close(indicator.divergence, Hand.d[j]))
            #expect(close(indicator.entropyWeight, Hand.entropyWeight[j]))
            #expect(close(indicator.expertWeight, Hand.expertWeight[j]))
            #expect(close(indicator.weight, w[j]), "weight of \(indicator.code)")
            for (i, region) in result.regions.enumerated() {
                #expect(close(region.standardized[indicator.code], Hand.y[j][i]), "y of \(region.region), \(indicator.code)")
            }
        }
        #expect(result.indicators.map(\.minimum) == [10, 1, 70] && result.indicators.map(\.maximum) == [40, 5, 80])
        #expect(result.regions.map(\.region) == ["甲", "乙", "丙"])
        for i in 0..<3 {
            let region = result.regions[i]
            #expect(close(region.index, Hand.index(region: i, w)), "index of \(region.region)")
            let environment = 100 * (w[0] * Hand.y[0][i] + w[1] * Hand.y[1][i]) / (w[0] + w[1])
            #expect(close(region.subIndices["健康环境"], environment))
            #expect(close(region.subIndices["健康人群"], 100 * Hand.y[2][i]))
        }
        // Worked out once: 甲 ≈ 28.05, 乙 ≈ 38.43, 丙 ≈ 68.13.
        #expect(close(result.regions[2].index, 68.131722922, 1e-6))
        #expect(result.regions.map(\.rank) == [3, 2, 1])
        #expect(result.notes.contains("熵权与专家权重相乘后归一化"))
        #expect(result.notes.contains("未配置缺失值替代"))
    }

    @Test func linearCombination() throws {
        let result = try CompositeIndex.compute(Self.example(.linear(0.3)))
        let w = Hand.weights(.linear(0.3))
        #expect(result.combination == .linear(0.3))
        #expect(zip(result.indicators.map(\.weight), w).allSatisfy { close($0, $1) })
        #expect(close(result.indicators.map(\.weight).reduce(0, +), 1))
        for i in 0..<3 { #expect(close(result.regions[i].index, Hand.index(region: i, w))) }
        #expect(result.notes.contains { $0.contains("线性组合") })
        // The linear weights differ from the multiplicative ones, so this would catch a wrong branch.
        #expect(!close(w[0], Hand.weights(.multiplicative)[0], 1e-3))
    }

    @Test func constantIndicatorCarriesNoEntropyWeight() throws {
        var input = Self.example()
        input.indicators.append(Indicator(code: "flat", name: "常数指标", dimension: "健康人群", expertWeight: 5))
        for region in input.regions { input.values[region]!["flat"] = 7 }
        let result = try CompositeIndex.compute(input)
        let flat = try #require(result.indicators.last)
        #expect(flat.code == "flat" && flat.entropy == 1 && flat.divergence == 0 && flat.entropyWeight == 0 && flat.weight == 0)
        #expect(result.regions.allSatisfy { $0.standardized["flat"] == 1 })
        // Multiplicative: the other weights and the indices are those of the example without it.
        let w = Hand.weights(.multiplicative)
        for i in 0..<3 { #expect(close(result.regions[i].index, Hand.index(region: i, w))) }
        #expect(result.notes.contains { $0.contains("常数指标") && $0.contains("熵权为 0") })
    }

    @Test func onlyConstantIndicatorsFallBackToExpertWeights() throws {
        let input = CompositeIndexInput(
            year: 2024, regions: ["甲", "乙"],
            indicators: [Indicator(code: "a", name: "A", dimension: "X", expertWeight: 3), Indicator(code: "b", name: "B", dimension: "Y")],
            values: ["甲": ["a": 1, "b": 2], "乙": ["a": 1, "b": 2]]
        )
        let result = try CompositeIndex.compute(input)
        #expect(result.indicators.map(\.weight) == [0.75, 0.25])
        #expect(result.indicators.map(\.entropyWeight) == [0, 0])
        #expect(result.regions.map(\.index) == [100, 100] && result.regions.map(\.rank) == [1, 1])
        #expect(result.notes.contains { $0.contains("只使用专家权重") })
    }

    @Test func substitutionByPreviousYearThenReference() throws {
        var input = Self.example()
        input.values["乙"]!["green"] = nil    // previous year available
        input.values["丙"]!["green"] = nil    // only the reference
        input.previousYear = ["乙": ["green": 25]]
        input.references = ["green": 30]
        input.substitution = [.previousYear, .reference]
        let result = try CompositeIndex.compute(input)
        #expect(result.substitutions == [
            .init(region: "乙", code: "green", rule: .previousYear, value: 25),
            .init(region: "丙", code: "green", rule: .reference, value: 30),
        ])
        #expect(result.imputations.isEmpty && result.excluded.isEmpty)
        #expect(result.regions[1].values["green"] == 25)
        // green now 10, 25, 30 → (x − 10)/20.
        #expect(result.regions.map { $0.standardized["green"] } == [0, 0.75, 1])
        #expect(result.notes.contains("缺失值依次用上一年度数值、参照值替代"))

        // The order of the rules decides: reference first fills both from it.
        input.substitution = [.reference, .previousYear]
        let reversed = try CompositeIndex.compute(input)
        #expect(reversed.substitutions.map(\.rule) == [.reference, .reference])
        #expect(reversed.regions[1].values["green"] == 30)
    }

    @Test func missingValuesExcludeOrScoreWorst() throws {
        var input = Self.example()
        input.values["甲"]!["life"] = nil
        input.values["乙"]!["life"] = nil    // 2 of 3 lack it → excluded for all
        input.values["丙"]!["so2"] = nil     // 1 of 3 → worst score
        input.previousYear = ["丙": ["so2": 0.5]]   // not used: no substitution configured
        let result = try CompositeIndex.compute(input)
        #expect(result.included == ["green", "so2"])
        #expect(result.excluded.map(\.code) == ["life"])
        #expect(result.excluded.first?.missingRegions == ["甲", "乙"])
        #expect(result.excluded.first?.reason.contains("超过半数") == true)
        #expect(result.imputations.map(\.region) == ["丙"] && result.imputations.map(\.code) == ["so2"])
        #expect(result.imputations.first?.score == 0)
        // so2 from 甲 5 and 乙 1 only: 甲 0, 乙 1, and 丙 the worst, 0 — not 0.5's best.
        #expect(result.regions.map { $0.standardized["so2"] } == [0, 1, 0])
        #expect(result.regions.allSatisfy { $0.standardized["life"] == nil && $0.subIndices["健康人群"] == nil })
        #expect(result.dimensions == ["健康环境"])
        #expect(result.notes.contains { $0.contains("健康人群") && $0.contains("剔除") })
        #expect(close(result.indicators.map(\.weight).reduce(0, +), 1))

        // Exactly half missing is not "more than half": two regions, one value.
        let pair = CompositeIndexInput(
            year: 2024, regions: ["甲", "乙"], indicators: [Indicator(code: "a", name: "A", dimension: "X")],
            values: ["甲": ["a": 3]]
        )
        let kept = try CompositeIndex.compute(pair)
        #expect(kept.included == ["a"] && kept.imputations.count == 1)
    }

    @Test func allIndicatorsExcludedIsAnError() {
        let input = CompositeIndexInput(
            year: 2024, regions: ["甲", "乙", "丙"], indicators: [Indicator(code: "a", name: "A", dimension: "X")],
            values: ["甲": ["a": 3]]
        )
        #expect(throws: CompositeIndexError.allIndicatorsExcluded) { try CompositeIndex.compute(input) }
    }

    @Test func tiesShareTheirRank() throws {
        let input = CompositeIndexInput(
            year: 2024, regions: ["甲", "乙", "丙", "丁"], indicators: [Indicator(code: "a", name: "A", dimension: "X")],
            values: ["甲": ["a": 4], "乙": ["a": 3], "丙": ["a": 3], "丁": ["a": 1]]
        )
        let result = try CompositeIndex.compute(input)
        #expect(result.regions.map(\.rank) == [1, 2, 2, 4])
        #expect(zip(result.regions.map(\.index), [100, 200.0 / 3, 200.0 / 3, 0]).allSatisfy { close($0, $1) })
    }

    @Test func resultRoundTripsThroughJSON() throws {
        let result = try CompositeIndex.compute(Self.example(.linear(0.5)))
        let decoded = try JSONDecoder().decode(CompositeIndexResult.self, from: JSONEncoder().encode(result))
        #expect(decoded == result)
        #expect(CompositeIndex.methodDescription.first?.contains("非官方算法") == true)
    }

    @Test func invalidInputIsRejected() {
        func rejects(_ expected: CompositeIndexError, _ change: (inout CompositeIndexInput) -> Void) {
            var input = Self.example()
            change(&input)
            #expect(throws: expected) { try CompositeIndex.compute(input) }
            #expect(!expected.message.isEmpty)
        }
        rejects(.tooFewRegions(count: 1)) { $0.regions = ["甲"] }
        rejects(.duplicateRegion("乙")) { $0.regions = ["甲", "乙", "乙"] }
        rejects(.noIndicators) { $0.indicators = [] }
        rejects(.duplicateIndicator("green")) { $0.indicators.append(Self.indicators[0]) }
        rejects(.invalidExpertWeight(code: "so2", weight: 0)) { $0.indicators[1].expertWeight = 0 }
        rejects(.invalidExpertWeight(code: "so2", weight: -1)) { $0.indicators[1].expertWeight = -1 }
        rejects(.invalidExpertWeight(code: "so2", weight: .infinity)) { $0.indicators[1].expertWeight = .infinity }
        rejects(.invalidAlpha(1.5)) { $0.combination = .linear(1.5) }
        rejects(.nonFiniteValue(region: "乙", code: "life", source: "2024 年数值")) { $0.values["乙"]!["life"] = .infinity }
        rejects(.nonFiniteValue(region: "乙", code: "life", source: "2023 年数值")) { $0.previousYear = ["乙": ["life": -.infinity]] }
        rejects(.nonFiniteValue(region: nil, code: "life", source: "参照值")) { $0.references = ["life": .infinity] }
        #expect(CompositeIndexError.tooFewRegions(count: 1).description == "至少需要 2 个地区才能比较，当前只有 1 个")
        // NaN is not Equatable to itself, so match the case.
        var input = Self.example()
        input.values["甲"]!["green"] = .nan
        let error = #expect(throws: CompositeIndexError.self) { try CompositeIndex.compute(input) }
        guard case .nonFiniteValue(region: "甲", code: "green", _) = error else {
            Issue.record("expected a non-finite value for 甲/green, got \(String(describing: error))")
            return
        }
    }
}
