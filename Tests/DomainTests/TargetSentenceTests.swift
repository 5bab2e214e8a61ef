import Domain
import Testing

/// Targets read as Chinese sentences on the pages people use; the expression stays on the office's settings pages.
@Suite struct TargetSentenceTests {
    @Test(arguments: [
        (">= ref(province) * 1.2", nil, "不低于全省水平的 1.2 倍"),
        (">= 20%", nil, "不低于 20%"),
        ("<= 9.8 per 100000", nil, "不高于 9.8/10万"),
        ("> ref(province) or rising(3)", nil, "高于全省水平，或近 3 年逐年上升"),
        ("change(baseline) <= -20%", nil, "较基线年下降至少 20%"),
        ("delta(year) >= 1.5pp", nil, "较上一年提高至少 1.5 个百分点"),
        (">= 24% by 2022", nil, "2022 年前不低于 24%"),
        (">= 78.2", "岁", "不低于 78.2岁"),
        ("yes", nil, "达到要求（是）"),
        (">= ref(national) - 2% and falling(2)", nil, "不低于全国水平减 2%，且近 2 年逐年下降"),
        ("(>= 10 or yes) and < 5", nil, "（不低于 10，或达到要求（是）），且低于 5"),
    ] as [(String, String?, String)])
    func readsAsChinese(expression: String, unit: String?, sentence: String) throws {
        let parsed = try TargetExpression(parsing: expression)
        #expect(parsed.sentence(unit: unit) == sentence)
        let english = sentence.filter { $0.isASCII && $0.isLetter }
        #expect(english.isEmpty, "\(sentence)")
    }
}
