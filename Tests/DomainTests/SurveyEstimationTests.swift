@testable import Domain
import Foundation
import Testing

/// The comparison data made by Tests/Fixtures/surveys/make_comparison.py: CSV files and samplics' results.
enum SurveyFixtures {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/surveys")

    struct Design: Decodable {
        var weight: String?
        var stratum: String?
        var psu: String?
        var singleton: String
        var combine: [String: String]?
        var populationPSUs: String?
    }

    struct Expected: Decodable {
        var variable: String
        var parameter: String
        var ci: String
        var by: String?
        var domain: String?
        var estimate: Double
        var se: Double
        var ciLow: Double
        var ciHigh: Double
        var degreesOfFreedom: Int
        var n: Int
        var deff: Double?
        var deffWithoutReplacement: Double?
        var source: String
    }

    struct Weighting: Decodable {
        var method: String
        var baseWeight: String
        var cell: String?
        var status: String?
        var margins: [String]?
        var totals: Totals?
        var tolerance: Double?
        var unknownToIneligible: Bool?
        var weights: [Double]
    }

    /// Cell totals (post-stratification) or margin → category totals (raking).
    enum Totals: Decodable {
        case cells([String: Double])
        case margins([String: [String: Double]])

        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let cells = try? container.decode([String: Double].self) { self = .cells(cells) } else {
                self = .margins(try container.decode([String: [String: Double]].self))
            }
        }
    }

    struct DesignCase: Decodable {
        var design: Design
        var estimates: [Expected]
    }

    struct Case: Decodable {
        var samplics: String
        var data: String?
        var design: Design?
        var designs: [DesignCase]?
        var weighting: Weighting?
        var estimates: [Expected]?
    }

    static func load(_ name: String) throws -> Case {
        try JSONDecoder().decode(Case.self, from: Data(contentsOf: directory.appendingPathComponent(name)))
    }

    static func rows(_ file: String) throws -> [TableRow] {
        try TableFile.rows(data: Data(contentsOf: directory.appendingPathComponent(file)), fileName: file)
    }

    /// The file's records with every column the expectations name.
    static func data(_ file: String, design: Design, expected: [Expected], categories: [String] = []) throws -> SurveyData {
        let proportions = Set(expected.filter { $0.parameter == "proportion" }.map(\.variable))
        let means = Set(expected.filter { $0.parameter == "mean" }.map(\.variable))
        let groups = Set(expected.compactMap(\.by)).union(categories)
        let columns = SurveyColumns(weight: design.weight ?? "w", stratum: design.stratum, psu: design.psu,
                                    populationPSUs: design.populationPSUs, proportions: proportions.sorted(),
                                    means: means.sorted(), categories: groups.sorted())
        return try SurveyData.read(rows: rows(file), file: file, columns: columns)
    }

    static func singleton(_ design: Design) -> SingletonMethod {
        if design.singleton == "combine" { return .combine(design.combine ?? [:]) }
        return SingletonMethod(name: design.singleton)!
    }

    /// |a − b| ≤ 1e-6 · max(|a|, |b|), with an absolute floor for values that are (nearly) zero.
    static func close(_ a: Double, _ b: Double, relative: Double = 1e-6, floor: Double = 1e-12) -> Bool {
        abs(a - b) <= max(relative * max(abs(a), abs(b)), floor)
    }

    /// Recomputes every expected estimate on `design` and compares estimate, se, CI, df, n and both design effects.
    static func check(_ expected: [Expected], data: SurveyData, design: SurveyDesign, label: String) throws {
        #expect(!expected.isEmpty)
        var checked = 0
        for e in expected {
            let parameter = SurveyParameter(rawValue: e.parameter)!
            let interval = IntervalMethod(rawValue: e.ci)!
            let values = try #require(data.variables[e.variable])
            let domains = e.by.map { data.categories[$0]! }
            let results = try design.estimate(parameter, of: values, variable: e.variable, domains: domains, interval: interval)
            let ours = try #require(results.first { $0.domain == e.domain }, "\(label) \(e.variable) \(e.domain ?? "-")")
            let what = "\(label) \(e.parameter) \(e.variable) \(e.ci) \(e.by ?? "") \(e.domain ?? "全部") (\(e.source))"
            #expect(close(ours.estimate, e.estimate), "estimate \(what): \(ours.estimate) vs \(e.estimate)")
            #expect(close(ours.standardError, e.se), "se \(what): \(ours.standardError) vs \(e.se)")
            #expect(close(ours.ciLow, e.ciLow), "ciLow \(what): \(ours.ciLow) vs \(e.ciLow)")
            #expect(close(ours.ciHigh, e.ciHigh), "ciHigh \(what): \(ours.ciHigh) vs \(e.ciHigh)")
            #expect(ours.degreesOfFreedom == e.degreesOfFreedom, "df \(what)")
            #expect(ours.n == e.n, "n \(what)")
            if let deff = e.deff {
                #expect(ours.deff.map { close($0, deff) } == true, "deff \(what): \(String(describing: ours.deff)) vs \(deff)")
            } else {
                #expect(ours.deff == nil, "deff \(what)")
            }
            let wor = try design.estimate(parameter, of: values, variable: e.variable, domains: domains, interval: interval,
                                          deffReference: .withoutReplacement).first { $0.domain == e.domain }
            if let expectedWor = e.deffWithoutReplacement {
                #expect(wor?.deff.map { close($0, expectedWor) } == true, "deff wor \(what)")
            } else {
                #expect(wor?.deff == nil, "deff wor \(what)")
            }
            checked += 1
        }
        #expect(checked == expected.count)
    }
}

@Suite struct SurveyEstimationTests {
    @Test(arguments: ["srs", "weighted", "stratified", "clustered", "stratified_clustered", "fpc"])
    func agreesWithSamplics(_ name: String) throws {
        let fixture = try SurveyFixtures.load("\(name).json")
        let spec = try #require(fixture.design)
        let expected = try #require(fixture.estimates)
        let data = try SurveyFixtures.data(try #require(fixture.data), design: spec, expected: expected)
        let design = try data.design(singleton: SurveyFixtures.singleton(spec))
        try SurveyFixtures.check(expected, data: data, design: design, label: name)
    }

    @Test func singlePSUStrataAgreeWithSamplicsAndSvy() throws {
        let fixture = try SurveyFixtures.load("singleton.json")
        let designs = try #require(fixture.designs)
        #expect(designs.map(\.design.singleton) == ["skip", "certainty", "combine", "centered"])
        for entry in designs {
            let data = try SurveyFixtures.data(try #require(fixture.data), design: entry.design, expected: entry.estimates)
            let design = try data.design(singleton: SurveyFixtures.singleton(entry.design))
            #expect(design.singletonStrata.sorted() == (entry.design.singleton == "combine" ? [] : ["县03", "县05"]))
            try SurveyFixtures.check(entry.estimates, data: data, design: design, label: "singleton \(entry.design.singleton)")
        }
        // The default refuses, naming both strata.
        let spec = designs[0].design
        let data = try SurveyFixtures.data(try #require(fixture.data), design: spec, expected: designs[0].estimates)
        #expect(throws: SurveyError.singletonStrata(["县03", "县05"])) { try data.design() }
        let issues = data.locate(.singletonStrata(["县03", "县05"]),
                                 columns: SurveyColumns(weight: "w", stratum: "county", psu: "township"))
        #expect(issues.count == 2)
        #expect(issues.allSatisfy { $0.location.line != nil && $0.location.field?.description == "county" })
        #expect(issues[0].description.contains("县03"))
    }

    @Test func postStratifiedWeightsAndEstimatesAgreeWithSamplics() throws {
        let fixture = try SurveyFixtures.load("poststratified.json")
        let weighting = try #require(fixture.weighting)
        guard case .cells(let totals) = try #require(weighting.totals) else { Issue.record("cell totals expected"); return }
        let spec = try #require(fixture.design)
        let expected = try #require(fixture.estimates)
        let data = try SurveyFixtures.data(try #require(fixture.data), design: spec, expected: expected, categories: ["cell"])
        let weights = try Weighting.postStratify(weights: data.weights, cells: data.categories["cell"]!, totals: totals)
        #expect(weights.count == weighting.weights.count)
        for (ours, theirs) in zip(weights, weighting.weights) { #expect(SurveyFixtures.close(ours, theirs, relative: 1e-12)) }
        // Every cell's weights add up to its population total.
        var sums: [String: Double] = [:]
        for (cell, w) in zip(data.categories["cell"]!, weights) { sums[cell, default: 0] += w }
        #expect(sums.keys.sorted() == totals.keys.sorted())
        for (cell, total) in totals { #expect(SurveyFixtures.close(sums[cell]!, total, relative: 1e-12), "\(cell)") }
        let design = try SurveyDesign(weights: weights, strata: data.strata, psus: data.psus)
        try SurveyFixtures.check(expected, data: data, design: design, label: "poststratified")
    }

    @Test func rakedWeightsAndEstimatesAgreeWithSamplics() throws {
        let fixture = try SurveyFixtures.load("raked.json")
        let weighting = try #require(fixture.weighting)
        guard case .margins(let totals) = try #require(weighting.totals) else { Issue.record("margin totals expected"); return }
        let names = try #require(weighting.margins)
        let spec = try #require(fixture.design)
        let expected = try #require(fixture.estimates)
        let data = try SurveyFixtures.data(try #require(fixture.data), design: spec, expected: expected, categories: names)
        let margins = names.map { Weighting.Margin(name: $0, categories: data.categories[$0]!, totals: totals[$0]!) }
        let tolerance = try #require(weighting.tolerance)
        let result = try Weighting.rake(weights: data.weights, margins: margins, tolerance: tolerance, maxIterations: 500)
        #expect(result.deviation <= tolerance)
        #expect(result.iterations > 1)
        for (ours, theirs) in zip(result.weights, weighting.weights) { #expect(SurveyFixtures.close(ours, theirs, relative: 1e-8)) }
        for margin in margins {
            var sums: [String: Double] = [:]
            for (category, w) in zip(margin.categories, result.weights) { sums[category, default: 0] += w }
            for (category, total) in margin.totals {
                #expect(abs(sums[category]! - total) <= tolerance * total, "\(margin.name) \(category)")
            }
        }
        let design = try SurveyDesign(weights: result.weights, strata: data.strata, psus: data.psus)
        try SurveyFixtures.check(expected, data: data, design: design, label: "raked")
    }

    @Test func nonResponseAdjustmentAgreesWithSamplics() throws {
        let fixture = try SurveyFixtures.load("nonresponse.json")
        let weighting = try #require(fixture.weighting)
        let cell = try #require(weighting.cell), statusColumn = try #require(weighting.status)
        let data = try SurveyData.read(rows: SurveyFixtures.rows(try #require(fixture.data)), file: "nonresponse.csv",
                                       columns: SurveyColumns(weight: weighting.baseWeight, categories: [cell, statusColumn]))
        let status = data.categories[statusColumn]!.map { Weighting.ResponseStatus(rawValue: $0)! }
        #expect(Set(status) == Set(Weighting.ResponseStatus.allCases))
        let adjusted = try Weighting.adjustForNonResponse(weights: data.weights, status: status, cells: data.categories[cell]!,
                                                           unknownToIneligible: weighting.unknownToIneligible ?? true)
        #expect(adjusted.count == weighting.weights.count)
        for (ours, theirs) in zip(adjusted, weighting.weights) { #expect(SurveyFixtures.close(ours, theirs, relative: 1e-12)) }
        // Within each cell the eligible weight is carried by the respondents (unknowns shared out first).
        for c in Set(data.categories[cell]!) {
            let rows = data.weights.indices.filter { data.categories[cell]![$0] == c }
            let before = rows.reduce(0.0) { $0 + data.weights[$1] }
            let after = rows.reduce(0.0) { $0 + adjusted[$1] }
            #expect(SurveyFixtures.close(before, after, relative: 1e-12), "\(c)")
        }
    }

    @Test func systematicPPSAgreesWithSamplics() throws {
        struct Frame: Decodable {
            var stratum: String; var sizes: [Double]; var sampleSize: Int; var randomStart: Double
            var hits: [Int]; var probabilities: [Double]
        }
        struct File: Decodable { var frames: [Frame] }
        let file = try JSONDecoder().decode(File.self, from: Data(contentsOf: SurveyFixtures.directory.appendingPathComponent("pps.json")))
        #expect(file.frames.count == 2)
        for frame in file.frames {
            let selection = try Sampling.systematicPPS(sizes: frame.sizes, count: frame.sampleSize, randomStart: frame.randomStart)
            #expect(selection.hits == frame.hits, "\(frame.stratum)")
            #expect(selection.selected.count == frame.sampleSize)
            #expect(selection.certainties.isEmpty)
            for (ours, theirs) in zip(selection.probabilities, frame.probabilities) { #expect(SurveyFixtures.close(ours, theirs, relative: 1e-12)) }
        }
    }

    /// A domain keeps the whole design: cutting the domain's records out gives the same estimate but a different
    /// standard error (fewer PSUs, strata without domain members vanish) — samplics agrees with the former.
    @Test func domainEstimationIsNotSubsetting() throws {
        let fixture = try SurveyFixtures.load("stratified_clustered.json")
        let spec = try #require(fixture.design)
        let expected = try #require(fixture.estimates).filter { $0.by == "urban" && $0.variable == "literacy" && $0.ci == "logit" }
        let data = try SurveyFixtures.data(try #require(fixture.data), design: spec, expected: expected)
        let design = try data.design()
        let urban = data.categories["urban"]!
        let domain = try design.estimate(.proportion, of: data.variables["literacy"]!, variable: "literacy", domains: urban)
            .first { $0.domain == "城市" }!
        let rows = urban.indices.filter { urban[$0] == "城市" }
        let subset = try SurveyDesign(weights: rows.map { data.weights[$0] }, strata: rows.map { data.strata![$0] },
                                      psus: rows.map { data.psus![$0] }, singleton: .skip)
        let cut = try subset.estimate(.proportion, of: rows.map { data.variables["literacy"]![$0] }, variable: "literacy")[0]
        #expect(SurveyFixtures.close(domain.estimate, cut.estimate, relative: 1e-12))
        #expect(!SurveyFixtures.close(domain.standardError, cut.standardError, relative: 1e-3))
        let samplics = try #require(expected.first { $0.domain == "城市" })
        #expect(SurveyFixtures.close(domain.standardError, samplics.se))
        #expect(domain.degreesOfFreedom == design.psuCount - design.strataCount)
    }

    @Test func proportionsAtZeroOrOneHaveDegenerateLogitIntervals() throws {
        let design = try SurveyDesign(weights: [1, 2, 3, 4], psus: ["a", "a", "b", "b"])
        let none = try design.estimate(.proportion, of: [0, 0, 0, 0], variable: "y")[0]
        #expect(none.estimate == 0 && none.standardError == 0 && none.ciLow == 0 && none.ciHigh == 0)
        #expect(none.deff == nil)
        let all = try design.estimate(.proportion, of: [1, 1, 1, 1], variable: "y")[0]
        #expect(all.estimate == 1 && all.ciLow == 1 && all.ciHigh == 1)
        // A mean's interval is Wald whatever is asked.
        let mean = try design.estimate(.mean, of: [1, 2, 3, 5], variable: "x", interval: .logit)[0]
        #expect(mean.interval == .wald)
        #expect(SurveyFixtures.close(mean.ciHigh - mean.estimate, mean.estimate - mean.ciLow, relative: 1e-12))
    }

    @Test func quantilesMatchScipy() {
        // scipy.stats.t.ppf / norm.ppf (scipy 1.17.1).
        let t975: [(Double, Double)] = [
            (1, 12.706204736174694), (2, 4.302652729749462), (3, 3.1824463052837078), (5, 2.5705818356363146),
            (9, 2.262157162798205), (24, 2.0638985616280245), (66, 1.9965644189523117), (399, 1.965927295920882),
            (1999, 1.9611514201705613), (100_000, 1.9599877075346095),
        ]
        for (df, value) in t975 {
            #expect(SurveyFixtures.close(Distributions.studentTQuantile(0.975, degreesOfFreedom: df), value, relative: 1e-11), "t \(df)")
        }
        let t995: [(Double, Double)] = [(1, 63.656741162871526), (3, 5.840909309733355), (24, 2.796939504774456), (1999, 2.5782910195219233)]
        for (df, value) in t995 {
            #expect(SurveyFixtures.close(Distributions.studentTQuantile(0.995, degreesOfFreedom: df), value, relative: 1e-11), "t99 \(df)")
        }
        #expect(SurveyFixtures.close(Distributions.studentTQuantile(0.1, degreesOfFreedom: 7), -1.4149239276505083, relative: 1e-11))
        #expect(SurveyFixtures.close(Distributions.normalQuantile(0.975), 1.959963984540054, relative: 1e-13))
        #expect(SurveyFixtures.close(Distributions.normalQuantile(1e-12), -7.034483825301131, relative: 1e-12))
        #expect(SurveyFixtures.close(Distributions.normalQuantile(0.5 + 1e-9), 2.5066282037387115e-09, relative: 1e-7))
    }

    @Test func designRefusesBadDesigns() {
        #expect(throws: SurveyError.emptyDesign) { try SurveyDesign(weights: []) }
        #expect(throws: SurveyError.invalidWeight(record: 2, value: -1)) { try SurveyDesign(weights: [1, -1]) }
        #expect(throws: SurveyError.zeroTotalWeight) { try SurveyDesign(weights: [0, 0]) }
        #expect(throws: SurveyError.psuInTwoStrata(psu: "p1", strata: ["A", "B"])) {
            try SurveyDesign(weights: [1, 1, 1, 1], strata: ["A", "A", "B", "B"], psus: ["p1", "p2", "p1", "p3"])
        }
        #expect(throws: SurveyError.lengthMismatch(what: "PSU", expected: 2, found: 1)) { try SurveyDesign(weights: [1, 1], psus: ["a"]) }
        // One PSU overall leaves no degrees of freedom.
        #expect(throws: SurveyError.noDegreesOfFreedom) {
            try SurveyDesign(weights: [1, 1], psus: ["a", "a"], singleton: .skip).estimate(.mean, of: [1, 2], variable: "x")
        }
        #expect(throws: SurveyError.notBinary(record: 2, value: 2)) {
            try SurveyDesign(weights: [1, 1, 1]).estimate(.proportion, of: [0, 2, 1], variable: "y")
        }
        // Certainty cannot split a single-PSU stratum of one record; combine must leave no singleton.
        #expect(throws: SurveyError.singletonStrata(["B"])) {
            try SurveyDesign(weights: [1, 1, 1], strata: ["A", "A", "B"], psus: ["a", "b", "c"], singleton: .certainty)
        }
        #expect(throws: SurveyError.singletonStrata(["C"])) {
            try SurveyDesign(weights: [1, 1, 1, 1], strata: ["A", "A", "B", "C"], psus: ["a", "b", "c", "d"],
                             singleton: .combine(["B": "A"]))
        }
        #expect(throws: SurveyError.invalidPopulationPSUs(stratum: "A", sampled: 2, population: 1)) {
            try SurveyDesign(weights: [1, 1], strata: ["A", "A"], psus: ["a", "b"], populationPSUs: ["A": 1])
        }
    }

    /// The centred single-PSU variance by hand: the lone PSU's total is compared with the mean of all PSU totals.
    @Test func centredSingletonByHand() throws {
        let weights = [1.0, 2, 1, 3, 2, 1]
        let y = [1.0, 0, 1, 1, 0, 0]
        let strata = ["A", "A", "A", "A", "B", "B"]
        let psus = ["a1", "a1", "a2", "a2", "b1", "b1"]
        let design = try SurveyDesign(weights: weights, strata: strata, psus: psus, singleton: .centered)
        let result = try design.estimate(.proportion, of: y, variable: "y", interval: .wald)[0]
        let total = weights.reduce(0, +)
        let p = zip(weights, y).reduce(0.0) { $0 + $1.0 * $1.1 } / total
        let z = zip(weights, y).map { $0.0 * ($0.1 - p) / total }
        let a1 = z[0] + z[1], a2 = z[2] + z[3], b1 = z[4] + z[5]
        let grand = (a1 + a2 + b1) / 3
        let meanA = (a1 + a2) / 2
        let variance = 2 * ((a1 - meanA) * (a1 - meanA) + (a2 - meanA) * (a2 - meanA)) + (b1 - grand) * (b1 - grand)
        #expect(SurveyFixtures.close(result.standardError, variance.squareRoot(), relative: 1e-12))
        #expect(result.degreesOfFreedom == 1)
        let skipped = try SurveyDesign(weights: weights, strata: strata, psus: psus, singleton: .skip)
            .estimate(.proportion, of: y, variable: "y")[0]
        #expect(skipped.standardError < result.standardError)
    }
}
