import Domain
import Foundation
import Testing

/// A survey run in a programme: responses taken from a file or a form (checked by row or question, nothing
/// half-taken), population totals, weights from quotas, and the results' estimates with subgroups.
@Suite struct SurveyProjectTests {
    static let q = RespondentScoringTests.mini
    static let east = Region(id: UUID(), code: nil, name: "城关镇", level: .town, parentID: nil)
    static let west = Region(id: UUID(), code: nil, name: "天峰坪镇", level: .town, parentID: nil)

    static func survey(layout: SurveyLayout = .townshipStrata, population: (Double?, Double?) = (nil, nil)) -> Survey {
        Survey(planID: "p", name: "素养调查", questionnaireID: q.id, year: 2025, layout: layout,
               quotas: [SurveyQuota(regionID: east.id, planned: 4, population: population.0),
                        SurveyQuota(regionID: west.id, planned: 4, population: population.1)],
               createdBy: "office")
    }

    static var intake: SurveyIntake { SurveyIntake(survey: survey(), questionnaire: q, townships: [east, west]) }

    static func rows(_ csv: String) throws -> [TableRow] { try TableFile.rows(data: Data(csv.utf8), fileName: "答卷.csv") }

    static let header = "id,sex,age,township,smoking,j1,j2,j3,s1,s2,m1,sq1,sq2,village,weight"

    @Test func aFileIsReadWithTownshipsVillagesAndWeights() throws {
        let csv = """
        \(Self.header)
        1,男,30,城关镇,每天吸,对,错,对,B,C,ABD,A,BC,东关村,120
        2,女,50,天峰坪,不吸,错,错,对,B,A,AB,A,BC,天峰坪村,80.5
        """
        let responses = try Self.intake.read(rows: try Self.rows(csv), file: "答卷.csv", existing: [], actor: "office")
        #expect(responses.map(\.respondent) == ["1", "2"])
        // "天峰坪" without 镇 still finds the township.
        #expect(responses.map(\.regionID) == [Self.east.id, Self.west.id])
        #expect(responses.map(\.village) == ["东关村", "天峰坪村"])
        #expect(responses.map(\.weight) == [120, 80.5])
        #expect(responses[0].answers["m1"] == "ABD" && responses[0].answers["township"] == "城关镇")
        #expect(responses[1].answers["township"] == "天峰坪镇")
        #expect(responses.allSatisfy { $0.source == .file })
        // The stored answers score as the file did: the first respondent has every item right, the second 6 of 10.
        let rescored = SurveyResultsCalculator.score(responses, questionnaire: Self.q)
        #expect(rescored.excluded.isEmpty && rescored.scored.map(\.scored.score) == [10, 6])
    }

    @Test func everyBadRowIsNamedAndNothingIsTaken() throws {
        let csv = """
        \(Self.header)
        1,男,30,城关镇,每天吸,对,错,对,B,C,ABD,A,BC,东关村,120
        2,女,50,西山乡,不吸,错,错,对,B,A,AB,A,BC,,80
        3,女,12,城关镇,不吸,错,错,对,E,A,AB,A,BC,,80
        4,男,40,城关镇,不吸,错,错,对,B,A,AB,A,BC,,-1
        7,男,40,城关镇,不吸,错,错,对,B,A,AB,A,BC,,
        """
        let error = #expect(throws: InputRejected.self) {
            try Self.intake.read(rows: try Self.rows(csv), file: "答卷.csv", existing: ["7"], actor: "office")
        }
        let issues = try #require(error).issues
        let places = issues.map { "\($0.location.line ?? 0):\($0.location.field?.description ?? "")" }
        // Row 3's answers are checked before townships and weights; the others each name their column.
        #expect(places.contains("4:age") && places.contains("4:s1"))
        #expect(places.contains("3:township"))
        #expect(places.contains("5:weight"))
        #expect(places.contains("6:id") && places.contains("6:weight"))
        #expect(issues.first { $0.location.line == 3 }?.message.contains("城关镇、天峰坪镇") == true)
        #expect(issues.first { $0.location.line == 3 }?.location.column == 4)
    }

    @Test func aClosedSurveyTakesNothing() throws {
        var survey = Self.survey()
        survey.status = .closed
        let intake = SurveyIntake(survey: survey, questionnaire: Self.q, townships: [Self.east])
        #expect(throws: InputRejected.self) { try intake.read(rows: try Self.rows(Self.header), file: "x.csv", existing: [], actor: "a") }
        #expect(throws: InputRejected.self) {
            try intake.check(respondent: "1", regionID: Self.east.id, village: nil, answers: [:], submissionKey: nil, existing: [], actor: "a")
        }
    }

    static let rightAnswers = ["sex": "男", "age": "30", "j1": "对", "j2": "错", "j3": "对", "s1": "B", "s2": "C", "m1": "ABD",
                               "sq1": "A", "sq2": "BC"]

    @Test func aFormNamesEachWrongQuestion() throws {
        var answers = Self.rightAnswers
        answers["s1"] = "Z"
        answers["age"] = "8"
        answers["unknown"] = "x"
        let error = #expect(throws: InputRejected.self) {
            try Self.intake.check(respondent: "A-01", regionID: Self.east.id, village: nil, answers: answers,
                                  submissionKey: "k1", existing: [], actor: "tw")
        }
        let fields = Set(try #require(error).issues.compactMap { $0.location.field?.description })
        #expect(fields == ["s1", "age", "unknown"])

        let taken = #expect(throws: InputRejected.self) {
            try Self.intake.check(respondent: "A-01", regionID: nil, village: nil, answers: Self.rightAnswers,
                                  submissionKey: nil, existing: ["A-01"], actor: "tw")
        }
        #expect(Set(try #require(taken).issues.compactMap { $0.location.field?.description }) == ["respondent", "township"])

        let saved = try Self.intake.check(respondent: " A-01 ", regionID: Self.east.id, village: " 东关村 ", answers: Self.rightAnswers,
                                          submissionKey: "k1", existing: [], actor: "tw")
        #expect(saved.respondent == "A-01" && saved.village == "东关村" && saved.submissionKey == "k1" && saved.source == .form)
        // The township's name is the answer to the questionnaire's township question.
        #expect(saved.answers["township"] == "城关镇")
    }

    @Test func populationTotalsAreCheckedByLine() throws {
        let good = try PopulationTotals.read(rows: try Self.rows("sex,age_group,人数\n男,15-44,1000\n女,15-44,1100\n男,45+,800\n女,45+,900"),
                                             file: "总体", questionnaire: Self.q)
        #expect(good.variables == ["sex", "age_group"] && good.totals["女|45+"] == 900 && good.totals.count == 4)
        let error = #expect(throws: InputRejected.self) {
            try PopulationTotals.read(rows: try Self.rows("sex,height,人数\n男,,abc\n男,1,-5\n男,1,5\n男,1,6"), file: "总体", questionnaire: Self.q)
        }
        #expect(try #require(error).issues.map(\.location.line) == [1])
        let rows = #expect(throws: InputRejected.self) {
            try PopulationTotals.read(rows: try Self.rows("sex,人数\n,abc\n女,-5\n男,5\n男,6"), file: "总体", questionnaire: Self.q)
        }
        #expect(try #require(rows).issues.map { $0.location.line ?? 0 } == [2, 2, 3, 5])
        #expect(throws: InputRejected.self) { try PopulationTotals.read(rows: try Self.rows("sex,age_group"), file: "总体", questionnaire: Self.q) }
    }

    // MARK: Results

    /// Eight respondents, four per township, two villages each; literacy and smoking vary.
    static func responses(weights: [Double?] = Array(repeating: nil, count: 8)) -> [SurveyResponse] {
        let survey = survey()
        let wrong = ["j1": "错", "j2": "对", "j3": "错", "s1": "A", "s2": "A", "m1": "A", "sq1": "B", "sq2": "A"]
        let people: [(Region, String, String, String, String?, Bool)] = [
            (east, "东关村", "男", "30", "每天吸", true), (east, "东关村", "女", "50", nil, true),
            (east, "南关村", "男", "60", "不吸", false), (east, "南关村", "女", "20", "偶尔吸", true),
            (west, "天峰坪村", "男", "40", "每天吸", false), (west, "天峰坪村", "女", "35", "不吸", false),
            (west, "石门村", "男", "25", "不吸", true), (west, "石门村", "女", "66", "不吸", false),
        ]
        return people.enumerated().map { index, p in
            var answers = p.5 ? rightAnswers : rightAnswers.merging(wrong) { _, new in new }
            answers["sex"] = p.2; answers["age"] = p.3; answers["township"] = p.0.name
            if let smoking = p.4 { answers["smoking"] = smoking }
            return SurveyResponse(surveyID: survey.id, respondent: "R\(index + 1)", regionID: p.0.id, village: p.1,
                                  weight: weights[index], answers: answers, source: .file, enteredBy: "office")
        }
    }

    static let names = [east.id: east.name, west.id: west.name]

    @Test func unweightedResultsAreSharesWithSubgroupsAndMissingAnswersLeftOut() throws {
        let results = SurveyResultsCalculator.compute(survey: Self.survey(layout: .simple), questionnaire: Self.q,
                                                      responses: Self.responses(), townshipName: { Self.names[$0]! })
        #expect(results.failure == nil)
        #expect(results.weighting.hasPrefix("未加权"))
        let literate = try #require(results.overall("literate"))
        #expect(literate.estimate == 4.0 / 8 && literate.n == 8)
        // One respondent did not answer the smoking question: 3 smokers of 7.
        let smoker = try #require(results.overall("smoker"))
        #expect(abs(smoker.estimate - 3.0 / 7) < 1e-12 && smoker.n == 7)
        // The simple design's variance of a share: p(1−p)/(n−1).
        #expect(abs(literate.se - (0.25 / 7).squareRoot()) < 1e-12)
        let bySex = results.rows.filter { $0.variable == "literate" && $0.group == "sex" }
        #expect(bySex.map(\.domain) == ["女", "男"] && bySex.map(\.estimate) == [0.5, 0.5])
        let byTownship = results.rows.filter { $0.variable == "literate" && $0.group == "township" }
        #expect(Dictionary(uniqueKeysWithValues: byTownship.map { ($0.domain!, $0.estimate) }) == ["城关镇": 0.75, "天峰坪镇": 0.25])
        let smokerByTownship = results.rows.filter { $0.variable == "smoker" && $0.group == "township" }
        #expect(smokerByTownship.map(\.n).reduce(0, +) == 7)
        #expect(results.rows.contains { $0.variable == "literate_a1" } && results.rows.contains { $0.variable == "score" && $0.parameter == "mean" })
    }

    @Test func designWeightsComeFromTownshipPopulations() throws {
        let survey = Self.survey(population: (3000, 1000))
        let results = SurveyResultsCalculator.compute(survey: survey, questionnaire: Self.q, responses: Self.responses(),
                                                      townshipName: { Self.names[$0]! })
        #expect(results.failure == nil && results.weighting.hasPrefix("设计权重"))
        // 城关镇 weighs 750 each (3 of 4 literate), 天峰坪镇 250 each (1 of 4).
        let literate = try #require(results.overall("literate"))
        #expect(abs(literate.estimate - (3 * 750 + 250) / 4000.0) < 1e-12)
        // The same figure from the estimation core with the design spelt out.
        let design = try SurveyDesign(weights: [750, 750, 750, 750, 250, 250, 250, 250],
                                      strata: ["e", "e", "e", "e", "w", "w", "w", "w"],
                                      psus: ["e1", "e1", "e2", "e2", "w1", "w1", "w2", "w2"], singleton: .centered)
        let direct = try design.estimate(.proportion, of: [1, 1, 0, 1, 0, 0, 1, 0], variable: "literate")[0]
        #expect(abs(literate.se - direct.standardError) < 1e-12 && abs(literate.ciLow - direct.ciLow) < 1e-12)
        #expect(results.degreesOfFreedom == 2)

        let missing = SurveyResultsCalculator.compute(survey: Self.survey(population: (3000, nil)), questionnaire: Self.q,
                                                      responses: Self.responses(), townshipName: { Self.names[$0]! })
        #expect(missing.failure?.contains("天峰坪镇") == true && missing.rows.isEmpty)
    }

    @Test func explicitWeightsMustBeAllOrNone() throws {
        let all = SurveyResultsCalculator.compute(survey: Self.survey(), questionnaire: Self.q,
                                                  responses: Self.responses(weights: [1, 2, 3, 4, 5, 6, 7, 8]), townshipName: { Self.names[$0]! })
        #expect(all.weighting == "答卷自带权重")
        #expect(abs(try #require(all.overall("literate")).estimate - (1 + 2 + 4 + 7) / 36.0) < 1e-12)
        let some = SurveyResultsCalculator.compute(survey: Self.survey(), questionnaire: Self.q,
                                                   responses: Self.responses(weights: [1, nil, nil, nil, nil, nil, nil, nil]),
                                                   townshipName: { Self.names[$0]! })
        #expect(some.failure?.contains("1 份答卷带有权重") == true)
    }

    @Test func postStratificationMeetsThePopulationTotals() throws {
        var survey = Self.survey()
        survey.populationTotals = PopulationTotals(variables: ["sex"], totals: ["男": 600, "女": 400])
        let results = SurveyResultsCalculator.compute(survey: survey, questionnaire: Self.q, responses: Self.responses(),
                                                      townshipName: { Self.names[$0]! })
        #expect(results.failure == nil && results.weighting.contains("事后分层"))
        // Men are literate 2 of 4, women 2 of 4: still 50% whatever the split; smoking differs by sex.
        #expect(try #require(results.overall("literate")).estimate == 0.5)
        let smoker = try #require(results.overall("smoker"))
        // Men: 2 smokers of 4 (each weighs 150); women: 1 of 3 answering (each weighs 100) → (300 + 100) / (600 + 300).
        #expect(abs(smoker.estimate - 400.0 / 900) < 1e-12)

        survey.populationTotals = PopulationTotals(variables: ["sex"], totals: ["男": 600])
        let broken = SurveyResultsCalculator.compute(survey: survey, questionnaire: Self.q, responses: Self.responses(),
                                                     townshipName: { Self.names[$0]! })
        #expect(broken.failure?.contains("事后分层失败") == true)
    }

    @Test func aDesignWithoutDegreesOfFreedomSaysWhatToDo() {
        let oneVillageEach = Self.responses().map { r -> SurveyResponse in var r = r; r.village = "同一村"; return r }
        let results = SurveyResultsCalculator.compute(survey: Self.survey(), questionnaire: Self.q, responses: oneVillageEach,
                                                      townshipName: { Self.names[$0]! })
        #expect(results.failure?.contains("自由度为 0") == true && results.failure?.contains("村（社区）") == true)
        #expect(results.rows.isEmpty)
    }

    @Test func nothingToEstimateIsSaid() {
        let none = SurveyResultsCalculator.compute(survey: Self.survey(), questionnaire: Self.q, responses: [], townshipName: { _ in "" })
        #expect(none.failure == "还没有答卷")
    }
}
