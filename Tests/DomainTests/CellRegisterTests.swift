@testable import Domain
@testable import Formats
import Foundation
import Testing
import TestSupport

/// The register's row reader, the streaming CSV reader, and coverage arithmetic.
@Suite struct CellRegisterTests {
    static let county = Region(id: UUID(), code: "140932", name: "偏关县", level: .county, parentID: nil)
    static let town = Region(id: UUID(), code: "140932100", name: "新关镇", level: .township, parentID: county.id)
    static let village = Region(id: UUID(), code: "140932100201", name: "东关村", level: .village, parentID: town.id)
    static let otherTown = Region(id: UUID(), code: "140932101", name: "天峰坪镇", level: .township, parentID: county.id)
    /// A village of the same name in another township: a bare name is ambiguous.
    static let otherVillage = Region(id: UUID(), code: "140932101201", name: "东关村", level: .village, parentID: otherTown.id)
    static let lookup = RegionLookup([county, town, village, otherTown, otherVillage])

    static func reader(_ header: [String], extra: [String: String] = [:]) throws -> CellRowReader {
        try CellRowReader(header: TableRow(line: 1, cells: header), file: "cells.csv", lookup: lookup, extraTypes: extra,
                          today: LocalDate(year: 2026, month: 11, day: 30))
    }

    static let header = ["type", "name", "region", "subkind", "eligible", "status", "certified_on"]

    @Test func readsARowWithRegionPathAndDefaults() throws {
        let reader = try Self.reader(Self.header)
        let row = try reader.read(TableRow(line: 2, cells: ["school", "城关小学", "偏关县/新关镇", "小学", "", "命名", "2024/5/31"])).get()
        #expect(row.cell == "school")
        #expect(row.subkind == "primary")
        #expect(row.regionID == Self.town.id)
        #expect(row.eligible)
        #expect(row.status == .certified)
        #expect(row.certifiedOn == LocalDate(year: 2024, month: 5, day: 31))
        // A small enterprise does not count towards HC20 unless the row says so.
        let small = try reader.read(TableRow(line: 3, cells: ["健康企业", "某小厂", "140932100", "small", "", "", ""])).get()
        #expect(small.cell == "enterprise")
        #expect(!small.eligible)
        let village = try reader.read(TableRow(line: 4, cells: ["family", "王某", "新关镇/东关村", "", "是", "申报", ""])).get()
        #expect(village.regionID == Self.village.id)
        #expect(village.status == .applied)
    }

    @Test func chineseHeadersAreAccepted() throws {
        let reader = try Self.reader(["类型", "名称", "地区", "子类", "纳入统计", "状态", "命名日期", "户号"])
        let row = try reader.read(TableRow(line: 2, cells: ["健康家庭", "李某", "140932100201", "", "true", "未申报", "", "0012"])).get()
        #expect(row.code == "0012")
        #expect(row.identity == "0012")
    }

    @Test func everyProblemNamesItsColumn() throws {
        let reader = try Self.reader(Self.header)
        let issues = try #require(reader.read(TableRow(line: 7, cells: ["hotel", "", "东关村", "x", "maybe", "done", "2024-13-01"])).failure?.issues)
        let fields = issues.map { $0.location.field?.description ?? "" }
        #expect(fields == ["type", "name", "region", "eligible", "status", "certified_on"])
        #expect(issues.allSatisfy { $0.location.line == 7 && $0.location.file == "cells.csv" })
        #expect(issues[2].message.contains("2 个同名区划"))
        #expect(issues[0].location.column == 1)
    }

    @Test func statusAndDateMustAgree() throws {
        let reader = try Self.reader(Self.header)
        let noDate = try #require(reader.read(TableRow(line: 2, cells: ["school", "一中", "新关镇", "中学", "", "certified", ""])).failure)
        #expect(noDate.issues.map(\.message) == ["状态为命名，但没有命名日期"])
        let future = try #require(reader.read(TableRow(line: 3, cells: ["school", "一中", "新关镇", "中学", "", "certified", "2027-01-01"])).failure)
        #expect(future.issues.first?.message.contains("晚于今天") == true)
        let early = try #require(reader.read(TableRow(line: 4, cells: ["school", "一中", "新关镇", "中学", "", "applied", "2024-01-01"])).failure)
        #expect(early.issues.first?.message.contains("不应有命名日期") == true)
        let wrongSubkind = try #require(reader.read(TableRow(line: 5, cells: ["school", "一中", "新关镇", "大型", "", "", ""])).failure)
        #expect(wrongSubkind.issues.first?.location.field?.description == "subkind")
    }

    @Test func planKindsAreKnownOnlyWhenThePlanNamesThem() throws {
        let plain = try Self.reader(Self.header)
        #expect(plain.read(TableRow(line: 2, cells: ["trail", "滨河步道", "新关镇", "", "", "", ""])).failure != nil)
        let withPlan = try Self.reader(Self.header, extra: ["trail": "健康步道"])
        #expect(try withPlan.read(TableRow(line: 2, cells: ["健康步道", "滨河步道", "新关镇", "", "", "", ""])).get().cell == "trail")
    }

    @Test func aHeaderWithoutRequiredColumnsIsRefused() {
        #expect(throws: InputRejected.self) { try Self.reader(["name", "status"]) }
    }

    // MARK: Streaming CSV

    static func write(_ bytes: Data) throws -> String {
        let dir = try Fixtures.temporaryDirectory()
        let path = dir.appendingPathComponent("cells.csv").path
        try bytes.write(to: URL(fileURLWithPath: path))
        return path
    }

    static func readAll(_ source: any RowSource) throws -> [TableRow] {
        var rows: [TableRow] = []
        while let row = try source.next() { rows.append(row) }
        return rows
    }

    @Test func csvStreamKeepsLineNumbersQuotesAndBOM() throws {
        let text = "\u{FEFF}type,name,region\r\nfamily,\"张,三\",新关镇\r\n\r\nfamily,\"李\n四\",新关镇\nfamily,\"王\"\"五\",新关镇"
        let source = try CSVFileRowSource(path: try Self.write(Data(text.utf8)), fileName: "a.csv")
        let rows = try Self.readAll(source)
        #expect(rows.map(\.line) == [1, 2, 4, 6])
        #expect(rows.map { $0.cells[1] } == ["name", "张,三", "李\n四", "王\"五"])
        #expect(rows[0].cells[0] == "type")
        #expect(source.fractionRead == 1)
    }

    @Test func csvStreamReadsGB18030AcrossBlocks() throws {
        // Over one read block (1 MiB) of GBK text: characters cut at a block's end must survive.
        var text = "type,name,region\n"
        for i in 0..<50_000 { text += "family,户主\(i)号,新关镇\n" }
        let gbk = try #require(text.data(using: TextDecoding.gb18030))
        #expect(gbk.count > 1 << 20)
        let rows = try Self.readAll(try CSVFileRowSource(path: try Self.write(gbk), fileName: "gbk.csv"))
        #expect(rows.count == 50_001)
        #expect(rows[39_999].cells == ["family", "户主39998号", "新关镇"])
        #expect(rows.last?.line == 50_001)
    }

    @Test func csvStreamRejectsAnUnclosedQuote() throws {
        let source = try CSVFileRowSource(path: try Self.write(Data("a,b\n\"x,y\n".utf8)), fileName: "bad.csv")
        #expect(throws: InputRejected.self) { try Self.readAll(source) }
    }

    @Test func emptyFileIsRefused() throws {
        #expect(throws: InputRejected.self) { try CSVFileRowSource(path: try Self.write(Data()), fileName: "empty.csv") }
    }

    // MARK: Coverage

    static func plan(_ targets: [CellTarget]) -> Plan {
        Plan(id: "t", title: "测试方案", programme: .healthyCounty, place: Place(name: "偏关县", level: .county), cellTargets: targets)
    }

    static func count(_ region: Region, _ cell: String, eligible: Int, certified: Int, subkind: String? = nil) -> CellCount {
        CellCount(regionID: region.id, cell: cell, subkind: subkind, places: eligible + 3, eligible: eligible, certified: certified)
    }

    @Test func shareTargetsRoundTheNeededCountUp() {
        let plan = Self.plan([CellTarget(cell: "school", atLeastPercent: 50)])
        let entries = CoverageCalculator.entries(plan: plan, place: Self.county, townships: [Self.town, Self.otherTown], counts: [
            Self.count(Self.county, "school", eligible: 9, certified: 2, subkind: "primary"),
            Self.count(Self.county, "school", eligible: 4, certified: 2, subkind: "secondary"),
            Self.count(Self.town, "school", eligible: 8, certified: 4),
        ])
        let county = entries[0]
        #expect(county.eligible == 13 && county.certified == 4)
        #expect(county.gap == 3) // 50% of 13 is 6.5: seven schools are needed
        #expect(county.gapText == "还差 3 所学校")
        #expect(county.met == false)
        #expect(county.binding)
        let town = entries[1]
        #expect(town.met == true && town.gap == 0 && !town.binding)
        #expect(entries[2].met == nil) // 天峰坪镇 registered no school
        #expect(entries[2].percent == nil)
    }

    @Test func exactShareIsMet() {
        let plan = Self.plan([CellTarget(cell: "community", atLeastPercent: 20)])
        let entries = CoverageCalculator.entries(plan: plan, place: Self.county, townships: [], counts: [
            Self.count(Self.county, "community", eligible: 10, certified: 2)])
        #expect(entries.count == 1)
        #expect(entries[0].met == true && entries[0].percent == 20)
    }

    @Test func perTownshipCountsBindEveryTownship() {
        let plan = Self.plan([CellTarget(cell: "family", atLeastCount: 10, per: .township)])
        let entries = CoverageCalculator.entries(plan: plan, place: Self.county, townships: [Self.town, Self.otherTown], counts: [
            Self.count(Self.county, "family", eligible: 500, certified: 17),
            Self.count(Self.town, "family", eligible: 300, certified: 12),
            Self.count(Self.otherTown, "family", eligible: 200, certified: 5),
        ])
        #expect(entries.map(\.region) == ["偏关县", "新关镇", "天峰坪镇"])
        #expect(entries.map(\.met) == [false, true, false])
        #expect(entries.map(\.gap) == [5, 0, 5])
        #expect(entries[0].gapText == "1 个乡镇未达标，共还差 5 户")
        #expect(entries[0].target == "每个乡镇≥10户")
    }

    @Test func registerFeedsCoverageIndicatorsOnlyWhereItHoldsPlaces() {
        let plan = Self.plan([CellTarget(cell: "community", atLeastPercent: 20), CellTarget(cell: "trail", atLeastCount: 1, label: "健康步道")])
        let indicators = ProgrammeIndicators(plan: plan, currentYear: 2026)
        let entries = CoverageCalculator.entries(plan: plan, place: Self.county, townships: [Self.town], counts: [
            Self.count(Self.county, "community", eligible: 40, certified: 10), Self.count(Self.town, "community", eligible: 0, certified: 0),
            Self.count(Self.county, "trail", eligible: 2, certified: 1)], extraTypes: ["trail": "健康步道"])
        let values = CoverageCalculator.indicatorValues(entries, indicators: indicators)
        #expect(values["HC18"] == [Self.county.id: 25])
        #expect(values["CELLS-TRAIL"] == [Self.county.id: 1])
    }
}

extension Result {
    var failure: Failure? { if case .failure(let f) = self { f } else { nil } }
}
