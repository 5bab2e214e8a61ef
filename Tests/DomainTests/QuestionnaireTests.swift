import Domain
import Foundation
import Testing

/// The shipped questionnaire templates load and add up; bad questionnaire files are rejected with file,
/// line and field.
@Suite struct QuestionnaireTests {
    /// `questionnaires/` at the repository root (this file is Tests/DomainTests/QuestionnaireTests.swift).
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("questionnaires").path

    static func path(_ name: String) -> String { URL(fileURLWithPath: folder).appendingPathComponent(name).path }

    func issues(_ text: String) -> [String] {
        do {
            _ = try QuestionnaireFile.parse(text, file: "q.yaml")
            Issue.record("expected the questionnaire to be rejected")
            return []
        } catch {
            return error.issues.map(\.description)
        }
    }

    /// A small valid questionnaire; the bad-file tests change one thing in it.
    let minimal = """
    id: mini
    title: 测试问卷
    version: "1"
    template: true
    note: 测试用模板
    aspects:
      - { id: a1, name: 知识 }
    dimensions:
      - { id: d1, name: 第一类 }
    items:
      - id: q1
        kind: single
        text: 单选
        options: { A: 甲, B: 乙 }
        answer: B
        aspect: a1
        dimension: d1
      - id: q2
        kind: multiple
        text: 多选
        options: { A: 甲, B: 乙, C: 丙 }
        answer: AC
        aspect: a1
        dimension: d1
    questions:
      - id: smoking
        role: behaviour
        text: 吸烟
        kind: choice
        options: [每天吸, 偶尔吸, 不吸]
    indicators:
      - id: smoker
        name: 现在吸烟
        all: [{ question: smoking, in: [每天吸, 偶尔吸] }]
    """

    @Test func minimalQuestionnaireLoads() throws {
        let q = try QuestionnaireFile.parse(minimal, file: "q.yaml")
        #expect(q.id == "mini")
        #expect(q.literacyLine == Decimal(string: "0.8"))
        #expect(q.idColumn == "id")
        #expect(q.maximumScore == 3)
        #expect(q.items[0].key == ["B"])
        #expect(q.items[1].key == ["A", "C"])
        #expect(q.items[1].options.map(\.label) == ["A", "B", "C"])
        #expect(q.indicators[0].conditions == [IndicatorCondition(question: "smoking", test: .isIn(["每天吸", "偶尔吸"]))])
        #expect(q.columns == ["id", "q1", "q2", "smoking"])
    }

    @Test func everyTemplateLoads() throws {
        let library = try QuestionnaireLibrary.load(directory: Self.folder)
        #expect(library.questionnaires.map(\.id) == ["awareness", "health-literacy", "smoking"])
        for q in library.questionnaires {
            #expect(q.template)
            #expect(q.note?.contains("可编辑模板") == true)
            let text = try String(contentsOfFile: library.file(of: q.id)!, encoding: .utf8)
            #expect(text.split(separator: "\n").first?.contains("可编辑模板") == true, "\(q.id): the first line says it is a template")
        }
    }

    @Test func healthLiteracyTemplateFollowsTheReferenceStructure() throws {
        let q = try QuestionnaireFile.load(path: Self.path("health-literacy.yaml"))
        let scored = q.scoredItems
        #expect(scored.count == 37)
        #expect(scored.filter { $0.item.kind == .judgement }.count == 10)
        #expect(scored.filter { $0.item.kind == .single }.count == 20)
        #expect(scored.filter { $0.item.kind == .multiple }.count == 7)
        #expect(q.items.filter { $0.kind == .scenario }.map(\.id) == ["s1", "s2"])
        #expect(scored.filter { $0.scenario == "s1" }.map(\.item.id) == ["q34", "q35"])
        // Scenario sub-questions inherit the scenario's aspect and dimension.
        #expect(scored.first { $0.item.id == "q36" }?.item.aspect == "skills")
        #expect(scored.first { $0.item.id == "q36" }?.item.dimension == "medical")
        #expect(q.maximumScore == 44)
        #expect(q.aspects.map(\.name) == ["基本知识和理念", "健康生活方式与行为", "基本技能"])
        #expect(q.aspects.map { q.maximumScore(inGroup: $0.id) } == [14, 14, 16])
        #expect(q.dimensions.map(\.name) == ["科学健康观", "传染病防治", "慢性病防治", "安全与急救", "基本医疗", "健康信息"])
        #expect(q.dimensions.map { q.maximumScore(inGroup: $0.id) } == [5, 8, 11, 6, 9, 5])
        #expect(q.ageQuestion == "age")
        #expect(q.ageRange == AgeRange(minimum: 15, maximum: 69))
        #expect(q.literacyLine == Decimal(string: "0.8"))
        #expect(q.questions.filter { $0.role == .demographic }.map(\.id)
                == ["sex", "age", "residence", "township", "education", "occupation"])
    }

    @Test func smokingAndAwarenessTemplatesDefineTheirIndicators() throws {
        let smoking = try QuestionnaireFile.load(path: Self.path("smoking.yaml"))
        #expect(smoking.items.isEmpty)
        #expect(smoking.ageRange == AgeRange(minimum: 15, maximum: nil))
        #expect(smoking.indicators.map(\.id) == ["smoker", "daily_smoker", "secondhand_smoke", "regular_exercise"])
        #expect(smoking.indicators[3].conditions == [
            IndicatorCondition(question: "exercise_times", test: .atLeast(3)),
            IndicatorCondition(question: "exercise_minutes", test: .atLeast(30)),
            IndicatorCondition(question: "exercise_intensity", test: .isIn(["中等", "高"])),
        ])
        let awareness = try QuestionnaireFile.load(path: Self.path("awareness.yaml"))
        #expect(awareness.indicators.map(\.id) == ["aware", "aware_targets", "reached", "participated", "satisfied"])
        #expect(awareness.indicators[0].evaluate(["knows_programme": "知道"]) == 1)
        #expect(awareness.indicators[0].evaluate(["knows_programme": "不知道"]) == 0)
        #expect(awareness.indicators[0].evaluate([:]) == nil)
    }

    @Test func roundTripsThroughJSONAndYAML() throws {
        let q = try QuestionnaireFile.load(path: Self.path("health-literacy.yaml"))
        let json = try JSONEncoder().encode(q)
        #expect(try JSONDecoder().decode(Questionnaire.self, from: json) == q)
        let smoking = try QuestionnaireFile.load(path: Self.path("smoking.yaml"))
        #expect(try JSONDecoder().decode(Questionnaire.self, from: JSONEncoder().encode(smoking)) == smoking)
        // What the web editor would write back to a file reads as the same questionnaire.
        for questionnaire in [q, smoking] {
            let yaml = try QuestionnaireFile.yaml(questionnaire)
            #expect(try QuestionnaireFile.parse(yaml, file: "written.yaml") == questionnaire)
        }
    }

    @Test func derivedIndicatorsUseThreeValuedLogic() {
        let exercise = DerivedIndicator(id: "regular_exercise", name: "经常锻炼", conditions: [
            IndicatorCondition(question: "times", test: .atLeast(3)),
            IndicatorCondition(question: "minutes", test: .atLeast(30)),
            IndicatorCondition(question: "intensity", test: .isIn(["中等", "高"])),
        ])
        #expect(exercise.evaluate(["times": "3", "minutes": "30", "intensity": "中等"]) == 1)
        #expect(exercise.evaluate(["times": "2", "minutes": "60", "intensity": "高"]) == 0)
        // Someone who does not exercise needs no minutes: one false condition decides.
        #expect(exercise.evaluate(["times": "0"]) == 0)
        #expect(exercise.evaluate(["times": "5", "intensity": "高"]) == nil)
        #expect(exercise.evaluate(["times": "5", "minutes": "29", "intensity": "高"]) == 0)
        #expect(exercise.evaluate(["times": "5", "minutes": "45", "intensity": "低"]) == 0)
        let either = DerivedIndicator(id: "x", name: "任一", combination: .any, conditions: [
            IndicatorCondition(question: "a", test: .isIn(["是"])),
            IndicatorCondition(question: "b", test: .atMost(2)),
        ])
        #expect(either.evaluate(["b": "2"]) == 1)
        #expect(either.evaluate(["a": "否"]) == nil)
        #expect(either.evaluate(["a": "否", "b": "3"]) == 0)
        #expect(either.evaluate(["a": "否", "b": "2.5"]) == 0)
    }

    @Test func bandsCutWholeNumbers() {
        let band = Banding(id: "age_group", name: "年龄组", question: "age", bounds: [15, 25, 35])
        #expect([14, 15, 24, 25, 34, 35, 69].map { band.band(of: Double($0)) } == ["<15", "15–24", "15–24", "25–34", "25–34", "35+", "35+"])
    }

    // MARK: - Bad files

    @Test func unknownKeyIsRejectedAtItsLine() {
        let text = minimal.replacingOccurrences(of: "    answer: AC", with: "    anwser: AC")
        #expect(issues(text) == ["q.yaml:22:13: items[1].anwser: 未知字段「anwser」；此处可用的字段：id, kind, text, options, answer, points, aspect, dimension, questions"])
    }

    @Test func misspeltKindListsTheAllowedValues() {
        let text = minimal.replacingOccurrences(of: "kind: multiple", with: "kind: multi")
        #expect(issues(text) == ["q.yaml:19:11: items[1].kind: 「multi」不是可用的取值；可用：judgement | single | multiple | scenario"])
    }

    @Test func missingTitleIsRejected() {
        let text = minimal.replacingOccurrences(of: "title: 测试问卷\n", with: "")
        #expect(issues(text) == ["q.yaml:1:1: title: 缺少必填字段「title」"])
    }

    @Test func keysAndReferencesAreChecked() {
        var text = minimal
        text = text.replacingOccurrences(of: "    answer: B\n", with: "    answer: E\n")
        text = text.replacingOccurrences(of: "    answer: AC\n", with: "    answer: \"\"\n")
        text = text.replacingOccurrences(of: "    dimension: d1\n  - id: q2", with: "    dimension: d9\n  - id: q2")
        text = text.replacingOccurrences(of: "[每天吸, 偶尔吸] }", with: "[每天吸, 偶而吸] }")
        #expect(issues(text) == [
            "q.yaml:17:16: items[0].dimension: 「q1」所属维度「d9」未声明；可用：d1",
            "q.yaml:15:13: items[0].answer: 「q1」的答案「E」不在选项中（可选 A、B）",
            "q.yaml:22:13: items[1].answer: 「q2」的答案不能为空",
            "q.yaml:34:42: indicators[0].all[0].in[1]: 「偶而吸」不是问题「smoking」的选项；可选：每天吸、偶尔吸、不吸",
        ])
    }

    @Test func duplicateIdsAreRejectedAtTheSecond() {
        let text = minimal.replacingOccurrences(of: "  - id: q2", with: "  - id: q1")
        #expect(issues(text) == ["q.yaml:18:9: items[1].id: 编号「q1」在本问卷中重复（已用于单选题「q1」）"])
    }

    @Test func idsCollidingAcrossItemsQuestionsAndIndicatorsAreRejected() {
        let text = minimal.replacingOccurrences(of: "  - id: smoker", with: "  - id: smoking")
            .replacingOccurrences(of: "  - id: q2", with: "  - id: literate")
        #expect(issues(text) == [
            "q.yaml:18:9: items[1].id: 编号「literate」在本问卷中重复（已用于具备健康素养变量 literate）",
            "q.yaml:32:9: indicators[0].id: 编号「smoking」在本问卷中重复（已用于问题「smoking」）",
        ])
    }

    @Test func literacyLineMustBeAShare() {
        let text = minimal.replacingOccurrences(of: "note: 测试用模板\n", with: "note: 测试用模板\nliteracyLine: 80\n")
        #expect(issues(text) == ["q.yaml:6:15: literacyLine: literacyLine 应大于 0 且不超过 1（如 0.8 表示满分的 80%），现为 80"])
        let zero = minimal.replacingOccurrences(of: "note: 测试用模板\n", with: "note: 测试用模板\nliteracyLine: 0\n")
        #expect(issues(zero) == ["q.yaml:6:15: literacyLine: literacyLine 应大于 0 且不超过 1（如 0.8 表示满分的 80%），现为 0"])
    }

    @Test func templateNeedsANote() {
        let text = minimal.replacingOccurrences(of: "note: 测试用模板\n", with: "")
        #expect(issues(text) == ["q.yaml:4:11: template: 模板（template: true）须在 note 中说明：这是依据公开结构编制的可编辑模板，不是官方题目"])
    }

    @Test func judgementAndScenarioRules() {
        let text = minimal.replacingOccurrences(of: """
              - id: q2
                kind: multiple
                text: 多选
                options: { A: 甲, B: 乙, C: 丙 }
                answer: AC
                aspect: a1
                dimension: d1
            """, with: """
              - id: j1
                kind: judgement
                text: 判断
                options: { A: 对, B: 错 }
                answer: 也许
                aspect: a1
                dimension: d1
              - id: s1
                kind: scenario
                text: 情景
                answer: A
                aspect: a1
                questions:
                  - { id: s1a, kind: judgement, text: 小题, answer: 对, dimension: d1 }
                  - { id: s1b, kind: single, text: 小题, options: { A: 甲, B: 乙 }, answer: AB }
              - id: s2
                kind: scenario
                text: 空情景
                aspect: a1
                dimension: d1
            """)
        #expect(issues(text) == [
            "q.yaml:21:5: items[1].options: 判断题「j1」的选项固定为 A 对、B 错，不用写 options",
            "q.yaml:22:13: items[1].answer: 判断题「j1」的答案应为 对 或 错（也可写 √/×），现为「也许」",
            "q.yaml:28:13: items[2].answer: 情景题「s1」本身没有答案，答案写在各小题中",
            "q.yaml:31:26: items[2].questions[0].kind: 情景题的小题只能是单选题（single）或多选题（multiple），「s1a」是判断题",
            "q.yaml:32:40: items[2].questions[1].text: 「s1b」没有写所属维度（dimension）",
            "q.yaml:32:77: items[2].questions[1].answer: 单选题「s1b」的答案只能是一个选项，现为「AB」",
            "q.yaml:35:11: items[3].text: 情景题「s2」没有小题（questions）",
        ])
    }

    @Test func optionsAndKeysOfChoiceItemsAreChecked() {
        let text = minimal.replacingOccurrences(of: "options: { A: 甲, B: 乙, C: 丙 }\n    answer: AC",
                                                with: "options: { A: 甲, b: 乙, C: \"\" }\n    answer: A1")
        #expect(issues(text) == [
            "q.yaml:21:31: items[1].options.C: 选项「C」没有内容",
            "q.yaml:21:25: items[1].options.b: 选项标记「b」应为一个大写字母 A–Z",
            "q.yaml:22:13: items[1].answer: 「q2」的答案「A1」中的「1」不是选项字母",
        ])
    }

    @Test func plainQuestionsAgeAndIndicatorsAreChecked() {
        let text = minimal.replacingOccurrences(of: """
            questions:
              - id: smoking
            """, with: """
            ageRange: { minimum: 70, maximum: 15 }
            questions:
              - { id: age, role: demographic, text: 年龄, kind: number, minimum: 120, maximum: 0 }
              - { id: sex, role: demographic, text: 性别, kind: choice, options: [男] }
              - id: smoking
            """).replacingOccurrences(of: "all: [{ question: smoking, in: [每天吸, 偶尔吸] }]",
                                      with: "all: [{ question: age, in: [每天吸] }, { question: smoking, atLeast: 1 }, { question: smok, in: [x] }]")
        #expect(issues(text) == [
            "q.yaml:27:68: questions[0].minimum: 「age」的最小值 120 大于最大值 0",
            "q.yaml:28:59: questions[1].options: 选择题「sex」至少要有两个选项",
            "q.yaml:25:1: ageRange: 写了调查对象年龄范围，但没有指明年龄题（ageQuestion）",
            "q.yaml:25:22: ageRange.minimum: 最小年龄 70 大于最大年龄 15",
            "q.yaml:37:28: indicators[0].all[0].in: 「age」是数值题，请用 atLeast / atMost 判断",
            "q.yaml:37:71: indicators[0].all[1].atLeast: atLeast / atMost 只能用于数值题，「smoking」是选择题",
            "q.yaml:37:88: indicators[0].all[2].question: 指标「现在吸烟」引用的问题「smok」不存在",
        ])
    }

    @Test func indicatorNeedsExactlyOneCombinationAndConditionOneTest() {
        let both = minimal.replacingOccurrences(of: "all: [{ question: smoking, in: [每天吸, 偶尔吸] }]",
                                                with: "all: [{ question: smoking, in: [每天吸], notIn: [不吸] }]")
        #expect(issues(both) == ["q.yaml:34:11: indicators[0].all[0]: 每个条件须写且只写一种判断：in、notIn、atLeast 或 atMost"])
        let neither = minimal.replacingOccurrences(of: "all: [{ question: smoking, in: [每天吸, 偶尔吸] }]", with: "")
        #expect(issues(neither) == ["q.yaml:32:5: indicators[0]: 指标须写且只写 all（全部条件成立）或 any（任一条件成立）之一"])
    }

    @Test func declaredGroupsNeedItems() {
        let text = minimal.replacingOccurrences(of: "  - { id: d1, name: 第一类 }\n",
                                                with: "  - { id: d1, name: 第一类 }\n  - { id: d2, name: 第二类 }\n")
        #expect(issues(text) == ["q.yaml:10:11: dimensions[1].id: 「第二类」下没有任何题目"])
    }

    @Test func yamlSyntaxErrorsCarryTheirLine() {
        let text = minimal.replacingOccurrences(of: "    text: 多选\n", with: "    text: [多选\n")
        let found = issues(text)
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("q.yaml:") == true)
        #expect(found.first?.contains("YAML 语法错误") == true)
    }

    @Test func aSecondFileWithTheSameIdIsRejected() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("questionnaires-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try minimal.write(to: directory.appendingPathComponent("a.yaml"), atomically: true, encoding: .utf8)
        try minimal.write(to: directory.appendingPathComponent("b.yaml"), atomically: true, encoding: .utf8)
        do {
            _ = try QuestionnaireLibrary.load(directory: directory.path)
            Issue.record("expected a duplicate id")
        } catch {
            #expect(error.issues.map(\.description) == ["\(directory.appendingPathComponent("b.yaml").path):1: id: 问卷 id「mini」与 \(directory.appendingPathComponent("a.yaml").path) 重复"])
        }
    }

    @Test func inMemoryQuestionnairesAreCheckedToo() {
        let q = Questionnaire(id: "Bad ID", title: "t", version: "1", template: false, items: [
            QuestionItem(id: "q1", kind: .single, text: "单选", options: [AnswerOption(label: "A", text: "甲"), AnswerOption(label: "B", text: "乙")], answer: "C"),
        ])
        do {
            try QuestionnaireFile.check(q, file: "编辑器")
            Issue.record("expected problems")
        } catch {
            #expect(error.issues.map(\.description) == [
                "编辑器: id: id「Bad ID」应为小写英文、数字和连字符组成的标识，如 health-literacy",
                "编辑器: items[0].answer: 「q1」的答案「C」不在选项中（可选 A、B）",
            ])
        }
    }
}
