import Core
import Domain
import Foundation
import Testing
import TestSupport
import VaporTesting
@testable import Web

/// The account form says 可写简称: a unit may be written without the place's prefix (卫体局 for 县卫体局), by an
/// alias, or by a part of its name that only one unit has; several candidates are refused with their names.
@Suite struct AccountUnitLookupTests {
    static let plan = "pianguan-2023"

    @Test func shortNamesFindTheOneUnitTheyMean() throws {
        let plan = try #require(try Fixtures.allSeedPlans().first { $0.id == Self.plan })
        func found(_ typed: String) -> String? {
            if case .found(let unit) = AccountService.unit(matching: typed, in: plan) { return unit.name }
            return nil
        }
        #expect(found("县卫体局") == "县卫体局")
        #expect(found("卫体局") == "县卫体局")
        #expect(found("偏关县卫体局") == "县卫体局")
        #expect(found(" 疾控中心 ") == "县疾控中心")
        #expect(found("妇幼保健") == "县妇幼保健服务中心")
        // 中心 is in many names: not guessed.
        guard case .ambiguous(let names) = AccountService.unit(matching: "中心", in: plan) else {
            Issue.record("中心 should be ambiguous"); return
        }
        #expect(names.contains("县疾控中心") && names.contains("县妇幼保健服务中心"))
        #expect(AccountService.unit(matching: "局", in: plan) == .none)
        #expect(AccountService.unit(matching: "卫生院总院", in: plan) == .none)
        // A group (县直各有关单位) is not a unit an account can belong to.
        #expect(AccountService.unit(matching: "县直各有关单位", in: plan) == .none)
    }

    @Test func theOfficeOpensALiaisonAccountWithAShortName() async throws {
        try await withTestSite(plans: [Self.plan]) { site in
            let office = try await site.browser("office")
            let created = try await site.post("/admin/users/new", ["username": "weiti", "displayName": "卫体局联络员",
                                                                   "role": "liaison", "unit": "卫体局"], as: office)
            #expect(created.status == .created, "\(created.body.string.suffix(1500))")
            let account = try #require(try await site.app.appCore.accounts.credentials(username: "weiti")?.0)
            #expect(account.unit == "县卫体局")
            let refused = try await site.post("/admin/users/new", ["username": "zhongxin", "displayName": "某中心联络员",
                                                                   "role": "liaison", "unit": "中心"], as: office)
            #expect(refused.status == .badRequest)
            #expect(refused.body.string.contains("请写出全称"))
            #expect(try await site.app.appCore.accounts.credentials(username: "zhongxin") == nil)
        }
    }
}
