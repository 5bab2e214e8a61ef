import Domain
import Foundation
import Testing
import TestSupport

/// Bad plan files get errors that name the file, the line and the field.
@Suite struct PlanFileTests {
    let minimal = """
    id: test-plan
    title: 测试方案
    programme: healthy-county
    place: { name: 测试县, level: county }
    phases:
      - { name: 启动, start: 2024-03-01, end: 2024-03-31 }
    units:
      - { name: 县卫健局, kind: department, aliases: [卫健局] }
      - { name: 县教育局, kind: department }
    organisation:
      memberUnits: [县卫健局, 县教育局]
      office: { unit: 卫健局 }
    tasks:
      - number: "1"
        section: 建设健康环境
        text: 改善人居环境。（责任单位：县卫健局、县教育局）
        responsible: [县卫健局, 县教育局]
    """

    func issues(_ text: String) -> [InputIssue] {
        do {
            _ = try PlanFile.parse(text, file: "plan.yaml")
            return []
        } catch {
            return error.issues
        }
    }

    @Test func minimalPlanIsAccepted() throws {
        let plan = try PlanFile.parse(minimal, file: "plan.yaml")
        #expect(plan.tasks.first?.responsible == ["县卫健局", "县教育局"])
        #expect(plan.phases.first?.end == LocalDate(year: 2024, month: 3, day: 31))
    }

    @Test func malformedYAMLNamesTheLine() {
        let found = issues("id: x\ntitle: [unclosed\nprogramme: healthy-county\n")
        #expect(found.count == 1)
        #expect(found.first?.location.file == "plan.yaml")
        #expect(found.first?.location.line != nil)
        #expect(found.first?.message.contains("YAML") == true)
    }

    @Test func unknownKeyNamesLineAndField() {
        let text = minimal.replacingOccurrences(of: "section: 建设健康环境", with: "sectoin: 建设健康环境")
        let found = issues(text)
        #expect(found.count == 1)
        #expect(found.first?.location.line == 15)
        #expect(found.first?.location.field?.description == "tasks[0].sectoin")
        #expect(found.first?.message.contains("sectoin") == true)
    }

    @Test func taskNamingUnknownUnitIsRejected() {
        let text = minimal.replacingOccurrences(of: "responsible: [县卫健局, 县教育局]", with: "responsible: [县卫健局, 县财政局]")
        let found = issues(text)
        #expect(found.count == 1)
        #expect(found.first?.location.line == 17)
        #expect(found.first?.location.field?.description == "tasks[0].responsible[1]")
        #expect(found.first?.message.contains("县财政局") == true)
    }

    @Test func phaseEndingBeforeItStartsIsRejected() {
        let found = issues(minimal.replacingOccurrences(of: "end: 2024-03-31", with: "end: 2024-02-28"))
        #expect(found.map(\.location.field?.description) == ["phases[0].end"])
        #expect(found.first?.location.line == 6)
    }

    @Test func impossibleDateIsRejected() {
        let found = issues(minimal.replacingOccurrences(of: "end: 2024-03-31", with: "end: 2023-02-29"))
        #expect(found.first?.location.field?.description == "phases[0].end")
        #expect(found.first?.message.contains("2023-02-29") == true)
    }

    @Test func unknownEnumValueListsAllowedValues() {
        let found = issues(minimal.replacingOccurrences(of: "programme: healthy-county", with: "programme: healthy-village"))
        #expect(found.first?.location.line == 3)
        #expect(found.first?.message.contains("healthy-town") == true)
    }

    @Test func wrongTypeIsRejected() {
        let found = issues(minimal.replacingOccurrences(of: "  memberUnits: [县卫健局, 县教育局]", with: "  memberUnits: 县卫健局"))
        #expect(found.first?.location.field?.description.hasPrefix("organisation.memberUnits") == true)
        #expect(found.first?.location.line == 11)
    }

    @Test func duplicateKeyIsRejected() {
        // YAML would keep only one of the values: that silently loses data.
        let found = issues(minimal + "\ntitle: 另一个标题\n")
        #expect(found.count == 1)
        #expect(found.first?.message.contains("「title」重复") == true)
        #expect(found.first?.location.line != nil)
    }

    @Test func missingRequiredFieldIsNamed() {
        let found = issues(minimal.replacingOccurrences(of: "title: 测试方案\n", with: ""))
        #expect(found.first?.message.contains("title") == true)
    }

    @Test func duplicateUnitSpellingIsRejected() {
        let found = issues(minimal.replacingOccurrences(of: "{ name: 县教育局, kind: department }",
                                                        with: "{ name: 县教育局, kind: department, aliases: [卫健局] }"))
        #expect(found.first?.location.field?.description == "units[1].aliases[0]")
    }

    @Test func cellTargetNeedsExactlyOneAmount() {
        let found = issues(minimal + "\ncellTargets:\n  - { cell: school, atLeastPercent: 50, atLeastCount: 3 }\n"
                           + "  - { cell: school, atLeastPercent: 150 }\n  - { cell: 学校, atLeastCount: 1 }\n")
        #expect(found.map(\.location.field?.description) == ["cellTargets[0]", "cellTargets[1].atLeastPercent",
                                                             "cellTargets[2].cell"])
    }

    @Test func duplicateIDsAcrossFilesAreRejected() throws {
        let a = try Fixtures.write(minimal, name: "a.yaml")
        let b = try Fixtures.write(minimal, name: "b.yaml")
        let result = PlanFile.check(paths: [a, b])
        #expect(result.plans.count == 1)
        #expect(result.issues.count == 1)
        #expect(result.issues.first?.location.file == b)
        #expect(result.issues.first?.location.line == 1)
    }

    @Test func emptyAndMissingFilesAreRejected() throws {
        #expect(issues("").first?.message == "文件为空")
        #expect(throws: InputRejected.self) { try PlanFile.load(path: "/nonexistent/plan.yaml") }
    }

    /// The canonical JSON reads back as the same plan, through the same checked loader.
    @Test(arguments: Fixtures.seedPlanIDs)
    func canonicalJSONRoundTrips(id: String) throws {
        let plan = try Fixtures.plan(id)
        let json = String(decoding: try plan.canonicalJSON(), as: UTF8.self)
        #expect(try PlanFile.parse(json, file: "plan.json") == plan)
        #expect(json.contains("\"title\" : \"\(plan.title)\""))
    }

    /// Same plan, same bytes: keys sorted, so diffs and checksums of exports are meaningful.
    @Test func canonicalJSONIsDeterministicAndKeepsSpecKeys() throws {
        let plan = try Fixtures.plan("longnan-2024")
        let json = String(decoding: try plan.canonicalJSON(), as: UTF8.self)
        #expect(try plan.canonicalJSON() == plan.canonicalJSON())
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        for key in ["id", "title", "programme", "place", "document", "goals", "phases", "organisation",
                    "cellTargets", "indicators", "tasks", "annexes"] {
            #expect(object[key] != nil, "missing \(key)")
        }
        let organisation = try #require(object["organisation"] as? [String: Any])
        #expect((organisation["leadingGroup"] as? [String: Any])?["leader"] != nil)
        #expect(json.contains("\"atLeastPercent\" : 20"))
        #expect(json.range(of: "\"annexes\"")!.lowerBound < json.range(of: "\"title\"")!.lowerBound)
    }
}

@Suite struct LocalDateTests {
    @Test func parsesOnlyRealISODates() {
        #expect(LocalDate(iso: "2024-02-29") != nil)
        #expect(LocalDate(iso: "2023-02-29") == nil)
        #expect(LocalDate(iso: "2024-13-01") == nil)
        #expect(LocalDate(iso: "2024-3-1") == nil)
        #expect(LocalDate(iso: "２０２４-03-01") == nil)
    }

    @Test func endOfMonthAndDayNumbers() {
        #expect(LocalDate(year: 2023, month: 4, day: 2)!.endOfMonth == LocalDate(year: 2023, month: 4, day: 30))
        #expect(LocalDate(year: 1970, month: 1, day: 1)!.dayNumber == 0)
        #expect(LocalDate(year: 2024, month: 3, day: 1)!.dayNumber - LocalDate(year: 2024, month: 2, day: 1)!.dayNumber == 29)
    }
}
