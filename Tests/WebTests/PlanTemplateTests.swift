import Domain
import Foundation
import Persistence
import Testing
import TestSupport
import VaporTesting
@testable import Web

/// First-run set-up: the administrator begins a new programme from a stored one (a template), made local in the
/// draft editor before it is saved; the template's own records stay where they are.
@Suite struct PlanTemplateTests {
    @Test(arguments: TestEngine.available)
    func theAdministratorStartsAProgrammeFromAnother(engine: TestEngine) async throws {
        try await withTestSite(engine, plans: ["pianguan-2023"]) { site in
            let admin = try await site.browser("admin"), office = try await site.browser("office")
            #expect(try await site.page("/imports/new", as: admin).contains("以现有方案为模板"))
            #expect(!(try await site.page("/imports/new", as: office)).contains("以现有方案为模板"))
            #expect(try await site.post("/imports/template", ["template": "pianguan-2023"], as: office).status == .forbidden)
            #expect(try await site.post("/imports/template", ["template": "nowhere"], as: admin).status == .badRequest)

            let made = try await site.post("/imports/template", ["template": "pianguan-2023"], as: admin)
            #expect(made.status == .seeOther)
            let location = try #require(made.headers.first(name: .location))
            let page = try await site.get(location, as: admin).body.string
            #expect(page.contains("以「偏关县创建省级健康促进县工作实施方案」为模板") && page.contains("value=\"pianguan-2023-new\""))

            var fields = try ImportTests.formFields(page, id: "corrections")
            fields["id"] = "pianguan-2027"
            fields["title"] = "偏关县巩固健康促进县建设实施方案"
            #expect(try await site.post(location, fields, as: admin).status == .seeOther)
            let saved = try await site.post(location + "/save", [:], as: admin)
            #expect(saved.status == .seeOther, "\(saved.body.string.prefix(300))")
            let store = FluentPlanStore(database: site.app.db)
            let copy = try #require(try await store.plan(id: "pianguan-2027"))
            let template = try #require(try await store.plan(id: "pianguan-2023"))
            #expect(copy.title == "偏关县巩固健康促进县建设实施方案" && copy.tasks.count == template.tasks.count)
            #expect(copy.units.map(\.name) == template.units.map(\.name) && copy.document.number == nil)
        }
    }
}
