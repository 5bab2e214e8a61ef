import Core
import Domain
@testable import Formats
import Foundation
import NIOCore
import Persistence
import Testing
import TestSupport
import VaporTesting
@testable import Web

/// 导入方案文件: upload, the draft beside its source, corrections, saving, refusals and the API.
@Suite struct ImportTests {
    static var pianguanText: String {
        get throws {
            try String(contentsOf: Fixtures.seedsDirectory.appendingPathComponent("003_5a58676f7c40b71f.txt"), encoding: .utf8)
        }
    }

    @Test(arguments: TestEngine.available)
    func uploadCorrectAndSaveAsANewProgramme(engine: TestEngine) async throws {
        try await withTestSite(engine, plans: ["pianguan-2023", "longnan-2024"]) { site in
            let admin = try await site.browser("admin")
            let form = try await site.get(SiteURL.newImport.path, as: admin)
            #expect(form.status == .ok)
            #expect(form.body.string.contains("enctype=\"multipart/form-data\"") && form.body.string.contains(admin.csrf))

            let uploaded = try await site.upload(Data(try Self.pianguanText.utf8), fileName: "pianguan.txt", as: admin)
            #expect(uploaded.status == .seeOther)
            let location = try #require(uploaded.headers.first(name: .location))
            #expect(location.hasPrefix("/imports/"))

            let page = try await site.get(location, as: admin)
            #expect(page.status == .ok)
            let html = page.body.string
            #expect(html.contains("id=\"L19\""), "numbered source lines, each an anchor")
            #expect(html.contains("偏关县创建省级健康促进县工作实施方案"))
            #expect(html.contains("href=\"#L57\" data-to=\"59\">第57–59行</a>"), "the first phase links to its lines")
            #expect(html.contains("需要核对"))
            #expect(html.contains("<option value=\"县卫体局\" selected=\"selected\">县卫体局（偏关县创建省级健康促进县工作实施方案）</option>"),
                    "units are matched to the stored programme of the same place")
            #expect(html.contains("不匹配，作为新单位"))

            var fields = try Self.formFields(html, id: "corrections")
            #expect(fields["task.2.responsible"] == "县财政局")
            fields["id"] = "pianguan-import"
            fields["task.2.responsible"] = "县财政局、县卫体局"
            fields["phase.0.start"] = "2023-04-03"
            let corrected = try await site.post(location, fields, as: admin)
            #expect(corrected.status == .seeOther)
            let after = try await site.get(location + "?corrected=1", as: admin)
            #expect(after.body.string.contains("修改已保存到草稿"))
            #expect(after.body.string.contains("value=\"2023-04-03\""))
            #expect(after.body.string.contains("value=\"县财政局、县卫体局\""))

            let saved = try await site.post(location + "/save", [:], as: admin)
            #expect(saved.status == .seeOther)
            #expect(saved.headers.first(name: .location) == "/plans/pianguan-import")
            let plan = try #require(try await FluentPlanStore(database: site.app.db).plan(id: "pianguan-import"))
            #expect(plan.title == "偏关县创建省级健康促进县工作实施方案")
            #expect(plan.phases[0].start == LocalDate(iso: "2023-04-03"))
            #expect(plan.tasks[2].responsible == ["县财政局", "县卫体局"])
            #expect(try await site.get("/plans/pianguan-import", as: admin).status == .ok)
            // The document names only 偏关县: the programme joins the stored 偏关县 under 山西省 › 忻州市.
            #expect(plan.place.code == "140932" && plan.place.parents.map(\.name) == ["山西省", "忻州市"])
            #expect(try await site.get("/plans/pianguan-import", as: try await site.browser("province")).status == .ok)

            let audit = try await FluentAuditStore(database: site.app.db).entries(planID: "pianguan-import", limit: 10, offset: 0)
            #expect(audit.map(\.action) == ["plan.import"])
            #expect(audit.first?.before == nil && audit.first?.after?.contains("pianguan.txt") == true)
            let imports = try await FluentPlanImportStore(database: site.app.db).imports(createdBy: nil)
            #expect(imports.map(\.status) == [.saved] && imports.first?.savedPlanID == "pianguan-import")
            // A saved draft is not changed again.
            #expect(try await site.post(location, fields, as: admin).status == .conflict)
            #expect(try await site.post(location + "/save", [:], as: admin).status == .conflict)
            #expect(try await site.get(SiteURL.imports.path, as: admin).body.string.contains("已保存为方案"))
        }
    }

    @Test(arguments: TestEngine.available)
    func officeReplacesOnlyItsOwnProgramme(engine: TestEngine) async throws {
        try await withTestSite(engine, plans: ["pianguan-2023", "longnan-2024"]) { site in
            let office = try await site.browser("office")
            let store = FluentPlanStore(database: site.app.db)
            let before = try #require(try await store.plan(id: "pianguan-2023"))
            // The document spells the liaison's unit in full: it is matched to the stored 县卫体局.
            let text = try Self.pianguanText.replacingOccurrences(of: "县卫体局", with: "县卫生健康和体育局")
            let uploaded = try await site.upload(Data(text.utf8), fileName: "偏关方案.txt", as: office)
            let location = try #require(uploaded.headers.first(name: .location))
            let page = try await site.get(location, as: office).body.string
            #expect(page.contains("value=\"pianguan-2023\"") && page.contains("readonly"), "an office imports into its own programme")
            #expect(page.contains("已有 id 为「pianguan-2023」的方案"))
            #expect(page.contains("地区：山西省 › 忻州市 › 偏关县（140932）"))
            #expect(page.contains("<option value=\"县卫体局\" selected=\"selected\">"))
            #expect(page.contains("同一单位的不同写法"))
            #expect(!page.contains("龙南"), "an office is offered only its own programme's units")
            #expect(!page.contains("将失去所属单位"))

            // Another id is refused, in the form and by YAML.
            var fields = try Self.formFields(page, id: "corrections")
            fields["id"] = "longnan-2024"
            let other = try await site.post(location, fields, as: office)
            #expect(other.status == .badRequest)
            #expect(other.body.string.contains("创建办只能把草稿保存为本方案"))

            // Clearing the match leaves the liaison's unit out: the page warns.
            let unitRow = try #require(fields.first { $0.key.hasSuffix(".name") && $0.value == "县卫生健康和体育局" }?.key)
            fields["id"] = "pianguan-2023"
            fields[unitRow.replacingOccurrences(of: ".name", with: ".match")] = ""
            #expect(try await site.post(location, fields, as: office).status == .seeOther)
            let corrected = try await site.get(location, as: office).body.string
            #expect(corrected.contains("将失去所属单位：县卫体局"))
            // The next correction is made from the page as it is now (a page older than the draft is refused).
            fields["version"] = try Self.formFields(corrected, id: "corrections")["version"]
            fields[unitRow.replacingOccurrences(of: ".name", with: ".match")] = "县卫体局"
            #expect(try await site.post(location, fields, as: office).status == .seeOther)

            let refused = try await site.post(location + "/save", [:], as: office)
            #expect(refused.status == .conflict)
            #expect(refused.body.string.contains("替换现有方案"))
            #expect(try await store.plan(id: "pianguan-2023") == before, "nothing replaced without the tick")

            let replaced = try await site.post(location + "/save", ["replace": "1"], as: office)
            #expect(replaced.status == .seeOther)
            #expect(replaced.headers.first(name: .location) == "/plans/pianguan-2023")
            let plan = try #require(try await store.plan(id: "pianguan-2023"))
            #expect(plan.units.first { $0.name == "县卫体局" }?.aliases == ["县卫生健康和体育局"])
            #expect(UnitDirectory(plan).unit(named: "县卫体局") != nil, "the liaison's unit is still there")
            #expect(plan.place == before.place, "the programme stays where it was in the region tree")
            #expect(try await site.get("/", as: try await site.browser("township")).status == .ok)
            let audit = try await FluentAuditStore(database: site.app.db).entries(planID: "pianguan-2023", limit: 10, offset: 0)
            #expect(audit.first?.action == "plan.import" && audit.first?.before != nil && audit.first?.actor == "测试创建办")
            #expect(try await site.get("/", as: try await site.browser("liaison")).status == .ok)

            // A draft of the office for another programme's id (not reachable from the form) is refused at saving.
            let foreign = try await Self.storedDraft(site, by: "office", id: "longnan-2024")
            let longnan = try await store.plan(id: "longnan-2024")
            let forbidden = try await site.post(SiteURL.savePlanImport(foreign).path, ["replace": "1"], as: office)
            #expect(forbidden.status == .forbidden)
            #expect(try await store.plan(id: "longnan-2024") == longnan)
            #expect(try await FluentPlanImportStore(database: site.app.db).planImport(id: foreign)?.status == .draft)
        }
    }

    @Test(arguments: TestEngine.available)
    func badInputsLeaveNothing(engine: TestEngine) async throws {
        try await withTestSite(engine, plans: ["pianguan-2023"]) { site in
            let admin = try await site.browser("admin")
            let binary = Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919 >> 3) })
            let cases: [(Data?, String, String?, Int, String)] = [
                (Data(), "empty.txt", nil, 422, "文件为空"),
                (nil, "", nil, 400, "请选择实施方案文件"),
                (binary, "data.bin", nil, 422, "「data.bin」无法导入"),
                (Data("not a zip".utf8), "plan.docx", nil, 422, "不是有效的 .docx 文件"),
                (Data(String(repeating: "hello world\n", count: 200).utf8), "hello.txt", nil, 422, "不是实施方案"),
                (nil, "", "这是一段普通的文字，不是方案。", 422, "「粘贴的文本」无法导入"),
                (Data(count: 21 << 20), "huge.docx", nil, 413, "上传的内容过大"),
            ]
            for (data, name, text, status, message) in cases {
                let res = try await site.upload(data, fileName: name, text: text, as: admin)
                #expect(Int(res.status.code) == status, "\(name)")
                #expect(res.body.string.contains(message), "\(name): \(res.body.string.prefix(200))")
                #expect(res.body.string.contains("action=\"/imports\""), "the form is shown again")
            }
            #expect(try await FluentPlanImportStore(database: site.app.db).imports(createdBy: nil).isEmpty)
            #expect(try await FluentPlanStore(database: site.app.db).count() == 1)
        }
    }

    /// Just over 20 MB fits the upload's body limit, and the reader names the file (some seconds in a debug
    /// build, which parses 20 MB of multipart body slowly).
    @Test func aFileJustOverTheLimitIsNamed() async throws {
        try await withTestSite(plans: ["pianguan-2023"]) { site in
            let res = try await site.upload(Data(count: DocumentReader.maximumFileBytes + 1), fileName: "big.txt",
                                            as: try await site.browser("admin"))
            #expect(res.status == .unprocessableEntity)
            #expect(res.body.string.contains("「big.txt」无法导入") && res.body.string.contains("上限为 20 MB"))
            #expect(try await FluentPlanImportStore(database: site.app.db).imports(createdBy: nil).isEmpty)
        }
    }

    @Test func aWordDocumentIsReadByParagraph() async throws {
        try await withTestSite(plans: ["pianguan-2023"]) { site in
            let admin = try await site.browser("admin")
            let paragraphs = try Self.pianguanText.components(separatedBy: "\n")
            let uploaded = try await site.upload(try DocxFixture.make(paragraphs: paragraphs), fileName: "偏关.docx", as: admin)
            let location = try #require(uploaded.headers.first(name: .location))
            let html = try await site.get(location, as: admin).body.string
            #expect(html.contains("导入草稿：偏关.docx") && html.contains("Word 文档"))
            #expect(html.contains("第57–59段"))
        }
    }

    /// Two tabs on one draft: corrections from the older page, or saving from it, are refused instead of undoing
    /// the other tab's corrections or saving what was not seen.
    @Test func correctionsFromAnOlderPageAreRefused() async throws {
        try await withTestSite(plans: ["pianguan-2023"]) { site in
            let admin = try await site.browser("admin")
            let uploaded = try await site.upload(Data(try Self.pianguanText.utf8), fileName: "pianguan.txt", as: admin)
            let location = try #require(uploaded.headers.first(name: .location))
            let fields = try Self.formFields(try await site.get(location, as: admin).body.string, id: "corrections")
            #expect(fields["version"] != nil)
            var first = fields
            first["title"] = "第一个标签页的标题"
            #expect(try await site.post(location, first, as: admin).status == .seeOther)
            var second = fields
            second["title"] = "第二个标签页的标题"
            let stale = try await site.post(location, second, as: admin)
            #expect(stale.status == .conflict)
            #expect(stale.body.string.contains("已修改了这条记录") && stale.body.string.contains("第二个标签页的标题"))
            let saveStale = try await site.post(location + "/save", ["version": fields["version"] ?? ""], as: admin)
            #expect(saveStale.status == .conflict)
            let id = try #require(UUID(uuidString: String(location.dropFirst("/imports/".count))))
            #expect(try await FluentPlanImportStore(database: site.app.db).planImport(id: id)?.draft.plan.title == "第一个标签页的标题")
        }
    }

    @Test func correctionsNameTheFieldAndChangeNothing() async throws {
        try await withTestSite(plans: ["pianguan-2023"]) { site in
            let admin = try await site.browser("admin")
            let uploaded = try await site.upload(Data(try Self.pianguanText.utf8), fileName: "pianguan.txt", as: admin)
            let location = try #require(uploaded.headers.first(name: .location))
            let id = try #require(UUID(uuidString: String(location.dropFirst("/imports/".count))))
            let imports = FluentPlanImportStore(database: site.app.db)
            let original = try #require(try await imports.planImport(id: id)).draft.plan
            let fields = try Self.formFields(try await site.get(location, as: admin).body.string, id: "corrections")

            var unknown = fields
            unknown["task.3.responsible"] = "县卫体局、<b>不存在的局</b>"
            let res = try await site.post(location, unknown, as: admin)
            #expect(res.status == .badRequest)
            #expect(res.body.string.contains("tasks[3].responsible[1]</code>：「&lt;b&gt;不存在的局&lt;/b&gt;」不在本方案的单位列表"))
            #expect(res.body.string.contains("value=\"县卫体局、&lt;b&gt;不存在的局&lt;/b&gt;\""), "the typed value is kept, escaped")

            var date = fields
            date["phase.1.end"] = "2023-02-30"
            date["phase.0.name"] = ""
            let dates = try await site.post(location, date, as: admin)
            #expect(dates.status == .badRequest)
            #expect(dates.body.string.contains("phases[1].end") && dates.body.string.contains("不是有效日期"))
            #expect(dates.body.string.contains("phases[0].name") && dates.body.string.contains("请填写阶段名称"))

            var reversed = fields
            reversed["phase.2.start"] = "2024-01-01"
            let order = try await site.post(location, reversed, as: admin)
            #expect(order.body.string.contains("phases[2].end") && order.body.string.contains("早于开始日期"))

            let yaml = try await site.post(location, ["mode": "yaml", "yaml": "id: x\ntitle: [\n"], as: admin)
            #expect(yaml.status == .badRequest)
            #expect(yaml.body.string.contains("YAML 语法错误"))
            #expect(yaml.body.string.contains("<details class=\"card\" id=\"yaml\" open=\"open\">"))
            let missing = try await site.post(location, ["mode": "yaml", "yaml": "id: x\ntitle: 方案\n"], as: admin)
            #expect(missing.body.string.contains("缺少必填字段「programme」"))

            #expect(try #require(try await imports.planImport(id: id)).draft.plan == original, "refused corrections change nothing")

            // The YAML path takes anything the plan format allows.
            var plan = original
            plan.goals.append("新增的目标")
            let ok = try await site.post(location, ["mode": "yaml", "yaml": try DraftCheck.yaml(of: plan)], as: admin)
            #expect(ok.status == .seeOther)
            #expect(try #require(try await imports.planImport(id: id)).draft.plan.goals.last == "新增的目标")
        }
    }

    @Test func othersAreRefusedAndDraftsArePrivate() async throws {
        try await withTestSite(plans: ["pianguan-2023"]) { site in
            let text = Data(try Self.pianguanText.utf8)
            for role in ["liaison", "township", "assessor", "leader", "province"] {
                let browser = try await site.browser(role)
                #expect(try await site.get(SiteURL.newImport.path, as: browser).status == .forbidden, "\(role)")
                #expect(try await site.get(SiteURL.imports.path, as: browser).status == .forbidden, "\(role)")
                let res = try await site.upload(text, fileName: "p.txt", as: browser)
                #expect(res.status == .forbidden, "\(role)")
                #expect(res.body.string.contains("无权") || res.body.string.contains("只能查看"))
            }
            #expect(try await FluentPlanImportStore(database: site.app.db).imports(createdBy: nil).isEmpty)
            // The navigation offers the import only to those who may.
            #expect(try await site.get("/", as: try await site.browser("office")).body.string.contains("href=\"/imports\""))
            #expect(!(try await site.get("/", as: try await site.browser("leader")).body.string.contains("href=\"/imports\"")))

            let admin = try await site.browser("admin")
            let uploaded = try await site.upload(text, fileName: "p.txt", as: admin)
            let location = try #require(uploaded.headers.first(name: .location))
            let office = try await site.browser("office")
            #expect(try await site.get(location, as: office).status == .notFound, "an administrator's draft is not the office's")
            #expect(try await site.post(location + "/discard", [:], as: office).status == .notFound)
            #expect(try await site.post(location + "/discard", [:], as: try await site.browser("leader")).status == .forbidden)
            #expect(!(try await site.get(SiteURL.imports.path, as: office).body.string.contains("p.txt")))

            let discarded = try await site.post(location + "/discard", [:], as: admin)
            #expect(discarded.headers.first(name: .location) == SiteURL.imports.path)
            #expect(try await site.get(location, as: admin).body.string.contains("此草稿已放弃"))
            #expect(try await FluentPlanStore(database: site.app.db).count() == 1)
        }
    }

    @Test func uploadsAndCorrectionsNeedTheFormToken() async throws {
        try await withTestSite(plans: ["pianguan-2023"]) { site in
            let admin = try await site.browser("admin")
            let text = Data(try Self.pianguanText.utf8)
            #expect(try await site.upload(text, fileName: "p.txt", as: admin, csrf: "forged").status == .forbidden)
            #expect(try await FluentPlanImportStore(database: site.app.db).imports(createdBy: nil).isEmpty)
            let location = try #require(try await site.upload(text, fileName: "p.txt", as: admin).headers.first(name: .location))
            #expect(try await site.post(location, ["title": "改掉"], as: admin, csrf: "forged").status == .forbidden)
            #expect(try await site.post(location + "/save", ["replace": "1"], as: admin, csrf: "").status == .forbidden)
            let item = try #require(try await FluentPlanImportStore(database: site.app.db).imports(createdBy: nil).first)
            #expect(item.status == .draft)
            #expect(try await FluentPlanImportStore(database: site.app.db).planImport(id: item.id)?.draft.plan.title
                    == "偏关县创建省级健康促进县工作实施方案")
        }
    }

    @Test(arguments: TestEngine.available)
    func theAPIParsesAndSavesNothing(engine: TestEngine) async throws {
        try await withTestSite(engine, plans: ["pianguan-2023"]) { site in
            let admin = try #require(site.accounts["admin"])
            // A system token may have documents read; a programme's reading token may not (heavy work for a reader).
            let reader = try await TokenIssuer.issue(name: "只读", planID: "pianguan-2023", actor: admin.principal, in: site.app.appCore)
            let refused = try await site.app.testing().sendRequest(.POST, SiteURL.apiPlanDrafts(fileName: "plan.txt").path,
                                                                   headers: ["Authorization": "Bearer \(reader)"], body: ByteBuffer(string: "某县方案"))
            #expect(refused.status == .forbidden)
            let secret = try await TokenIssuer.issue(name: "对接系统", planID: nil, actor: admin.principal, in: site.app.appCore)
            let auth: HTTPHeaders = ["Authorization": "Bearer \(secret)", "Content-Type": "application/octet-stream"]
            let path = SiteURL.apiPlanDrafts(fileName: "plan.txt").path
            #expect(path == "/api/v1/plan-drafts?fileName=plan.txt")

            let ok = try await site.app.testing().sendRequest(.POST, path, headers: auth, body: ByteBuffer(string: try Self.pianguanText))
            #expect(ok.status == .ok)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(ok.body.readableBytesView)) as? [String: Any])
            #expect(json["title"] as? String == "偏关县创建省级健康促进县工作实施方案")
            let report = try #require(json["importReport"] as? [String: Any])
            #expect(report["file"] as? String == "plan.txt")
            #expect((report["sources"] as? [String: Any])?["phases[0]"] != nil)

            let docx = try DocxFixture.make(paragraphs: try Self.pianguanText.components(separatedBy: "\n"))
            let word = try await site.app.testing().sendRequest(.POST, SiteURL.apiPlanDrafts(fileName: "plan.docx").path,
                                                                headers: auth, body: ByteBuffer(data: docx))
            #expect(word.status == .ok)

            let bad = try await site.app.testing().sendRequest(.POST, SiteURL.apiPlanDrafts(fileName: "x.docx").path, headers: auth,
                                                               body: ByteBuffer(string: "not a zip"))
            #expect(bad.status == .unprocessableEntity)
            let problem = try bad.content.decode(ImportController.APIProblem.self)
            #expect(problem.file == "x.docx" && problem.error.contains("不是有效的 .docx 文件"))
            let notPlan = try await site.app.testing().sendRequest(.POST, "/api/v1/plan-drafts", headers: auth,
                                                                   body: ByteBuffer(string: "hello"))
            #expect(notPlan.status == .unprocessableEntity)

            let huge = try await site.app.testing().sendRequest(.POST, path, headers: auth,
                                                                body: ByteBuffer(data: Data(count: DocumentReader.maximumFileBytes + 1)))
            #expect(huge.status == .payloadTooLarge)
            #expect(try huge.content.decode(ImportController.APIProblem.self).error.contains("20 MB"))

            let anonymous = try await site.app.testing().sendRequest(.POST, path, headers: ["Content-Type": "text/plain"],
                                                                     body: ByteBuffer(string: try Self.pianguanText))
            #expect(anonymous.status == .unauthorized)

            // A signed-in browser may call it too, with the session's token in a header: the office, which imports
            // plans; a leader only reads, and reading a document is heavy work done only for those who import.
            for (username, status) in [("office", HTTPResponseStatus.ok), ("leader", .forbidden)] {
                let browser = try await site.browser(username)
                var headers: HTTPHeaders = ["Content-Type": "text/plain", "X-CSRF-Token": browser.csrf]
                headers.add(name: .cookie, value: "\(Cookies.session)=\(browser.cookie)")
                let session = try await site.app.testing().sendRequest(.POST, path, headers: headers, body: ByteBuffer(string: try Self.pianguanText))
                #expect(session.status == status, "\(username)")
            }

            #expect(try await FluentPlanImportStore(database: site.app.db).imports(createdBy: nil).isEmpty)
            #expect(try await FluentPlanStore(database: site.app.db).count() == 1)
        }
    }

    // MARK: Helpers

    /// A draft stored directly, as if uploaded by `username`, with the plan id given.
    static func storedDraft(_ site: TestSite, by username: String, id: String) async throws -> UUID {
        let account = try #require(site.accounts[username])
        let draft = try PlanImporter.draft(from: .text(try pianguanText, fileName: "x.txt"), id: id)
        let item = PlanImport(createdBy: account.id, targetPlanID: account.planID, draft: draft)
        try await FluentPlanImportStore(database: site.app.db).create(item)
        return item.id
    }

    /// The fields a browser would send from the form with this id: inputs (checked boxes only),
    /// selected options and text areas.
    static func formFields(_ html: String, id: String) throws -> [String: String] {
        let start = try #require(html.range(of: "id=\"\(id)\""))
        let end = try #require(html.range(of: "</form>", range: start.upperBound..<html.endIndex))
        let form = String(html[start.upperBound..<end.lowerBound])
        func attribute(_ name: String, in tag: Substring) -> String? {
            guard let regex = try? Regex("\\s\(name)=\"([^\"]*)\""), let match = try? regex.firstMatch(in: tag),
                  let value = match.output[1].substring else { return nil }
            return unescape(String(value))
        }
        var fields: [String: String] = [:]
        for match in form.matches(of: /<input[^>]*>/) {
            let tag = match.output
            guard let name = attribute("name", in: tag), !tag.contains(" disabled") else { continue }
            if attribute("type", in: tag) == "checkbox" && !tag.contains(" checked") { continue }
            fields[name] = attribute("value", in: tag) ?? ""
        }
        for match in form.matches(of: /<select([^>]*)>(.*?)<\/select>/.dotMatchesNewlines()) {
            guard let name = attribute("name", in: match.output.1) else { continue }
            let options = match.output.2
            // An empty value is written bare (`<option value selected…>`).
            let selected = options.firstMatch(of: /<option value(?:="([^"]*)")? selected/).map { $0.output.1 ?? "" }
                ?? options.firstMatch(of: /<option value(?:="([^"]*)")?/).map { $0.output.1 ?? "" }
            fields[name] = selected.map { unescape(String($0)) } ?? ""
        }
        return fields
    }

    static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}

extension TestSite {
    /// Posts the import form the way a browser does: multipart, with the CSRF token, the file (or an
    /// empty file part when none is chosen) and the pasted text.
    func upload(_ data: Data?, fileName: String, text: String? = nil, as browser: TestBrowser?,
                csrf: String? = nil) async throws -> TestingHTTPResponse {
        let boundary = "----healthcity\(UUID().uuidString)"
        var body = ByteBuffer()
        func part(_ name: String, fileName: String? = nil, _ bytes: Data) {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\""
                + (fileName.map { "; filename=\"\($0)\"\r\nContent-Type: application/octet-stream" } ?? "") + "\r\n\r\n")
            body.writeBytes(bytes)
            body.writeString("\r\n")
        }
        part("csrf", Data((csrf ?? browser?.csrf ?? "").utf8))
        part("file", fileName: data == nil ? "" : fileName, data ?? Data())
        part("text", Data((text ?? "").utf8))
        body.writeString("--\(boundary)--\r\n")
        var headers: HTTPHeaders = ["Content-Type": "multipart/form-data; boundary=\(boundary)"]
        if let browser { headers.add(name: .cookie, value: "\(Cookies.session)=\(browser.cookie)") }
        return try await app.testing().sendRequest(.POST, SiteURL.imports.path, headers: headers, body: body)
    }
}
