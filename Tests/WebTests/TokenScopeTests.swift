import Core
import Domain
import Foundation
import NIOCore
import Persistence
import Testing
import TestSupport
import VaporTesting
@testable import Web

/// What a token may do: a data-submission token submits figures for the office's review and never approves;
/// a token belongs to the account that issued it and never reaches further than that account.
@Suite struct TokenScopeTests {
    static let plan = IndicatorPageTests.plan

    @Test func aDataTokenSubmitsForReviewAndNeverApproves() async throws {
        try await withTestSite(plans: [Self.plan]) { site in
            let writer = try await site.issueToken(submitsData: true)
            let path = SiteURL.apiObservations(Self.plan).path
            func figures(_ state: String, _ indicator: String = "HC38") -> String {
                #"{"state": "\#(state)", "observations": [{"region": "偏关县", "indicator": "\#(indicator)", "period": "2023", "value": 30}]}"#
            }
            let approved = try await site.api(.POST, path, token: writer, body: figures("approved"))
            #expect(approved.status == .forbidden)
            #expect(approved.body.string.contains("只能提交审核"), "\(approved.body.string)")
            let imported = try await site.api(.POST, SiteURL.apiObservationsImport(Self.plan).path + "?fileName=t.csv&state=approved",
                                              token: writer, body: IndicatorPageTests.goodCSV, contentType: "text/csv")
            #expect(imported.status == .forbidden)
            #expect(imported.body.string.contains("只能提交审核"))
            let unknown = try await site.api(.POST, SiteURL.apiObservationsImport(Self.plan).path + "?fileName=t.csv&state=ok",
                                             token: writer, body: IndicatorPageTests.goodCSV, contentType: "text/csv")
            #expect(unknown.status == .badRequest, "an unknown state is refused, not read as submitted")
            #expect(try await site.observations().isEmpty, "refused requests file nothing")

            // Submitting for review is what the token is for.
            let submitted = try await site.api(.POST, path, token: writer, body: figures("submitted"))
            #expect(submitted.status == .created)
            #expect(try await site.observation("HC38").state == .submitted)

            // The office, in its own session, may file approved figures through the same API.
            let office = try await site.browser("office")
            let headers: HTTPHeaders = ["Content-Type": "application/json", "Cookie": "\(Cookies.session)=\(office.cookie)",
                                        "X-CSRF-Token": office.csrf]
            let byOffice = try await site.app.testing().sendRequest(.POST, path, headers: headers,
                                                                   body: ByteBuffer(string: figures("approved", "HC40")))
            #expect(byOffice.status == .created, "\(byOffice.body.string)")
            #expect(try await site.observation("HC40").state == .approved)
            // A liaison may not, even for its own unit's figures.
            let liaison = try await site.browser("liaison")
            let byLiaison = try await site.app.testing().sendRequest(
                .POST, path, headers: ["Content-Type": "application/json", "Cookie": "\(Cookies.session)=\(liaison.cookie)",
                                       "X-CSRF-Token": liaison.csrf], body: ByteBuffer(string: figures("approved", "HC39")))
            #expect(byLiaison.status == .forbidden)
        }
    }

    @Test func anOfficeIssuesTokensForItsOwnProgrammeOnly() async throws {
        try await withTestSite(plans: [Self.plan, "longnan-2024"]) { site in
            let office = try #require(site.accounts["office"]).principal
            for planID: String? in [nil, "longnan-2024"] {
                do {
                    _ = try await TokenIssuer.issue(name: "越权", planID: planID, actor: office, in: site.app.appCore)
                    Issue.record("an office issued a token for \(planID ?? "every programme")")
                } catch let rejected as FormRejected {
                    #expect(rejected.message(for: "plan")?.contains("创建办只能签发读取本方案") == true)
                }
            }
            for role in ["liaison", "leader"] {
                do {
                    _ = try await TokenIssuer.issue(name: "越权", planID: Self.plan, actor: try #require(site.accounts[role]).principal,
                                                    in: site.app.appCore)
                    Issue.record("a \(role) issued a token")
                } catch let rejected as FormRejected {
                    #expect(rejected.message(for: "plan")?.contains("不能签发接口令牌") == true)
                }
            }
            let reader = try await site.issueToken(submitsData: false)
            let readerPrincipal = try #require(try await FluentAccountStore(database: site.app.db).token(hash: Secrets.digest(reader)))
                .principal
            await #expect(throws: FormRejected.self, "a token does not issue tokens") {
                try await TokenIssuer.issue(name: "套娃", planID: Self.plan, actor: readerPrincipal, in: site.app.appCore)
            }
            #expect(try await FluentAccountStore(database: site.app.db).tokens(planID: nil).count == 1)

            // The web form fixes the office's own programme whatever is posted.
            let browser = try await site.browser("office")
            #expect(try await site.post("/admin/tokens", ["name": "外方案", "plan": "longnan-2024"], as: browser).status == .created)
            let issued = try await FluentAccountStore(database: site.app.db).tokens(planID: nil).first { $0.name == "外方案" }
            #expect(issued?.planID == Self.plan)
            #expect(issued?.createdByID == site.accounts["office"]?.id)
        }
    }

    /// A token works only while its account is enabled and may still issue it.
    @Test func aTokenStopsWithItsAccount() async throws {
        try await withTestSite(plans: [Self.plan]) { site in
            let account = try #require(site.accounts["office"])
            let secret = try await TokenIssuer.issue(name: "报送", planID: Self.plan, submitsData: true, actor: account.principal,
                                                     in: site.app.appCore)
            let auth: HTTPHeaders = ["Authorization": "Bearer \(secret)"]
            #expect(try await site.get("/api/v1/me", as: nil, headers: auth).status == .ok)

            try await AccountService.setDisabled(account, true, actor: nil, in: site.app.appCore)
            let disabled = try await site.get("/api/v1/me", as: nil, headers: auth)
            #expect(disabled.status == .unauthorized)
            #expect(disabled.body.string.contains("已停用"))
            let figures = #"{"observations": [{"region": "偏关县", "indicator": "HC38", "period": "2023", "value": 30}]}"#
            #expect(try await site.api(.POST, SiteURL.apiObservations(Self.plan).path, token: secret, body: figures).status
                    == .unauthorized)
            #expect(try await site.observations().isEmpty)

            try await AccountService.setDisabled(try #require(try await FluentAccountStore(database: site.app.db).user(id: account.id)),
                                                 false, actor: nil, in: site.app.appCore)
            #expect(try await site.get("/api/v1/me", as: nil, headers: auth).status == .ok)

            // No longer an office: the token it issued no longer works either.
            let admin = try #require(site.accounts["admin"]).principal
            let current = try #require(try await FluentAccountStore(database: site.app.db).user(id: account.id))
            _ = try await AccountService.update(current, with: AccountDraft(username: current.username, displayName: current.displayName,
                                                                           role: .leader, planID: Self.plan),
                                                disabled: false, actor: admin, in: site.app.appCore)
            let demoted = try await site.get("/api/v1/me", as: nil, headers: auth)
            #expect(demoted.status == .unauthorized)
            #expect(demoted.body.string.contains("已无权签发此令牌"))
        }
    }
}
