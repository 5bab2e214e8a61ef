import Domain
import Testing
import TestSupport

/// A unit's task breakdown follows aliases, working groups and collective references.
@Suite struct UnitDirectoryTests {
    @Test func aliasesResolveToOneUnit() throws {
        let plan = try Fixtures.plan("longnan-2024")
        let directory = UnitDirectory(plan)
        let market = try #require(directory.unit(named: "市市监局"))
        #expect(market.name == "市市场监管局")
        // Task 8 names it 市市场监管局, task 18 市市监局: both are the same unit's.
        let numbers = directory.assignments(for: market).map { $0.task.number }
        #expect(numbers.contains("8") && numbers.contains("18"))
    }

    @Test func collectiveReferencesReachMemberUnits() throws {
        let plan = try Fixtures.plan("longnan-2024")
        let directory = UnitDirectory(plan)
        let finance = try #require(directory.unit(named: "市财政局"))
        let assignments = directory.assignments(for: finance)
        #expect(assignments.first?.task.number == "1")
        #expect(assignments.first?.route == .named(role: .responsible))
        // 各成员单位 covers every member unit: task 2 reaches the finance bureau that way.
        #expect(assignments.contains { $0.task.number == "2" && $0.route == .collective(name: "各成员单位") })
    }

    @Test func workingGroupsCarryTheirUnits() throws {
        let plan = try Fixtures.plan("shanting-2019")
        let directory = UnitDirectory(plan)
        let health = try #require(directory.unit(named: "区卫健局"))
        #expect(health.name == "区卫生健康局")
        let routes = directory.assignments(for: health).map(\.route)
        #expect(routes.contains(.workingGroup(name: "健康服务专业工作组", leads: true)))
        #expect(routes.contains(.workingGroup(name: "健康环境专业工作组", leads: false)))
        // It leads 健康服务 and takes part in the other four groups: every task reaches it.
        #expect(routes.count == plan.tasks.count)
    }

    /// 山亭's tasks 1–4 go to 健康服务专业工作组 "with the other working groups": every group's units share them.
    @Test func otherWorkingGroupsReachTheirUnits() throws {
        let plan = try Fixtures.plan("shanting-2019")
        let directory = UnitDirectory(plan)
        let environment = try #require(directory.unit(named: "区生态环境分局"))
        let assignments = directory.assignments(for: environment)
        #expect(assignments.filter { $0.route == .collective(name: "其他各专业工作组") }.map(\.task.number)
                == ["1", "2", "3", "4"])
        #expect(assignments.contains { $0.route == .workingGroup(name: "健康环境专业工作组", leads: true) })
    }

    @Test func leadAndParticipantRolesAreKept() throws {
        let plan = Plan(id: "t", title: "t", programme: .healthyCounty, place: Place(name: "县", level: .county),
                        units: [PlanUnit(name: "甲局", kind: .department), PlanUnit(name: "乙局", kind: .department)],
                        tasks: [PlanTask(text: "x", responsible: ["甲局", "乙局"], lead: "甲局", participants: ["乙局"])])
        let directory = UnitDirectory(plan)
        #expect(directory.assignments(for: plan.units[0]).first?.route == .named(role: .lead))
        #expect(directory.assignments(for: plan.units[1]).first?.route == .named(role: .participant))
    }
}

@Suite struct RegionCSVTests {
    @Test func readsCodesNamesAndChineseLevels() throws {
        let rows = try RegionCSV.parse("\u{FEFF}code,name,level,parent\r\n360727100,龙南镇,镇,360727\r\n,\"新都村\",村,龙南镇\r\n",
                                       file: "r.csv")
        #expect(rows == [
            RegionRow(line: 2, code: "360727100", name: "龙南镇", level: .township, parent: "360727"),
            RegionRow(line: 3, code: nil, name: "新都村", level: .village, parent: "龙南镇"),
        ])
    }

    @Test func badRowsNameLineAndColumn() {
        do {
            _ = try RegionCSV.parse("code,name,level,parent\n1,甲镇,镇,360727\n2,乙镇,大区,360727\nx3,丙镇,镇,360727\n",
                                    file: "r.csv")
            Issue.record("expected rejection")
        } catch {
            #expect(error.issues.map { "\($0.location.line!):\($0.location.column!)" } == ["3:3", "4:1"])
        }
    }

    @Test func unknownHeaderIsRejected() {
        #expect(throws: InputRejected.self) { try RegionCSV.parse("code,name,rank,parent\n", file: "r.csv") }
    }

    @Test func quotedFieldsAndWriting() throws {
        let records = try CSV.parse("a,\"b,\"\"c\"\"\",\"d\ne\"\n")
        #expect(records.first?.fields == ["a", "b,\"c\"", "d\ne"])
        #expect(CSV.line(["a", "b,\"c\"", "d\ne"]) == "a,\"b,\"\"c\"\"\",\"d\ne\"\r\n")
    }
}

@Suite struct PlanTaskTests {
    @Test func textAfterTitleDropsTheLeadPhraseOnly() {
        #expect(PlanTask(title: "纳入规划", text: "纳入规划。将健康市建设纳入").textAfterTitle == "将健康市建设纳入")
        #expect(PlanTask(title: "别的", text: "纳入规划。将健康市建设纳入").textAfterTitle == "纳入规划。将健康市建设纳入")
        #expect(PlanTask(title: "纳入规划", text: "纳入规划").textAfterTitle == "纳入规划")
        #expect(PlanTask(text: "无标题").textAfterTitle == "无标题")
    }
}
