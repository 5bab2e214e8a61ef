import Domain
import Foundation
import Testing
import TestSupport

/// `import-doc` on each seed document reproduces the hand-made plan in plans/, field by field.
@Suite struct PlanImportSeedTests {
    static func importSeed(of plan: Plan) throws -> PlanDraft {
        let source = try #require(plan.document.source, "plans/\(plan.id).yaml names no seed file")
        let url = Fixtures.seedsDirectory.appendingPathComponent(source)
        let document = try DocumentReader.read(fileAt: url)
        return try PlanImporter.draft(from: document, id: plan.id)
    }

    @Test(arguments: Fixtures.seedPlanIDs)
    func phasesMatch(id: String) throws {
        let expected = try Fixtures.plan(id)
        let draft = try Self.importSeed(of: expected)
        #expect(draft.plan.phases.map(\.name) == expected.phases.map(\.name))
        #expect(draft.plan.phases.map(\.start) == expected.phases.map(\.start))
        #expect(draft.plan.phases.map(\.end) == expected.phases.map(\.end))
    }

    @Test(arguments: Fixtures.seedPlanIDs)
    func cellTargetsMatch(id: String) throws {
        let expected = try Fixtures.plan(id)
        let draft = try Self.importSeed(of: expected)
        #expect(draft.plan.cellTargets == expected.cellTargets)
    }

    @Test(arguments: Fixtures.seedPlanIDs)
    func leadingGroupAndOfficeMatch(id: String) throws {
        let expected = try Fixtures.plan(id)
        let draft = try Self.importSeed(of: expected)
        let group = draft.plan.organisation.leadingGroup
        let wanted = expected.organisation.leadingGroup
        #expect(group?.name == wanted?.name)
        #expect(group?.leader == wanted?.leader)
        #expect(group?.deputies == wanted?.deputies)
        #expect(group?.members == wanted?.members)
        #expect(group?.note == wanted?.note)
        #expect(draft.plan.organisation.office == expected.organisation.office)
    }

    @Test(arguments: Fixtures.seedPlanIDs)
    func memberUnitsAndWorkingGroupsMatch(id: String) throws {
        let expected = try Fixtures.plan(id)
        let draft = try Self.importSeed(of: expected)
        #expect(draft.plan.organisation.memberUnits == expected.organisation.memberUnits)
        #expect(draft.plan.organisation.workingGroups == expected.organisation.workingGroups)
    }

    /// At least 95% of tasks (and here: all of them) carry exactly the right responsible units.
    @Test(arguments: Fixtures.seedPlanIDs)
    func tasksMatch(id: String) throws {
        let expected = try Fixtures.plan(id)
        let draft = try Self.importSeed(of: expected)
        let got = draft.plan.tasks
        #expect(got.count == expected.tasks.count)
        var exact = 0
        for (g, e) in zip(got, expected.tasks) {
            let same = g.number == e.number && g.section == e.section && g.responsible == e.responsible
                && g.lead == e.lead && g.participants == e.participants
            if same { exact += 1 } else {
                Issue.record("task \(e.number ?? "?") \(e.title ?? ""): got \(g.number ?? "-") \(g.section ?? "-") \(g.responsible) lead \(g.lead ?? "-"), expected \(e.section ?? "-") \(e.responsible) lead \(e.lead ?? "-")")
            }
        }
        #expect(Double(exact) >= 0.95 * Double(expected.tasks.count))
        #expect(got.map(\.text) == expected.tasks.map(\.text))
    }

    /// Indicators the importer leaves without a target: the wording states no number the reader can take
    /// (建立…机制, 达到相应标准), or names the indicator after its share (100%的社区拥有健身广场), or is a task.
    static let indicatorsLeftToHand: [String: Set<String>] = [
        "longnan-2024": ["HIAP", "FITNESS-VENUES"],
        "pianguan-2023": ["LECTURES"],
        "shanting-2019": ["FITNESS-SQUARE", "FITNESS-POINT"],
        "yongchuan-2023": ["HIAP", "MECHANISM"],
    ]

    /// The wording of every stated target is the hand-made plan's, word for word; an expression the importer
    /// reads from it is the hand-written one (it may read none, never a different one).
    @Test(arguments: Fixtures.seedPlanIDs)
    func indicatorTargetsMatch(id: String) throws {
        let expected = try Fixtures.plan(id)
        let draft = try Self.importSeed(of: expected)
        let stated = draft.plan.indicators.filter(\.hasTarget)
        let wanted = expected.indicators.filter(\.hasTarget)
        let leftToHand = Self.indicatorsLeftToHand[id] ?? []
        #expect(stated.map(\.code) == wanted.map(\.code).filter { !leftToHand.contains($0) })
        for indicator in stated {
            let hand = try #require(wanted.first { $0.code == indicator.code })
            #expect(indicator.target == nil || indicator.target == hand.target, "\(id) \(indicator.code)")
            #expect(indicator.text == hand.text, "\(id) \(indicator.code)")
        }
    }

    /// How many of the hand-written expressions the importer reproduces: all of those it states a target for.
    @Test func indicatorExpressionsReproduced() throws {
        var reproduced = 0
        var handWritten = 0
        for id in Fixtures.seedPlanIDs {
            let expected = try Fixtures.plan(id)
            let draft = try Self.importSeed(of: expected)
            handWritten += expected.indicators.filter { $0.target != nil }.count
            reproduced += draft.plan.indicators.filter { got in
                got.target != nil && expected.indicators.contains { $0.code == got.code && $0.target == got.target }
            }.count
        }
        #expect(handWritten == 31)
        #expect(reproduced == 24)
    }

    @Test(arguments: Fixtures.seedPlanIDs)
    func headerMatches(id: String) throws {
        let expected = try Fixtures.plan(id)
        let draft = try Self.importSeed(of: expected)
        #expect(draft.plan.title == expected.title)
        #expect(draft.plan.programme == expected.programme)
        #expect(draft.plan.place.name == expected.place.name)
        #expect(draft.plan.place.level == expected.place.level)
        #expect(draft.plan.document.number == expected.document.number)
        #expect(draft.plan.document.issuer == expected.document.issuer)
        #expect(draft.plan.document.date == expected.document.date)
        #expect(draft.plan.goals == expected.goals)
        #expect(draft.plan.annexes.map(\.title) == expected.annexes.map(\.title))
        #expect(draft.plan.reporting?.monthlyDueDay == expected.reporting?.monthlyDueDay)
    }

    /// Every responsible unit resolves, so the draft passes the same checks as a hand-made file.
    @Test(arguments: Fixtures.seedPlanIDs)
    func draftPassesPlanChecks(id: String) throws {
        let expected = try Fixtures.plan(id)
        let draft = try Self.importSeed(of: expected)
        #expect(PlanValidator.problems(in: draft.plan).map(\.message) == [])
        for i in draft.plan.tasks.indices { #expect(draft.source(of: FieldPath(["tasks"]).index(i)) != nil) }
    }

    @Test func shantingIndicatorTableAndUnitAliases() throws {
        let draft = try Self.importSeed(of: try Fixtures.plan("shanting-2019"))
        let hc = draft.plan.indicators.filter { $0.code.hasPrefix("HC") && $0.firstLevel != nil }
        #expect(hc.map(\.code) == (1...42).map { "HC\($0)" })
        #expect(hc[9].name == "国家卫生县城（镇）占比")
        #expect(hc[17].secondLevel == "健康细胞工程")
        let longnan = try Self.importSeed(of: try Fixtures.plan("longnan-2024"))
        let market = longnan.plan.units.first { $0.name == "市市场监管局" }
        #expect(market?.aliases == ["市市监局"])
        #expect(longnan.plan.units.first { $0.name == "赣州市龙南生态环境局" }?.aliases == ["龙南生态环境局"])
    }
}
