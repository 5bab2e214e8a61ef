import Domain
import Foundation
import Persistence
import Testing
import TestSupport
import VaporTesting
@testable import Web

/// A server on a fresh database, seeded with the five demo programmes, as the administrator.
func withSeededSite(_ engine: TestEngine, _ body: (TestSite, TestBrowser) async throws -> Void) async throws {
    try await withTestSite(engine) { site in
        try await body(site, try await site.browser("admin"))
    }
}

@Suite struct APITests {
    @Test(arguments: TestEngine.available)
    func listsTheFiveProgrammes(engine: TestEngine) async throws {
        try await withSeededSite(engine) { site, admin in
            try await site.check("/api/v1/plans", as: admin) { res in
                #expect(res.status == .ok)
                let plans = try res.content.decode([PlanSummary].self)
                #expect(plans.map(\.id) == Fixtures.seedPlanIDs)
                let longnan = try #require(plans.first { $0.id == "longnan-2024" })
                #expect(longnan.title == "龙南市创建健康市工作实施方案")
                #expect(longnan.place.name == "龙南市")
                #expect(longnan.programme == .healthyCounty)
                #expect(longnan.counts.tasks == 18 && longnan.counts.phases == 3)
            }
        }
    }

    @Test(arguments: TestEngine.available)
    func servesTheCanonicalJSON(engine: TestEngine) async throws {
        try await withSeededSite(engine) { site, admin in
            for id in Fixtures.seedPlanIDs {
                try await site.check("/api/v1/plans/\(id)", as: admin) { res in
                    #expect(res.status == .ok)
                    #expect(res.headers.contentType == .json)
                    let expected = try Fixtures.plan(id).withStableTaskIDs().canonicalJSON()
                    #expect(Data(res.body.readableBytesView) == expected)
                }
            }
        }
    }

    @Test func unknownPlanIs404JSON() async throws {
        try await withSeededSite(.sqlite) { site, admin in
            try await site.check("/api/v1/plans/nope", as: admin) { res in
                #expect(res.status == .notFound)
                #expect(res.body.string.contains("\"error\":true"))
                #expect(res.body.string.contains("nope"))
            }
        }
    }

    @Test func unitTasksIncludeWorkingGroupRoutes() async throws {
        try await withSeededSite(.sqlite) { site, admin in
            let path = SiteURL.apiPlanUnit(plan: "shanting-2019", name: "区卫健局").path
            try await site.check(path, as: admin) { res in
                #expect(res.status == .ok)
                let body = try res.content.decode(APIController.UnitTasksDTO.self)
                #expect(body.unit.name == "区卫生健康局")
                #expect(body.tasks.count == 19)
                #expect(body.tasks.contains { $0.role == "workingGroupLead" && $0.via == "健康服务专业工作组" })
            }
            try await site.check(SiteURL.apiPlanUnits("longnan-2024").path, as: admin) { res in
                let units = try res.content.decode([APIController.UnitDTO].self)
                #expect(units.count == 47)
                #expect(units.first { $0.name == "市卫健委" }?.member == true)
            }
        }
    }

    @Test func healthReportsTheDatabase() async throws {
        try await withSeededSite(.sqlite) { site, admin in
            try await site.check("/healthz", as: admin) { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("\"plans\":5"))
            }
        }
    }

    /// Every /api/v1 route the server has is in the OpenAPI document, and nothing else is.
    @Test func openAPIDocumentsEveryRoute() async throws {
        try await withSeededSite(.sqlite) { site, admin in
            var documented: Set<String> = []
            try await site.check("/api/v1/openapi.json", as: admin) { res in
                #expect(res.status == .ok)
                let json = try JSONSerialization.jsonObject(with: Data(res.body.readableBytesView)) as? [String: Any]
                #expect((json?["openapi"] as? String)?.hasPrefix("3.") == true)
                let paths = json?["paths"] as? [String: [String: Any]] ?? [:]
                for (path, operations) in paths { for method in operations.keys { documented.insert("\(method.uppercased()) \(path)") } }
            }
            let served = Set(site.app.routes.all.compactMap { route -> String? in
                let path = "/" + route.path.map { component in
                    if case .parameter(let name) = component { return "{\(name)}" }
                    return component.description
                }.joined(separator: "/")
                return path.hasPrefix("/api/v1/") ? "\(route.method.rawValue) \(path)" : nil
            })
            #expect(served == documented)
        }
    }
}

@Suite struct PageTests {
    @Test(arguments: TestEngine.available)
    func homeListsEveryProgrammeInChinese(engine: TestEngine) async throws {
        try await withSeededSite(engine) { site, admin in
            try await site.check("/", as: admin) { res in
                #expect(res.status == .ok)
                #expect(res.headers.contentType?.description.hasPrefix("text/html") == true)
                let html = res.body.string
                #expect(html.contains("<html lang=\"zh-CN\">"))
                for plan in try Fixtures.allSeedPlans() { #expect(html.contains(plan.title)) }
                #expect(!html.contains("http://") && !html.contains("https://"), "no external resources")
            }
        }
    }

    @Test func planPageShowsOrganisationPhasesAndTasks() async throws {
        try await withSeededSite(.sqlite) { site, admin in
            try await site.check(SiteURL.plan("longnan-2024").path, as: admin) { res in
                #expect(res.status == .ok)
                let html = res.body.string
                #expect(html.contains("彭江闽"))
                #expect(html.contains("<svg"))
                #expect(html.contains("建章立制，全面启动"))
                #expect(html.contains("2024-09-30"))
                #expect(html.contains("建设健康环境"))
                #expect(html.contains(SiteURL.unit(plan: "longnan-2024", name: "市住建局").path))
                #expect(html.contains("不低于 40%"))
            }
            try await site.check(SiteURL.plan("shanting-2019").path, as: admin) { res in
                let html = res.body.string
                #expect(html.contains("健康服务专业工作组"))
                #expect(html.contains("孕产妇死亡率"))
                #expect(html.contains("方案未列出带日期的实施阶段"))
            }
        }
    }

    @Test func unitPageIsTheTaskBreakdown() async throws {
        try await withSeededSite(.sqlite) { site, admin in
            try await site.check(SiteURL.unit(plan: "longnan-2024", name: "市卫健委").path, as: admin) { res in
                #expect(res.status == .ok)
                let html = res.body.string
                #expect(html.contains("市卫健委 · 任务分解表"))
                #expect(html.contains("推进健康细胞建设"))
                #expect(html.contains("领导小组成员单位"))
            }
            // An alias finds the same unit.
            try await site.check(SiteURL.unit(plan: "longnan-2024", name: "市市监局").path, as: admin) { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("市市场监管局 · 任务分解表"))
            }
            try await site.check(SiteURL.unit(plan: "longnan-2024", name: "不存在").path, as: admin) { res in
                #expect(res.status == .notFound)
                #expect(res.body.string.contains("找不到页面"))
            }
            try await site.check(SiteURL.planUnits("longnan-2024").path, as: admin) { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("市融媒体中心"))
            }
        }
    }

    @Test func unitCSVOpensInExcel() async throws {
        try await withSeededSite(.sqlite) { site, admin in
            try await site.check(SiteURL.unitCSV(plan: "longnan-2024", name: "市住建局").path, as: admin) { res in
                #expect(res.status == .ok)
                let text = res.body.string
                #expect(text.hasPrefix("\u{FEFF}编号,所属部分,任务"))
                // Tasks 5–7 name it; as a member unit it also has the six 各成员单位 tasks.
                #expect(text.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == 10)
                #expect(res.headers.first(name: .contentDisposition)?.contains("filename*=UTF-8''") == true)
            }
        }
    }

    /// Text from plan files is shown as text: markup in any field never reaches the page as markup.
    @Test func markupInPlanTextIsEscaped() async throws {
        try await withSeededSite(.sqlite) { site, admin in
            var plan = try Fixtures.plan("jiafeng-2023")
            plan.id = "escape-test"
            plan.title = "\"><script>alert(1)</script>方案"
            plan.tasks[0].text = "<img src=x onerror=alert(1)>"
            try await FluentPlanStore(database: site.app.db).save(plan)
            for path in [SiteURL.home.path, SiteURL.plan("escape-test").path] {
                try await site.check(path, as: admin) { res in
                    #expect(!res.body.string.contains("<script>alert(1)</script>"))
                    #expect(!res.body.string.contains("<img src=x"))
                    #expect(res.body.string.contains("&lt;script&gt;"))
                }
            }
        }
    }

    @Test func stylesheetIsServedLocally() async throws {
        try await withSeededSite(.sqlite) { site, admin in
            try await site.check(SiteURL.stylesheet.path, as: admin) { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("@media print"))
            }
        }
    }

    @Test func timelineMarksTodayOnlyInsideTheSpan() {
        let phases = [Phase(name: "启动", start: LocalDate(year: 2024, month: 3, day: 1)!,
                            end: LocalDate(year: 2024, month: 3, day: 31)!)]
        #expect(PhaseTimeline(phases: phases, today: LocalDate(year: 2024, month: 3, day: 15)).svg().contains("今天"))
        #expect(!PhaseTimeline(phases: phases, today: LocalDate(year: 2025, month: 1, day: 1)).svg().contains("今天"))
        #expect(PhaseTimeline(phases: [], today: nil).svg().isEmpty)
    }
}
