@testable import Domain
import Foundation
import Testing
import TestSupport

/// A plan's wording of a target read as a target expression. The wordings are made up in the plans' style,
/// not taken from the seed documents; nil where the reader must not guess.
@Suite struct TargetPhraseTests {
    /// The canonical text of what the reader makes of a wording; it must parse back to the same expression.
    func read(_ wording: String) throws -> String? {
        guard let expression = TargetPhrases.expression(for: wording) else { return nil }
        #expect(try TargetExpression(parsing: expression.description) == expression, "\(wording)")
        return expression.description
    }

    static let comparisons: [(String, String)] = [
        ("居民健康素养水平达到25%", ">= 25%"),
        ("达 80％", ">= 80%"),
        ("知晓率不低于９５％", ">= 95%"),
        ("儿童健康管理率保持在90%以上", ">= 90%"),
        ("≥85%", ">= 85%"),
        ("大于或等于60%", ">= 60%"),
        ("提高到35%", ">= 35%"),
        ("经常参加体育锻炼人口比例高于40%", "> 40%"),
        ("注册志愿者超过1000人", "> 1000"),
        ("15岁以上人群吸烟率低于20%", "< 20%"),
        ("成人吸烟率控制在22%以内", "<= 22%"),
        ("不高于18%", "<= 18%"),
        ("5岁以下儿童死亡率降至6‰以下", "<= 6‰"),
        ("90%以上", ">= 90%"),
        ("全年开展健康讲座不少于24次", ">= 24"),
        ("每年受益人数达常住人口的25%", ">= 25%"),
    ]

    static let units: [(String, String)] = [
        ("孕产妇死亡率降至12/10万以下", "<= 12 per 100000"),
        ("甲乙类传染病发病率控制在200/10万人以内", "<= 200 per 100000"),
        ("婴儿死亡率低于6/千", "< 6 per 1000"),
        ("每万人口拥有全科医生达到3.5人", ">= 3.5"),
        ("出生缺陷发生率低于5‱", "< 5 per 10000"),
        ("社会体育指导员比例达２.５‰", ">= 2.5‰"),
        ("人均体育场地面积达到2.6平方米以上", ">= 2.6"),
        ("每千人口医疗卫生机构床位数达到6张", ">= 6"),
    ]

    static let deadlines: [(String, String)] = [
        ("到2025年，居民健康素养水平达到30%以上", ">= 30% by 2025"),
        ("2024年底，孕产妇系统管理率达到92%", ">= 92% by 2024"),
        ("力争到2026年，家庭医生签约服务覆盖率达到75%", ">= 75% by 2026"),
        ("到2023年，达到18%，2025年达到22%以上", ">= 18% by 2023 and >= 22% by 2025"),
        ("到2025年，婴儿死亡率降至4‰以下，孕产妇死亡率降至10/10万以下", "<= 4‰ by 2025 and <= 10 per 100000 by 2025"),
    ]

    static let references: [(String, String)] = [
        ("高于当年全国平均水平", "> ref(national)"),
        ("居民健康素养水平高于省级平均水平", "> ref(province)"),
        ("低于全市平均水平", "< ref(city)"),
        ("不低于市级平均水平", ">= ref(city)"),
        ("达到全县平均水平以上", ">= ref(county)"),
        ("高于全省平均水平15%", ">= ref(province) * 1.15"),
        ("低于全市平均水平10%", "<= ref(city) * 0.9"),
        ("达到全省平均水平的1.5倍", ">= ref(province) * 1.5"),
    ]

    static let trendsAndChanges: [(String, String)] = [
        ("近5年呈上升趋势", "rising(5)"),
        ("连续三年下降", "falling(3)"),
        ("连续两年提高", "rising(2)"),
        ("成人吸烟率持续下降", "falling(3)"),
        ("持续降低", "falling(3)"),
        ("较基线降低15%", "change(baseline) <= -15%"),
        ("比创建之初提高10%以上", "change(baseline) >= 10%"),
        ("较基线提高5个百分点", "delta(baseline) >= 5pp"),
        ("每年提高不低于2个百分点", "delta(year) >= 2pp"),
        ("每年提高1个百分点以上", "delta(year) >= 1pp"),
        ("较上年下降5%", "change(year) <= -5%"),
        ("不低于上年同期水平", "delta(year) >= 0pp"),
    ]

    static let joined: [(String, String)] = [
        ("高于全市平均水平，或连续三年上升", "> ref(city) or rising(3)"),
        ("高于全省平均水平或近三年呈上升趋势", "> ref(province) or rising(3)"),
        ("达到20%且高于全省平均水平", ">= 20% and > ref(province)"),
        ("达到20%，同时高于全省平均水平", ">= 20% and > ref(province)"),
        ("较创建之初下降15%，或低于当年全省平均水平，并且持续下降",
         "change(baseline) <= -15% or (< ref(province) and falling(3))"),
        ("每年提高不低于2个百分点，或高于当年全省平均水平，不低于上年水平",
         "delta(year) >= 2pp or (> ref(province) and delta(year) >= 0pp)"),
        ("达到60%以上，其中老年人达到80%", ">= 60%"),
    ]

    static let sharesFirst: [(String, String)] = [
        ("90%以上的学校达到健康学校标准", ">= 90%"),
        ("80%的行政村建有健身广场", ">= 80%"),
        ("到2025年，60%以上的社区配备健身器材", ">= 60% by 2025"),
    ]

    static let all: [(String, String)] = [comparisons, units, deadlines, references, trendsAndChanges, joined, sharesFirst].flatMap { $0 }

    @Test(arguments: all)
    func reads(wording: String, expression: String) throws {
        #expect(try read(wording) == expression)
    }

    /// Qualitative wordings, vague ones and those the rules do not cover completely: no expression.
    @Test(arguments: [
        "建立健全健康影响评估制度", "达到省级相应标准", "显著降低", "明显提高", "稳步提升", "逐年提高",
        "达到2.3万人", "达到90%左右", "高于20%以下", "提高10个百分点", "降低20%", "每年提高5%",
        "未低于20%", "居民健康素养水平2022年达到24%", "高于全区平均水平", "30%的村庄低于全省平均水平",
        "达到20%，力争更高", "近一年呈上升趋势", "建成15分钟健身圈", "",
    ])
    func leavesUnread(wording: String) throws {
        #expect(try read(wording) == nil)
    }

    /// On the hand-made plans' own wordings the reader answers the hand-written expression or nothing.
    @Test func agreesWithTheHandMadePlans() throws {
        var read = 0
        for id in Fixtures.seedPlanIDs {
            for indicator in try Fixtures.plan(id).indicators {
                guard let text = indicator.text, let expression = TargetPhrases.expression(for: text) else { continue }
                #expect(expression.description == indicator.target, "\(id) \(indicator.code)")
                read += 1
            }
        }
        #expect(read == 26)
    }

    @Test func predicateOpening() {
        #expect(TargetPhrases.beginsWithPredicate("达70%"))
        #expect(TargetPhrases.beginsWithPredicate("≤9.8/10万"))
        #expect(TargetPhrases.beginsWithPredicate("持续降低，或低于当年全市平均水平"))
        #expect(!TargetPhrases.beginsWithPredicate("技术等级证书的人数占总人口比重达2.3‰"))
    }
}

/// The importer keeps the wording in `text` and reads `target` from it.
@Suite struct PlanImportTargetWordingTests {
    static let plan = """
    东河县创建健康县工作实施方案

    一、工作目标
    居民健康素养水平达到28%，成人吸烟率持续下降。重大慢性病过早死亡率明显降低。

    二、重点任务
    1.加强妇幼健康服务。规范孕产妇保健服务管理，到2025年，孕产妇死亡率降至9/10万以下，婴儿死亡率降至4‰以下，其中农村地区同步改善。（责任单位：县卫健局）
    2.普及健康知识。开展健康教育进社区活动，2025年，健康知识知晓率达到80%以上。（责任单位：县卫健局、县教育局）
    """

    @Test func wordingAndExpression() throws {
        let plan = try PlanImporter.draft(from: .text(Self.plan, fileName: "donghe.txt")).plan
        func stated(_ code: String) -> [String?] {
            guard let i = plan.indicators.first(where: { $0.code == code }) else { return [] }
            return [i.text, i.target]
        }
        // A goals list: what follows the name.
        #expect(stated("HC38") == ["达到28%", ">= 28%"])
        #expect(stated("HC39") == ["持续下降", "falling(3)"])
        // Running text: the clause with the sentence's deadline, which applies to each indicator after it.
        #expect(stated("HC32") == ["到2025年，孕产妇死亡率降至9/10万以下", "<= 9 per 100000 by 2025"])
        #expect(stated("HC30") == ["到2025年，婴儿死亡率降至4‰以下，其中农村地区同步改善", "<= 4‰ by 2025"])
        #expect(stated("HEALTH-KNOWLEDGE") == ["2025年，健康知识知晓率达到80%以上", ">= 80% by 2025"])
        // 明显降低 states nothing measurable.
        #expect(!plan.indicators.contains { $0.code == "HC35" })
        #expect(plan.indicators.allSatisfy { $0.target.map { (try? TargetExpression(parsing: $0)) != nil } ?? true })
    }
}
