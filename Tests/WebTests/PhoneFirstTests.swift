import Core
import Domain
import Foundation
import Persistence
import Testing
import TestSupport
import VaporTesting
@testable import Web

/// Issue 18, phone-first: chart labels readable at 390 px, the coverage matrix as township cards, batch scoring by
/// card with half-filled cards refused, indicator entry saved a section at a time, and files kept after a refusal.
@Suite struct PhoneFirstTests {
    static let plan = CellWebTests.plan
    static let cells = CellWebTests.base
    static let indicators = IndicatorPageTests.base

    // MARK: Charts

    /// The width a chart is drawn at on a 390 px phone: the page's 16 px padding and a card's 16 px padding and
    /// 1 px border on each side.
    static let phoneChartWidth = 390.0 - 2 * 16 - 2 * 17

    /// Every label's size in CSS px when the SVG is drawn `width` px wide: its font size scaled by width ÷ the
    /// viewBox's width (no viewBox: user units are px). A label without a font size of its own takes the root's.
    static func labelSizes(_ svg: String, width: Double) throws -> [Double] {
        func attribute(_ name: String, in tag: Substring) -> String? {
            guard let start = tag.range(of: " \(name)=\"") else { return nil }
            let rest = tag[start.upperBound...]
            return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
        }
        let rootEnd = try #require(svg.firstIndex(of: ">"))
        let root = svg[..<rootEnd]
        let rootFont = attribute("font-size", in: root).flatMap(Double.init) ?? 16
        var scale = 1.0
        if let box = attribute("viewBox", in: root) {
            let viewBoxWidth = try #require(box.split(separator: " ").dropFirst(2).first.flatMap { Double($0) })
            scale = width / viewBoxWidth
        }
        var sizes: [Double] = []
        var rest = svg[...]
        while let open = rest.range(of: "<text") {
            let end = try #require(rest[open.upperBound...].firstIndex(of: ">"))
            let tag = rest[open.lowerBound..<end]
            sizes.append((attribute("font-size", in: tag).flatMap(Double.init) ?? rootFont) * scale)
            rest = rest[end...]
        }
        return sizes
    }

    @Test func everyChartKindHasLabelsOfAtLeastTwelvePixelsAtPhoneWidth() throws {
        let bars = BarChart(title: "各单位承担任务数", bars: (1...15).map {
            BarChart.Bar(label: "县卫生健康和体育局第\($0)科室", value: Double($0), valueLabel: "\($0) 项 · 无联络员")
        }, maximum: nil, reference: (value: 7, label: "时间过半"))
        let phases = (0..<5).map { i in
            Phase(name: "第\(i + 1)阶段：宣传发动与组织实施", start: LocalDate(year: 2021 + i, month: 3, day: 1)!,
                  end: LocalDate(year: 2022 + i, month: 2, day: 28)!)
        }
        let timeline = PhaseTimeline(phases: phases, today: LocalDate(year: 2023, month: 6, day: 1))
        let charts: [(String, String)] = [("bar chart", bars.svg()), ("phase timeline", timeline.svg())]
        for (kind, svg) in charts {
            let sizes = try Self.labelSizes(svg, width: Self.phoneChartWidth)
            #expect(sizes.count > 5, "\(kind) has labels")
            #expect(sizes.allSatisfy { $0 >= 12 }, "\(kind): smallest label \(sizes.min() ?? 0) px at 390 px")
            // Labels are placed across by percentages, so they stay inside whatever width the chart gets.
            #expect(!svg.contains("viewBox") && svg.contains("%\""), "\(kind) redraws for the width it is given")
        }
        // The old drawing (720 units across, 13 units text) would read 5.9 px: the measure can fail.
        let old = "<svg viewBox=\"0 0 720 100\" font-size=\"13\"><text x=\"1\">标签</text></svg>"
        let oldSizes = try Self.labelSizes(old, width: Self.phoneChartWidth)
        #expect(oldSizes.count == 1 && abs(oldSizes[0] - 5.85) < 0.01)
        // The sparkline has no labels: its years and values are its accessible name.
        let spark = Sparkline(points: [(2021, 1), (2022, 2), (2023, 3)], level: 2).svg()
        #expect(try Self.labelSizes(spark, width: 120).isEmpty && spark.contains("aria-label=\"2021年"))
    }

    // MARK: Coverage

    @Test func theCoverageMatrixAlsoComesAsOneCardPerTownship() async throws {
        try await withTestSite(plans: [Self.plan]) { site in
            let office = try await site.browser("office")
            _ = try await CellWebTests.upload(CellWebTests.registerCSV, site: site, as: office)
            let board = try await site.page(Self.cells, as: office)
            let cards = try #require(board.range(of: "class=\"cov-cards\"").map { board[$0.lowerBound...] })
            for township in ["新关镇", "天峰坪镇"] {
                #expect(cards.contains("<h3><a href=\"\(SiteURL.cellTownship(plan: Self.plan, region: site.regions[township]!).path)\">\(township)</a></h3>"))
            }
            // Healthy families in 新关镇: 2 applied, none named, against 10 per township.
            #expect(cards.contains("0/2 · 差 10"))
            #expect(board.contains("class=\"scroll cov-matrix-wrap\""))
            let css = try await site.get(SiteURL.stylesheet.path, as: office).body.string
            let phone = try #require(css.range(of: "/* H4").map { css[$0.lowerBound...] })
            #expect(phone.contains(".cov-matrix-wrap { display:none; }") && phone.contains(".cov-cards { display:grid; }"))
        }
    }

    // MARK: Batch scoring

    @Test func batchScoringIsACardPerPlaceAndAHalfFilledCardIsRefused() async throws {
        try await withTestSite(plans: [Self.plan]) { site in
            let office = try await site.browser("office")
            _ = try await CellWebTests.upload(CellWebTests.registerCSV, site: site, as: office)
            let township = try await site.browser("township")
            let sheet = try #require(site.app.scoreSheets?.sheet(forCell: "family"))
            let form = try await site.page("\(Self.cells)/batch", as: township)
            let first = try #require(sheet.allItems.first { !$0.isPassFail && !$0.isCounted })
            // Item names on screen, 满分 and 一票否决 beside them, boxes empty with a range as the hint.
            #expect(form.contains("data-place-card=\"张某\"") && form.contains("data-place-card=\"李某\""))
            #expect(form.contains("<span class=\"item-name\">\(first.title) <span class=\"code\">\(first.id)</span>"))
            #expect(form.contains("满分 \(points(first.points)) 分"))
            if sheet.allItems.contains(where: { $0.kind == .veto }) { #expect(form.contains("一票否决")) }
            #expect(form.contains("placeholder=\"0–\(points(first.points))\"") && !form.contains("value=\"\(points(first.points))\""))
            #expect(form.contains("data-total") && form.contains("全部满分"))

            let store = FluentCellStore(database: site.app.db)
            let families = try await store.places(CellQuery(cell: "family", regionIDs: [site.regions["东关村"]!])).places
            let zhang = try #require(families.first { $0.name == "张某" })
            let li = try #require(families.first { $0.name == "李某" })
            var fields: [(String, String)] = [("region", site.regions["新关镇"]!.uuidString), ("type", "family")]
            fields += CellWebTests.fullMarks(sheet, prefix: "\(zhang.id.uuidString.lowercased()).")
            // One box typed for 李某: refused naming him and his empty items; 张某's whole card is not saved either.
            let half = fields + [("\(li.id.uuidString.lowercased()).points.\(first.id)", "6")]
            let refused = try await site.postMultipart("\(Self.cells)/batch", fields: half, as: township)
            #expect(refused.status == .unprocessableEntity)
            let body = refused.body.string
            #expect(body.contains("「李某」还有 \(sheet.allItems.count - 1) 项未填"))
            let second = try #require(sheet.allItems.first { $0.id != first.id })
            #expect(body.contains(second.title) && !body.contains("已评 6 分"))
            #expect(try await site.rowCount("cell_assessments") == 0)
            // Filled in whole, it is saved with 张某's.
            let whole = fields + CellWebTests.fullMarks(sheet, prefix: "\(li.id.uuidString.lowercased()).")
            let saved = try await site.postMultipart("\(Self.cells)/batch", fields: whole, as: township)
            #expect(saved.status == .ok && saved.body.string.contains("已保存 2 份评分"), "\(saved.body.string.prefix(400))")
        }
    }

    // MARK: Indicator entry

    /// The entry page's sections: each form's `section` value and the indicator codes it carries.
    static func sections(_ html: String) -> [(key: String, codes: [String])] {
        html.components(separatedBy: "<section class=\"card entry-section\"").dropFirst().compactMap { part in
            guard let key = part.firstMatch(of: #/name="section" value="([^"]*)"/#).map({ String($0.1) }) else { return nil }
            let codes = part.matches(of: #/name="value\.([^"]+)"/#).map { String($0.1) }
            return (key, codes)
        }
    }

    @Test func savingOneSectionOfTheEntryFormLeavesTheOthersUntouched() async throws {
        try await withTestSite(plans: [Self.plan]) { site in
            let office = try await site.browser("office")
            let page = try await site.page("\(Self.indicators)/entry?period=2023&region=\(site.placeID)", as: office)
            let sections = Self.sections(page)
            try #require(sections.count >= 2, "the form comes in sections")
            #expect(page.components(separatedBy: "提交本部分审核").count - 1 == sections.count, "each section has its own buttons")
            let (a, b) = (sections[0], sections[1])
            let codeA = try #require(a.codes.first), codeB = try #require(b.codes.first)
            let placeFields = [("unit", ""), ("period", "2023"), ("region", site.placeID)]
            let first = try await site.postMultipart("\(Self.indicators)/entry",
                                                     fields: placeFields + [("section", b.key), ("action", "save"), ("value.\(codeB)", "1")],
                                                     as: office)
            #expect(first.status == .ok && first.body.string.contains("「\(b.key)」部分已保存草稿：1 项"), "\(first.body.string.prefix(300))")
            let before = try await site.observation(codeB)
            // Section A's form sent with a stray value for section B's indicator: only A's figure is written.
            let second = try await site.postMultipart("\(Self.indicators)/entry",
                                                      fields: placeFields + [("section", a.key), ("action", "submit"), ("value.\(codeA)", "2"),
                                                                             ("value.\(codeB)", "99")], as: office)
            #expect(second.status == .ok, "\(second.body.string.prefix(300))")
            #expect(try await site.observation(codeB) == before)
            #expect(try await site.observation(codeA).state == .submitted)
            // A section that is not on the form saves nothing.
            let unknown = try await site.postMultipart("\(Self.indicators)/entry",
                                                       fields: placeFields + [("section", "不存在"), ("action", "save"), ("value.\(codeA)", "3")],
                                                       as: office)
            #expect(unknown.status == .unprocessableEntity && unknown.body.string.contains("没有「不存在」这一部分"))
        }
    }

    // MARK: Files kept after a refusal

    @Test func aFileChosenBeforeARefusedSaveIsKeptAndSavedLater() async throws {
        try await withTestSite(plans: [Self.plan]) { site in
            let liaison = try await site.browser("liaison")
            let gif = Data("GIF89a".utf8) + Data(repeating: 7, count: 40)
            let fields = [("period", "2023"), ("region", site.placeID), ("action", "save")]
            let refused = try await site.postMultipart("\(Self.indicators)/entry", fields: fields + [("value.HC38", "abc")],
                                                       files: [("evidence.HC38", "调查报告.gif", gif)], as: liaison)
            #expect(refused.status == .unprocessableEntity)
            let body = refused.body.string
            #expect(body.contains("已选文件：调查报告.gif（保留）"))
            #expect(try await site.observations().isEmpty)
            let token = try #require(body.firstMatch(of: #/name="kept\.HC38" value="([^"]+)"/#).map { String($0.1) })
            // Someone else cannot use the token, and a token altered is refused; neither saves anything.
            let other = try await site.browser("office")
            let stolen = try await site.postMultipart("\(Self.indicators)/entry",
                                                      fields: fields + [("unit", ""), ("value.HC38", "30"), ("kept.HC38", token)],
                                                      as: other)
            #expect(stolen.status == .unprocessableEntity && stolen.body.string.contains("之前选择的附件已失效"))
            #expect(try await site.observations().isEmpty)
            // Sent again with the token and no new file: the figure is saved with the kept file.
            let saved = try await site.postMultipart("\(Self.indicators)/entry", fields: fields + [("value.HC38", "30"), ("kept.HC38", token)],
                                                     as: liaison)
            #expect(saved.status == .ok, "\(saved.body.string.prefix(400))")
            let evidence = try #require(try await site.observation("HC38").evidence)
            #expect(evidence.fileName == "调查报告.gif" && evidence.size == gif.count)
        }
    }

    @Test func aMonthlyReportRefusedForItsTextKeepsItsFiles() async throws {
        try await withTestSite(plans: [Self.plan]) { site in
            let liaison = try await site.browser("liaison")
            site.app.clock = { ISO8601DateFormatter().date(from: "2023-06-20T10:00:00+08:00")! }
            let report = "/plans/\(Self.plan)/reports/县卫体局/2023-06"
            let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + Data(repeating: 3, count: 24)
            // Submitted without the work done: refused, and the photo is kept and named.
            let refused = try await site.postMultipart(report, fields: [("workDone", ""), ("action", "submit"), ("revision", "0")],
                                                       files: [("attachments", "现场照片.png", png)], as: liaison)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("请填写本月工作完成情况") && refused.body.string.contains("已选文件：现场照片.png（保留）"))
            let kept = try #require(refused.body.string.firstMatch(of: #/name="(kept\.[0-9a-f]{64})" value="([^"]+)"/#))
            let saved = try await site.postMultipart(report, fields: [("workDone", "开展了健康讲座"), ("action", "submit"), ("revision", "0"),
                                                                      (String(kept.1), String(kept.2))], as: liaison)
            #expect(saved.status == .seeOther, "\(saved.body.string.prefix(400))")
            let stored = try await FluentRunningStore(database: site.app.db).records(MonthlyReport.self, planID: Self.plan)
            #expect(stored.map { $0.value.attachments.map(\.fileName) } == [["现场照片.png"]])
        }
    }

    @Test func anAssessmentRefusedForItsDateKeepsItsFiles() async throws {
        try await withTestSite(plans: [Self.plan]) { site in
            let office = try await site.browser("office")
            _ = try await CellWebTests.upload(CellWebTests.registerCSV, site: site, as: office)
            let store = FluentCellStore(database: site.app.db)
            let school = try #require(try await store.places(CellQuery(text: "新关中学")).places.first)
            let assessor = try await site.browser("assessor")
            let sheet = try #require(site.app.scoreSheets?.sheet(forCell: "school"))
            let pdf = Data("%PDF-1.4 现场照片".utf8)
            let path = SiteURL.cellAssess(plan: Self.plan, id: school.id).path
            let refused = try await site.postMultipart(path, fields: CellWebTests.fullMarks(sheet) + [("assessedOn", "明天")],
                                                       files: [("evidence", "现场记录.pdf", pdf)], as: assessor)
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("已选文件：现场记录.pdf（保留）"))
            let token = try #require(refused.body.string.firstMatch(of: #/name="kept" value="([^"]+)"/#).map { String($0.1) })
            let saved = try await site.postMultipart(path, fields: CellWebTests.fullMarks(sheet) + [("kept", token)], as: assessor)
            #expect(saved.status == .seeOther, "\(saved.body.string.prefix(400))")
            let assessment = try #require(try await store.assessments(placeID: school.id).first)
            #expect(assessment.evidence[""]?.map(\.fileName) == ["现场记录.pdf"])
        }
    }
}
