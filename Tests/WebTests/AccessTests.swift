import Domain
import Foundation
import Persistence
import Testing
import TestSupport
import VaporTesting
@testable import Web

/// One row of the role matrix in the README: a request and the status each role must get.
struct MatrixRow: Sendable, CustomTestStringConvertible {
    enum Method: Sendable { case get, post([String: String]) }

    var name: String
    var method: Method
    /// The path; `{东关村}` style placeholders are replaced by region ids.
    var path: String
    /// Status per role, in the order admin, office, liaison, township, assessor, leader, province.
    var expected: [Int]

    var testDescription: String { name }

    static let roles = ["admin", "office", "liaison", "township", "assessor", "leader", "province"]

    static let all: [MatrixRow] = [
        .init(name: "本方案看板", method: .get, path: "/plans/pianguan-2023/dashboard", expected: [200, 200, 200, 200, 200, 200, 200]),
        .init(name: "本方案单位任务分解表", method: .get, path: "/plans/pianguan-2023/units/县财政局",
              expected: [200, 200, 200, 200, 200, 200, 200]),
        .init(name: "其他省的方案", method: .get, path: "/plans/longnan-2024", expected: [200, 403, 403, 403, 403, 403, 403]),
        .init(name: "同省其他方案", method: .get, path: "/plans/jiafeng-2023", expected: [200, 403, 403, 403, 403, 403, 200]),
        .init(name: "修改本单位联络员信息", method: .post(["liaison": "张三", "phone": "0350-1234567"]),
              path: "/plans/pianguan-2023/units/县卫体局/contact", expected: [200, 200, 200, 403, 403, 403, 403]),
        .init(name: "修改其他单位联络员信息", method: .post(["liaison": "李四", "phone": "13800000000"]),
              path: "/plans/pianguan-2023/units/县财政局/contact", expected: [200, 200, 403, 403, 403, 403, 403]),
        .init(name: "本乡镇的村", method: .get, path: "/plans/pianguan-2023/regions/{东关村}",
              expected: [200, 200, 403, 200, 200, 200, 200]),
        .init(name: "其他乡镇", method: .get, path: "/plans/pianguan-2023/regions/{天峰坪镇}",
              expected: [200, 200, 403, 403, 200, 200, 200]),
        .init(name: "账号列表", method: .get, path: "/admin/users", expected: [200, 200, 403, 403, 403, 403, 403]),
        .init(name: "开通本方案联络员账号", method: .post(["username": "new.liaison", "displayName": "新联络员", "role": "liaison",
                                                     "plan": "pianguan-2023", "unit": "县财政局"]),
              path: "/admin/users/new", expected: [201, 201, 403, 403, 403, 403, 403]),
        .init(name: "操作日志", method: .get, path: "/admin/audit", expected: [200, 200, 403, 403, 403, 403, 403]),
        .init(name: "接口令牌", method: .get, path: "/admin/tokens", expected: [200, 200, 403, 403, 403, 403, 403]),
        .init(name: "系统设置", method: .get, path: "/admin/settings", expected: [200, 403, 403, 403, 403, 403, 403]),
        .init(name: "接口：本方案", method: .get, path: "/api/v1/plans/pianguan-2023", expected: [200, 200, 200, 200, 200, 200, 200]),
        .init(name: "接口：其他方案", method: .get, path: "/api/v1/plans/longnan-2024", expected: [200, 403, 403, 403, 403, 403, 403]),
        .init(name: "接口：本方案地区", method: .get, path: "/api/v1/plans/pianguan-2023/regions",
              expected: [200, 200, 403, 200, 200, 200, 200]),
        .init(name: "指标看板", method: .get, path: "/plans/pianguan-2023/indicators", expected: [200, 200, 200, 200, 200, 200, 200]),
        .init(name: "录入本单位指标数据", method: .get, path: "/plans/pianguan-2023/indicators/entry",
              expected: [200, 200, 200, 403, 403, 403, 403]),
        .init(name: "审核指标数据", method: .get, path: "/plans/pianguan-2023/indicators/review",
              expected: [200, 200, 403, 403, 403, 403, 403]),
        .init(name: "健康细胞看板", method: .get, path: "/plans/pianguan-2023/cells", expected: [200, 200, 200, 200, 200, 200, 200]),
        .init(name: "健康细胞登记册", method: .get, path: "/plans/pianguan-2023/cells/register",
              expected: [200, 200, 403, 200, 200, 200, 200]),
        .init(name: "其他乡镇的登记册", method: .get, path: "/plans/pianguan-2023/cells/register?region={天峰坪镇}",
              expected: [200, 200, 403, 403, 200, 200, 200]),
        .init(name: "登记场所", method: .get, path: "/plans/pianguan-2023/cells/new", expected: [200, 200, 403, 200, 403, 403, 403]),
        .init(name: "本乡镇批量评分", method: .get, path: "/plans/pianguan-2023/cells/batch?region={新关镇}",
              expected: [200, 200, 403, 200, 200, 403, 403]),
        .init(name: "导入登记册", method: .get, path: "/plans/pianguan-2023/cells/import", expected: [200, 200, 403, 403, 403, 403, 403]),
        .init(name: "确认评审", method: .get, path: "/plans/pianguan-2023/cells/review", expected: [200, 200, 403, 403, 403, 403, 403]),
        .init(name: "各地健康细胞覆盖（跨方案）", method: .get, path: "/regions/{偏关县}/cells",
              expected: [200, 403, 403, 403, 403, 403, 200]),
        .init(name: "接口：细胞覆盖", method: .get, path: "/api/v1/plans/pianguan-2023/coverage", expected: [200, 200, 200, 200, 200, 200, 200]),
        .init(name: "居民调查列表", method: .get, path: "/plans/pianguan-2023/surveys", expected: [200, 200, 200, 200, 200, 200, 200]),
        .init(name: "新建调查", method: .get, path: "/plans/pianguan-2023/surveys/new", expected: [200, 200, 403, 403, 403, 403, 403]),
        .init(name: "接口：调查列表", method: .get, path: "/api/v1/plans/pianguan-2023/surveys", expected: [200, 200, 200, 200, 200, 200, 200]),
        .init(name: "工作月报", method: .get, path: "/plans/pianguan-2023/reports", expected: [200, 200, 200, 200, 200, 200, 200]),
        .init(name: "本单位某月月报", method: .get, path: "/plans/pianguan-2023/reports/县卫体局/2023-06", expected: [200, 200, 200, 200, 200, 200, 200]),
        .init(name: "督导检查与问题清单", method: .get, path: "/plans/pianguan-2023/inspections", expected: [200, 200, 200, 200, 200, 200, 200]),
        .init(name: "登记督导检查", method: .get, path: "/plans/pianguan-2023/inspections/new", expected: [200, 200, 403, 403, 403, 403, 403]),
        .init(name: "任务进展", method: .get, path: "/plans/pianguan-2023/tasks", expected: [200, 200, 200, 200, 200, 200, 200]),
        .init(name: "健康活动", method: .get, path: "/plans/pianguan-2023/activities", expected: [200, 200, 200, 200, 200, 200, 200]),
        .init(name: "健康影响评价", method: .get, path: "/plans/pianguan-2023/policies", expected: [200, 200, 200, 200, 200, 200, 200]),
        .init(name: "责任与经费", method: .get, path: "/plans/pianguan-2023/commitments", expected: [200, 200, 200, 200, 200, 200, 200]),
        .init(name: "登记预算项目", method: .post(["name": "宣传经费", "amount": "1000"]), path: "/plans/pianguan-2023/commitments/budget",
              expected: [303, 303, 403, 403, 403, 403, 403]),
        .init(name: "迎检资料", method: .get, path: "/plans/pianguan-2023/dossier", expected: [200, 200, 200, 200, 200, 200, 200]),
        .init(name: "导出迎检资料", method: .get, path: "/plans/pianguan-2023/dossier.zip", expected: [200, 200, 403, 403, 403, 403, 403]),
        .init(name: "接口：月报报送情况", method: .get, path: "/api/v1/plans/pianguan-2023/reports", expected: [200, 200, 200, 200, 200, 200, 200]),
    ]

    static var cells: [MatrixCell] {
        all.flatMap { row in roles.indices.map { MatrixCell(row: row, role: roles[$0], expected: row.expected[$0]) } }
    }
}

struct MatrixCell: Sendable, CustomTestStringConvertible {
    var row: MatrixRow
    var role: String
    var expected: Int
    var testDescription: String { "\(row.name) · \(role) → \(expected)" }
}

@Suite struct RoleMatrixTests {
    /// Every cell of the README's role matrix.
    @Test(arguments: MatrixRow.cells)
    func cell(_ cell: MatrixCell) async throws {
        try await withTestSite(plans: ["pianguan-2023", "longnan-2024", "jiafeng-2023"]) { site in
            var path = cell.row.path
            for (name, id) in site.regions { path = path.replacingOccurrences(of: "{\(name)}", with: id.uuidString.lowercased()) }
            let browser = try await site.browser(cell.role)
            let response: TestingHTTPResponse
            switch cell.row.method {
            case .get: response = try await site.get(path, as: browser)
            case .post(let form): response = try await site.post(path, form, as: browser)
            }
            #expect(Int(response.status.code) == cell.expected, "\(response.body.string.prefix(300))")
            if cell.expected == 403 {
                // Refusals say so in Chinese and leak nothing of the page.
                #expect(response.body.string.contains("无权") || response.body.string.contains("只能查看"))
            }
        }
    }

    @Test func refusedWritesChangeNothing() async throws {
        try await withTestSite(plans: ["pianguan-2023"]) { site in
            let liaison = try await site.browser("liaison")
            let res = try await site.post("/plans/pianguan-2023/units/县财政局/contact", ["liaison": "冒名"], as: liaison)
            #expect(res.status == .forbidden)
            #expect(try await FluentUnitContactStore(database: site.app.db).contact(planID: "pianguan-2023", unit: "县财政局") == nil)
            #expect(try await FluentAuditStore(database: site.app.db).entries(planID: "pianguan-2023", limit: 100, offset: 0)
                .allSatisfy { $0.action != "unit-contact.update" })
        }
    }

    /// The township officer's list of regions holds only its township and villages.
    @Test(arguments: TestEngine.available)
    func townshipSeesOnlyItsOwnPlaces(engine: TestEngine) async throws {
        try await withTestSite(engine, plans: ["pianguan-2023"]) { site in
            let res = try await site.get("/api/v1/plans/pianguan-2023/regions", as: try await site.browser("township"))
            let names = try res.content.decode([Region].self).map(\.name)
            #expect(names == ["新关镇", "东关村"])
            let search = try await site.get("/api/v1/search?q=%E5%A4%A9%E5%B3%B0%E5%9D%AA", as: try await site.browser("township"))
            #expect(try search.content.decode(SearchResults.self).places.isEmpty)
            let officeSearch = try await site.get("/api/v1/search?q=%E5%A4%A9%E5%B3%B0%E5%9D%AA", as: try await site.browser("office"))
            #expect(try officeSearch.content.decode(SearchResults.self).places.map(\.region.name) == ["天峰坪镇", "天峰坪村"])
        }
    }

    /// An office cannot reach accounts of another programme, nor make administrators.
    @Test func officeStaysInsideItsProgramme() async throws {
        try await withTestSite(plans: ["pianguan-2023", "longnan-2024"]) { site in
            let office = try await site.browser("office")
            let admin = try #require(site.accounts["admin"])
            #expect(try await site.get(SiteURL.user(admin.id).path, as: office).status == .forbidden)
            let res = try await site.post("/admin/users/new", ["username": "boss", "displayName": "x", "role": "admin"], as: office)
            #expect(res.status == .badRequest)
            #expect(res.body.string.contains("您不能开通系统管理员账号"))
            // A plan in the form is ignored: the office's own programme is used.
            let other = try await site.post("/admin/users/new", ["username": "ln.leader", "displayName": "领导", "role": "leader",
                                                                 "plan": "longnan-2024"], as: office)
            #expect(other.status == .created)
            let created = try #require(try await FluentAccountStore(database: site.app.db).credentials(username: "ln.leader"))
            #expect(created.0.planID == "pianguan-2023")
        }
    }
}
