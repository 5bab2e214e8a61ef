@testable import Domain
import Foundation
import Testing

/// Survey tables with mistakes: every problem is reported with its line and column, and nothing is returned.
@Suite struct SurveyInputTests {
    func read(_ csv: String, _ columns: SurveyColumns) throws(InputRejected) -> SurveyData {
        try SurveyData.read(rows: TableFile.rows(data: Data(csv.utf8), fileName: "survey.csv"), file: "survey.csv", columns: columns)
    }

    let design = SurveyColumns(weight: "w", stratum: "county", psu: "township", proportions: ["literacy"], means: ["score"],
                               categories: ["sex"])

    func issues(_ csv: String, _ columns: SurveyColumns? = nil) -> [String] {
        do {
            _ = try read(csv, columns ?? design)
            Issue.record("expected the table to be rejected")
            return []
        } catch {
            return error.issues.map(\.description)
        }
    }

    @Test func readsAValidTable() throws {
        let data = try read("""
            id,county,township,sex,w,literacy,score
            1,县01,乡01,男,10.5,1,50
            2,县01,乡02,女,２０,0,40.5
            3,县02,乡03,男,"1,000",1,61
            4,县02,乡04,女,8,0,33
            """, design)
        #expect(data.count == 4)
        #expect(data.lines == [2, 3, 4, 5])
        #expect(data.weights == [10.5, 20, 1000, 8])
        #expect(data.strata == ["县01", "县01", "县02", "县02"])
        #expect(data.psus == ["乡01", "乡02", "乡03", "乡04"])
        #expect(data.variables["literacy"] == [1, 0, 1, 0])
        #expect(data.variables["score"] == [50, 40.5, 61, 33])
        #expect(data.categories["sex"] == ["男", "女", "男", "女"])
        let design = try data.design()
        #expect(design.degreesOfFreedom == 2)
    }

    @Test func reportsEveryBadValueWithLineAndColumn() {
        let found = issues("""
            id,county,township,sex,w,literacy,score
            1,县01,乡01,男,,1,50
            2,县01,乡02,女,-3,0,40
            3,县02,乡03,男,abc,2,61
            4,县02,乡01,,8,0,
            5,,乡05,女,8,0.5,x
            """)
        #expect(found == [
            "survey.csv:2: w: 缺少权重",
            "survey.csv:3: w: 权重不能为负数：-3",
            "survey.csv:4: w: 权重不是数字：「abc」",
            "survey.csv:4: literacy: 比例变量只能是 0 或 1：「2」",
            "survey.csv:5: township: PSU「乡01」在第 2 行属于分层「县01」，这里又属于分层「县02」；同一 PSU 只能在一个分层中",
            "survey.csv:5: score: 缺少取值",
            "survey.csv:5: sex: 分组为空",
            "survey.csv:6: county: 缺少分层",
            "survey.csv:6: literacy: 比例变量只能是 0 或 1：「0.5」",
            "survey.csv:6: score: 不是数字：「x」",
        ])
    }

    @Test func aPSUInTwoStrataIsReportedOncePerStratum() {
        let found = issues("""
            county,township,sex,w,literacy,score
            A,p1,男,1,1,1
            A,p2,男,1,1,1
            B,p1,男,1,1,1
            B,p1,男,1,1,1
            C,p1,男,1,1,1
            """)
        #expect(found == [
            "survey.csv:4: township: PSU「p1」在第 2 行属于分层「A」，这里又属于分层「B」；同一 PSU 只能在一个分层中",
            "survey.csv:6: township: PSU「p1」在第 2 行属于分层「A」，这里又属于分层「C」；同一 PSU 只能在一个分层中",
        ])
    }

    @Test func missingColumnsAreNamedAtTheHeader() {
        let found = issues("""
            county,weight,literacy
            A,1,1
            """)
        #expect(found == [
            "survey.csv:1: w: 找不到这一列（表头中没有「w」）",
            "survey.csv:1: township: 找不到这一列（表头中没有「township」）",
            "survey.csv:1: score: 找不到这一列（表头中没有「score」）",
            "survey.csv:1: sex: 找不到这一列（表头中没有「sex」）",
        ])
    }

    @Test func anEmptyDesignIsRejected() {
        #expect(issues("county,township,sex,w,literacy,score\n") == ["survey.csv:1: 只有表头，没有调查记录"])
        #expect(issues("w,literacy\n0,1\n0,0\n", SurveyColumns(weight: "w", proportions: ["literacy"]))
            == ["survey.csv:1: w: 所有权重都为 0，无法估计"])
        #expect(throws: InputRejected.self) { _ = try TableFile.rows(data: Data(), fileName: "survey.csv") }
    }

    @Test func populationPSUsMustBeConsistentAndLargeEnough() {
        let columns = SurveyColumns(weight: "w", stratum: "county", psu: "township", populationPSUs: "N", proportions: ["y"])
        let found = issues("""
            county,township,N,w,y
            A,a1,10,1,1
            A,a2,12,1,0
            B,b1,1,1,1
            B,b2,1,1,0
            C,c1,,1,0
            """, columns)
        #expect(found == [
            "survey.csv:3: N: 同一分层的总体 PSU 数应相同：第 2 行为 10.0，这里为「12」",
            "survey.csv:6: N: 缺少总体 PSU 数",
        ])
        let small = issues("""
            county,township,N,w,y
            A,a1,10,1,1
            A,a2,10,1,0
            B,b1,1,1,1
            B,b2,1,1,0
            """, columns)
        #expect(small == ["survey.csv:4: N: 分层「B」的总体 PSU 数 1.0 小于样本中的 PSU 数 2"])
    }

    /// The fpc column multiplies each stratum's variance by 1 − n_h/N_h.
    @Test func finitePopulationCorrectionShrinksTheVariance() throws {
        let csv = """
            county,township,N,w,y
            A,a1,4,1,1
            A,a1,4,2,0
            A,a2,4,1,1
            A,a3,4,3,0
            B,b1,6,2,1
            B,b2,6,1,1
            B,b3,6,2,0
            """
        let withFPC = try read(csv, SurveyColumns(weight: "w", stratum: "county", psu: "township", populationPSUs: "N", proportions: ["y"]))
        let without = try read(csv, SurveyColumns(weight: "w", stratum: "county", psu: "township", proportions: ["y"]))
        #expect(withFPC.populationPSUs == ["A": 4, "B": 6])
        let corrected = try withFPC.design().estimate(.proportion, of: withFPC.variables["y"]!, variable: "y")[0]
        let plain = try without.design().estimate(.proportion, of: without.variables["y"]!, variable: "y")[0]
        let design = try without.design()
        // Per-stratum variances by hand, from the same scores.
        let p = plain.estimate
        let total = without.weights.reduce(0, +)
        let z = zip(without.weights, without.variables["y"]!).map { $0.0 * ($0.1 - p) / total }
        let a = [z[0] + z[1], z[2], z[3]], b = [z[4], z[5], z[6]]
        func spread(_ t: [Double]) -> Double {
            let m = t.reduce(0, +) / Double(t.count)
            return Double(t.count) / Double(t.count - 1) * t.reduce(0) { $0 + ($1 - m) * ($1 - m) }
        }
        #expect(SurveyFixtures.close(design.variance(ofScores: z), spread(a) + spread(b), relative: 1e-12))
        #expect(SurveyFixtures.close(corrected.standardError * corrected.standardError,
                                     (1 - 3.0 / 4) * spread(a) + (1 - 3.0 / 6) * spread(b), relative: 1e-12))
    }

    @Test func singletonErrorsPointAtTheStratum() throws {
        let data = try read("""
            county,township,sex,w,literacy,score
            A,a1,男,1,1,1
            A,a2,女,1,0,2
            B,b1,男,1,1,3
            B,b1,女,1,0,4
            """, design)
        do {
            _ = try data.design(singleton: .fail)
            Issue.record("a single-PSU stratum must be refused")
        } catch {
            #expect(error == .singletonStrata(["B"]))
            #expect(data.locate(error, columns: design).map(\.description) == [
                "survey.csv:4: county: 分层「B」只有一个初级抽样单位（PSU），无法估计方差；请合并分层，或选择单 PSU 分层的处理方法（skip、certainty、centered 或 combine）",
            ])
        }
        let skipped = try data.design(singleton: .skip)
        #expect(skipped.degreesOfFreedom == 1)
        let certain = try data.design(singleton: .certainty)
        #expect(certain.degreesOfFreedom == 2)
        let combined = try data.design(singleton: .combine(["B": "A"]))
        #expect(combined.strataCount == 1 && combined.degreesOfFreedom == 2)
    }
}
