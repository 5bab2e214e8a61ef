@testable import Domain
import Foundation
import Testing

/// Weighting steps, PPS selection and the KISH table on small hand-made cases.
@Suite struct SurveyWeightingTests {
    @Test func baseWeightsAreInverseProductsOfStageProbabilities() throws {
        let weights = try Weighting.baseWeights(stageProbabilities: [[0.25, 0.5, 0.1, 1.0 / 3], [1, 1], [0.2]])
        #expect(SurveyFixtures.close(weights[0], 240, relative: 1e-12))
        #expect(weights[1] == 1 && weights[2] == 5)
        #expect(throws: SurveyError.invalidProbability(record: 2, stage: 2, value: 1.5)) {
            try Weighting.baseWeights(stageProbabilities: [[0.5], [0.5, 1.5]])
        }
        #expect(throws: SurveyError.invalidProbability(record: 1, stage: 1, value: 0)) {
            try Weighting.baseWeights(stageProbabilities: [[0]])
        }
    }

    @Test func postStratificationReproducesTotalsAndRefusesGaps() throws {
        let cells = ["城市|男", "城市|男", "城市|女", "农村|男", "农村|女", "农村|女"]
        let totals = ["城市|男": 300.0, "城市|女": 250, "农村|男": 200, "农村|女": 350]
        let weights = try Weighting.postStratify(weights: [1, 3, 2, 5, 1, 6], cells: cells, totals: totals)
        #expect(weights == [75, 225, 250, 200, 50, 300])
        #expect(throws: SurveyError.emptyCell(margin: nil, cell: "其他")) {
            try Weighting.postStratify(weights: [1, 1], cells: ["a", "b"], totals: ["a": 1, "b": 1, "其他": 5])
        }
        #expect(throws: SurveyError.missingTotal(margin: nil, cell: "b")) {
            try Weighting.postStratify(weights: [1, 1], cells: ["a", "b"], totals: ["a": 1])
        }
        #expect(throws: SurveyError.emptyCell(margin: nil, cell: "b")) {
            try Weighting.postStratify(weights: [1, 0], cells: ["a", "b"], totals: ["a": 1, "b": 2])
        }
        #expect(throws: SurveyError.invalidTotal(margin: nil, cell: "b", value: -2)) {
            try Weighting.postStratify(weights: [1, 1], cells: ["a", "b"], totals: ["a": 1, "b": -2])
        }
        #expect(throws: SurveyError.invalidWeight(record: 2, value: -1)) {
            try Weighting.postStratify(weights: [1, -1], cells: ["a", "b"], totals: ["a": 1, "b": 2])
        }
    }

    let sex = ["男", "男", "男", "女", "女", "女", "男", "女"]
    let area = ["城市", "农村", "城市", "农村", "城市", "农村", "农村", "城市"]
    let base = [1.0, 2, 1.5, 3, 2.5, 1, 2, 1]

    @Test func rakingMeetsEveryMargin() throws {
        let margins = [
            Weighting.Margin(name: "sex", categories: sex, totals: ["男": 510, "女": 490]),
            Weighting.Margin(name: "urban", categories: area, totals: ["城市": 550, "农村": 450]),
        ]
        let result = try Weighting.rake(weights: base, margins: margins, tolerance: 1e-9)
        #expect(result.iterations > 1)
        #expect(result.deviation <= 1e-9)
        for margin in margins {
            for (category, total) in margin.totals {
                let sum = zip(margin.categories, result.weights).filter { $0.0 == category }.reduce(0.0) { $0 + $1.1 }
                #expect(abs(sum - total) <= 1e-9 * total, "\(margin.name) \(category)")
            }
        }
        // One margin alone is post-stratification: done in one pass.
        let single = try Weighting.rake(weights: base, margins: [margins[0]])
        #expect(single.iterations == 1)
        #expect(single.weights == (try Weighting.postStratify(weights: base, cells: sex, totals: margins[0].totals)))
    }

    @Test func rakingRefusesWhatCannotConverge() {
        #expect(throws: SurveyError.inconsistentMargins(["sex": 1000, "urban": 1100])) {
            try Weighting.rake(weights: base, margins: [
                Weighting.Margin(name: "sex", categories: sex, totals: ["男": 510, "女": 490]),
                Weighting.Margin(name: "urban", categories: area, totals: ["城市": 600, "农村": 500]),
            ])
        }
        #expect(throws: SurveyError.emptyCell(margin: "urban", cell: "郊区")) {
            try Weighting.rake(weights: base, margins: [
                Weighting.Margin(name: "urban", categories: area, totals: ["城市": 500, "农村": 400, "郊区": 100]),
            ])
        }
        #expect(throws: SurveyError.missingTotal(margin: "sex", cell: "女")) {
            try Weighting.rake(weights: base, margins: [Weighting.Margin(name: "sex", categories: sex, totals: ["男": 1000])])
        }
        // Two passes cannot reach 1e-12 here: the error says how far it got.
        do {
            _ = try Weighting.rake(weights: base, margins: [
                Weighting.Margin(name: "sex", categories: sex, totals: ["男": 510, "女": 490]),
                Weighting.Margin(name: "urban", categories: area, totals: ["城市": 550, "农村": 450]),
            ], tolerance: 1e-12, maxIterations: 2)
            Issue.record("expected no convergence")
        } catch {
            guard case .notConverged(let iterations, let deviation) = error else { Issue.record("\(error)"); return }
            #expect(iterations == 2 && deviation > 1e-12)
            #expect(error.description.contains("仍未收敛"))
        }
    }

    @Test func nonResponseAdjustmentByHand() throws {
        let weights = [10.0, 10, 10, 10, 20, 20]
        let status: [Weighting.ResponseStatus] = [.respondent, .respondent, .nonrespondent, .ineligible, .unknown, .respondent]
        let cells = ["a", "a", "a", "a", "a", "b"]
        let adjusted = try Weighting.adjustForNonResponse(weights: weights, status: status, cells: cells)
        // Cell a: R = 20, NR = 10, I = 10, U = 20 → unknowns shared: 60/40; respondents carry NR: 30/20.
        #expect(SurveyFixtures.close(adjusted[0], 10 * 1.5 * 1.5, relative: 1e-12))
        #expect(adjusted[2] == 0 && adjusted[4] == 0)
        #expect(SurveyFixtures.close(adjusted[3], 15, relative: 1e-12))
        #expect(adjusted[5] == 20)
        let kept = try Weighting.adjustForNonResponse(weights: weights, status: status, cells: cells, unknownToIneligible: false)
        #expect(SurveyFixtures.close(kept[0], 10 * 50 / 20, relative: 1e-12))
        #expect(kept[3] == 10)
        #expect(throws: SurveyError.noRespondents(cell: "b")) {
            try Weighting.adjustForNonResponse(weights: [1, 1], status: [.respondent, .nonrespondent], cells: ["a", "b"])
        }
    }

    @Test func systematicPPSTakesCertaintiesAndSumsToTheSampleSize() throws {
        // Village 2 holds over a third of the households: with n = 3 it is a certainty.
        let sizes = [100.0, 900, 200, 300, 250, 250]
        let selection = try Sampling.systematicPPS(sizes: sizes, count: 3, randomStart: 0.3)
        #expect(selection.certainties == [1])
        #expect(selection.probabilities[1] == 1)
        #expect(SurveyFixtures.close(selection.probabilities.reduce(0, +), 3, relative: 1e-12))
        #expect(SurveyFixtures.close(selection.probabilities[0], 2 * 100 / 1100, relative: 1e-12))
        #expect(selection.selected.count == 3 && selection.selected.contains(1))
        #expect(selection.hits.allSatisfy { $0 <= 1 })
        // Interval 550, start 165: points 165 and 715 fall in villages 3 (100+200 → [100, 300)) and 5 ([600, 850)).
        #expect(SurveyFixtures.close(selection.interval, 550, relative: 1e-12))
        #expect(selection.selected == [1, 2, 4])
        // The same start gives the same sample; a different one may not.
        #expect(try Sampling.systematicPPS(sizes: sizes, count: 3, randomStart: 0.3) == selection)
        #expect(try Sampling.systematicPPS(sizes: sizes, count: 3, randomStart: 0.99).selected == [1, 3, 5])
        #expect(throws: SurveyError.self) { try Sampling.systematicPPS(sizes: sizes, count: 3, randomStart: 1) }
        #expect(throws: SurveyError.self) { try Sampling.systematicPPS(sizes: sizes, count: 7, randomStart: 0.5) }
        #expect(throws: SurveyError.self) { try Sampling.systematicPPS(sizes: [1, 0], count: 1, randomStart: 0.5) }
    }

    @Test func kishTablesFollowKish1949() throws {
        #expect(KishTable.allCases.map { $0.selectedNumber(eligible: 3) } == [1, 1, 1, 2, 2, 3, 3, 3])
        #expect(KishTable.allCases.map { $0.selectedNumber(eligible: 6) } == [1, 2, 2, 3, 4, 5, 5, 6])
        #expect(KishTable.f.selectedNumber(eligible: 9) == 6)
        #expect(SurveyFixtures.close(KishTable.allCases.reduce(0) { $0 + $1.share }, 1, relative: 1e-12))
        // The twelve-questionnaire cycle carries each table in its share.
        for table in KishTable.allCases {
            let count = KishTable.cycle.filter { $0 == table }.count
            #expect(SurveyFixtures.close(Double(count) / 12, table.share, relative: 1e-12), "\(table)")
        }
        #expect(KishTable.forQuestionnaire(1) == .a && KishTable.forQuestionnaire(13) == .a && KishTable.forQuestionnaire(12) == .f)
        // Equal chances for 1–4 and 6 members; Kish's known unevenness for five.
        for k in [1, 2, 3, 4, 6] {
            for member in 1...k {
                #expect(SurveyFixtures.close(Kish.selectionProbability(number: member, eligible: k), 1 / Double(k), relative: 1e-12))
            }
        }
        #expect((1...5).map { Kish.selectionProbability(number: $0, eligible: 5) * 12 }.map { $0.rounded() } == [2, 2, 3, 2, 3])
        #expect(Kish.selectionProbability(number: 7, eligible: 8) == 0)
    }

    @Test func kishSelectsFromTheOrderedEligibleMembers() throws {
        let members = [
            HouseholdMember(id: "妻", sex: .female, age: 44),
            HouseholdMember(id: "夫", sex: .male, age: 46),
            HouseholdMember(id: "祖父", sex: .male, age: 72),
            HouseholdMember(id: "子", sex: .male, age: 19),
            HouseholdMember(id: "女", sex: .female, age: 15),
            HouseholdMember(id: "孙", sex: .male, age: 8),
            HouseholdMember(id: "祖母", sex: .female, age: 69),
        ]
        // 15–69: the grandfather (72) and the grandson (8) are not eligible.
        #expect(Kish.ordered(members).map(\.id) == ["夫", "子", "祖母", "妻", "女"])
        let picked = try Kish.select(from: members, table: .c)
        #expect(picked.number == 3 && picked.member.id == "祖母")
        #expect(try Kish.select(from: members, table: .a).member.id == "夫")
        #expect(try Kish.select(from: members, table: .e2).member.id == "女")
        #expect(throws: SurveyError.self) { try Kish.select(from: [HouseholdMember(id: "x", sex: .male, age: 80)], table: .a) }
    }
}
