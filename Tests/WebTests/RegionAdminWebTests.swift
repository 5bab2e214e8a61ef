import Domain
import Foundation
import Persistence
import Testing
import TestSupport
import VaporTesting
@testable import Web

/// 区划管理 in the browser: a file checked and previewed before it is imported whole, townships and villages edited
/// one at a time, a stale edit refused naming who changed the region, and only the office (or the administrator).
@Suite struct RegionAdminWebTests {
    static let plan = "pianguan-2023"
    static let page = "/plans/pianguan-2023/places"

    static func upload(_ site: TestSite, _ data: Data, fileName: String, as browser: TestBrowser) async throws -> TestingHTTPResponse {
        try await site.postMultipart("/plans/\(plan)/place-import", fields: [], files: [("file", fileName, data)], as: browser)
    }

    /// The preview's hidden rows as the browser would post them back.
    static func payload(_ html: String) throws -> String {
        let start = try #require(html.range(of: #"name="rows" value=""#))
        let rest = html[start.upperBound...]
        let end = try #require(rest.firstIndex(of: "\""))
        return String(rest[..<end]).replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&amp;", with: "&")
    }

    @Test(arguments: TestEngine.available)
    func aFileIsPreviewedThenImportedWhole(engine: TestEngine) async throws {
        try await withTestSite(engine, plans: [Self.plan, "longnan-2024"]) { site in
            let office = try await site.browser("office")
            try await site.check(Self.page, as: office) { page in
                #expect(page.status == .ok)
                #expect(page.body.string.contains("新关镇") && page.body.string.contains("东关村") && page.body.string.contains("导入区划文件"))
                #expect(!page.body.string.contains("regions import"))
            }
            let csv = "代码,名称,级别,上级\n140932102,老营镇,镇,偏关县\n140932102201,老营村,村,老营镇\n140932100202,西关村,村,140932100\n"
            let preview = try await Self.upload(site, Data(csv.utf8), fileName: "新区划.csv", as: office)
            #expect(preview.status == .ok, "\(preview.body.string.prefix(400))")
            #expect(preview.body.string.contains("将新增 3 个、更新 0 个区划") && preview.body.string.contains("老营村"))
            // Nothing is kept before the confirmation.
            #expect(try await site.app.appCore.regions.find("老营镇", underPlan: Self.plan).isEmpty)

            let confirmed = try await site.post("/plans/\(Self.plan)/place-import/confirm", ["rows": try Self.payload(preview.body.string)], as: office)
            #expect(confirmed.status == .seeOther)
            #expect(confirmed.headers.first(name: .location)?.removingPercentEncoding?.contains("新增 3 个") == true)
            let village = try #require(try await site.app.appCore.regions.find("老营村", underPlan: Self.plan).first)
            #expect(village.level == .village)
            let audit = try await site.app.appCore.audit.latest(entity: "region-import", entityID: Self.plan)
            #expect(audit?.action == "region.import")

            // An .xlsx file reads the same way.
            let xlsx = try XLSXWorkbook(sheets: [XLSXSheet(name: "区划", header: ["code", "name", "level", "parent"],
                                                           rows: [[.text("140932102202"), .text("柏杨岭村"), .text("village"), .text("老营镇")]])]).data()
            let xlsxPreview = try await Self.upload(site, xlsx, fileName: "区划.xlsx", as: office)
            #expect(xlsxPreview.body.string.contains("将新增 1 个") && xlsxPreview.body.string.contains("柏杨岭村"))
        }
    }

    @Test(arguments: TestEngine.available)
    func aBadFileIsRefusedByLineAndColumnAndNothingIsKept(engine: TestEngine) async throws {
        try await withTestSite(engine, plans: [Self.plan, "longnan-2024"]) { site in
            let office = try await site.browser("office")
            let before = try await site.app.appCore.regions.regions(underPlan: Self.plan).count
            // Line 2 is fine, line 3 hangs below another programme's city, line 4 names a level that is not one.
            let csv = "code,name,level,parent\n140932103,水泉镇,township,偏关县\n360727100,某镇,township,龙南市\n,某村,城堡,新关镇\n"
            let refused = try await Self.upload(site, Data(csv.utf8), fileName: "r.csv", as: office)
            #expect(refused.status == .unprocessableEntity)
            let body = refused.body.string
            #expect(body.contains("r.csv:4:3"), "\(body.prefix(2000))")
            #expect(try await site.app.appCore.regions.regions(underPlan: Self.plan).count == before)

            // Well-formed, but outside the programme's place: named as such, with the column of the parent.
            let outside = "code,name,level,parent\n140932103,水泉镇,township,偏关县\n360727100,某镇,township,龙南市\n"
            let second = try await Self.upload(site, Data(outside.utf8), fileName: "r.csv", as: office)
            #expect(second.status == .unprocessableEntity)
            #expect(second.body.string.contains("r.csv:3:4") && second.body.string.contains("不在本方案的地区（偏关县）之内"),
                    "\(second.body.string.prefix(2000))")
            #expect(try await site.app.appCore.regions.find("水泉镇", underPlan: Self.plan).isEmpty)

            // Too large: refused before it is parsed, and the route's limit is the file's plus its form.
            let big = Data(repeating: 0x41, count: RegionFile.maximumBytes + 1)
            #expect(throws: InputRejected.self) { try RegionFile.parse(data: big, fileName: "big.csv") }
            #expect(SiteRoute.previewRegionImport.body == .collect(RegionFile.maximumBytes + (1 << 20)))
            let empty = try await Self.upload(site, Data("code,name,level,parent\n".utf8), fileName: "e.csv", as: office)
            #expect(empty.status == .unprocessableEntity && empty.body.string.contains("没有要导入"))
        }
    }

    @Test(arguments: TestEngine.available)
    func townshipsAndVillagesAreEditedAndAStaleEditIsRefused(engine: TestEngine) async throws {
        try await withTestSite(engine, plans: [Self.plan, "longnan-2024"]) { site in
            let office = try await site.browser("office"), admin = try await site.browser("admin")
            let township = try #require(site.regions["新关镇"])
            let region = try #require(try await site.app.appCore.regions.region(id: township))
            let fingerprint = EditConflict.fingerprint(region)
            let edit = "/plans/\(Self.plan)/places/\(township.uuidString.lowercased())/edit"

            let renamed = try await site.post(edit, ["name": "新关镇（街道）", "code": "140932100", "fingerprint": fingerprint], as: admin)
            #expect(renamed.status == .seeOther)
            #expect(try await site.app.appCore.regions.region(id: township)?.name == "新关镇（街道）")

            // The office's form was opened before the administrator's save.
            let stale = try await site.post(edit, ["name": "新关", "code": "140932100", "fingerprint": fingerprint], as: office)
            #expect(stale.status == .conflict)
            #expect(stale.body.string.contains("测试系统管理员") && stale.body.string.contains("新关镇（街道）"))
            #expect(try await site.app.appCore.regions.region(id: township)?.name == "新关镇（街道）")

            // A code already someone else's, and an empty name, change nothing.
            let current = EditConflict.fingerprint(try #require(try await site.app.appCore.regions.region(id: township)))
            let taken = try await site.post(edit, ["name": "新关镇", "code": "140932101", "fingerprint": current], as: office)
            #expect(taken.status == .unprocessableEntity && taken.body.string.contains("已是「天峰坪镇」的代码"))
            let blank = try await site.post(edit, ["name": " ", "code": "", "fingerprint": current], as: office)
            #expect(blank.status == .unprocessableEntity && blank.body.string.contains("请填写名称"))

            // A village under a township, a township under the county.
            let village = try await site.post(Self.page, ["form": "add", "parent": township.uuidString, "name": "南关村", "code": "140932100203"], as: office)
            #expect(village.status == .seeOther)
            #expect(try await site.app.appCore.regions.find("南关村", underPlan: Self.plan).first?.level == .village)
            let place = try #require(try await site.app.appCore.regions.regions(underPlan: Self.plan).first)
            let added = try await site.post(Self.page, ["form": "add", "parent": place.id.uuidString, "name": "窑头乡"], as: office)
            #expect(added.status == .seeOther)
            #expect(try await site.app.appCore.regions.find("窑头乡", underPlan: Self.plan).first?.level == .township)

            // Another programme's place is not this programme's to extend.
            let longnan = try #require(try await site.app.appCore.regions.regions(underPlan: "longnan-2024").first)
            let outside = try await site.post(Self.page, ["form": "add", "parent": longnan.id.uuidString, "name": "某乡"], as: office)
            #expect(outside.status == .unprocessableEntity && outside.body.string.contains("上级不在「偏关县」之内"))
            #expect(try await site.app.appCore.regions.find("某乡", underPlan: "longnan-2024").isEmpty)
            let audit = try await site.app.appCore.audit.latest(entity: "region", entityID: township.uuidString.lowercased())
            #expect(audit?.action == "region.update" && audit?.actor == "测试系统管理员")
        }
    }

    @Test func onlyTheOfficeAndTheAdministratorManageRegions() async throws {
        try await withTestSite(plans: [Self.plan]) { site in
            for username in ["liaison", "township", "leader"] {
                let browser = try await site.browser(username)
                #expect(try await site.get(Self.page, as: browser).status == .forbidden, "\(username)")
                let posted = try await site.post(Self.page, ["form": "add", "parent": UUID().uuidString, "name": "某乡"], as: browser)
                #expect(posted.status == .forbidden, "\(username)")
            }
            let admin = try await site.browser("admin")
            try await site.check("/places", as: admin) { #expect($0.body.string.contains(Self.page)) }
            let office = try await site.browser("office")
            #expect(try await site.get("/places", as: office).headers.first(name: .location) == Self.page)
        }
    }
}
