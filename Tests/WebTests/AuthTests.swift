import Core
import Domain
import Foundation
import NIOCore
import Persistence
import Testing
import TestSupport
import VaporTesting
@testable import Web

@Suite struct SignInTests {
    /// The real flow, on every engine: the form sets a double-submit token, the right password
    /// starts a session, the cookie is HTTP-only, and signing out ends it.
    @Test(arguments: TestEngine.available)
    func signInAndOut(engine: TestEngine) async throws {
        try await withTestSite(engine, plans: ["pianguan-2023"]) { site in
            let anonymous = try await site.get("/", as: nil)
            #expect(anonymous.status == .seeOther)
            #expect(anonymous.headers.first(name: .location) == "/login?next=%2F")

            let form = try await site.get("/login", as: nil)
            let setCookie = form.headers[.setCookie].joined(separator: "\n")
            #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict"))
            let loginCSRF = try #require(form.headers.setCookie?[Cookies.loginCSRF]?.string)
            #expect(form.body.string.contains(loginCSRF))

            let wrong = try await site.post("/login", ["username": "liaison", "password": "nope-nope-nope"], as: nil, csrf: loginCSRF,
                                            cookies: [Cookies.loginCSRF: loginCSRF])
            #expect(wrong.status == .unauthorized)
            #expect(wrong.body.string.contains("用户名或密码不正确"))

            let ok = try await site.post("/login", ["username": "liaison", "password": TestSite.password, "next": "/search"],
                                         as: nil, csrf: loginCSRF, cookies: [Cookies.loginCSRF: loginCSRF])
            #expect(ok.status == .seeOther)
            #expect(ok.headers.first(name: .location) == "/search")
            let session = try #require(ok.headers.setCookie?[Cookies.session])
            #expect(session.isHTTPOnly)
            let browser = TestBrowser(cookie: session.string, csrf: "", account: nil)
            let home = try await site.get("/", as: browser)
            #expect(home.status == .ok)
            #expect(home.body.string.contains("县卫体局 · 我的工作"))
            // The logout form carries the session's CSRF token; take it from the page.
            let csrf = try #require(home.body.string.firstMatch(of: /name="csrf" value="([^"]+)"/)?.1)
            let out = try await site.post("/logout", [:], as: browser, csrf: String(csrf))
            #expect(out.status == .seeOther)
            #expect(try await site.get("/", as: browser).status == .seeOther, "the old cookie no longer works")
        }
    }

    @Test func signInWithoutTheFormTokenIsRefused() async throws {
        try await withTestSite(plans: ["pianguan-2023"]) { site in
            let res = try await site.post("/login", ["username": "admin", "password": TestSite.password], as: nil, csrf: "forged",
                                          cookies: [Cookies.loginCSRF: "real"])
            #expect(res.status == .forbidden)
            #expect(res.body.string.contains("表单已过期"))
        }
    }

    @Test func forgedOrMissingCSRFChangesNothing() async throws {
        try await withTestSite(plans: ["pianguan-2023"]) { site in
            let office = try await site.browser("office")
            for csrf in ["", "forged", String(office.csrf.dropLast())] {
                let res = try await site.post("/plans/pianguan-2023/units/县财政局/contact", ["liaison": "x"], as: office, csrf: csrf)
                #expect(res.status == .forbidden)
            }
            // Another user's token does not work either.
            let other = try await site.browser("admin")
            let res = try await site.post("/plans/pianguan-2023/units/县财政局/contact", ["liaison": "x"], as: office, csrf: other.csrf)
            #expect(res.status == .forbidden)
            #expect(try await FluentUnitContactStore(database: site.app.db).contacts(planID: "pianguan-2023").isEmpty)
        }
    }

    @Test func crossSiteOriginIsRefused() async throws {
        try await withTestSite(plans: ["pianguan-2023"]) { site in
            let office = try await site.browser("office")
            var headers: HTTPHeaders = ["Content-Type": "application/x-www-form-urlencoded", "Origin": "http://evil.example",
                                        "Host": "healthcity.local"]
            headers.add(name: .cookie, value: "\(Cookies.session)=\(office.cookie)")
            let res = try await site.app.testing().sendRequest(.POST, "/plans/pianguan-2023/units/县财政局/contact", headers: headers,
                                                               body: ByteBuffer(string: "csrf=\(office.csrf)&liaison=x"))
            #expect(res.status == .forbidden)
        }
    }

    /// After three failures for one name from one address each attempt waits twice as long as the one before
    /// (2, 4 … seconds); nothing locks, the right password after the wait signs in and clears the count.
    @Test(arguments: TestEngine.available)
    func repeatedFailuresWaitLongerEachTime(engine: TestEngine) async throws {
        try await withTestSite(engine, plans: ["pianguan-2023"]) { site in
            var now = Date(timeIntervalSince1970: 1_780_000_000)
            site.app.clock = { [now] in now }
            func attempt(_ username: String, _ password: String) async throws -> TestingHTTPResponse {
                try await site.post("/login", ["username": username, "password": password], as: nil, csrf: "t",
                                    cookies: [Cookies.loginCSRF: "t"])
            }
            for _ in 0..<3 { #expect(try await attempt("office", "wrong-password-1").status == .unauthorized) }
            // The fourth attempt, even with the right password, waits 2 seconds: it is not even checked.
            let early = try await attempt("office", TestSite.password)
            #expect(early.status == .tooManyRequests)
            #expect(early.body.string.contains("请 2 秒后再试"))
            #expect(early.headers.first(name: .retryAfter) == "2")
            // Another account from the same address is not affected.
            #expect(try await attempt("leader", TestSite.password).status == .seeOther)

            now.addTimeInterval(2)
            site.app.clock = { [now] in now }
            #expect(try await attempt("office", "wrong-password-2").status == .unauthorized)
            let longer = try await attempt("office", TestSite.password)
            #expect(longer.status == .tooManyRequests)
            #expect(longer.body.string.contains("请 4 秒后再试"), "the wait doubles")
            now.addTimeInterval(3)
            site.app.clock = { [now] in now }
            #expect(try await attempt("office", TestSite.password).status == .tooManyRequests, "3 of 4 seconds is too early")
            now.addTimeInterval(1)
            site.app.clock = { [now] in now }
            #expect(try await attempt("office", TestSite.password).status == .seeOther, "no lock: after the wait it signs in")
            // Success cleared the count: a typing mistake now is just a mistake.
            #expect(try await attempt("office", "wrong-password-3").status == .unauthorized)
            #expect(try await attempt("office", TestSite.password).status == .seeOther)
        }
    }

    @Test func waitsGrowToFifteenMinutesAtMost() {
        #expect(LoginThrottle.delay(failures: 2, free: 3) == 0)
        #expect(LoginThrottle.delay(failures: 3, free: 3) == 2)
        #expect(LoginThrottle.delay(failures: 6, free: 3) == 16)
        #expect(LoginThrottle.delay(failures: 40, free: 3) == 15 * 60)
        #expect(LoginThrottle.waitText(900) == "15 分钟")
        #expect(LoginThrottle.waitText(128) == "2 分 8 秒")
    }

    /// The count is in the database: a new server on the same database still makes the guesser wait.
    @Test func throttleSurvivesARestart() async throws {
        let frozen = Date()
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let location = DatabaseLocation.sqliteFile(directory.appendingPathComponent("throttle.sqlite").path)
        func onServer(_ body: (Application) async throws -> Void) async throws {
            let app = try await Application.make(.testing)
            app.logger.logLevel = .warning
            do {
                try WebApp.configure(app, database: location, security: TestSite.security)
                // One frozen moment for both servers: the waits are judged by the clock, not by how slow the machine is.
                app.clock = { [frozen] in frozen }
                _ = try await WebApp.prepare(app, database: location, seedPlans: [])
                try await body(app)
            } catch {
                try? await app.asyncShutdown()
                throw error
            }
            try await app.asyncShutdown()
        }
        func attempt(_ app: Application, _ password: String) async throws -> TestingHTTPResponse {
            try await app.testing().sendRequest(.POST, "/login", headers: ["Content-Type": "application/x-www-form-urlencoded",
                                                                           "Cookie": "\(Cookies.loginCSRF)=t"],
                                                body: ByteBuffer(string: "csrf=t&username=admin&password=\(TestSite.encode(password))"))
        }
        try await onServer { app in
            _ = try await AccountService.ensureAdministrator(in: app.appCore, password: TestSite.password,
                                                             hash: { try Bcrypt.hash($0, cost: 4) })
            for _ in 0..<3 { #expect(try await attempt(app, "wrong-password-1").status == .unauthorized) }
            #expect(try await attempt(app, TestSite.password).status == .tooManyRequests)
        }
        try await onServer { app in
            let res = try await attempt(app, TestSite.password)
            #expect(res.status == .tooManyRequests, "a restart does not clear the count")
            #expect(res.body.string.contains("秒后再试"))
        }
    }

    /// Behind a trusted proxy each client is told apart by X-Forwarded-For: a guesser at one address slows only
    /// that address, and the owner signs in from another at once. Without trust the header counts for nothing.
    @Test func wrongPasswordsFromOneAddressDoNotSlowAnother() async throws {
        try await withTestSite(plans: ["pianguan-2023"]) { site in
            site.app.security.trustedProxies = ["127.0.0.1", "::1"]
            // The waits are judged by the application's clock, frozen here so a slow machine cannot outwait them.
            let frozen = Date()
            site.app.clock = { frozen }
            let server = try site.app.testing(method: .running(hostname: "127.0.0.1", port: Int.random(in: 20_000..<60_000)))
            func attempt(_ password: String, from address: String, claiming forwarded: String? = nil) async throws -> TestingHTTPResponse {
                var headers: HTTPHeaders = ["Content-Type": "application/x-www-form-urlencoded", "Cookie": "\(Cookies.loginCSRF)=t",
                                            "X-Forwarded-For": [forwarded, address].compactMap { $0 }.joined(separator: ", ")]
                headers.add(name: .accept, value: "text/html")
                return try await server.sendRequest(.POST, "/login", headers: headers,
                                                    body: ByteBuffer(string: "csrf=t&username=office&password=\(TestSite.encode(password))"))
            }
            for _ in 0..<6 { _ = try await attempt("wrong-password-1", from: "203.0.113.7") }
            #expect(try await attempt(TestSite.password, from: "203.0.113.7").status == .tooManyRequests)
            // What the client writes left of the proxy's own entry is not believed.
            #expect(try await attempt(TestSite.password, from: "203.0.113.7", claiming: "198.51.100.20").status == .tooManyRequests)
            // (The client follows the redirect that a sign-in answers, so success is neither 429 nor 401.)
            let owner = try await attempt(TestSite.password, from: "198.51.100.20")
            #expect(![.tooManyRequests, .unauthorized].contains(owner.status), "the owner at another address is not slowed")

            site.app.security.trustedProxies = []
            // Untrusted, the header is ignored: every request is the peer 127.0.0.1, whose own count starts afresh.
            for _ in 0..<3 { _ = try await attempt("wrong-password-1", from: "192.0.2.1") }
            #expect(try await attempt(TestSite.password, from: "192.0.2.2").status == .tooManyRequests)
        }
    }

    @Test func clientAddressTakesTheRightMostUntrustedHop() {
        let trusted: Set<String> = ["10.0.0.1", "10.0.0.2"]
        #expect(ClientAddress.resolve(peer: "203.0.113.9", forwardedFor: ["1.2.3.4"], trusted: trusted) == "203.0.113.9")
        #expect(ClientAddress.resolve(peer: "10.0.0.1", forwardedFor: ["1.2.3.4, 198.51.100.3", "10.0.0.2"], trusted: trusted)
                == "198.51.100.3")
        #expect(ClientAddress.resolve(peer: "10.0.0.1", forwardedFor: [], trusted: trusted) == "10.0.0.1")
        #expect(ClientAddress.resolve(peer: nil, forwardedFor: ["1.2.3.4"], trusted: trusted) == "unknown")
        #expect(SecurityConfiguration.fromEnvironment(["HEALTHCITY_TRUSTED_PROXIES": " 10.0.0.1, [::1] "]).trustedProxies
                == ["10.0.0.1", "::1"])
        #expect(SecurityConfiguration.fromEnvironment([:]).trustedProxies.isEmpty, "no proxy is trusted unless configured")
    }

    @Test func commonPasswordsAreRefused() async throws {
        try await withTestSite(plans: ["pianguan-2023"]) { site in
            #expect(CommonPasswords.list.count >= 1000)
            for common in ["password123", "Admin@123456", "woaini1314520", "qwerty123456", "Aa123456789"] {
                #expect(AccountRules.checkPassword(common)?.contains("最常用的密码") == true, "\(common)")
            }
            #expect(AccountRules.checkPassword("Test-password-42") == nil)
            let liaison = try await site.browser("liaison")
            let res = try await site.post(SiteURL.changePassword.path, ["current": TestSite.password, "password": "Password123",
                                                                        "confirm": "Password123"], as: liaison)
            #expect(res.status == .badRequest)
            #expect(res.body.string.contains("最常用的密码之一"))
            let stored = try await FluentAccountStore(database: site.app.db).credentials(username: "liaison")
            #expect(try Bcrypt.verify(TestSite.password, created: try #require(stored?.1)), "the password is unchanged")
            do {
                _ = try await AccountService.create(AccountDraft(username: "weak", displayName: "弱", role: .leader, planID: "pianguan-2023"),
                                                    password: "admin12345", actor: nil, in: site.app.appCore, hash: { try Bcrypt.hash($0, cost: 4) })
                Issue.record("a common password was accepted")
            } catch let rejected as FormRejected {
                #expect(rejected.message(for: "password")?.contains("最常用的密码") == true)
            }
        }
    }

    @Test func expiredAndDisabledSessionsAreSignedOut() async throws {
        try await withTestSite(plans: ["pianguan-2023"]) { site in
            let store = FluentAccountStore(database: site.app.db)
            let liaison = try #require(site.accounts["liaison"])
            let token = Secrets.token()
            try await store.createSession(SessionInfo(id: UUID(), userID: liaison.id, csrfToken: "c",
                                                      expiresAt: Date().addingTimeInterval(-1), lastSeenAt: Date().addingTimeInterval(-7200)),
                                          tokenHash: Secrets.digest(token))
            #expect(try await site.get("/", as: TestBrowser(cookie: token, csrf: "c")).status == .seeOther)

            let leader = try await site.browser("leader")
            #expect(try await site.get("/", as: leader).status == .ok)
            let admin = try await site.browser("admin")
            let account = try #require(site.accounts["leader"])
            let res = try await site.post(SiteURL.user(account.id).path, ["displayName": account.displayName, "role": "leader",
                                                                          "plan": "pianguan-2023", "disabled": "1"], as: admin)
            #expect(res.status == .seeOther)
            #expect(try await site.get("/", as: leader).status == .seeOther, "disabling ends the sessions")
        }
    }

    @Test func temporaryPasswordMustBeChanged() async throws {
        try await withTestSite(plans: ["pianguan-2023"]) { site in
            let office = try await site.browser("office")
            let liaison = try #require(site.accounts["liaison"])
            let reset = try await site.post(SiteURL.resetPassword(liaison.id).path, [:], as: office)
            #expect(reset.status == .ok)
            let temporary = try #require(reset.body.string.firstMatch(of: /id="secret">([^<]+)</)?.1)
            #expect(temporary.count == 12)
            // The old password no longer works; the temporary one leads straight to the password form.
            let old = try await site.post("/login", ["username": "liaison", "password": TestSite.password], as: nil, csrf: "t",
                                          cookies: [Cookies.loginCSRF: "t"])
            #expect(old.status == .unauthorized)
            let login = try await site.post("/login", ["username": "liaison", "password": String(temporary)], as: nil, csrf: "t",
                                            cookies: [Cookies.loginCSRF: "t"])
            #expect(login.headers.first(name: .location) == SiteURL.changePassword.path)
            let cookie = try #require(login.headers.setCookie?[Cookies.session]?.string)
            let page = try await site.get("/plans/pianguan-2023", as: TestBrowser(cookie: cookie, csrf: ""))
            #expect(page.headers.first(name: .location) == SiteURL.changePassword.path)
            let form = try await site.get(SiteURL.changePassword.path, as: TestBrowser(cookie: cookie, csrf: ""))
            let csrf = String(try #require(form.body.string.firstMatch(of: /name="csrf" value="([^"]+)"/)?.1))
            let browser = TestBrowser(cookie: cookie, csrf: csrf)
            let weak = try await site.post(SiteURL.changePassword.path, ["current": String(temporary), "password": "short",
                                                                         "confirm": "short"], as: browser)
            #expect(weak.status == .badRequest)
            #expect(weak.body.string.contains("至少 10 个字符"))
            let changed = try await site.post(SiteURL.changePassword.path, ["current": String(temporary), "password": "Brand-new-pass-7",
                                                                            "confirm": "Brand-new-pass-7"], as: browser)
            #expect(changed.status == .ok)
            #expect(try await site.get("/plans/pianguan-2023", as: browser).status == .ok)
            let audit = try await FluentAuditStore(database: site.app.db).entries(planID: "pianguan-2023", limit: 10, offset: 0)
            #expect(audit.map(\.action).contains("user.reset-password"))
            #expect(audit.map(\.action).contains("user.change-password"))
        }
    }
}

@Suite struct APITokenTests {
    @Test(arguments: TestEngine.available)
    func tokensReadTheirProgrammeUntilRevoked(engine: TestEngine) async throws {
        try await withTestSite(engine, plans: ["pianguan-2023", "longnan-2024"]) { site in
            #expect(try await site.get("/api/v1/plans", as: nil).status == .unauthorized)
            let secret = try await TokenIssuer.issue(name: "市平台", planID: "pianguan-2023", actor: nil, in: site.app.appCore)
            let auth: HTTPHeaders = ["Authorization": "Bearer \(secret)"]
            let list = try await site.get("/api/v1/plans", as: nil, headers: auth)
            #expect(list.status == .ok)
            #expect(try list.content.decode([PlanSummary].self).map(\.id) == ["pianguan-2023"])
            #expect(try await site.get("/api/v1/plans/longnan-2024", as: nil, headers: auth).status == .forbidden)
            #expect(try await site.get("/api/v1/me", as: nil, headers: auth).body.string.contains("\"readOnly\":true"))
            // Tokens are for the API only.
            #expect(try await site.get("/plans/pianguan-2023", as: nil, headers: auth).status == .badRequest)
            _ = try await TokenIssuer.revoke(String(secret.prefix(10)), actor: nil, in: site.app.appCore)
            let revoked = try await site.get("/api/v1/plans", as: nil, headers: auth)
            #expect(revoked.status == .unauthorized)
            #expect(revoked.headers.first(name: .wwwAuthenticate) == "Bearer")
            #expect(try await site.get("/api/v1/plans", as: nil, headers: ["Authorization": "Bearer hc_made_up"]).status == .unauthorized)
        }
    }

    @Test func theOfficeCanOpenTheProgrammeList() async throws {
        try await withTestSite(plans: ["pianguan-2023"]) { site in
            let admin = try await site.browser("admin")
            #expect(try await site.post("/admin/settings", ["publicProgrammeList": "1"], as: admin).status == .ok)
            #expect(try await site.get("/api/v1/plans", as: nil).status == .ok)
            #expect(try await site.get("/api/v1/plans/pianguan-2023", as: nil).status == .unauthorized)
            let audit = try await FluentAuditStore(database: site.app.db).entries(planID: nil, limit: 10, offset: 0)
            #expect(audit.first?.action == "setting.update")
        }
    }

    @Test func tokenPageIssuesOnceAndRevokes() async throws {
        try await withTestSite(plans: ["pianguan-2023"]) { site in
            let office = try await site.browser("office")
            let issued = try await site.post("/admin/tokens", ["name": "<b>省平台</b>"], as: office)
            #expect(issued.status == .created)
            let secret = String(try #require(issued.body.string.firstMatch(of: /id="secret">(hc_[^<]+)</)?.1))
            let page = try await site.get("/admin/tokens", as: office)
            #expect(!page.body.string.contains(secret), "the secret is shown once only")
            #expect(page.body.string.contains("&lt;b&gt;省平台&lt;/b&gt;"))
            let token = try #require(try await FluentAccountStore(database: site.app.db).tokens(planID: "pianguan-2023").first)
            #expect(try await site.post(SiteURL.revokeToken(token.id).path, [:], as: office).status == .seeOther)
            #expect(try await site.get("/api/v1/me", as: nil, headers: ["Authorization": "Bearer \(secret)"]).status == .unauthorized)
        }
    }
}

@Suite struct AuditAndInputTests {
    @Test(arguments: TestEngine.available)
    func changesAreLoggedWithBeforeAndAfter(engine: TestEngine) async throws {
        try await withTestSite(engine, plans: ["pianguan-2023"]) { site in
            let liaison = try await site.browser("liaison")
            let path = "/plans/pianguan-2023/units/县卫体局/contact"
            #expect(try await site.post(path, ["liaison": "王五", "phone": "0350-8888888"], as: liaison).status == .ok)
            #expect(try await site.post(path, ["liaison": "王五", "phone": "0350-9999999"], as: liaison).status == .ok)
            let entries = try await FluentAuditStore(database: site.app.db).entries(planID: "pianguan-2023", limit: 10, offset: 0)
                .filter { $0.action == "unit-contact.update" }
            #expect(entries.count == 2)
            let latest = try #require(entries.first)
            #expect(latest.actor == "测试单位联络员")
            #expect(latest.before?.contains("0350-8888888") == true)
            #expect(latest.after?.contains("0350-9999999") == true)
            let office = try await site.browser("office")
            let page = try await site.get("/admin/audit", as: office)
            #expect(page.body.string.contains("更新单位联系人"))
            #expect(page.body.string.contains("0350-9999999"))
        }
    }

    /// Markup typed into any field comes back as text; over-long and malformed input is refused whole.
    @Test func hostileInputIsNeutralised() async throws {
        try await withTestSite(plans: ["pianguan-2023"]) { site in
            let office = try await site.browser("office")
            let path = "/plans/pianguan-2023/units/县卫体局/contact"
            let script = "<script>alert(1)</script>\"'><img src=x onerror=alert(2)>"
            let saved = try await site.post(path, ["liaison": "赵六", "note": script], as: office)
            #expect(saved.status == .ok)
            for page in [path.replacingOccurrences(of: "/contact", with: ""), "/admin/audit"] {
                let html = try await site.get(page, as: office).body.string
                #expect(!html.contains("<script>alert(1)"))
                #expect(!html.contains("<img src=x"))
                #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            }
            let long = try await site.post(path, ["liaison": String(repeating: "长", count: 41)], as: office)
            #expect(long.status == .badRequest)
            #expect(long.body.string.contains("不能超过 40 个字符"))
            let phone = try await site.post(path, ["phone": "call me"], as: office)
            #expect(phone.status == .badRequest)
            let stored = try await FluentUnitContactStore(database: site.app.db).contact(planID: "pianguan-2023", unit: "县卫体局")
            #expect(stored?.liaison == "赵六", "refused forms change nothing")

            // A display name with markup, in the account form, comes back escaped in the attribute too.
            let created = try await site.post("/admin/users/new", ["username": "x1", "displayName": "\"><b>x</b>", "role": "bogus"], as: office)
            #expect(created.status == .badRequest)
            #expect(created.body.string.contains("value=\"&quot;&gt;&lt;b&gt;x&lt;/b&gt;\""))
            let huge = try await site.get("/search?q=" + String(repeating: "%E5%81%A5", count: 5000), as: office)
            #expect(huge.status == .ok)
        }
    }

    @Test func accountFormsNameTheField() async throws {
        try await withTestSite(plans: ["pianguan-2023"]) { site in
            let admin = try await site.browser("admin")
            let res = try await site.post("/admin/users/new", ["username": "A B", "displayName": "", "role": "liaison",
                                                               "plan": "pianguan-2023", "unit": "不存在的局"], as: admin)
            #expect(res.status == .badRequest)
            let html = res.body.string
            #expect(html.contains("用户名只能使用小写英文字母"))
            #expect(html.contains("姓名不能为空"))
            let township = try await site.post("/admin/users/new", ["username": "tw2", "displayName": "乡镇", "role": "township",
                                                                    "plan": "pianguan-2023", "region": "不存在镇"], as: admin)
            #expect(township.body.string.contains("没有乡镇（街道）「不存在镇」"))
            let duplicate = try await site.post("/admin/users/new", ["username": "office", "displayName": "重复", "role": "leader",
                                                                     "plan": "pianguan-2023"], as: admin)
            #expect(duplicate.body.string.contains("已被使用"))
            #expect(try await FluentAccountStore(database: site.app.db).count() == TestSite.people.count)
        }
    }
}

@Suite struct HomePageTests {
    @Test func eachRoleSeesItsOwnWorkFirst() async throws {
        try await withTestSite(plans: ["pianguan-2023", "jiafeng-2023", "longnan-2024"]) { site in
            let expectations: [(String, [String])] = [
                ("admin", ["系统管理", "龙南市创建健康市工作实施方案"]),
                ("office", ["工作看板", "需要我办理", "个责任单位尚无联络员账号，无法填报", "阶段进度", "<svg"]),
                ("liaison", ["县卫体局 · 我的工作", "月报", "我的任务", "开展基线调查和需求评估"]),
                ("township", ["新关镇", "东关村"]),
                ("assessor", ["工作看板"]),
                ("leader", ["工作看板", "各单位承担任务数"]),
                ("province", ["山西省 · 创建进展", "偏关县", "嘉峰镇"]),
            ]
            for (role, texts) in expectations {
                let html = try await site.get("/", as: try await site.browser(role)).body.string
                for text in texts { #expect(html.contains(text), "\(role) home lacks \(text)") }
                #expect(!html.contains("src=\"http") && !html.contains("href=\"http"), "no external resources")
            }
            let province = try await site.get("/", as: try await site.browser("province")).body.string
            #expect(!province.contains("龙南市"), "outside the province")
            let township = try await site.get("/", as: try await site.browser("township")).body.string
            #expect(!township.contains("天峰坪"))
        }
    }

    @Test func dashboardExportsAndCharts() async throws {
        try await withTestSite(plans: ["pianguan-2023"]) { site in
            let leader = try await site.browser("leader")
            let csv = try await site.get(SiteURL.dashboardCSV("pianguan-2023").path, as: leader)
            #expect(csv.status == .ok)
            #expect(csv.body.string.hasPrefix("\u{FEFF}项目,数值"))
            #expect(csv.body.string.contains("县卫体局"))
            let svg = try await site.get(SiteURL.chart(plan: "pianguan-2023", name: "phases").path, as: leader)
            #expect(svg.headers.contentType?.description.hasPrefix("image/svg+xml") == true)
            #expect(svg.body.string.contains("启动实施"))
            let json = try await site.get(SiteURL.apiDashboard("pianguan-2023").path, as: leader)
            #expect(json.status == .ok)
            #expect(json.body.string.contains("\"memberUnits\""))
        }
    }

    @Test(arguments: TestEngine.available)
    func searchFindsUnitsTasksAndPlacesInScope(engine: TestEngine) async throws {
        try await withTestSite(engine, plans: ["pianguan-2023", "longnan-2024"]) { site in
            let office = try await site.browser("office")
            let html = try await site.get("/search?q=%E5%8D%AB%E4%BD%93", as: office).body.string  // 卫体
            #expect(html.contains("县卫体局"))
            let results = try await site.get("/api/v1/search?q=%E5%81%A5%E5%BA%B7", as: office)  // 健康
            let decoded = try results.content.decode(SearchResults.self)
            #expect(!decoded.tasks.isEmpty)
            #expect(decoded.tasks.allSatisfy { $0.planID == "pianguan-2023" })
            #expect(decoded.programmes.map(\.id) == ["pianguan-2023"])
            // LIKE wildcards typed by a person match themselves.
            let percent = try await site.get("/api/v1/search?q=%25", as: office)
            #expect(try percent.content.decode(SearchResults.self).units.isEmpty)
        }
    }
}
