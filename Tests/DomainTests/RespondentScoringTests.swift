import Domain
import Foundation
import Testing

/// Scoring one respondent (each item kind, the 80% rule at its boundary, derived indicators) and reading
/// whole response files: every bad answer reported by row and column, nothing half-imported, and the
/// result feeding the estimation core.
@Suite struct RespondentScoringTests {
    /// 10 points: aspects a1 (j1 j2 s1 m1) and a2 (j3 s2 sq1 sq2) have 5 each, dimensions d1 (j1 j3 s1 m1)
    /// and d2 (j2 s2 sq1 sq2) 5 each, so 4 points is exactly 80% of every part.
    static let mini: Questionnaire = {
        do {
            return try QuestionnaireFile.parse("""
                id: mini
                title: 测试问卷
                version: "1"
                template: false
                ageQuestion: age
                ageRange: { minimum: 15, maximum: 69 }
                aspects:
                  - { id: a1, name: 知识 }
                  - { id: a2, name: 技能 }
                dimensions:
                  - { id: d1, name: 第一类 }
                  - { id: d2, name: 第二类 }
                items:
                  - { id: j1, kind: judgement, text: 判断一, answer: 对, aspect: a1, dimension: d1 }
                  - { id: j2, kind: judgement, text: 判断二, answer: 错, aspect: a1, dimension: d2 }
                  - { id: j3, kind: judgement, text: 判断三, answer: √, aspect: a2, dimension: d1 }
                  - { id: s1, kind: single, text: 单选一, options: { A: 甲, B: 乙, C: 丙, D: 丁 }, answer: B, aspect: a1, dimension: d1 }
                  - { id: s2, kind: single, text: 单选二, options: { A: 甲, B: 乙, C: 丙 }, answer: C, aspect: a2, dimension: d2 }
                  - { id: m1, kind: multiple, text: 多选一, options: { A: 甲, B: 乙, C: 丙, D: 丁 }, answer: "A,B,D", aspect: a1, dimension: d1 }
                  - id: sc
                    kind: scenario
                    text: 情景
                    aspect: a2
                    dimension: d2
                    questions:
                      - { id: sq1, kind: single, text: 小题一, options: { A: 甲, B: 乙 }, answer: A }
                      - { id: sq2, kind: multiple, text: 小题二, options: { A: 甲, B: 乙, C: 丙 }, answer: [B, C] }
                questions:
                  - { id: sex, role: demographic, text: 性别, kind: choice, options: [男, 女], required: true }
                  - { id: age, role: demographic, text: 年龄, kind: number, minimum: 0, maximum: 120, integer: true, required: true }
                  - { id: township, role: demographic, text: 乡镇, kind: text, required: true }
                  - { id: smoking, role: behaviour, text: 吸烟, kind: choice, options: [每天吸, 偶尔吸, 不吸] }
                indicators:
                  - id: smoker
                    name: 现在吸烟
                    all: [{ question: smoking, in: [每天吸, 偶尔吸] }]
                bands:
                  - { id: age_group, name: 年龄组, question: age, bounds: [15, 45] }
                """, file: "mini.yaml")
        } catch {
            fatalError("\(error)")
        }
    }()

    static let allRight = ["id": "1", "sex": "男", "age": "30", "township": "城关镇",
                           "j1": "对", "j2": "错", "j3": "对", "s1": "B", "s2": "C", "m1": "ABD", "sq1": "A", "sq2": "BC"]

    func answers(_ changes: [String: String]) -> [String: String] { Self.allRight.merging(changes) { $1 } }

    func score(_ changes: [String: String] = [:]) throws -> ScoredRespondent {
        try RespondentScoring.score(answers(changes), questionnaire: Self.mini)
    }

    func points(_ item: String, _ answer: String) throws -> Int? {
        try score([item: answer]).itemPoints[item]
    }

    func summary(_ r: ScoredRespondent) -> String {
        let groups = (r.aspects + r.dimensions).map { "\($0.id) \($0.score)/\($0.maximum) \($0.literate ? "是" : "否")" }
        return (["\(r.score)/\(r.maximum) \(r.literate == true ? "是" : "否")"] + groups).joined(separator: "; ")
    }

    // MARK: - One respondent

    @Test func allRightScoresTheMaximum() throws {
        let r = try score()
        #expect(r.id == "1")
        #expect(summary(r) == "10/10 是; a1 5/5 是; a2 5/5 是; d1 5/5 是; d2 5/5 是")
        #expect(r.unanswered.isEmpty)
        #expect(r.demographics == ["sex": "男", "age": "30", "township": "城关镇"])
        #expect(r.numbers == ["age": 30])
        #expect(r.bands == ["age_group": "15–44"])
        #expect(r.aspect("a2")?.name == "技能")
    }

    @Test func multipleChoiceScoresOnlyTheExactSet() throws {
        #expect(try points("m1", "ABD") == 2)
        #expect(try points("m1", "A,B,D") == 2)
        #expect(try points("m1", "a b d") == 2)
        #expect(try points("m1", "DBA") == 2)
        #expect(try points("m1", "Ａ、Ｂ、Ｄ") == 2)
        #expect(try points("m1", "AB") == 0)
        #expect(try points("m1", "ABCD") == 0)
        #expect(try points("m1", "C") == 0)
    }

    @Test func judgementAcceptsTheUsualSpellings() throws {
        for right in ["对", "√", "✓", "正确", "1", "A", "a", " 对 "] {
            #expect(try points("j1", right) == 1, "j1 (对) answered \(right)")
            #expect(try points("j2", right) == 0, "j2 (错) answered \(right)")
        }
        for wrong in ["错", "×", "✗", "错误", "0", "B"] {
            #expect(try points("j1", wrong) == 0, "j1 (对) answered \(wrong)")
            #expect(try points("j2", wrong) == 1, "j2 (错) answered \(wrong)")
        }
    }

    @Test func singleChoiceAndScenarioSubQuestions() throws {
        #expect(try points("s1", "B") == 1)
        #expect(try points("s1", "b") == 1)
        #expect(try points("s1", "A") == 0)
        let r = try score(["sq1": "B", "sq2": "C,B"])
        #expect(r.itemPoints["sq1"] == 0)
        #expect(r.itemPoints["sq2"] == 2)
        #expect(r.score == 9)
        #expect(r.aspect("a2")?.score == 4)
    }

    @Test func blankAnswersScoreZeroAndAreListed() throws {
        let r = try score(["j1": "", "m1": " "])
        #expect(r.unanswered == ["j1", "m1"])
        #expect(r.score == 7)
        #expect(r.itemPoints["m1"] == 0)
    }

    @Test func exactlyEightyPercentIsLiterateEverywhere() throws {
        // Wrong j1 (a1, d1) and s2 (a2, d2): 8/10 overall and 4/5 in every part.
        #expect(summary(try score(["j1": "错", "s2": "A"])) == "8/10 是; a1 4/5 是; a2 4/5 是; d1 4/5 是; d2 4/5 是")
    }

    @Test func partsAreJudgedOnTheirOwn() throws {
        // A wrong multiple choice loses 2 points in a1 and d1 only.
        #expect(summary(try score(["m1": "ABCD"])) == "8/10 是; a1 3/5 否; a2 5/5 是; d1 3/5 否; d2 5/5 是")
        // 7/10 is below the line overall while a2 and d1 keep 4/5.
        #expect(summary(try score(["j1": "错", "j2": "对", "s2": "B"])) == "7/10 否; a1 3/5 否; a2 4/5 是; d1 4/5 是; d2 3/5 否")
    }

    @Test func theLineComparesExactly() throws {
        // 0.8 × 35 is 28.000000000000004 in binary floating point; 28 of 35 is still exactly 80%.
        let items = (1...35).map { QuestionItem(id: "q\($0)", kind: .judgement, text: "题\($0)", answer: "对") }
        let q = Questionnaire(id: "line", title: "t", version: "1", template: false, items: items)
        var answers = ["id": "1"]
        for i in 1...35 { answers["q\(i)"] = i <= 28 ? "对" : "错" }
        let r = try RespondentScoring.score(answers, questionnaire: q)
        #expect(r.score == 28 && r.maximum == 35)
        #expect(r.literate == true)
        answers["q28"] = "错"
        #expect(try RespondentScoring.score(answers, questionnaire: q).literate == false)
        // Another line: 0.75 × 35 = 26.25, so 27 reaches it and 26 does not.
        var other = q
        other.literacyLine = Decimal(string: "0.75")!
        #expect(try RespondentScoring.score(answers, questionnaire: other).literate == true)
        answers["q27"] = "错"
        #expect(try RespondentScoring.score(answers, questionnaire: other).literate == false)
    }

    @Test func derivedIndicatorsAndVariables() throws {
        #expect(try score(["smoking": "每天吸"]).indicator("smoker") == 1)
        #expect(try score(["smoking": "偶尔吸"]).indicator("smoker") == 1)
        #expect(try score(["smoking": "不吸"]).indicator("smoker") == 0)
        #expect(try score().indicator("smoker") == nil)
        let r = try score(["smoking": "偶尔吸", "m1": "AB"])
        #expect(r.answers == ["smoking": "偶尔吸"])
        #expect(r.variables == ["score": 8, "literate": 1, "score_a1": 3, "literate_a1": 0, "score_a2": 5, "literate_a2": 1,
                                "score_d1": 3, "literate_d1": 0, "score_d2": 5, "literate_d2": 1, "smoker": 1, "age": 30])
    }

    @Test func smokingTemplateIndicators() throws {
        let q = try QuestionnaireFile.load(path: QuestionnaireTests.path("smoking.yaml"))
        let base = ["id": "7", "sex": "女", "age": "15", "residence": "农村", "township": "河口镇"]
        func indicators(_ answers: [String: String]) throws -> [String: Int] {
            try RespondentScoring.score(base.merging(answers) { $1 }, questionnaire: q).indicators
        }
        #expect(try indicators(["smoking": "每天吸", "exercise_times": "0"])
                == ["smoker": 1, "daily_smoker": 1, "secondhand_smoke": 0, "regular_exercise": 0])
        #expect(try indicators(["smoking": "从不吸", "secondhand_days": "2", "exercise_times": "3",
                                "exercise_minutes": "30", "exercise_intensity": "中等"])
                == ["smoker": 0, "daily_smoker": 0, "secondhand_smoke": 1, "regular_exercise": 1])
        // Exercising often but minutes not answered: regular exercise is undecided, not 0.
        #expect(try indicators(["smoking": "以前吸现在不吸", "exercise_times": "4", "exercise_intensity": "高"])
                == ["smoker": 0, "daily_smoker": 0])
    }

    @Test func oneRespondentsProblemsAreThrownTogether() {
        do {
            _ = try RespondentScoring.score(answers(["id": "", "s1": "E", "sex": "M", "age": "80"]), questionnaire: Self.mini,
                                            file: "网页录入", line: 3)
            Issue.record("expected problems")
        } catch {
            #expect(error.issues.map(\.description) == [
                "网页录入:3: id: 缺少调查对象编号",
                "网页录入:3: s1: 答案「E」中的「E」不在选项中；可选 A、B、C、D",
                "网页录入:3: sex: 「M」不在选项中；可选：男、女",
                "网页录入:3: age: 年龄 80 岁不在调查对象范围（15–69 岁）内",
            ])
        }
    }

    // MARK: - Response files

    func rows(_ csv: String) throws -> [TableRow] { try TableFile.rows(data: Data(csv.utf8), fileName: "survey.csv") }

    func read(_ csv: String, ageRange: AgeRange? = nil) throws -> SurveyResponses {
        try SurveyResponses.read(rows: rows(csv), file: "survey.csv", questionnaire: Self.mini, ageRange: ageRange)
    }

    func issues(_ csv: String, ageRange: AgeRange? = nil) -> [String] {
        do {
            _ = try read(csv, ageRange: ageRange)
            Issue.record("expected the file to be rejected")
            return []
        } catch {
            return (error as? InputRejected)?.issues.map(\.description) ?? ["\(error)"]
        }
    }

    static let header = "id,township,sex,age,j1,j2,j3,s1,s2,m1,sq1,sq2,smoking,w,stratum,psu"
    static let good = """
        \(header)
        1,城关镇,男,30,对,错,√,B,C,ABD,A,BC,每天吸,100,县1,村1
        2,城关镇,女,45,错,×,1,b,A,"A,B,D",A,B C,不吸,200,县1,村2
        3,河口镇,男,69,错,对,0,B,B,ABD,A,BC,偶尔吸,300,县2,村3
        4,河口镇,女,15,,,,,,,,,不吸,400,县2,村4
        """

    @Test func readsAndScoresAFile() throws {
        let responses = try read(Self.good)
        #expect(responses.respondents.map(\.id) == ["1", "2", "3", "4"])
        #expect(responses.respondents.map(\.line) == [2, 3, 4, 5])
        #expect(responses.respondents.map(\.score) == [10, 8, 6, 0])
        #expect(responses.respondents.map(\.literate) == [true, true, false, false])
        #expect(responses.respondents.map { $0.indicator("smoker") } == [1, 0, 1, 0])
        #expect(responses.respondents[3].unanswered == ["j1", "j2", "j3", "s1", "s2", "m1", "sq1", "sq2"])
        #expect(responses.passThroughColumns == ["w", "stratum", "psu"])
        #expect(responses.respondents[2].passThrough == ["w": "300", "stratum": "县2", "psu": "村3"])
        #expect(responses.respondents.map { $0.bands["age_group"] } == ["15–44", "45+", "45+", "15–44"])
    }

    @Test func feedsTheEstimationCore() throws {
        let responses = try read(Self.good)
        let table = responses.estimationTable()
        #expect(table[0].line == 1)
        #expect(table[0].cells == ["id", "score", "literate", "score_a1", "literate_a1", "score_a2", "literate_a2",
                                   "score_d1", "literate_d1", "score_d2", "literate_d2", "smoker", "age",
                                   "sex", "township", "smoking", "age_group", "w", "stratum", "psu"])
        #expect(table[2] == TableRow(line: 3, cells: ["2", "8", "1", "4", "1", "4", "1", "4", "1", "4", "1", "0", "45",
                                                       "女", "城关镇", "不吸", "45+", "200", "县1", "村2"]))
        let columns = SurveyColumns(weight: "w", stratum: "stratum", psu: "psu", proportions: ["literate", "smoker"],
                                    means: ["score"], categories: ["sex"])
        let data = try responses.surveyData(columns: columns)
        #expect(data.lines == [2, 3, 4, 5])
        #expect(data.weights == [100, 200, 300, 400])
        #expect(data.variables["literate"] == [1, 1, 0, 0])
        #expect(data.variables["smoker"] == [1, 0, 1, 0])
        let design = try data.design()
        let literacy = try design.estimate(.proportion, of: data.variables["literate"]!, variable: "literate")
        #expect(abs(literacy[0].estimate - 0.3) < 1e-12)
        let smoking = try design.estimate(.proportion, of: data.variables["smoker"]!, variable: "smoker",
                                          domains: data.categories["sex"])
        #expect(smoking.map(\.domain) == ["女", "男"])
        #expect(smoking.map(\.estimate) == [0, 1])
        let score = try design.estimate(.mean, of: data.variables["score"]!, variable: "score")
        // (10·100 + 8·200 + 6·300 + 0·400) / 1000
        #expect(abs(score[0].estimate - 4.4) < 1e-12)
    }

    @Test func undecidedIndicatorsAreReportedByTheEstimationCoreAtTheirLine() throws {
        let responses = try read(Self.good.replacingOccurrences(of: ",偶尔吸,", with: ",,"))
        do {
            _ = try responses.surveyData(columns: SurveyColumns(weight: "w", proportions: ["smoker"]))
            Issue.record("expected a missing value")
        } catch {
            #expect(error.issues.map(\.description) == ["survey.csv:4: smoker: 缺少取值（比例变量只能是 0 或 1）"])
        }
    }

    @Test func everyBadAnswerIsReportedByRowAndColumn() {
        let found = issues("""
            \(Self.header)
            1,城关镇,男,30,对,错,√,B,C,ABD,A,BC,每天吸,1,县1,村1
            2,城关镇,男,70,对,错,√,E,C,ABD,A,BC,不吸,1,县1,村1
            3,,未知,30,是,错,√,AB,C,ABX,A,BC,抽,1,县1,村1
            1,城关镇,女,12.5,对,错,√,B,C,ABD,A,BC,,1,县1,村1
            ,城关镇,女,abc,对,错,√,B,C,AAB,A,B1,,1,县1,村1
            6,城关镇,女,14,对,错,√,B,C,ABD,A,BC,,1,县1,村1
            7,城关镇,,,对,错,√,B,C,ABD,A,BC,,1,县1,村1
            """)
        #expect(found == [
            "survey.csv:3:8: s1: 答案「E」中的「E」不在选项中；可选 A、B、C、D",
            "survey.csv:3:4: age: 年龄 70 岁不在调查对象范围（15–69 岁）内",
            "survey.csv:4:5: j1: 判断题答案「是」无法识别；可填 对/错、√/×、1/0 或 A/B",
            "survey.csv:4:8: s1: 单选题只能选一个选项，填了「AB」",
            "survey.csv:4:10: m1: 答案「ABX」中的「X」不在选项中；可选 A、B、C、D",
            "survey.csv:4:3: sex: 「未知」不在选项中；可选：男、女",
            "survey.csv:4:2: township: 必填项「乡镇」为空",
            "survey.csv:4:13: smoking: 「抽」不在选项中；可选：每天吸、偶尔吸、不吸",
            "survey.csv:5:4: age: 应为整数：「12.5」",
            "survey.csv:5:1: id: 调查对象编号「1」与第 2 行重复",
            "survey.csv:6:1: id: 缺少调查对象编号",
            "survey.csv:6:10: m1: 答案「AAB」有重复的选项",
            "survey.csv:6:12: sq2: 答案「B1」不是选项字母；可选 A、B、C",
            "survey.csv:6:4: age: 不是数字：「abc」",
            "survey.csv:7:4: age: 年龄 14 岁不在调查对象范围（15–69 岁）内",
            "survey.csv:8:3: sex: 必填项「性别」为空",
            "survey.csv:8:4: age: 必填项「年龄」为空",
        ])
    }

    @Test func oneBadRowRejectsTheWholeFile() throws {
        let bad = Self.good + "\n5,河口镇,女,40,对,错,√,B,C,ABD,A,BC,不吸烟,500,县2,村4"
        #expect(issues(bad) == ["survey.csv:6:13: smoking: 「不吸烟」不在选项中；可选：每天吸、偶尔吸、不吸"])
        let fixed = Self.good + "\n5,河口镇,女,40,对,错,√,B,C,ABD,A,BC,不吸,500,县2,村4"
        #expect(try read(fixed).respondents.count == 5)
    }

    @Test func headerProblemsComeFirst() {
        #expect(issues("""
            id,sex,SEX,age,j1,j2,j3,s1,s2,m1,sq1,smoking,literate
            1,男,男,30,对,错,√,B,C,ABD,A,每天吸,1
            """) == [
            "survey.csv:1: sq2: 找不到这一列（表头中没有「sq2」）",
            "survey.csv:1: township: 找不到这一列（表头中没有「township」）",
            "survey.csv:1:3: SEX: 表头「SEX」与「sex」只差大小写，无法确定用哪一列",
            "survey.csv:1:13: literate: 列「literate」与计算出的变量同名，请把这一列改名",
        ])
        #expect(issues("""
            id,township,sex,age,j1,j2,j3,s1,s2,m1,sq1,sq2,smoking,w,w
            1,城关镇,男,30,对,错,√,B,C,ABD,A,BC,每天吸,1,2
            """) == ["survey.csv:1:15: w: 表头「w」重复（第 14 列和第 15 列）"])
        #expect(issues(Self.header) == ["survey.csv:1: 只有表头，没有答卷"])
    }

    @Test func headersMatchIgnoringCase() throws {
        let responses = try read(Self.good.replacingOccurrences(of: "id,township,sex,age,j1", with: "ID,Township,sex,age,J1"))
        #expect(responses.respondents.map(\.score) == [10, 8, 6, 0])
    }

    @Test func theCallerCanNarrowTheAgeRange() throws {
        #expect(try read(Self.good).respondents.count == 4)
        #expect(issues(Self.good, ageRange: AgeRange(minimum: 18)) == ["survey.csv:5:4: age: 年龄 15 岁不在调查对象范围（18 岁及以上）内"])
    }

    @Test func readsAnXLSXFile() throws {
        let header = Self.header.split(separator: ",").map(String.init)
        let sheet = XLSXSheet(name: "答卷", header: header, rows: [
            [.text("1"), .text("城关镇"), .text("男"), .number(30), .text("对"), .text("错"), .text("√"), .text("B"), .text("C"),
             .text("ABD"), .text("A"), .text("BC"), .text("每天吸"), .number(1.5), .text("县1"), .text("村1")],
            [.number(2), .text("城关镇"), .text("女"), .number(71), .number(1), .number(0), .number(1), .text("B"), .text("C"),
             .text("AB"), .text("A"), .text("BC"), .empty, .number(1), .text("县1"), .text("村2")],
        ])
        let data = try XLSXWorkbook(sheets: [sheet]).data()
        let rows = try TableFile.rows(data: data, fileName: "survey.xlsx")
        do {
            _ = try SurveyResponses.read(rows: rows, file: "survey.xlsx", questionnaire: Self.mini)
            Issue.record("expected the age to be rejected")
        } catch {
            #expect(error.issues.map(\.description) == ["survey.xlsx:3:4: age: 年龄 71 岁不在调查对象范围（15–69 岁）内"])
        }
        let fixed = try TableFile.rows(data: XLSXWorkbook(sheets: [sheet]).data(), fileName: "survey.xlsx").map { row in
            TableRow(line: row.line, cells: row.cells.map { $0 == "71" ? "61" : $0 })
        }
        let responses = try SurveyResponses.read(rows: fixed, file: "survey.xlsx", questionnaire: Self.mini)
        #expect(responses.respondents.map(\.score) == [10, 8])
        #expect(responses.respondents[1].passThrough["w"] == "1")
    }

    @Test func scoredRespondentsRoundTripThroughJSON() throws {
        let responses = try read(Self.good)
        let decoded = try JSONDecoder().decode(SurveyResponses.self, from: JSONEncoder().encode(responses))
        #expect(decoded == responses)
    }
}
