import Domain
import Foundation
import Testing
import TestSupport

@Suite struct UnitMatchingTests {
    let known = [
        KnownUnit(planID: "other-2020", planTitle: "某县方案", placeName: "某县", name: "县卫体局", kind: .department),
        KnownUnit(planID: "pianguan-2023", planTitle: "偏关县方案", placeName: "偏关县", name: "县卫体局", kind: .department,
                  aliases: ["县卫生健康和体育局"]),
        KnownUnit(planID: "pianguan-2023", planTitle: "偏关县方案", placeName: "偏关县", name: "县财政局", kind: .department),
        KnownUnit(planID: "longnan-2024", planTitle: "龙南市方案", placeName: "龙南市", name: "市卫生健康委员会", kind: .department),
    ]

    @Test func exactSameKeyAndNone() {
        let draft = [PlanUnit(name: "县财政局", kind: .department), PlanUnit(name: "市卫健委", kind: .department),
                     PlanUnit(name: "县气象局", kind: .department)]
        let matches = UnitMatcher.match(draft, known: known, preferredPlaceName: "偏关县")
        #expect(matches.map(\.draft.name) == ["县财政局", "市卫健委", "县气象局"])
        #expect(matches[0].known?.planID == "pianguan-2023" && matches[0].quality == .exact)
        #expect(matches[1].known?.name == "市卫生健康委员会" && matches[1].quality == .sameKey)
        #expect(matches[2].known == nil && matches[2].quality == nil && matches[2].candidates.isEmpty)
    }

    @Test func aUnitOfTheSamePlaceIsPreferred() {
        // Both programmes have 县卫体局; the one of the draft's own place wins, even over an earlier exact one.
        let draft = [PlanUnit(name: "县卫生健康和体育局", kind: .department)]
        let same = UnitMatcher.match(draft, known: known, preferredPlaceName: "偏关县")[0]
        #expect(same.known?.planID == "pianguan-2023")
        #expect(same.quality == .exact, "an alias of the known unit is an exact match")
        #expect(same.candidates.map(\.name) == ["县卫体局"], "one candidate per distinct name")
        let elsewhere = UnitMatcher.match([PlanUnit(name: "县卫体局", kind: .department)], known: known, preferredPlaceName: "某县")[0]
        #expect(elsewhere.known?.planID == "other-2020")
        let unknownPlace = UnitMatcher.match([PlanUnit(name: "县卫体局", kind: .department)], known: known, preferredPlaceName: nil)[0]
        #expect(unknownPlace.known?.planID == "other-2020", "without a place, exact matches in list order")
    }

    @Test func collectiveReferencesAreNotMatched() {
        let draft = [PlanUnit(name: "各乡镇人民政府", kind: .group, covers: .townships), PlanUnit(name: "县财政局", kind: .department)]
        let withGroup = known + [KnownUnit(planID: "x", planTitle: "x", name: "各乡镇人民政府", kind: .group)]
        #expect(UnitMatcher.match(draft, known: withGroup, preferredPlaceName: nil).map(\.draft.name) == ["县财政局"])
    }

    @Test func knownUnitsLeaveOutCollectiveReferences() throws {
        let plan = try Fixtures.plan("pianguan-2023")
        let units = KnownUnit.all(in: [plan])
        #expect(units.count == plan.units.filter { $0.kind != .group }.count)
        #expect(units.allSatisfy { $0.planID == "pianguan-2023" && $0.placeName == "偏关县" })
    }

    func draftPlan() -> Plan {
        Plan(id: "draft", title: "偏关县方案", programme: .healthPromotionCounty, place: Place(name: "偏关县", level: .county),
             organisation: Organisation(memberUnits: ["县卫生健康和体育局", "县卫健体局", "县财政局"],
                                        office: Office(name: "办公室", unit: "县卫生健康和体育局")),
             units: [PlanUnit(name: "县卫生健康和体育局", kind: .department), PlanUnit(name: "县卫健体局", kind: .department),
                     PlanUnit(name: "县财政局", kind: .department), PlanUnit(name: "各乡镇人民政府", kind: .group, covers: .townships)],
             tasks: [PlanTask(text: "任务一", responsible: ["县卫生健康和体育局", "县财政局"], lead: "县卫生健康和体育局"),
                     PlanTask(text: "任务二", responsible: ["县卫健体局", "各乡镇人民政府"])])
    }

    @Test func applyRenamesAndKeepsTheDocumentsSpellingAsAlias() {
        let plan = UnitMatcher.apply(["县卫生健康和体育局": "县卫体局", "县财政局": "", "各乡镇人民政府": "乡镇"], to: draftPlan())
        #expect(plan.units[0] == PlanUnit(name: "县卫体局", kind: .department, aliases: ["县卫生健康和体育局"]))
        #expect(plan.units[2].name == "县财政局", "an empty choice keeps the unit as it is")
        #expect(plan.units[3].name == "各乡镇人民政府", "collective references are never renamed")
        #expect(plan.tasks[0].responsible == ["县卫生健康和体育局", "县财政局"], "references keep the document's spelling")
        #expect(PlanValidator.problems(in: plan).isEmpty)
    }

    @Test func twoSpellingsChosenAsOneUnitAreMerged() {
        let plan = UnitMatcher.apply(["县卫生健康和体育局": "县卫体局", "县卫健体局": "县卫体局"], to: draftPlan())
        #expect(plan.units.map(\.name) == ["县卫体局", "县财政局", "各乡镇人民政府"])
        #expect(plan.units[0].aliases == ["县卫生健康和体育局", "县卫健体局"])
        #expect(plan.organisation.memberUnits == ["县卫生健康和体育局", "县财政局"], "the unit is listed once")
        #expect(PlanValidator.problems(in: plan).isEmpty)
        // Choosing a name the draft already has merges into that unit too.
        let into = UnitMatcher.apply(["县卫健体局": "县卫生健康和体育局"], to: draftPlan())
        #expect(into.units.map(\.name) == ["县卫生健康和体育局", "县财政局", "各乡镇人民政府"])
        #expect(into.units[0].aliases == ["县卫健体局"])
        #expect(PlanValidator.problems(in: into).isEmpty)
    }

    @Test func nothingChosenChangesNothing() {
        #expect(UnitMatcher.apply([:], to: draftPlan()) == draftPlan())
        #expect(UnitMatcher.apply(["县财政局": "县财政局"], to: draftPlan()) == draftPlan())
    }

    @Test func aDraftJoinsTheRegionTreeOfItsPlace() throws {
        let stored = try [Fixtures.plan("jiafeng-2023"), Fixtures.plan("pianguan-2023")]
        var draft = draftPlan()
        draft.place = Place(name: "偏关县", level: .county)
        let placed = DraftPlacement.placed(draft, among: stored)
        #expect(placed.place.code == "140932" && placed.place.parents.map(\.name) == ["山西省", "忻州市"])
        // A place the draft states in full, or one no stored programme has, is kept.
        draft.place.parents = [RegionRef(name: "山西省", level: .province)]
        #expect(DraftPlacement.placed(draft, among: stored).place == draft.place)
        let elsewhere = Plan(id: "x", title: "x", programme: .healthyCounty, place: Place(name: "偏关县", level: .city))
        #expect(DraftPlacement.placed(elsewhere, among: stored).place == elsewhere.place, "the level must agree too")
    }

    @Test func proposalsPairDraftNamesWithKnownNames() {
        let matches = UnitMatcher.match(draftPlan().units, known: known, preferredPlaceName: "偏关县")
        #expect(UnitMatcher.proposals(matches) == ["县卫生健康和体育局": "县卫体局", "县财政局": "县财政局"])
    }
}
