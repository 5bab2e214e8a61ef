import Domain
import Foundation
import Testing
import TestSupport

/// The hand-made plans in plans/ hold what the seed documents say.
@Suite struct SeedPlanTests {
    @Test(arguments: Fixtures.seedPlanIDs)
    func everySeedPlanLoadsAndChecks(id: String) throws {
        let plan = try Fixtures.plan(id)
        #expect(plan.id == id)
        #expect(PlanValidator.problems(in: plan).isEmpty)
    }

    @Test func longnan() throws {
        let plan = try Fixtures.plan("longnan-2024")
        #expect(plan.programme == .healthyCounty)
        #expect(plan.place.name == "龙南市")
        #expect(plan.tasks.count == 18)
        #expect(plan.tasks.map(\.number) == (1...18).map { String($0) })
        #expect(plan.tasks.allSatisfy { !$0.responsible.isEmpty })
        #expect(plan.tasks[4].responsible == ["市住建局", "市卫健委", "市城管局", "市农业农村局", "龙南生态环境局"])
        #expect(plan.tasks[17].responsible == ["市公安局", "市卫健委", "市市监局", "各成员单位"])
        #expect(plan.phases.map(\.name) == ["建章立制，全面启动", "综合干预，全面达标", "考评督导，效果评价"])
        #expect(plan.phases.map { "\($0.start)…\($0.end)" }
                == ["2024-03-01…2024-03-31", "2024-04-01…2024-09-30", "2024-10-01…2024-12-31"])
        let percents = plan.cellTargets.filter { $0.atLeastPercent != nil }
        #expect(percents.map(\.cell) == ["community", "family", "hospital", "school", "agency", "enterprise"])
        #expect(percents.compactMap(\.atLeastPercent) == [20, 20, 40, 50, 50, 20])
        #expect(plan.cellTargets.contains { $0.cell == "family" && $0.atLeastCount == 100 })
        #expect(plan.organisation.leadingGroup?.leader.first?.name == "彭江闽")
        #expect(plan.organisation.leadingGroup?.deputies.compactMap(\.name) == ["杨其信", "肖立"])
        #expect(plan.organisation.office?.unit == "市卫健委")
        #expect(plan.organisation.memberUnits.count == 45)
        #expect(plan.organisation.memberUnits.first == "市政府办")
        #expect(plan.indicators.contains {
            $0.code == "HC38" && $0.text == "高于当年全省水平，或近三年呈上升趋势" && $0.target == "> ref(province) or rising(3)"
        })
    }

    @Test func shanting() throws {
        let plan = try Fixtures.plan("shanting-2019")
        #expect(plan.programme == .nationalHealthyCity)
        #expect(plan.document.number == "山政办字〔2019〕40号")
        #expect(plan.document.date == LocalDate(year: 2019, month: 10, day: 22))
        let groups = plan.organisation.workingGroups
        #expect(groups.map(\.name) == ["健康服务专业工作组", "健康环境专业工作组", "健康人群专业工作组",
                                      "健康文化专业工作组", "健康社会专业工作组"])
        #expect(groups.map(\.lead) == ["区卫生健康局", "区生态环境分局", "区教体局", "区委宣传部", "区人社局"])
        #expect(groups[0].participants.count == 10)
        #expect(groups[0].participants.last == "各镇街人民政府（办事处）")
        let hc = plan.indicators.filter { $0.code.hasPrefix("HC") }
        #expect(hc.map(\.code) == (1...42).map { "HC\($0)" })
        #expect(Set(hc.compactMap(\.firstLevel)) == ["健康环境", "健康社会", "健康服务", "健康人群", "健康文化"])
        #expect(Set(hc.compactMap(\.secondLevel)).count == 20)
        #expect(hc[0].name == "环境空气质量优良天数占比" && hc[0].secondLevel == "空气质量")
        #expect(hc[9].name == "国家卫生县城（镇）占比")
        #expect(hc[17].secondLevel == "健康细胞工程")
        #expect(hc.allSatisfy { $0.firstLevel != nil && $0.secondLevel != nil })
        #expect(plan.annexes.map(\.title) == ["健康城市评价指标体系（2018版）"])
    }

    @Test func pianguan() throws {
        let plan = try Fixtures.plan("pianguan-2023")
        #expect(plan.programme == .healthPromotionCounty)
        #expect(plan.phases.map { "\($0.name) \($0.start)…\($0.end)" } == [
            "启动实施 2023-04-01…2023-04-30", "全面开展 2023-05-01…2023-10-31", "验收评估 2023-11-01…2023-12-15",
        ])
        #expect(plan.cellTargets.contains { $0.cell == "family" && $0.atLeastCount == 10 && $0.per == .township })
        #expect(plan.cellTargets.contains { $0.cell == "hospital" && $0.atLeastPercent == 60 })
        #expect(plan.cellTargets.contains { $0.cell == "community" && $0.atLeastPercent == 30 })
        #expect(plan.tasks.count == 33)
        #expect(plan.annexes.count == 8)
        #expect(plan.organisation.leadingGroup?.leader == [Person(title: "县政府县长")])
    }

    @Test func yongchuan() throws {
        let plan = try Fixtures.plan("yongchuan-2023")
        #expect(plan.phases.count == 5)
        #expect(plan.phases.first?.start == LocalDate(year: 2022, month: 10, day: 1))
        #expect(plan.phases.last?.end == LocalDate(year: 2023, month: 12, day: 31))
        #expect(plan.reporting?.monthlyDueDay == 30)
        #expect(plan.organisation.leadingGroup?.leader.first?.name == "李世红")
        #expect(plan.organisation.leadingGroup?.members.count == 19)
        #expect(plan.organisation.memberUnits.count == 30)
        #expect(plan.organisation.office?.unit == "区卫生健康委")
        #expect(plan.cellTargets.compactMap(\.atLeastPercent) == [20, 20, 50, 50, 50, 20])
    }

    @Test func jiafeng() throws {
        let plan = try Fixtures.plan("jiafeng-2023")
        #expect(plan.programme == .healthyTown)
        #expect(plan.tasks.count == 18)
        #expect(plan.tasks.first?.title == "健康知识普及行动")
        #expect(plan.tasks.last?.title == "互联网医疗健康服务促进行动")
        #expect(plan.organisation.leadingGroup?.leader.compactMap(\.name) == ["李鑫杰", "王坤"])
        #expect(plan.organisation.leadingGroup?.deputies.count == 17)
        #expect(plan.organisation.leadingGroup?.members.count == 19)
        #expect(plan.organisation.office?.director == "张铁梅")
    }

    /// Every verbatim value in the plan files is found in its seed document (spacing and line
    /// breaks aside): a transcription slip shows up here.
    @Test(arguments: Fixtures.seedPlanIDs)
    func verbatimTextComesFromTheSeed(id: String) throws {
        let plan = try Fixtures.plan(id)
        let seedURL = try #require(plan.document.source.map { Fixtures.seedsDirectory.appendingPathComponent($0) })
        guard FileManager.default.fileExists(atPath: seedURL.path) else {
            Issue.record("seed \(seedURL.path) is missing: shared/ should sit beside the repository")
            return
        }
        let seed = squeeze(try String(contentsOf: seedURL, encoding: .utf8))
        var texts: [String] = plan.goals + plan.phases.compactMap(\.text) + plan.tasks.map(\.text)
            + plan.tasks.flatMap(\.responsible) + plan.organisation.memberUnits
            // Plan-local indicators carry names of ours; the HC names are the document's.
            + plan.indicators.filter { $0.code.hasPrefix("HC") }.map(\.name)
            + plan.annexes.map(\.title)
        if let group = plan.organisation.leadingGroup {
            texts += (group.leader + group.deputies + group.members).compactMap(\.name)
        }
        for text in texts {
            for line in text.split(separator: "\n") {
                #expect(seed.contains(squeeze(String(line))), "not in the seed: \(line)")
            }
        }
    }

    private func squeeze(_ text: String) -> String {
        String(text.unicodeScalars.filter { !CharacterSet.whitespacesAndNewlines.contains($0) }.map(Character.init))
    }
}
