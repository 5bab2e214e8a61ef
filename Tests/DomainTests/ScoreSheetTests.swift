import Domain
import Foundation
import Testing

/// The shipped score sheets load and add up; bad sheet files are rejected with file, line and field.
@Suite struct ScoreSheetTests {
    /// `standards/` at the repository root (this file is Tests/DomainTests/ScoreSheetTests.swift).
    static let standards = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("standards").path

    /// One of every cell type plus the county comprehensive sheet.
    static let shippedIDs = ["agency", "community", "county-comprehensive", "elderly-care", "enterprise", "family",
                             "hospital", "school", "village"]

    let minimal = """
    id: test-sheet
    title: 测试评分表
    cellType: hospital
    version: "1"
    template: true
    note: 测试用模板
    totalPoints: 20
    bonusPoints: 2
    pass:
      minimumTotal: 16
      sectionMinimums: [{ section: "2", minimum: 6 }]
    sections:
      - id: "1"
        title: 组织管理
        points: 10
        items:
          - id: "1.1"
            title: 领导小组
            scoring: 有文件得5分
            points: 5
            methods: [查阅资料]
          - id: "1.2"
            title: 健康讲座
            scoring: 每开展1次得2.5分，最高5分
            points: 5
            methods: [查阅资料, 听取汇报]
            perCount: 2.5
      - id: "2"
        title: 健康环境
        subsections:
          - id: "2.1"
            title: 无烟环境
            items:
              - id: "2.1.1"
                title: 全面无烟环境
                scoring: 达标
                points: 0
                methods: [现场查看]
                kind: veto
              - id: "2.1.2"
                title: 控烟措施
                scoring: 每项得1分
                points: 10
                methods: [现场查看]
      - id: "3"
        title: 加分项
        items:
          - id: "3.1"
            title: 特色
            scoring: 有特色得2分
            points: 2
            methods: [听取汇报]
            kind: bonus
    """

    func issues(_ text: String) -> [InputIssue] {
        do {
            _ = try ScoreSheetFile.parse(text, file: "sheet.yaml")
            return []
        } catch {
            return error.issues
        }
    }

    func replacing(_ old: String, with new: String) -> String {
        precondition(minimal.contains(old), "test text not found: \(old)")
        return minimal.replacingOccurrences(of: old, with: new)
    }

    // MARK: - Shipped sheets

    @Test func everyShippedSheetLoads() throws {
        let library = try ScoreSheetLibrary.load(directory: Self.standards)
        #expect(library.sheets.map(\.id).sorted() == Self.shippedIDs)
        for cell in ["community", "village", "family", "hospital", "school", "agency", "enterprise", "county"] {
            #expect(library.sheets(cellType: cell).count == 1, "no sheet for \(cell)")
        }
        #expect(library.sheet(id: "hospital")?.cellTypeName == "健康促进医院")
        #expect(library.file(ofSheet: "hospital")?.hasSuffix("standards/hospital.yaml") == true)
    }

    @Test func shippedSheetsAddUpAndAreMarkedAsTemplates() throws {
        let library = try ScoreSheetLibrary.load(directory: Self.standards)
        for sheet in library.sheets {
            let items = sheet.allItems
            let base = items.filter { $0.kind != .bonus }.reduce(Decimal(0)) { $0 + $1.points }
            let bonus = items.filter { $0.kind == .bonus }.reduce(Decimal(0)) { $0 + $1.points }
            #expect(base == sheet.totalPoints, "\(sheet.id)")
            #expect(base == 100, "\(sheet.id)")
            #expect(bonus == sheet.bonusPoints, "\(sheet.id)")
            #expect(bonus >= 5 && bonus <= 10, "\(sheet.id)")
            #expect(sheet.template)
            #expect(sheet.note?.contains("不是官方文本") == true, "\(sheet.id)")
            #expect(sheet.pass.minimumTotal == (sheet.id == "enterprise" ? 70 : 80), "\(sheet.id)")
            #expect(Set(items.map(\.id)).count == items.count, "\(sheet.id)")
            #expect(items.allSatisfy { !$0.methods.isEmpty && !$0.scoring.isEmpty && $0.explanation != nil })
            // Each file also says it in a comment at the top, for people editing the YAML.
            let text = try String(contentsOfFile: library.file(ofSheet: sheet.id)!, encoding: .utf8)
            #expect(text.hasPrefix("#") && text.prefix(300).contains("不是官方文本"), "\(sheet.id)")
        }
    }

    @Test func smokeFreeIsAVetoWhereTheSeedsMakeItAPrecondition() throws {
        let library = try ScoreSheetLibrary.load(directory: Self.standards)
        for id in ["hospital", "school", "agency", "enterprise"] {
            let sheet = try #require(library.sheet(id: id))
            let vetoes = sheet.allItems.filter { $0.kind == .veto }
            #expect(vetoes.contains { $0.title.contains("无烟") && $0.isPassFail }, "\(id)")
        }
    }

    @Test func shippedSheetsCoverWhatThePlansAskFor() throws {
        let library = try ScoreSheetLibrary.load(directory: Self.standards)
        // Monthly lectures, ≥12 a year: a counted item that reaches its points at 12.
        for id in ["community", "village", "hospital", "agency", "enterprise"] {
            let sheet = try #require(library.sheet(id: id))
            let lecture = try #require(sheet.allItems.first { $0.title.contains("讲座") && $0.isCounted }, "\(id)")
            #expect(lecture.perCount! * 12 == lecture.points, "\(id)")
        }
        let county = try #require(library.sheet(id: "county-comprehensive"))
        #expect(county.cellType == "county")
        let titles = county.allItems.map(\.title).joined(separator: "|")
        for phrase in ["健康村（社区）", "健康家庭", "健康促进医院", "健康促进学校", "健康促进机关", "健康促进企业",
                       "栏目", "讲座", "咨询点", "无烟"] {
            #expect(titles.contains(phrase), "county sheet lacks \(phrase)")
        }
        let village = try #require(library.sheet(id: "village"))
        #expect(village.allItems.contains { $0.title.contains("咨询点") })
    }

    // MARK: - One file

    @Test func minimalSheetIsReadWithItsStructure() throws {
        let sheet = try ScoreSheetFile.parse(minimal, file: "sheet.yaml")
        #expect(sheet.allItems.map(\.id) == ["1.1", "1.2", "2.1.1", "2.1.2", "3.1"])
        #expect(sheet.baseMaximum == 20)
        #expect(sheet.bonusMaximum == 2)
        #expect(sheet.sections[1].subsections[0].items[0].isPassFail)
        #expect(sheet.item(id: "1.2")?.perCount == Decimal(string: "2.5"))
        #expect(sheet.item(id: "1.2")?.unitOfCount == "次")
        #expect(sheet.item(id: "1.2")?.methods == [.documents, .briefing])
        #expect(sheet.pass.sectionMinimums == [SectionMinimum(section: "2", minimum: 6)])
        #expect(sheet.pass.minimum(forSection: "2") == 6)
        #expect(sheet.item(id: "3.1")?.kind == .bonus)
    }

    @Test func sheetSurvivesJSONRoundTrip() throws {
        let sheet = try ScoreSheetFile.parse(minimal, file: "sheet.yaml")
        let data = try JSONEncoder().encode(sheet)
        #expect(try JSONDecoder().decode(ScoreSheet.self, from: data) == sheet)
    }

    @Test func unknownKeyNamesLineAndField() {
        let found = issues(replacing("scoring: 有文件得5分", with: "scoreing: 有文件得5分"))
        #expect(found.count == 1)
        #expect(found.first?.location.file == "sheet.yaml")
        #expect(found.first?.location.line == 19)
        #expect(found.first?.location.field?.description == "sections[0].items[0].scoreing")
        #expect(found.first?.message.contains("未知字段「scoreing」") == true)
    }

    @Test func missingKeyNamesTheMappingThatLacksIt() {
        let found = issues(replacing("\n        scoring: 有文件得5分", with: ""))
        #expect(found.count == 1)
        #expect(found.first?.location.line == 17)
        #expect(found.first?.location.field?.description == "sections[0].items[0].scoring")
        #expect(found.first?.message == "缺少必填字段「scoring」")
    }

    @Test func wrongTypesAreRejected() {
        let text = issues(replacing("points: 5\n        methods: [查阅资料]\n", with: "points: 五分\n        methods: [查阅资料]\n"))
        #expect(text.count == 1)
        #expect(text.first?.location.line == 20)
        #expect(text.first?.location.field?.description == "sections[0].items[0].points")
        #expect(text.first?.message.contains("不是数字") == true)

        let list = issues(replacing("methods: [查阅资料, 听取汇报]", with: "methods: 查阅资料"))
        #expect(list.count == 1)
        #expect(list.first?.location.field?.description == "sections[0].items[1].methods")

        let method = issues(replacing("methods: [查阅资料, 听取汇报]", with: "methods: [查阅资料, 电话询问]"))
        #expect(method.count == 1)
        #expect(method.first?.location.line == 26)
        #expect(method.first?.message.contains("「电话询问」不是可用的取值") == true)

        let kind = issues(replacing("kind: bonus", with: "kind: extra"))
        #expect(kind.first?.location.field?.description == "sections[2].items[0].kind")
    }

    @Test func duplicateItemIDIsRejectedAtTheSecondUse() {
        let found = issues(replacing("id: \"2.1.2\"", with: "id: \"1.2\""))
        #expect(found.count == 1)
        #expect(found.first?.location.line == 40)
        #expect(found.first?.location.field?.description == "sections[1].subsections[0].items[1].id")
        #expect(found.first?.message == "编号「1.2」在本表中重复（已用于「健康讲座」）")
    }

    @Test func passLineAboveMaximumIsRejected() {
        let found = issues(replacing("minimumTotal: 16", with: "minimumTotal: 21"))
        #expect(found.count == 1)
        #expect(found.first?.location.line == 10)
        #expect(found.first?.location.field?.description == "pass.minimumTotal")
        #expect(found.first?.message == "通过线 21 分高于满分 20 分")
    }

    @Test func sectionMinimumsMustNameAPartAndFitInIt() {
        let above = issues(replacing("minimum: 6 }", with: "minimum: 10.5 }"))
        #expect(above.count == 1)
        #expect(above.first?.location.line == 11)
        #expect(above.first?.location.field?.description == "pass.sectionMinimums[0].minimum")
        #expect(above.first?.message == "「健康环境」的最低分 10.5 分高于该部分满分 10 分")

        let unknown = issues(replacing("[{ section: \"2\", minimum: 6 }]", with: "[{ section: \"2.1\", minimum: 4 }, { section: \"9\", minimum: 6 }, { section: \"2.1\", minimum: 5 }]"))
        #expect(unknown.map(\.location.field?.description) == ["pass.sectionMinimums[1].section", "pass.sectionMinimums[2].section"])
        #expect(unknown.map(\.location.line) == [11, 11])
        #expect(unknown.map(\.message) == ["没有编号为「9」的一级或二级指标", "「2.1」的最低分重复设置"])
    }

    @Test func pointRulesAreChecked() {
        let zero = issues(replacing("points: 10\n            methods: [现场查看]", with: "points: 0\n            methods: [现场查看]"))
        // 0 points for a normal item; then the stated total, the pass line and the section
        // minimum no longer fit either.
        #expect(zero.map(\.location.field?.description) == [
            "sections[1].subsections[0].items[1].points", "totalPoints", "pass.minimumTotal",
            "pass.sectionMinimums[0].minimum",
        ])
        #expect(zero.map(\.location.line) == [43, 7, 10, 11])
        #expect(zero.first?.message.contains("「控烟措施」的分值必须大于 0") == true)
        #expect(zero.map(\.message).dropFirst() == [
            "totalPoints 写明 20 分，但基本项（不含加分项）合计 10 分",
            "通过线 16 分高于满分 10 分",
            "「健康环境」的最低分 6 分高于该部分满分 0 分",
        ])

        let statedSection = issues(replacing("points: 10\n    items:", with: "points: 12\n    items:"))
        #expect(statedSection.count == 1)
        #expect(statedSection.first?.location.line == 15)
        #expect(statedSection.first?.message == "一级指标「组织管理」写明 12 分，但其基本项合计 10 分")

        let perCount = issues(replacing("perCount: 2.5", with: "perCount: 6"))
        #expect(perCount.count == 1)
        #expect(perCount.first?.location.field?.description == "sections[0].items[1].perCount")

        let bonus = issues(replacing("bonusPoints: 2", with: "bonusPoints: 5"))
        #expect(bonus.first?.location.line == 8)
        #expect(bonus.first?.message == "bonusPoints 写明 5 分，但加分项合计 2 分")
    }

    @Test func severalProblemsAreReportedTogether() {
        var text = replacing("minimumTotal: 16", with: "minimumTotal: 30")
        text = text.replacingOccurrences(of: "id: \"3.1\"", with: "id: \"1.1\"")
        text = text.replacingOccurrences(of: "note: 测试用模板\n", with: "")
        let found = issues(text)
        #expect(Set(found.compactMap(\.location.field?.description)) ==
                ["template", "sections[2].items[0].id", "pass.minimumTotal"])
    }

    @Test func malformedYAMLNamesTheLine() {
        let found = issues("id: x\ntitle: [unclosed\ncellType: school\n")
        #expect(found.count == 1)
        #expect(found.first?.location.line != nil)
        #expect(found.first?.message.contains("YAML") == true)
    }

    // MARK: - Library

    @Test func libraryRejectsTheSameIDInTwoFiles() throws {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("score-sheets-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try minimal.write(to: folder.appendingPathComponent("a.yaml"), atomically: true, encoding: .utf8)
        try minimal.write(to: folder.appendingPathComponent("b.yaml"), atomically: true, encoding: .utf8)
        try "not a sheet".write(to: folder.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)

        #expect(throws: InputRejected.self) { try ScoreSheetLibrary.load(directory: folder.path) }
        do {
            _ = try ScoreSheetLibrary.load(directory: folder.path)
        } catch {
            #expect(error.issues.count == 1)
            #expect(error.issues.first?.location.file.hasSuffix("b.yaml") == true)
            #expect(error.issues.first?.location.line == 1)
            #expect(error.issues.first?.message.contains("评分表 id「test-sheet」与") == true)
        }

        try FileManager.default.removeItem(at: folder.appendingPathComponent("b.yaml"))
        let library = try ScoreSheetLibrary.load(directory: folder.path)
        #expect(library.sheets.map(\.id) == ["test-sheet"])
        #expect(library.sheets(cellType: "hospital").count == 1)
        #expect(library.sheet(id: "missing") == nil)
    }

    @Test func libraryCollectsProblemsOfEveryFile() throws {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("score-sheets-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try replacing("minimumTotal: 16", with: "minimumTotal: 25")
            .write(to: folder.appendingPathComponent("a.yaml"), atomically: true, encoding: .utf8)
        try replacing("cellType: hospital", with: "cellTyp: hospital")
            .write(to: folder.appendingPathComponent("b.yaml"), atomically: true, encoding: .utf8)
        do {
            _ = try ScoreSheetLibrary.load(directory: folder.path)
            Issue.record("bad files were accepted")
        } catch {
            #expect(error.issues.map { URL(fileURLWithPath: $0.location.file).lastPathComponent } == ["a.yaml", "b.yaml"])
            #expect(error.issues.map(\.location.line) == [10, 3])
        }
    }
}
