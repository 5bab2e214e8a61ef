import Crypto
import Domain
import Foundation
import NIOCore
import Persistence
import Testing
import TestSupport
import VaporTesting
import ZIPFoundation
@testable import Web

/// A month of running 偏关's programme through the web application, on a clock set to the programme's dates:
/// units report (one on time, one late, one not at all), the office returns one, inspects and lists problems, a unit
/// rectifies with evidence, the office re-checks and closes (not without evidence), an overdue problem escalates,
/// and the dossier files every piece of evidence under its item and lists the gaps.
@Suite struct RunningMonthTests {
    static let plan = "pianguan-2023"
    static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 7, count: 64))
    static let pdf = Data("%PDF-1.4\n% 整改照片说明\n".utf8)
    static let otherPDF = Data("%PDF-1.4\n% 健康教育制度\n".utf8)

    static func at(_ iso: String, _ site: TestSite) {
        let instant = ISO8601DateFormatter().date(from: iso + "T10:00:00+08:00")!
        site.app.clock = { instant }
    }

    @Test(arguments: TestEngine.available)
    func aScriptedMonth(engine: TestEngine) async throws {
        try await withTestSite(engine, plans: [Self.plan]) { site in
            let plan = try Fixtures.plan(Self.plan)
            let units = MonthlyReportRules.reportingUnits(of: plan)
            let own = "县卫体局"
            let others = units.filter { $0 != own }
            try #require(units.contains(own) && others.count >= 2)
            let late = others[0], missing = others[1]
            let office = try await site.browser("office"), liaison = try await site.browser("liaison")
            let base = "/plans/\(Self.plan)"

            // June 2023, due on the 30th. The liaison reports on the 20th with a photo.
            Self.at("2023-06-20", site)
            let board = try await site.page("\(base)/reports?month=2023-06", as: liaison)
            #expect(board.contains("县卫体局的月报") && board.contains("2023年6月30日"))
            let submitted = try await site.postMultipart("\(base)/reports/\(own)/2023-06", fields: [
                ("workDone", "开展健康讲座 2 场"), ("activities", "世界无烟日宣传"), ("problems", ""), ("nextSteps", "继续"), ("action", "submit"),
            ], files: [("attachments", "讲座.png", Self.png)], as: liaison)
            #expect(submitted.status == .seeOther, "\(submitted.body.string.prefix(300))")
            // A month not yet begun, another unit's report, a file that is not a photo or document: refused, nothing kept.
            let future = try await site.postMultipart("\(base)/reports/\(own)/2023-08", fields: [("workDone", "x"), ("action", "submit")],
                                                      as: liaison)
            #expect(future.status == .unprocessableEntity && future.body.string.contains("尚未开始"))
            let foreign = try await site.postMultipart("\(base)/reports/\(late)/2023-06", fields: [("workDone", "x"), ("action", "submit")],
                                                       as: liaison)
            #expect(foreign.status == .forbidden)
            let script = try await site.postMultipart("\(base)/reports/\(own)/2023-05", fields: [("workDone", "x"), ("action", "submit")],
                                                      files: [("attachments", "照片.png", Data("<script>alert(1)</script>".utf8))], as: liaison)
            #expect(script.status == .unprocessableEntity && script.body.string.contains("不是照片"))
            #expect(try await FluentRunningStore(database: site.app.db).records(MonthlyReport.self, planID: Self.plan).count == 1)

            // July 3rd: the office enters a late unit's paper report; one unit never reports.
            Self.at("2023-07-03", site)
            let paper = try await site.postMultipart("\(base)/reports/\(late)/2023-06", fields: [("workDone", "纸质月报"), ("action", "submit")],
                                                     as: office)
            #expect(paper.status == .seeOther)
            let api = try await site.get("/api/v1\(base)/reports?month=2023-06", as: office)
            let rollUp = try #require(try JSONSerialization.jsonObject(with: Data(api.body.readableBytesView)) as? [String: Any])
            #expect(rollUp["onTime"] as? [String] == [own] && rollUp["late"] as? [String] == [late])
            #expect((rollUp["missing"] as? [String])?.contains(missing) == true)
            let officeBoard = try await site.page("\(base)/reports?month=2023-06", as: office)
            #expect(officeBoard.contains("按时") && officeBoard.contains("逾期") && officeBoard.contains("提醒"))

            // The office returns the late report; the liaison cannot return anything.
            #expect(try await site.post("\(base)/reports/\(late)/2023-06/return", ["reason": "请补充活动照片"], as: liaison).status == .forbidden)
            #expect(try await site.post("\(base)/reports/\(late)/2023-06/return", ["reason": "请补充活动照片"], as: office).status == .seeOther)
            #expect(try await site.page("\(base)/reports/\(late)/2023-06", as: office).contains("请补充活动照片"))

            // The month's summary as Word: the units that did not report are named.
            let summary = try await site.get("\(base)/reports/summary.docx?month=2023-06", as: office)
            let summaryText = try Self.documentText(Data(summary.body.readableBytesView))
            #expect(summaryText.contains("2023年6月") && summaryText.contains(missing) && summaryText.contains("开展健康讲座 2 场"))

            // July 5th: an inspection with two problems.
            Self.at("2023-07-05", site)
            let created = try await site.post("\(base)/inspections/new", [
                "date": "2023-07-05", "inspectors": "张三、李四", "subjects": "\(own)、\(late)", "findings": "资料归档不全",
                "text.0": "健康讲座记录缺少照片", "unit.0": own, "deadline.0": "2023-07-20",
                "text.1": "未设健康教育宣传栏", "unit.1": late, "deadline.1": "2023-07-10",
            ], as: office)
            #expect(created.status == .seeOther, "\(created.body.string.prefix(400))")
            let inspectionPath = try #require(created.headers.first(name: .location))
            let bad = try await site.post("\(base)/inspections/new", ["date": "2023-07-05", "text.0": "无期限的问题", "unit.0": "火星局"], as: office)
            #expect(bad.status == .unprocessableEntity && bad.body.string.contains("问题 1") && bad.body.string.contains("火星局"))
            let store = FluentRunningStore(database: site.app.db)
            let problems = try await store.records(InspectionProblem.self, planID: Self.plan).map(\.value)
            #expect(problems.count == 2)
            let mine = try #require(problems.first { $0.unit == own }), theirs = try #require(problems.first { $0.unit == late })

            // The unit rectifies with evidence; it may not close its own problem.
            Self.at("2023-07-15", site)
            #expect(try await site.postMultipart("\(base)/problems/\(mine.id.uuidString.lowercased())/close", fields: [], as: liaison).status == .forbidden)
            let rectified = try await site.postMultipart("\(base)/problems/\(mine.id.uuidString.lowercased())/submitRectification",
                                                         fields: [("note", "已补齐讲座照片并归档")], files: [("evidence", "整改.pdf", Self.pdf)], as: liaison)
            #expect(rectified.status == .seeOther)
            // Closing without evidence is refused with the reason; re-check then close works.
            let early = try await site.postMultipart("\(base)/problems/\(theirs.id.uuidString.lowercased())/close", fields: [], as: office)
            #expect(early.headers.first(name: .location)?.removingPercentEncoding?.contains("未销号") == true)
            #expect(try await site.postMultipart("\(base)/problems/\(mine.id.uuidString.lowercased())/recheck",
                                                 fields: [("passed", "yes"), ("date", "2023-07-16")], as: office).status == .seeOther)
            #expect(try await site.postMultipart("\(base)/problems/\(mine.id.uuidString.lowercased())/close", fields: [], as: office).status == .seeOther)
            let closed = try #require(try await store.record(InspectionProblem.self, planID: Self.plan, key: mine.naturalKey))
            #expect(closed.value.state == .closed && closed.value.evidence.count == 1)

            // July 30th: the other problem is 20 days overdue and escalated.
            Self.at("2023-07-30", site)
            let list = try await site.page("\(base)/inspections", as: office)
            #expect(list.contains("逾期 20 天") && list.contains("未设健康教育宣传栏"))
            #expect(try await site.page(inspectionPath, as: office).contains("已销号"))
            let circular = try await site.get(inspectionPath + "/circular.docx", as: office)
            #expect(try Self.documentText(Data(circular.body.readableBytesView)).contains("未设健康教育宣传栏"))

            // The dossier: a file linked by hand to the first score item, plus everything attached above.
            let sheet = try #require(site.app.scoreSheets.flatMap(DossierBuilder.comprehensiveSheet(in:)))
            let firstItem = try #require(sheet.allItems.first)
            let linked = try await site.postMultipart("\(base)/dossier/evidence", fields: [("target", "item:\(firstItem.id)")],
                                                      files: [("files", "制度.pdf", Self.otherPDF)], as: office)
            #expect(linked.status == .seeOther)
            #expect(try await site.get("\(base)/dossier.zip", as: liaison).status == .forbidden)
            let page = try await site.page("\(base)/dossier", as: office)
            #expect(page.contains("缺少佐证材料") && page.contains("制度.pdf"))
            let zip = try await site.get("\(base)/dossier.zip", as: office)
            #expect(zip.status == .ok)
            let archive = try Archive(data: Data(zip.body.readableBytesView), accessMode: .read)
            let paths = archive.map(\.path)
            #expect(paths.first == "索引.xlsx")
            #expect(paths.contains { $0.hasPrefix("01_综合评分表/") && $0.hasSuffix("制度.pdf") })
            #expect(paths.contains { $0.hasPrefix("07_工作月报/") && $0.hasSuffix("讲座.png") })
            #expect(paths.contains { $0.hasPrefix("06_督导整改/") && $0.hasSuffix("整改.pdf") })
            var index = Data()
            _ = try archive.extract(try #require(archive["索引.xlsx"])) { index.append($0) }
            let rows = try XLSXReader.rows(data: index, fileName: "索引.xlsx")
            #expect(rows.contains { $0.cells.contains("缺少佐证材料") } && rows.contains { $0.cells.contains("已有佐证") })
            if RealReaders.shouldRun {
                let sheets = try #require(try RealReaders.xlsx(index))
                #expect(sheets["缺少佐证"].map { $0.count > 1 } == true)
            }

            let audit = try await FluentAuditStore(database: site.app.db).entries(planID: Self.plan, limit: 50, offset: 0).map(\.action)
            for action in ["report.submit", "report.return", "inspection.create", "problem.submit", "problem.close", "evidence.link"] {
                #expect(audit.contains(action), "\(action)")
            }
        }
    }

    @Test func tasksAndActivitiesAreTrackedAndFiled() async throws {
        try await withTestSite(plans: [Self.plan]) { site in
            let plan = try Fixtures.plan(Self.plan)
            let office = try await site.browser("office"), liaison = try await site.browser("liaison")
            let base = "/plans/\(Self.plan)"
            let own = "县卫体局"
            let mine = TaskAssignment.initial(for: plan, on: LocalDate(iso: "2023-06-01")!).filter { $0.unit == own }
            let first = try #require(mine.first)
            let other = try #require(TaskAssignment.initial(for: plan, on: LocalDate(iso: "2023-06-01")!).first { $0.unit != own })

            // After the programme's phases every unfinished task is overdue: all red.
            Self.at("2024-01-10", site)
            let board = try await site.page("\(base)/tasks", as: liaison)
            #expect(board.contains("\(own)的任务") && board.contains("红灯") && board.contains("逾期"))
            let recorded = try await site.postMultipart("\(base)/tasks/\(first.taskIndex)/\(own)",
                                                        fields: [("progress", "done"), ("note", "已完成并归档"), ("date", "2024-01-09")],
                                                        files: [("evidence", "完成.pdf", Self.pdf)], as: liaison)
            #expect(recorded.status == .seeOther)
            #expect(recorded.headers.first(name: .location)?.removingPercentEncoding?.contains("已记录任务进展") == true)
            let foreign = try await site.postMultipart("\(base)/tasks/\(other.taskIndex)/\(other.unit)",
                                                       fields: [("progress", "inProgress"), ("note", "x")], as: liaison)
            #expect(foreign.status == .forbidden)
            let future = try await site.postMultipart("\(base)/tasks/\(first.taskIndex)/\(own)",
                                                      fields: [("progress", "done"), ("note", "补充"), ("date", "2024-02-01")], as: liaison)
            #expect(future.headers.first(name: .location)?.removingPercentEncoding?.contains("晚于今天") == true)
            let after = try await site.page("\(base)/tasks?unit=\(own)", as: office)
            #expect(after.contains("已完成并归档") && after.contains("完成.pdf"))

            // Activities: a lecture with a photo, a joint campaign on 世界无烟日, and refusals.
            Self.at("2023-06-02", site)
            let lecture = try await site.postMultipart("\(base)/activities", fields: [
                ("kind", "lecture"), ("title", "高血压防治讲座"), ("date", "2023-05-20"), ("place", "县医院"), ("participants", "60"), ("beneficiaries", "60"),
            ], files: [("evidence", "讲座.png", Self.png)], as: liaison)
            #expect(lecture.status == .seeOther, "\(lecture.body.string.prefix(300))")
            let campaign = try await site.postMultipart("\(base)/activities", fields: [
                ("kind", "healthDayCampaign"), ("title", "无烟日宣传"), ("organisers", "\(own)、县疾控中心"), ("date", "2023-05-31"),
                ("place", "广场"), ("beneficiaries", "300"), ("healthDay", "世界无烟日"),
            ], as: office)
            #expect(campaign.status == .seeOther, "\(campaign.body.string.prefix(300))")
            let bad = try await site.postMultipart("\(base)/activities", fields: [
                ("kind", "lecture"), ("title", ""), ("date", "2023-07-01"), ("place", "县医院"), ("participants", "50"), ("beneficiaries", "10"),
            ], as: liaison)
            #expect(bad.status == .unprocessableEntity)
            for text in ["请填写活动名称", "晚于今天", "少于参加人数"] { #expect(bad.body.string.contains(text), "\(text)") }
            let page = try await site.page("\(base)/activities?year=2023", as: office)
            #expect(page.contains("高血压防治讲座") && page.contains("世界无烟日") && page.contains("360"))
            #expect(try await FluentRunningStore(database: site.app.db).records(Activity.self, planID: Self.plan).count == 2)
            // The year's beneficiaries against 30% of the population: 360 of a 1,000-person target share of 300.
            #expect(try await site.post("\(base)/activities/target", ["year": "2023", "population": "1,000", "targetPercent": "30"], as: liaison)
                .status == .forbidden)
            let target = try await site.post("\(base)/activities/target", ["year": "2023", "population": "1,000", "targetPercent": "30"], as: office)
            #expect(target.status == .seeOther)
            let refused = try await site.post("\(base)/activities/target", ["year": "2023", "population": "0", "targetPercent": "130"], as: office)
            #expect(refused.headers.first(name: .location)?.removingPercentEncoding?.contains("常住人口应大于 0") == true)
            #expect(try await site.page("\(base)/activities?year=2023", as: office).contains("目标 30%（300 人次）"))

            // A confirmed healthy-cell assessment's evidence is filed under the place.
            let cells = FluentCellStore(database: site.app.db)
            let school = try await cells.add(CellPlace(cell: "school", subkind: "primary", name: "新关小学", regionID: try #require(site.regions["新关镇"]), status: .onsite),
                                             actor: "创建办")
            let sha = SHA256.hash(data: Self.png).map { String(format: "%02x", $0) }.joined()
            let photo = try await FluentIndicatorStore(database: site.app.db).storeEvidence(Self.png, sha256: sha, fileName: "操场.png", contentType: "image/png")
            try await cells.saveAssessments([CellAssessment(placeID: school.id, sheetID: "school", assessor: "评审专家", assessedOn: LocalDate(iso: "2023-05-20")!,
                                                            entriesJSON: "{}", resultJSON: "{}", total: 90, proposal: .pass, reasons: [],
                                                            state: .confirmed, evidence: ["1.1": [photo]])])

            // The files reach the dossier, under the activity, the task and the place.
            let zip = try await site.get("\(base)/dossier.zip", as: office)
            let paths = try Archive(data: Data(zip.body.readableBytesView), accessMode: .read).map(\.path)
            #expect(paths.contains { $0.hasPrefix("04_健康细胞/") && $0.hasSuffix("操场.png") }, "\(paths)")
            #expect(paths.contains { $0.hasPrefix("05_活动/") && $0.hasSuffix("讲座.png") })
            #expect(paths.contains { $0.hasPrefix("02_方案任务/") && $0.hasSuffix("完成.pdf") })
        }
    }

    @Test func aPolicyGoesThroughItsAssessmentAndCommitmentsAreKept() async throws {
        try await withTestSite(plans: [Self.plan]) { site in
            let office = try await site.browser("office"), liaison = try await site.browser("liaison"), expert = try await site.browser("assessor")
            let base = "/plans/\(Self.plan)"
            Self.at("2023-06-10", site)
            let registered = try await site.post("\(base)/policies", ["title": "全民健身实施计划", "kind": PolicyKind.allCases[0].rawValue,
                                                                    "registeredOn": "2023-06-01"], as: liaison)
            #expect(registered.status == .seeOther, "\(registered.body.string.prefix(300))")
            let path = try #require(registered.headers.first(name: .location))
            func step(_ name: String, _ fields: [(String, String)], as browser: TestBrowser) async throws -> String {
                let res = try await site.postMultipart("\(path)/\(name)", fields: fields, as: browser)
                return res.headers.first(name: .location)?.removingPercentEncoding ?? "\(res.status)"
            }
            // Screening needs two or three experts; the drafting department may not screen its own policy.
            #expect(try await step("screen", [("experts", "王五"), ("decision", "full")], as: expert).contains("未保存"))
            #expect(try await step("screen", [("experts", "王五、赵六"), ("decision", "full")], as: liaison).contains("未保存"))
            #expect(try await step("screen", [("experts", "王五、赵六"), ("decision", "full"), ("date", "2023-06-05")], as: expert).contains("已保存"))
            #expect(try await step("analysis", [("analysis", "涉及体育设施布局")], as: expert).contains("已保存"))
            #expect(try await step("report", [("report", "总体有利健康"), ("recommendations", "增加社区健身设施\n开放学校操场")], as: expert).contains("已保存"))
            #expect(try await step("respond", [("index", "1"), ("decision", "notAdopted")], as: liaison).contains("请说明理由"))
            #expect(try await step("respond", [("index", "0"), ("decision", "adopted")], as: liaison).contains("已保存"))
            #expect(try await step("complete", [], as: liaison).contains("尚未反馈"))
            #expect(try await step("respond", [("index", "1"), ("decision", "notAdopted"), ("reason", "场地安全责任未明确")], as: liaison).contains("已保存"))
            #expect(try await step("complete", [], as: liaison).contains("已保存"))
            #expect(try await step("file", [("date", "2023-06-10")], as: liaison).contains("未保存"))
            #expect(try await step("file", [("date", "2023-06-10")], as: office).contains("已保存"))
            let page = try await site.page(path, as: office)
            #expect(page.contains("场地安全责任未明确") && page.contains("备案"))
            #expect(try await site.page("\(base)/policies", as: office).contains("50%"))

            // Agreements and budget: the office only; a future date and a missing file are refused.
            #expect(try await site.postMultipart("\(base)/commitments/agreements", fields: [("unit", "县卫体局"), ("signedOn", "2023-05-01")],
                                                 files: [("file", "责任状.pdf", Self.pdf)], as: liaison).status == .forbidden)
            let future = try await site.postMultipart("\(base)/commitments/agreements", fields: [("unit", "县卫体局"), ("signedOn", "2023-07-01")],
                                                      as: office)
            #expect(future.status == .unprocessableEntity && future.body.string.contains("晚于今天") && future.body.string.contains("请上传"))
            let signed = try await site.postMultipart("\(base)/commitments/agreements", fields: [("unit", "县卫体局"), ("signedOn", "2023-05-01")],
                                                      files: [("file", "责任状.pdf", Self.pdf)], as: office)
            #expect(signed.status == .seeOther)
            #expect(try await site.post("\(base)/commitments/budget", ["name": "健康教育经费", "amount": "1万元", "year": "2023"], as: office).status == .seeOther)
            let line = try #require(try await FluentRunningStore(database: site.app.db).records(BudgetLine.self, planID: Self.plan).first)
            let spent = try await site.post("\(base)/commitments/budget/\(line.value.id.uuidString.lowercased())/spending",
                                            ["date": "2023-06-08", "amount": "9,500", "purpose": "宣传材料"], as: office)
            #expect(spent.headers.first(name: .location)?.removingPercentEncoding?.contains("剩余 500.00元") == true)
            let bad = try await site.post("\(base)/commitments/budget/\(line.value.id.uuidString.lowercased())/spending",
                                          ["date": "2023-06-08", "amount": "-5", "purpose": ""], as: office)
            #expect(bad.status == .unprocessableEntity)
            let commitments = try await site.page("\(base)/commitments", as: office)
            #expect(commitments.contains("责任状.pdf") && commitments.contains("尚未签订") && commitments.contains("接近预算"))
        }
    }

    /// The text of a .docx body (python-docx when installed, else the XML's text runs).
    static func documentText(_ data: Data) throws -> String {
        let archive = try Archive(data: data, accessMode: .read)
        var xml = Data()
        _ = try archive.extract(try #require(archive["word/document.xml"])) { xml.append($0) }
        if RealReaders.shouldRun, let read = try RealReaders.docx(data) { return read }
        return String(decoding: xml, as: UTF8.self).replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression)
    }
}

/// python-docx and openpyxl reading generated files, the way office software would. Skipped when they are not
/// installed, unless HEALTHCITY_REQUIRE_READERS is set: then their absence fails the test.
enum RealReaders {
    static let isAvailable = PythonReaders.canImport("docx", "openpyxl")
    static var shouldRun: Bool { isAvailable || PythonReaders.isRequired }

    /// The paragraphs and table cells python-docx reads, joined.
    static func docx(_ data: Data) throws -> String? {
        guard let output = try read(data, script: "read_docx.py", name: "文档.docx") else { return nil }
        func strings(_ value: Any) -> [String] {
            if let text = value as? String { return [text] }
            if let list = value as? [Any] { return list.flatMap(strings) }
            if let map = value as? [String: Any] { return map.values.flatMap(strings) }
            return []
        }
        return strings(try JSONSerialization.jsonObject(with: output)).joined(separator: "\n")
    }

    /// Sheet name → rows, as openpyxl reads them.
    static func xlsx(_ data: Data) throws -> [String: [[String]]]? {
        guard let output = try read(data, script: "read_xlsx.py", name: "索引.xlsx") else { return nil }
        let json = try JSONSerialization.jsonObject(with: output)
        var sheets: [String: [[String]]] = [:]
        if let list = json as? [[String: Any]] {
            for sheet in list {
                guard let name = sheet["name"] as? String, let rows = sheet["rows"] as? [[Any]] else { continue }
                sheets[name] = rows.map { $0.map { "\($0)" } }
            }
        } else if let map = json as? [String: Any] {
            for (name, rows) in map { sheets[name] = (rows as? [[Any]])?.map { $0.map { "\($0)" } } ?? [] }
        }
        return sheets
    }

    private static func read(_ data: Data, script: String, name: String) throws -> Data? {
        guard isAvailable else {
            Issue.record("HEALTHCITY_REQUIRE_READERS is set but python-docx/openpyxl are missing: pip install python-docx openpyxl")
            return nil
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("healthcity-read-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent(name)
        try data.write(to: file)
        let result = try PythonReaders.python([PythonReaders.directory.appendingPathComponent(script).path, file.path])
        guard result.status == 0 else { Issue.record("\(script) failed: \(result.errors)"); return nil }
        return result.output
    }
}
