import Core
import Domain
import Foundation
import NIOCore
import Persistence
import SQLKit
import Testing
import TestSupport
import VaporTesting
@testable import Web

/// 指标与目标 in the web application: the board, import, entry, review, evidence, reference values,
/// settings, the workbook, the composite index and the API.
@Suite struct IndicatorPageTests {
    static let plan = "pianguan-2023"
    static let base = "/plans/pianguan-2023/indicators"

    /// Figures for 偏关县 and its two townships in 2023, and a provincial reference for HC38.
    static let goodCSV = """
    region,indicator,period,value
    偏关县,HC40,2023,35
    偏关县,HC38,2023,30
    全省,HC38,2023,24
    140932100,CELLS-FAMILY,2023,12
    天峰坪镇,CELLS-FAMILY,2023,8
    偏关县,HC39,2023,22
    """

    @Test(arguments: TestEngine.available)
    func theBoardShowsVerdictsWithReasonsAfterAnImport(engine: TestEngine) async throws {
        try await withTestSite(engine, plans: [Self.plan, "longnan-2024"]) { site in
            let office = try await site.browser("office")
            let form = try await site.page("\(Self.base)/import", as: office)
            #expect(form.contains("enctype=\"multipart/form-data\"") && form.contains(office.csrf))

            let imported = try await site.importTable(Self.goodCSV, as: office)
            #expect(imported.status == .ok, "\(imported.body.string.prefix(500))")
            #expect(imported.body.string.contains("已导入「data.csv」：新增 5 条，更新 0 条，参考值 1 条"))
            #expect(try await site.observations().count == 5)
            #expect(try await site.observations().allSatisfy { $0.state == .submitted && $0.updatedBy == "测试创建办" })

            let html = try await site.page("\(Self.base)?year=2023", as: office)
            #expect(html.contains("2023年 35% &gt; 目标 32%"), "HC40 met, with its reason")
            #expect(html.contains("2023年 30% ≥ 全省 24% × 1.2 = 28.8%"), "HC38 against the provincial reference")
            #expect(html.contains("缺 2023 年全省参考值"), "HC39 has no provincial figure")
            #expect(html.contains("2023年 12户 ≥ 目标 10户") && html.contains("2023年 8户 &lt; 目标 10户"),
                    "the per-township target is judged in each township")
            #expect(html.contains("<span class=\"verdict met\">达标</span>"))
            #expect(html.contains("<span class=\"verdict not_met\">未达标</span>"))
            #expect(html.contains("<span class=\"verdict no_data\">缺数据</span>"))
            #expect(html.contains("审核（5 条待审）"))

            // One indicator across regions and years, by code or any case of it.
            let indicator = try await site.page("\(Self.base)/hc38", as: try await site.browser("leader"))
            #expect(indicator.contains("<h1>居民健康素养水平</h1>") && indicator.contains("全省（参考）"))
            #expect(indicator.contains("判定所用数据</dt><dd>填报数据：采用县卫体局填报、未被退回的数据"), "the source is said")
            #expect(try await site.get("\(Self.base)/HC99", as: office).status == .notFound)
            let hc38 = try await site.observation("HC38")
            #expect(try await site.get(SiteURL.observation(plan: "longnan-2024", id: hc38.id).path,
                                       as: try await site.browser("admin")).status == .notFound,
                    "a figure is reached only through its own programme")

            // The same verdicts through the API, region by region.
            let entries = try await site.evaluation(as: office)
            let family = entries.filter { $0["indicator"] as? String == "CELLS-FAMILY" && $0["target"] as? String == ">= 10" }
            #expect(Set(family.map { "\($0["region"]!)=\($0["verdict"]!)" }) == ["新关镇=met", "天峰坪镇=not_met"])
        }
    }

    @Test(arguments: TestEngine.available)
    func aBadTableIsRefusedWithRowAndColumnAndChangesNothing(engine: TestEngine) async throws {
        try await withTestSite(engine, plans: [Self.plan]) { site in
            let office = try await site.browser("office")
            let csv = """
            region,indicator,period,value
            某某乡,HC38,2023,30
            偏关县,HC40,2023,三十
            偏关县,HC38,2023,120
            全省,HC38,2023,24
            偏关县,HC3,2023,99
            """
            let res = try await site.importTable(csv, fileName: "bad.csv", as: office)
            #expect(res.status == .unprocessableEntity)
            let html = res.body.string
            #expect(html.contains("未导入任何数据，请更正以下 3 处后重新上传"), "\(html.prefix(3000))")
            #expect(html.contains("bad.csv:2:1: region: 本方案没有地区「某某乡」"))
            #expect(html.contains("bad.csv:3:4: value: 「三十」不是数字"))
            #expect(html.contains("bad.csv:4:4: value: 「居民健康素养水平」是比例，不能超过 100%（现为 120%）"))
            #expect(try await site.observations().isEmpty)
            #expect(try await site.indicatorStore.references(planID: Self.plan) == ReferenceValue.national,
                    "the good reference row was not kept either")

            let empty = try await site.importTable("region,indicator,period,value\n", as: office)
            #expect(empty.status == .unprocessableEntity && empty.body.string.contains("没有数据行"))
            let noFile = try await site.postMultipart("\(Self.base)/import", fields: [("submit", "submitted")],
                                                      files: [("file", "", Data())], as: office)
            #expect(noFile.status == .badRequest && noFile.body.string.contains("请选择 CSV 或 xlsx 文件"))
        }
    }

    @Test(arguments: TestEngine.available)
    func aLiaisonEntersOnlyItsUnitsIndicatorsAndSubmits(engine: TestEngine) async throws {
        try await withTestSite(engine, plans: [Self.plan]) { site in
            let liaison = try await site.browser("liaison")
            // Asking for another unit changes nothing: a liaison always gets its own.
            let html = try await site.page("\(Self.base)/entry?unit=%E5%8E%BF%E8%B4%A2%E6%94%BF%E5%B1%80", as: liaison)
            #expect(html.contains("县卫体局 · 偏关县 · 2023年"))
            #expect(html.contains("name=\"value.HC38\"") && html.contains("name=\"value.HC40\""), "health and sport indicators")
            #expect(!html.contains("name=\"value.HC1\""), "air quality belongs to the environment bureau")
            #expect(!html.contains("name=\"value.AWARENESS\""))
            #expect(!html.contains("name=\"unit\"><option"), "no unit choice for a liaison")

            let res = try await site.entry(["value.HC38": "30", "numerator.HC40": "350", "denominator.HC40": "1000",
                                            "value.HC1": "80"], action: "submit", as: liaison)
            #expect(res.status == .ok, "\(res.body.string.prefix(800))")
            #expect(res.body.string.contains("已提交审核：2 项"))
            let stored = try await site.observations()
            #expect(stored.map(\.indicator).sorted() == ["HC38", "HC40"], "a figure for another unit's indicator is ignored")
            #expect(stored.allSatisfy { $0.state == .submitted && $0.sourceUnit == "县卫体局" && $0.updatedBy == "测试单位联络员" })
            #expect(stored.first { $0.indicator == "HC40" }.map { [$0.value, $0.numerator, $0.denominator] } == [35, 350, 1000])

            // A bad figure refuses the whole form, with the row's message and the typed values kept.
            let bad = try await site.entry(["value.HC38": "abc", "value.HC40": "36"], action: "save", as: liaison)
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("数值「abc」不是数字") && bad.body.string.contains("有 1 项需要更正，全部未保存"))
            #expect(bad.body.string.contains("value=\"abc\""))
            #expect(try await site.observations().first { $0.indicator == "HC40" }?.value == 35)
            let nothing = try await site.entry([:], action: "save", as: liaison)
            #expect(nothing.status == .unprocessableEntity && nothing.body.string.contains("没有填写任何数值"))
            #expect(try await site.entry(["value.HC38": "31"], action: "approve", as: liaison).status == .forbidden)
        }
    }

    @Test func othersCannotReachTheOfficesPages() async throws {
        try await withTestSite(plans: [Self.plan]) { site in
            let liaison = try await site.browser("liaison")
            for path in ["review", "import", "settings"] {
                let res = try await site.get("\(Self.base)/\(path)", as: liaison)
                #expect(res.status == .forbidden, "\(path)")
                #expect(res.body.string.contains("无权"), "\(path)")
            }
            #expect(try await site.post("\(Self.base)/review", ["action": "approve"], as: liaison).status == .forbidden)
            #expect(try await site.post("\(Self.base)/settings", ["baselineYear": "2021"], as: liaison).status == .forbidden)
            #expect(try await site.post("\(Self.base)/references", ["indicator": "HC38", "kind": "province", "year": "2023",
                                                                    "value": "25"], as: liaison).status == .forbidden)
            #expect(try await site.importTable(Self.goodCSV, as: liaison).status == .forbidden)
            // Who may enter figures at all: not the township officer, the assessor, the leader or the province.
            for role in ["township", "assessor", "leader", "province"] {
                let browser = try await site.browser(role)
                #expect(try await site.get("\(Self.base)/entry", as: browser).status == .forbidden, "\(role)")
                #expect(try await site.entry(["value.HC38": "30"], action: "submit", as: browser).status == .forbidden, "\(role)")
                #expect(try await site.get(Self.base, as: browser).status == .ok, "\(role) reads the board")
            }
            #expect(try await site.observations().isEmpty)
            #expect(try await site.indicatorStore.settings(planID: Self.plan) == ProgrammeSettings())
            // The board offers the office's pages only to the office.
            #expect(!(try await site.get(Self.base, as: liaison).body.string.contains("/indicators/review")))
            #expect(try await site.get(Self.base, as: try await site.browser("office")).body.string.contains("/indicators/review"))
        }
    }

    @Test(arguments: TestEngine.available)
    func theOfficeApprovesAndReturnsWithAReason(engine: TestEngine) async throws {
        try await withTestSite(engine, plans: [Self.plan]) { site in
            let liaison = try await site.browser("liaison")
            let office = try await site.browser("office")
            _ = try await site.entry(["value.HC38": "30", "value.HC40": "35"], action: "submit", as: liaison)
            let hc38 = try await site.observation("HC38")
            let hc40 = try await site.observation("HC40")

            let list = try await site.get("\(Self.base)/review", as: office)
            #expect(list.body.string.contains(hc38.id.uuidString) && list.body.string.contains(hc40.id.uuidString))

            let noReason = try await site.post("\(Self.base)/review", ["ids[]": hc38.id.uuidString, "action": "return", "note": " "],
                                               as: office)
            #expect(noReason.body.string.contains("退回时请写明原因"))
            #expect(try await site.observation("HC38").state == .submitted)

            let returned = try await site.post("\(Self.base)/review", ["ids[]": hc38.id.uuidString, "action": "return",
                                                                       "note": "请附调查报告"], as: office)
            #expect(returned.body.string.contains("已退回 1 条"))
            #expect(try await site.observation("HC38").state == .returned)
            let approved = try await site.post("\(Self.base)/review", ["ids[]": hc40.id.uuidString, "action": "approve"], as: office)
            #expect(approved.body.string.contains("已审核通过 1 条") && approved.body.string.contains("没有待审核的数据"))
            #expect(try await site.observation("HC40").state == .approved)
            let again = try await site.post("\(Self.base)/review", ["ids[]": hc40.id.uuidString, "action": "approve"], as: office)
            #expect(again.body.string.contains("已不在待审核状态"))

            // The observation page: its history, and the liaison resubmits what was returned.
            let page = try await site.page(SiteURL.observation(plan: Self.plan, id: hc38.id).path, as: liaison)
            #expect(page.contains("请附调查报告") && page.contains("退回") && page.contains("提交审核"))
            #expect(try await site.post(SiteURL.observation(plan: Self.plan, id: hc38.id).path, ["action": "approve"],
                                        as: liaison).status == .forbidden)
            let resubmitted = try await site.post(SiteURL.observation(plan: Self.plan, id: hc38.id).path, ["action": "submit"],
                                                  as: liaison)
            #expect(resubmitted.status == .ok && resubmitted.body.string.contains("已提交"))
            #expect(try await site.observation("HC38").state == .submitted)

            // Reopening an approved figure needs a reason too.
            let hc40Path = SiteURL.observation(plan: Self.plan, id: hc40.id).path
            #expect(try await site.post(hc40Path, ["action": "reopen"], as: office).status == .unprocessableEntity)
            #expect(try await site.observation("HC40").state == .approved)
            let reopened = try await site.post(hc40Path, ["action": "reopen", "note": "口径调整"], as: office)
            #expect(reopened.status == .ok && reopened.body.string.contains("已解锁"))
            #expect(try await site.observation("HC40").state == .returned)
            #expect(try await site.post(hc40Path, ["action": "reopen", "note": "再来"], as: office).status == .conflict,
                    "only an approved figure is reopened")
            let history = try await site.indicatorStore.history(observationID: hc40.id)
            #expect(history.map(\.action) == [.created, .approved, .reopened])
            #expect(history.last?.note == "口径调整" && history.last?.actor == "测试创建办")
        }
    }

    @Test(arguments: TestEngine.available)
    func anApprovedFigureIsLockedOnTheEntryForm(engine: TestEngine) async throws {
        try await withTestSite(engine, plans: [Self.plan]) { site in
            let office = try await site.browser("office")
            let liaison = try await site.browser("liaison")
            let saved = try await site.entry(["value.HC38": "30"], action: "approve", unit: "县卫体局", as: office)
            #expect(saved.body.string.contains("已保存并审核通过：1 项"))
            #expect(try await site.observation("HC38").state == .approved)

            let form = try await site.page("\(Self.base)/entry?period=2023&region=\(site.placeID)", as: liaison)
            // Inputs are labelled by the indicator's name, not its code.
            #expect(form.contains(#/<input type="text" name="value\.HC38" inputmode="decimal" aria-label="[^"A-Z]+ 数值" disabled="disabled"/>/#))
            #expect(form.contains(#/<input type="text" name="value\.HC39" inputmode="decimal" aria-label="[^"A-Z]+ 数值"/>/#),
                    "other figures stay open")
            #expect(!form.contains("name=\"evidence.HC38\""))
            #expect(form.contains("已锁定"))

            let refused = try await site.entry(["value.HC38": "31"], action: "submit", as: liaison)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("已审核锁定，不能修改"))
            #expect(try await site.observation("HC38").value == 30)
            // Nor does an import change it.
            let imported = try await site.importTable("region,indicator,period,value\n偏关县,HC38,2023,31\n", as: office)
            #expect(imported.status == .unprocessableEntity && imported.body.string.contains("已审核锁定"))
            #expect(try await site.observation("HC38").revision == 1)
        }
    }

    @Test(arguments: TestEngine.available)
    func evidenceIsUploadedWithAFigureAndDownloadedAsAnAttachment(engine: TestEngine) async throws {
        try await withTestSite(engine, plans: [Self.plan]) { site in
            let liaison = try await site.browser("liaison")
            // A page is not evidence: checked by its content like every other evidence file, refused, nothing saved.
            let page = Data("<html><script>alert(1)</script>调查报告</html>".utf8)
            let html = try await site.postMultipart("\(Self.base)/entry",
                                                    fields: [("period", "2023"), ("region", site.placeID), ("value.HC38", "30"),
                                                             ("action", "save")],
                                                    files: [("evidence.HC38", "调查报告.html", page)], as: liaison)
            #expect(html.status == .unprocessableEntity && html.body.string.contains("不是照片"))
            #expect(try await site.observations().isEmpty)
            // A picture sent under a page's name is kept under a picture's name.
            let file = Data("GIF89a".utf8) + Data(repeating: 1, count: 32)
            let res = try await site.postMultipart("\(Self.base)/entry",
                                                   fields: [("period", "2023"), ("region", site.placeID), ("value.HC38", "30"),
                                                            ("action", "save")],
                                                   files: [("evidence.HC38", "调查报告.html", file)], as: liaison)
            #expect(res.status == .ok, "\(res.body.string.prefix(500))")
            let hc38 = try await site.observation("HC38")
            let evidence = try #require(hc38.evidence)
            #expect(evidence.fileName == "调查报告.gif" && evidence.size == file.count && evidence.sha256.count == 64)

            let figurePage = try await site.page(SiteURL.observation(plan: Self.plan, id: hc38.id).path, as: liaison)
            #expect(figurePage.contains("href=\"\(SiteURL.observationEvidence(plan: Self.plan, id: hc38.id).path)\""))
            for role in ["liaison", "office", "leader"] {
                let download = try await site.get(SiteURL.observationEvidence(plan: Self.plan, id: hc38.id).path,
                                                  as: try await site.browser(role))
                #expect(download.status == .ok, "\(role)")
                #expect(Data(download.body.readableBytesView) == file)
                let disposition = try #require(download.headers.first(name: .contentDisposition))
                #expect(disposition.hasPrefix("attachment") && disposition.removingPercentEncoding?.contains("filename*=UTF-8''调查报告.gif") == true,
                        "\(disposition)")
                #expect(download.headers.contentType == .gif, "the type the bytes are, as a download")
            }

            // The same file again for another figure is stored once.
            _ = try await site.postMultipart("\(Self.base)/entry",
                                             fields: [("period", "2023"), ("region", site.placeID), ("value.HC40", "35"),
                                                      ("action", "save")],
                                             files: [("evidence.HC40", "copy.gif", file)], as: liaison)
            #expect(try await site.observation("HC40").evidence?.sha256 == evidence.sha256)
            #expect(try await site.rowCount("evidence_files") == 1)

            // A file without a figure is refused; a figure without a file has nothing to download.
            let orphan = try await site.postMultipart("\(Self.base)/entry", fields: [("period", "2023"), ("region", site.placeID),
                                                                                     ("action", "save")],
                                                      files: [("evidence.HC39", "x.pdf", Data("%PDF-1.4".utf8))], as: liaison)
            #expect(orphan.status == .unprocessableEntity && orphan.body.string.contains("填写了说明或附件，但没有填写数值"))
            _ = try await site.entry(["value.HC39": "22"], action: "save", as: liaison)
            #expect(try await site.get(SiteURL.observationEvidence(plan: Self.plan, id: try await site.observation("HC39").id).path,
                                       as: liaison).status == .notFound)
        }
    }

    /// A running server streams the body: the form's token is checked before the route collects it, and a file
    /// up to the 20 MB the form allows must get through that check, and be read in one pass (reading the body
    /// again for each of the form's fields took minutes).
    @Test(.timeLimit(.minutes(8))) func evidenceOfSeventeenMegabytesReachesARunningServer() async throws {
        try await withTestSite(plans: [Self.plan]) { site in
            let office = try await site.browser("office")
            let file = Data("%PDF-1.4\n".utf8) + Data(repeating: 0x25, count: (17 << 20) - 9)
            // A server of its own and a client that waits as long as the upload takes: the testing client gives up
            // after 30 s, and a busy machine can take longer to read 17 MB in a debug build.
            let port = Int.random(in: 20_000..<60_000)
            try await site.app.server.start(address: .hostname("127.0.0.1", port: port))
            let boundary = "----evidence"
            var body = ByteBuffer()
            for (name, value) in [("csrf", office.csrf), ("unit", ""), ("period", "2023"), ("region", site.placeID),
                                  ("value.HC38", "30"), ("action", "save")] {
                body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
            }
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"evidence.HC38\"; filename=\"survey.pdf\"\r\n"
                             + "Content-Type: application/pdf\r\n\r\n")
            body.writeBytes(file)
            body.writeString("\r\n--\(boundary)--\r\n")
            let upload = body
            let res = try await site.app.client.post(URI(string: "http://127.0.0.1:\(port)\(Self.base)/entry")) { request in
                request.headers.contentType = HTTPMediaType(type: "multipart", subType: "form-data", parameters: ["boundary": boundary])
                request.headers.add(name: .cookie, value: "\(Cookies.session)=\(office.cookie)")
                request.body = upload
                request.timeout = .minutes(5)
            }
            await site.app.server.shutdown()
            #expect(res.status == .ok, "\(res.body.map { String(buffer: $0) }?.prefix(300) ?? "")")
            #expect(try await site.observation("HC38").evidence?.size == file.count)
        }
    }

    @Test(arguments: TestEngine.available)
    func theOfficeKeepsReferenceValues(engine: TestEngine) async throws {
        try await withTestSite(engine, plans: [Self.plan]) { site in
            let office = try await site.browser("office")
            let page = try await site.page("\(Self.base)/references", as: office)
            #expect(page.contains("国家卫生健康委发布的全国监测结果") && page.contains("录入参考值"))
            #expect(!(try await site.page("\(Self.base)/references", as: try await site.browser("leader"))
                .contains("录入参考值")), "others only read them")

            let saved = try await site.post("\(Self.base)/references", ["indicator": "HC38", "kind": "province", "year": "2023",
                                                                        "value": "24", "source": "山西省卫健委公报"], as: office)
            #expect(saved.status == .seeOther)
            #expect(saved.headers.first(name: .location) == "\(Self.base)/references")
            let stored = try await site.indicatorStore.references(planID: Self.plan)
            #expect(stored.contains(ReferenceValue(indicator: "HC38", kind: .province, year: 2023, value: 24, source: "山西省卫健委公报")))
            #expect(try await site.get("\(Self.base)/references", as: office).body.string.contains("山西省卫健委公报"))

            // The verdict uses it at once.
            _ = try await site.importTable("region,indicator,period,value\n偏关县,HC38,2023,30\n", as: office)
            let hc38 = try await site.evaluation(as: office).first { $0["indicator"] as? String == "HC38" }
            #expect(hc38?["verdict"] as? String == "met")

            let bad = try await site.post("\(Self.base)/references", ["indicator": "HC99", "kind": "moon", "year": "20x",
                                                                      "value": "很多"], as: office)
            #expect(bad.status == .unprocessableEntity)
            for message in ["指标：请选择本方案的指标", "层级：请选择全国、全省、全市或全县", "年份：请填写四位年份", "数值：「很多」不是数字"] {
                #expect(bad.body.string.contains(message), "\(message)")
            }
            let over = try await site.post("\(Self.base)/references", ["indicator": "HC38", "kind": "province", "year": "2023",
                                                                       "value": "140"], as: office)
            #expect(over.status == .unprocessableEntity && over.body.string.contains("不能超过 100%"))

            let deleted = try await site.post("\(Self.base)/references", ["indicator": "HC38", "kind": "province", "year": "2023",
                                                                          "delete": "1"], as: office)
            #expect(deleted.status == .seeOther)
            #expect(try await site.indicatorStore.references(planID: Self.plan) == ReferenceValue.national)
        }
    }

    @Test(arguments: TestEngine.available)
    func theOfficeChangesTheSettings(engine: TestEngine) async throws {
        try await withTestSite(engine, plans: [Self.plan]) { site in
            let office = try await site.browser("office")
            var fields = try site.formFields(try await site.page("\(Self.base)/settings", as: office), action: "\(Self.base)/settings")
            #expect(fields["source.HC38"] == "县卫体局", "the suggested unit is preselected")
            #expect(fields["jumpThreshold"] == "50")
            fields["baselineYear"] = "2021"
            fields["endYear"] = "2025"
            fields["jumpThreshold"] = "30"
            fields["source.HC38"] = "县疾控中心"
            fields["weight.HC40"] = "2"
            #expect(fields["source.HC5"] == "", "no unit of the plan supplies 城市管理 data")
            fields["weight.HC5"] = "1.5" // its weight is kept all the same
            let saved = try await site.post("\(Self.base)/settings", fields, as: office)
            #expect(saved.status == .ok, "\(saved.body.string.prefix(600))")
            #expect(saved.body.string.contains("设置已保存"))
            let settings = try await site.indicatorStore.settings(planID: Self.plan)
            #expect(settings.baselineYear == 2021 && settings.endYear == 2025)
            #expect(settings.validation.jumpThreshold == 0.3)
            #expect(settings.sourceUnits == ["HC38": "县疾控中心"], "only the unit that was changed is kept as a choice")
            #expect(settings.expertWeights == ["HC40": 2, "HC5": 1.5])
            #expect(saved.body.string.contains("value=\"2021\""))

            // The board and the liaison's form follow the settings.
            #expect(try await site.get(Self.base, as: office).body.string.contains("评价年份 2021–2025 · 基线年 2021"))
            let entry = try await site.page("\(Self.base)/entry", as: try await site.browser("liaison"))
            #expect(!entry.contains("name=\"value.HC38\"") && entry.contains("name=\"value.HC40\""))

            var bad = fields
            bad["baselineYear"] = "20x1"
            bad["endYear"] = "2020"
            bad["source.HC40"] = "县教育局"
            let refused = try await site.post("\(Self.base)/settings", bad, as: office)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("基线年：「20x1」不是年份"))
            #expect(refused.body.string.contains("HC40 数据来源单位：方案中没有单位「县教育局」"))
            bad["baselineYear"] = "2022"
            #expect(try await site.post("\(Self.base)/settings", bad, as: office).body.string.contains("评价截止年不能早于基线年"))
            #expect(try await site.indicatorStore.settings(planID: Self.plan) == settings, "refused settings change nothing")

            // The form as saved, with one weight emptied: that indicator is back to the default weight.
            var again = try site.formFields(try await site.page("\(Self.base)/settings", as: office), action: "\(Self.base)/settings")
            #expect(again["weight.HC5"] == "1.5" && again["source.HC38"] == "县疾控中心")
            again["weight.HC40"] = ""
            #expect(try await site.post("\(Self.base)/settings", again, as: office).status == .ok)
            #expect(try await site.indicatorStore.settings(planID: Self.plan).expertWeights == ["HC5": 1.5])
        }
    }

    @Test(arguments: TestEngine.available)
    func theBoardExportsAWorkbook(engine: TestEngine) async throws {
        try await withTestSite(engine, plans: [Self.plan]) { site in
            let office = try await site.browser("office")
            _ = try await site.importTable(Self.goodCSV, as: office)
            let res = try await site.get("\(Self.base)/board.xlsx", as: try await site.browser("leader"))
            #expect(res.status == .ok)
            #expect(res.headers.contentType?.subType == "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            #expect(res.headers.first(name: .contentDisposition)?.contains("pianguan-2023-indicators.xlsx") == true)
            let data = Data(res.body.readableBytesView)
            #expect(data.starts(with: [0x50, 0x4B, 0x03, 0x04]), "a zip")
            let rows = try XLSXReader.rows(data: data, fileName: "board.xlsx")
            #expect(rows.first?.cells == ["年份", "指标代码", "指标", "地区", "目标（原文）", "目标表达式", "数值", "判定", "理由",
                                          "数据来源", "来源说明"])
            let hc40 = try #require(rows.first { $0.cells.count > 7 && $0.cells[1] == "HC40" })
            #expect(hc40.cells[0] == "2023" && hc40.cells[3] == "偏关县" && hc40.cells[6] == "35" && hc40.cells[7] == "达标")
            #expect(rows.contains { $0.cells.count > 7 && $0.cells[3] == "天峰坪镇" && $0.cells[7] == "未达标" })
        }
    }

    @Test(arguments: TestEngine.available)
    func theCompositeIndexComparesTownships(engine: TestEngine) async throws {
        try await withTestSite(engine, plans: [Self.plan, "longnan-2024"]) { site in
            let admin = try await site.browser("admin")
            // 龙南市 with one township: nothing to compare.
            try await site.addTownships(["360727100,龙南镇,township,龙南市"], under: "longnan-2024")
            let lonely = try await site.page("/plans/longnan-2024/indicators/index?year=2024", as: admin)
            #expect(lonely.contains("无法计算：至少需要 2 个地区才能比较，当前只有 1 个"))
            let api = try await site.get(SiteURL.apiCompositeIndex("longnan-2024", year: 2024).path, as: admin)
            #expect(api.status == .unprocessableEntity)

            // 偏关县 with a third township, and figures for all three.
            try await site.addTownships(["140932102,老营镇,township,偏关县"], under: Self.plan)
            let office = try await site.browser("office")
            let csv = """
            region,indicator,period,value
            新关镇,HC38,2023,30
            天峰坪镇,HC38,2023,22
            老营镇,HC38,2023,26
            新关镇,HC39,2023,20
            天峰坪镇,HC39,2023,28
            老营镇,HC39,2023,24
            """
            #expect(try await site.importTable(csv, as: office).status == .ok)
            let html = try await site.page("\(Self.base)/index?year=2023", as: office)
            #expect(html.contains("比较组：偏关县下属的 3 个乡镇（街道）· 2023年"))
            #expect(!html.contains("无法计算"), "\(html)")
            #expect(html.contains("<td>1</td><td>新关镇</td>"), "the best on both indicators ranks first")
            #expect(html.contains("<td>3</td><td>天峰坪镇</td>"))
            // Names first, the national code as a small secondary label.
            #expect(html.contains("居民健康素养水平 <span class=\"code\">HC38</span>") && html.contains("15岁以上人群吸烟率 <span class=\"code\">HC39</span>"))

            let json = try await site.get(SiteURL.apiCompositeIndex(Self.plan, year: 2023).path, as: office)
            #expect(json.status == .ok)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.body.readableBytesView)) as? [String: Any])
            let regions = try #require(object["regions"] as? [[String: Any]])
            #expect(regions.count == 3)
            #expect(try await site.get("/api/v1/plans/\(Self.plan)/composite-index", as: office).status == .badRequest)
        }
    }
}

/// `/api/v1/plans/{id}/evaluation|indicators|observations|observations/import`.
@Suite struct IndicatorAPITests {
    @Test(arguments: TestEngine.available)
    func evaluationGivesTheInterfaceKeys(engine: TestEngine) async throws {
        try await withTestSite(engine, plans: [IndicatorPageTests.plan]) { site in
            _ = try await site.importTable(IndicatorPageTests.goodCSV, as: try await site.browser("office"))
            let token = try await site.issueToken(submitsData: false)
            let res = try await site.api(.GET, SiteURL.apiEvaluation(IndicatorPageTests.plan, year: nil).path, token: token)
            #expect(res.status == .ok && res.headers.contentType == .json)
            let entries = try Self.objects(res)
            #expect(!entries.isEmpty)
            for entry in entries {
                for key in ["target", "indicator", "region", "year", "verdict", "value", "reason"] {
                    #expect(entry[key] != nil, "\(key) missing in \(entry)")
                }
                #expect(["met", "not_met", "no_data"].contains(entry["verdict"] as? String ?? ""))
                #expect(entry["year"] as? Int == 2023)
            }
            let hc40 = try #require(entries.first { $0["indicator"] as? String == "HC40" })
            #expect(hc40["target"] as? String == "> 32%" && hc40["region"] as? String == "偏关县")
            #expect(hc40["verdict"] as? String == "met" && hc40["value"] as? Double == 35)
            #expect(hc40["reason"] as? String == "2023年 35% > 目标 32%")
            let missing = try #require(entries.first { $0["verdict"] as? String == "no_data" && $0["indicator"] as? String == "HC39" })
            #expect(missing["value"] as? Double == 22, "the figure is given even when the reference is missing")
            #expect(entries.contains { $0["value"] is NSNull }, "a missing value is null, the key is still there")

            let one = try await site.api(.GET, SiteURL.apiEvaluation(IndicatorPageTests.plan, year: 2023).path, token: token)
            #expect(try Self.objects(one).count == entries.count)
            for year in ["1999", "2030", "abc"] {
                let outside = try await site.api(.GET, "/api/v1/plans/\(IndicatorPageTests.plan)/evaluation?year=\(year)", token: token)
                #expect(outside.status == .badRequest, "\(year)")
                #expect(outside.body.string.contains("不在本方案的评价年份"), "\(year)")
            }

            let indicators = try await site.api(.GET, SiteURL.apiIndicators(IndicatorPageTests.plan).path, token: token)
            let list = try Self.objects(indicators)
            let hc38 = try #require(list.first { ($0["indicator"] as? [String: Any])?["code"] as? String == "HC38" })
            #expect(hc38["sourceUnit"] as? String == "县卫体局")
            #expect((hc38["targets"] as? [[String: Any]])?.first?["target"] as? String == ">= ref(province) * 1.2")
            let observations = try await site.api(.GET, SiteURL.apiObservations(IndicatorPageTests.plan).path + "?region=140932100",
                                                  token: token)
            #expect(try Self.objects(observations).map { $0["indicator"] as? String } == ["CELLS-FAMILY"])
        }
    }

    @Test(arguments: TestEngine.available)
    func onlyADataTokenSubmitsFigures(engine: TestEngine) async throws {
        try await withTestSite(engine, plans: [IndicatorPageTests.plan, "longnan-2024"]) { site in
            let path = SiteURL.apiObservations(IndicatorPageTests.plan).path
            let body = #"{"observations": [{"region": "偏关县", "indicator": "HC38", "period": "2023", "value": 30},"#
                + #" {"region": "140932100", "indicator": "HC40", "period": "2023", "numerator": 35, "denominator": 100}]}"#
            let reader = try await site.issueToken(submitsData: false)
            let refused = try await site.api(.POST, path, token: reader, body: body)
            #expect(refused.status == .forbidden)
            #expect(try await site.api(.POST, SiteURL.apiObservationsImport(IndicatorPageTests.plan).path, token: reader,
                                       body: IndicatorPageTests.goodCSV, contentType: "text/csv").status == .forbidden)
            #expect(try await site.observations().isEmpty)

            let writer = try await site.issueToken(submitsData: true)
            let elsewhere = #"{"observations": [{"region": "龙南市", "indicator": "HC38", "period": "2024", "value": 30}]}"#
            #expect(try await site.api(.POST, SiteURL.apiObservations("longnan-2024").path, token: writer, body: elsewhere).status
                    == .forbidden, "a data token submits only to its own programme")
            #expect(try await site.observations("longnan-2024").isEmpty)
            let created = try await site.api(.POST, path, token: writer, body: body)
            #expect(created.status == .created, "\(created.body.string)")
            let reply = try #require(try JSONSerialization.jsonObject(with: Data(created.body.readableBytesView)) as? [String: Any])
            #expect(reply["created"] as? Int == 2 && reply["updated"] as? Int == 0)
            let stored = try await site.observations()
            #expect(stored.allSatisfy { $0.state == .submitted && $0.updatedBy == "接口令牌「数据报送」" })
            #expect(stored.first { $0.indicator == "HC40" }?.value == 35)

            let bad = #"{"observations": [{"region": "火星", "indicator": "HC38", "period": "2023", "value": 30},"#
                + #" {"region": "偏关县", "indicator": "HC38", "period": "2023", "value": 130}]}"#
            let rejected = try await site.api(.POST, path, token: writer, body: bad)
            #expect(rejected.status == .unprocessableEntity)
            let problem = try #require(try JSONSerialization.jsonObject(with: Data(rejected.body.readableBytesView)) as? [String: Any])
            let issues = try #require(problem["issues"] as? [[String: Any]])
            #expect(issues.count == 2)
            #expect(issues.contains { $0["field"] as? String == "region" && ($0["message"] as? String)?.contains("火星") == true })
            #expect(issues.contains { $0["field"] as? String == "value" && ($0["message"] as? String)?.contains("不能超过 100%") == true })
            #expect(Set(issues.compactMap { $0["line"] as? Int }).count == 2, "each issue names its item")
            let garbled = try await site.api(.POST, path, token: writer, body: #"{"observations": "none"}"#)
            #expect(garbled.status == .unprocessableEntity)
            #expect(try await site.observations().first { $0.indicator == "HC38" }?.value == 30, "refused bodies change nothing")

            // A table as the body, CSV here, whole or not at all.
            let imported = try await site.api(.POST, SiteURL.apiObservationsImport(IndicatorPageTests.plan).path + "?fileName=t.csv",
                                              token: writer, body: IndicatorPageTests.goodCSV, contentType: "text/csv")
            #expect(imported.status == .created, "\(imported.body.string)")
            let counts = try #require(try JSONSerialization.jsonObject(with: Data(imported.body.readableBytesView)) as? [String: Any])
            #expect(counts["created"] as? Int == 4 && counts["updated"] as? Int == 1 && counts["references"] as? Int == 1)
            let badTable = try await site.api(.POST, SiteURL.apiObservationsImport(IndicatorPageTests.plan).path + "?fileName=t.csv",
                                              token: writer, body: "region,indicator,period,value\n偏关县,HC38,2023,abc\n",
                                              contentType: "text/csv")
            #expect(badTable.status == .unprocessableEntity)
            #expect(badTable.body.string.contains(#""file":"t.csv""#) && badTable.body.string.contains(#""line":2"#)
                    && badTable.body.string.contains(#""column":4"#))
            #expect(try await site.observations().count == 6)
        }
    }

    /// A running server collects the body itself: a batch of a few hundred figures is more than the 16 KB
    /// Vapor allows a route by default.
    @Test func aLargeBatchReachesARunningServer() async throws {
        try await withTestSite(plans: [IndicatorPageTests.plan]) { site in
            var items: [String] = []
            for region in ["偏关县", "新关镇", "天峰坪镇"] {
                for year in 2021...2023 {
                    for month in 1...12 {
                        for code in ["HC38", "HC40"] {
                            items.append(#"{"region": "\#(region)", "indicator": "\#(code)", "period": "\#(year)-\#(month)", "value": 30}"#)
                        }
                    }
                }
            }
            let body = #"{"state": "draft", "observations": ["# + items.joined(separator: ", ") + "]}"
            #expect(body.utf8.count > 16 << 10)
            let res = try await site.api(.POST, SiteURL.apiObservations(IndicatorPageTests.plan).path,
                                         token: try await site.issueToken(submitsData: true), body: body,
                                         over: .running(hostname: "127.0.0.1", port: Int.random(in: 20_000..<60_000)))
            #expect(res.status == .created, "\(res.body.string.prefix(300))")
            #expect(try await site.observations().count == items.count)
        }
    }

    static func objects(_ res: TestingHTTPResponse) throws -> [[String: Any]] {
        try #require(try JSONSerialization.jsonObject(with: Data(res.body.readableBytesView)) as? [[String: Any]])
    }
}

extension TestSite {
    var indicatorStore: FluentIndicatorStore { FluentIndicatorStore(database: app.db) }

    /// 偏关县's id, as the entry form writes it.
    var placeID: String { regions["偏关县"]!.uuidString.lowercased() }

    func observations(_ plan: String = IndicatorPageTests.plan) async throws -> [Observation] {
        try await indicatorStore.observations(planID: plan, indicator: nil, regionIDs: nil)
    }

    /// The one figure of the indicator for 偏关县 in 2023.
    func observation(_ code: String) async throws -> Observation {
        let found = try await observations().filter { $0.indicator == code && $0.regionID == regions["偏关县"] }
        try #require(found.count == 1, "\(code): \(found)")
        return found[0]
    }

    /// The page at `path`, which must be there.
    func page(_ path: String, as browser: TestBrowser) async throws -> String {
        let res = try await get(path, as: browser)
        #expect(res.status == .ok, "\(path): \(res.body.string.prefix(300))")
        return res.body.string
    }

    /// The fields a browser would send from the form posting to `action`.
    func formFields(_ html: String, action: String) throws -> [String: String] {
        let start = try #require(html.range(of: "action=\"\(action)\""))
        return try ImportTests.formFields("id=\"form\"" + html[start.upperBound...], id: "form")
    }

    func rowCount(_ table: String) async throws -> Int {
        struct Row: Decodable { var n: Int }
        let sql = app.db as! any SQLDatabase
        return try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first(decoding: Row.self)?.n ?? -1
    }

    /// Regions as CSV rows (`code,name,level,parent`) below a programme's place.
    func addTownships(_ rows: [String], under plan: String) async throws {
        let csv = "code,name,level,parent\n" + rows.joined(separator: "\n")
        _ = try await FluentRegionStore(database: app.db).importRegions(try RegionCSV.parse(csv, file: "r.csv"), file: "r.csv",
                                                                        under: plan)
    }

    /// A multipart form as a browser sends it: the CSRF token first, then the fields, then the files.
    func postMultipart(_ path: String, fields: [(String, String)], files: [(name: String, fileName: String, data: Data)] = [],
                       as browser: TestBrowser, over method: Application.Method = .inMemory) async throws -> TestingHTTPResponse {
        let boundary = "----indicator\(UUID().uuidString)"
        var body = ByteBuffer()
        for (name, value) in [("csrf", browser.csrf)] + fields {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        for file in files {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.name)\"; filename=\"\(file.fileName)\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n")
            body.writeBytes(file.data)
            body.writeString("\r\n")
        }
        body.writeString("--\(boundary)--\r\n")
        var headers: HTTPHeaders = ["Content-Type": "multipart/form-data; boundary=\(boundary)"]
        headers.add(name: .cookie, value: "\(Cookies.session)=\(browser.cookie)")
        return try await app.testing(method: method).sendRequest(.POST, path, headers: headers, body: body)
    }

    /// The import page's form with a CSV file.
    func importTable(_ csv: String, fileName: String = "data.csv", plan: String = IndicatorPageTests.plan,
                     as browser: TestBrowser) async throws -> TestingHTTPResponse {
        try await postMultipart("/plans/\(plan)/indicators/import", fields: [("submit", "submitted")],
                                files: [("file", fileName, Data(csv.utf8))], as: browser)
    }

    /// The entry form for 偏关县 in 2023, with the given fields.
    func entry(_ values: [String: String], action: String, unit: String = "", as browser: TestBrowser) async throws
        -> TestingHTTPResponse {
        try await postMultipart("/plans/\(IndicatorPageTests.plan)/indicators/entry",
                                fields: [("unit", unit), ("period", "2023"), ("region", placeID), ("action", action)]
                                    + values.sorted { $0.key < $1.key }.map { ($0.key, $0.value) },
                                as: browser)
    }

    func issueToken(submitsData: Bool, plan: String = IndicatorPageTests.plan) async throws -> String {
        let admin = try #require(accounts["admin"])
        return try await TokenIssuer.issue(name: submitsData ? "数据报送" : "只读", planID: plan, submitsData: submitsData,
                                           actor: admin.principal, in: app.appCore)
    }

    func api(_ method: HTTPMethod, _ path: String, token: String, body: String? = nil, contentType: String = "application/json",
             over tester: Application.Method = .inMemory) async throws -> TestingHTTPResponse {
        let headers: HTTPHeaders = ["Authorization": "Bearer \(token)", "Content-Type": contentType]
        return try await app.testing(method: tester).sendRequest(method, path, headers: headers,
                                                                 body: body.map { ByteBuffer(string: $0) })
    }

    /// The API's verdicts for the programme, as JSON objects.
    func evaluation(as browser: TestBrowser, plan: String = IndicatorPageTests.plan) async throws -> [[String: Any]] {
        try IndicatorAPITests.objects(try await get(SiteURL.apiEvaluation(plan, year: nil).path, as: browser))
    }
}
