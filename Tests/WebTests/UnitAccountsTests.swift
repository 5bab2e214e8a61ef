import Domain
import Foundation
import Persistence
import Testing
import TestSupport
import VaporTesting
@testable import Web

/// First-run set-up: the office opens an account for every unit nobody reports for, in one step from the unit list,
/// and gets the sign-in sheet; the office's to-do item for missing accounts then goes away.
@Suite struct UnitAccountsTests {
    static let plan = "pianguan-2023"

    @Test(arguments: TestEngine.available)
    func theOfficeOpensEveryMissingAccountInOneStep(engine: TestEngine) async throws {
        try await withTestSite(engine, plans: [Self.plan]) { site in
            let plan = try Fixtures.plan(Self.plan)
            let office = try await site.browser("office"), liaison = try await site.browser("liaison")
            let path = "/plans/\(Self.plan)/units/accounts"
            let missing = MonthlyReportRules.reportingUnits(of: plan).filter { $0 != "县卫体局" }
            let list = try await site.page("/plans/\(Self.plan)/units", as: office)
            #expect(list.contains("\(missing.count) 个单位尚无账号") && list.contains("一键开通账号"))
            #expect(!(try await site.page("/plans/\(Self.plan)/units", as: liaison)).contains("一键开通账号"))
            #expect(try await site.post(path, [:], as: liaison).status == .forbidden)

            let sheet = try await site.post(path, [:], as: office)
            #expect(sheet.status == .ok && sheet.headers.first(name: .cacheControl) == "no-store")
            let html = sheet.body.string
            #expect(html.contains("账号开通单") && missing.allSatisfy { html.contains($0) })
            let accounts = try await FluentAccountStore(database: site.app.db).users(planID: Self.plan)
            let opened = accounts.filter { $0.username.hasPrefix("pianguan-2023-") }
            #expect(opened.count == missing.count && opened.allSatisfy { $0.mustChangePassword && $0.role == .liaison })
            #expect(Set(opened.compactMap(\.unit)) == Set(missing))

            // Each temporary password on the sheet signs its account in.
            let first = try #require(opened.first)
            let row = try #require(html.range(of: "<code>\(first.username)</code>"))
            let rest = html[row.upperBound...]
            let passwordStart = try #require(rest.range(of: "<code>"))
            let passwordEnd = try #require(rest.range(of: "</code>", range: passwordStart.upperBound..<rest.endIndex))
            let password = String(rest[passwordStart.upperBound..<passwordEnd.lowerBound])
            let form = try await site.get("/login", as: nil)
            let loginCSRF = try #require(form.headers.setCookie?[Cookies.loginCSRF]?.string)
            let signIn = try await site.post("/login", ["username": first.username, "password": password], as: nil, csrf: loginCSRF,
                                             cookies: [Cookies.loginCSRF: loginCSRF])
            #expect(signIn.status == .seeOther, "the sheet's password \(password) signs \(first.username) in")

            // Nothing is left to open; the office's to-do list no longer asks for accounts.
            let again = try await site.post(path, [:], as: office)
            #expect(again.status == .seeOther && (again.headers.first(name: .location) ?? "").contains("notice="))
            let todo = try await site.get("/api/v1/me/todo", as: office)
            #expect(!todo.body.string.contains("accountsMissing"))
        }
    }
}
