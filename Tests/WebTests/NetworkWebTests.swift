import Domain
import Foundation
import Persistence
import Testing
import TestSupport
import VaporTesting
@testable import Web

/// 健康促进网络: staff per unit and township and the expert committee, registered by the office (a liaison its own
/// unit's staff), wrong input refused whole, a stale save refused naming who saved, leavers kept, the roster exported,
/// shown on the unit page, filed in the dossier and answered by the API.
@Suite struct NetworkWebTests {
    static let plan = "pianguan-2023"
    static let page = "/plans/pianguan-2023/network"

    static func staff(_ site: TestSite, named name: String) async throws -> Stored<PromotionStaff> {
        try #require(try await site.app.appCore.running.records(PromotionStaff.self, planID: plan).first { $0.value.name == name })
    }

    @Test(arguments: TestEngine.available)
    func theOfficeAndALiaisonRegisterTheNetwork(engine: TestEngine) async throws {
        try await withTestSite(engine, plans: [Self.plan]) { site in
            let office = try await site.browser("office"), liaison = try await site.browser("liaison")
            let township = try #require(site.regions["新关镇"])
            let added = try await site.post("\(Self.page)/staff", ["place": "unit:县卫体局", "name": "王五", "post": "健康教育专干",
                                                                   "phone": "0350-7654321", "employment": "fullTime"], as: office)
            #expect(added.status == .seeOther, "\(added.body.string.prefix(500))")
            _ = try await site.post("\(Self.page)/staff", ["place": "township:\(township.uuidString.lowercased())", "name": "李四",
                                                         "post": "卫生专干", "phone": "13800138000", "employment": "partTime"], as: office)
            // The liaison's staff go to its own unit whatever the form says.
            let own = try await site.post("\(Self.page)/staff", ["place": "unit:县财政局", "name": "赵六", "post": "办公室主任",
                                                                 "phone": "13900139000", "employment": "partTime"], as: liaison)
            #expect(own.status == .seeOther)
            #expect(try await Self.staff(site, named: "赵六").value.unit == "县卫体局")
            let expert = try await site.post("\(Self.page)/experts", ["name": "张教授", "committeeRole": "主任委员", "fields": "公共卫生、营养学",
                                                                      "employer": "县人民医院", "title": "主任医师", "phone": "0350-1234567"], as: office)
            #expect(expert.status == .seeOther)
            #expect(try await site.post("\(Self.page)/experts", ["name": "某", "fields": "x", "employer": "y", "phone": "13800138000"],
                                        as: liaison).status == .forbidden)
            #expect(try await site.post("\(Self.page)/staff", ["place": "unit:县卫体局", "name": "某", "post": "x", "phone": "13800138000",
                                                               "employment": "fullTime"], as: try await site.browser("leader")).status == .forbidden)

            try await site.check(Self.page, as: office) { page in
                let body = page.body.string
                #expect(page.status == .ok)
                #expect(body.contains("王五") && body.contains("新关镇") && body.contains("张教授") && body.contains("公共卫生、营养学"))
                #expect(body.contains("名册归入迎检资料") && body.contains("登记专家委员会委员"))
            }
            try await site.check("/plans/\(Self.plan)/units/县卫体局", as: liaison) { page in
                #expect(page.body.string.contains("专兼职健康促进人员") && page.body.string.contains("王五") && page.body.string.contains("赵六"))
            }

            // The roster as a workbook: staff first, then the committee.
            let workbook = try await site.get("\(Self.page).xlsx", as: liaison)
            #expect(workbook.status == .ok && workbook.headers.contentType?.subType.contains("spreadsheetml") == true)
            let rows = try XLSXReader.rows(data: Data(buffer: workbook.body), fileName: "名册.xlsx")
            #expect(rows.count == 4 && rows.contains { $0.cells.contains("李四") && $0.cells.contains("兼职") })

            // The API: staff and experts with their revisions.
            let api = try await site.get("/api/v1/plans/\(Self.plan)/network", as: office)
            let json = try JSONValue.parse(Data(buffer: api.body))
            #expect(json["staff"]?.array?.count == 3 && json["experts"]?.array?.first?["name"]?.string == "张教授")
            #expect(json["summary"]?["fullTime"]?.number == 1)
        }
    }

    @Test(arguments: TestEngine.available)
    func wrongInputAndStaleSavesAreRefusedAndLeaversAreKept(engine: TestEngine) async throws {
        try await withTestSite(engine, plans: [Self.plan]) { site in
            let office = try await site.browser("office"), liaison = try await site.browser("liaison")
            let wrong = try await site.post("\(Self.page)/staff", ["place": "unit:火星局", "name": "王五", "post": "专干", "phone": "电话",
                                                                   "employment": "fullTime"], as: office)
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.body.string.contains("所在单位：「火星局」不是本方案的单位") && wrong.body.string.contains("联系电话："))
            #expect(try await site.app.appCore.running.records(PromotionStaff.self, planID: Self.plan).isEmpty)

            _ = try await site.post("\(Self.page)/staff", ["place": "unit:县卫体局", "name": "王五", "post": "专干", "phone": "13800138000",
                                                         "employment": "fullTime"], as: office)
            let stored = try await Self.staff(site, named: "王五")
            let path = "\(Self.page)/staff/\(stored.value.id.uuidString.lowercased())"
            let form = ["do": "save", "revision": String(stored.revision), "place": "unit:县卫体局", "name": "王五", "post": "健康教育科科长",
                        "phone": "13800138000", "employment": "fullTime"]
            #expect(try await site.post(path, form, as: liaison).status == .seeOther)
            // The office's form was opened at the same revision: refused, naming the liaison, and what was typed kept.
            var late = form
            late["post"] = "副科长"
            let stale = try await site.post(path, late, as: office)
            #expect(stale.status == .conflict)
            #expect(stale.body.string.contains("测试单位联络员") && stale.body.string.contains("副科长"))
            #expect(try await Self.staff(site, named: "王五").value.post == "健康教育科科长")

            // Leaving: not in the future, then kept with the day, out of the counts, in the history.
            let current = try await Self.staff(site, named: "王五")
            let future = try await site.post(path, ["do": "leave", "revision": String(current.revision), "leftOn": "2999-01-01"], as: office)
            #expect(future.status == .unprocessableEntity && future.body.string.contains("晚于今天"))
            let left = try await site.post(path, ["do": "leave", "revision": String(current.revision), "leftOn": site.app.appCore.today.iso,
                                                  "leftReason": "调离"], as: office)
            #expect(left.status == .seeOther)
            let after = try await Self.staff(site, named: "王五")
            #expect(after.value.leftOn != nil && after.value.leftReason == "调离")
            try await site.check(Self.page, as: office) { page in
                #expect(page.body.string.contains("已离任（保留记录）") && page.body.string.contains("王五"))
            }
            try await site.check(path, as: office) { page in
                #expect(page.body.string.contains("标记离任") && page.body.string.contains("测试单位联络员"))
                #expect(!page.body.string.contains("id=\"edit-member\""))
            }
            let history = try await site.app.appCore.running.history(PromotionStaff.self, planID: Self.plan, key: after.value.naturalKey)
            #expect(history.map(\.action) == ["network.staff-add", "network.staff-update", "network.staff-leave"])
        }
    }

    @Test(arguments: TestEngine.available)
    func theRosterIsFiledInTheDossier(engine: TestEngine) async throws {
        try await withTestSite(engine, plans: [Self.plan]) { site in
            let office = try await site.browser("office")
            _ = try await site.post("\(Self.page)/experts", ["name": "张教授", "fields": "公共卫生", "employer": "县人民医院",
                                                           "phone": "0350-1234567"], as: office)
            #expect(try await site.post("/plans/\(Self.plan)/network-dossier", [:], as: try await site.browser("liaison")).status == .forbidden)
            let filed = try await site.post("/plans/\(Self.plan)/network-dossier", [:], as: office)
            #expect(filed.headers.first(name: .location)?.removingPercentEncoding?.contains("健康专家委员会") == true)
            let links = try await site.app.appCore.running.records(ProgrammeEvidenceLink.self, planID: Self.plan).map(\.value.link)
            #expect(Set(links.compactMap { if case .scoreItem(_, let item) = $0.target { item } else { nil } }) == ["1.4", "2.2"])
            try await site.check("/plans/\(Self.plan)/dossier", as: office) { page in
                #expect(page.body.string.contains("健康促进网络名册"))
            }
        }
    }
}
