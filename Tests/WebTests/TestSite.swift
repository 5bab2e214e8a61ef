import Core
import Domain
import Foundation
import NIOCore
import Persistence
import Testing
import TestSupport
import VaporTesting
@testable import Web

/// A signed-in browser in tests: its session cookie and CSRF token.
struct TestBrowser: Sendable {
    var cookie: String
    var csrf: String
    var account: UserAccount?
}

/// The test site: the seeded programmes, two townships with villages under 偏关县, and one
/// account per role, with helpers to send requests as any of them.
struct TestSite {
    let app: Application
    /// Where the site's database is, for a command line run against the same one.
    var location: DatabaseLocation = .sqliteMemory
    var accounts: [String: UserAccount] = [:]
    var regions: [String: UUID] = [:]

    /// Quick hashing in tests; production uses cost 12.
    static let security = SecurityConfiguration(bcryptCost: 4, secureCookies: false)
    static let password = "Test-password-42"

    /// The accounts of the role matrix. The liaison belongs to 县卫体局; the township officer to 新关镇.
    static let people: [(username: String, role: Role, plan: String?, unit: String?, region: String?)] = [
        ("admin", .admin, nil, nil, nil),
        ("office", .office, "pianguan-2023", nil, nil),
        ("liaison", .liaison, "pianguan-2023", "县卫体局", nil),
        ("township", .township, "pianguan-2023", nil, "新关镇"),
        ("assessor", .assessor, "pianguan-2023", nil, nil),
        ("leader", .leader, "pianguan-2023", nil, nil),
        ("province", .province, nil, nil, "山西省"),
    ]

    static let regionsCSV = """
    code,name,level,parent
    140932100,新关镇,township,偏关县
    140932100201,东关村,village,新关镇
    140932101,天峰坪镇,township,偏关县
    140932101201,天峰坪村,village,天峰坪镇
    """

    func browser(_ username: String) async throws -> TestBrowser {
        let account = try #require(accounts[username])
        let token = Secrets.token()
        // Started by the application's clock, so a test that moves it keeps its sessions valid.
        let now = app.clock()
        let session = SessionInfo(id: UUID(), userID: account.id, csrfToken: Secrets.token(),
                                  expiresAt: now.addingTimeInterval(3600), lastSeenAt: now)
        try await FluentAccountStore(database: app.db).createSession(session, tokenHash: Secrets.digest(token))
        return TestBrowser(cookie: token, csrf: session.csrfToken, account: account)
    }

    func get(_ path: String, as browser: TestBrowser?, headers extra: HTTPHeaders = [:]) async throws -> TestingHTTPResponse {
        var headers = extra
        if let browser { headers.add(name: .cookie, value: "\(Cookies.session)=\(browser.cookie)") }
        return try await app.testing().sendRequest(.GET, path, headers: headers)
    }

    /// GETs `path` as `browser` and hands the response to `check`.
    func check(_ path: String, as browser: TestBrowser, _ check: (TestingHTTPResponse) async throws -> Void) async throws {
        try await check(try await get(path, as: browser))
    }

    /// Posts a form the way the browser does, with the session's CSRF token unless `csrf` overrides it.
    func post(_ path: String, _ form: [String: String], as browser: TestBrowser?, csrf: String? = nil,
              cookies extra: [String: String] = [:], accept: String? = nil) async throws -> TestingHTTPResponse {
        var headers: HTTPHeaders = ["Content-Type": "application/x-www-form-urlencoded"]
        if let accept { headers.add(name: .accept, value: accept) }
        var cookies = extra
        if let browser { cookies[Cookies.session] = browser.cookie }
        if !cookies.isEmpty { headers.add(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")) }
        var fields = form
        fields["csrf"] = csrf ?? browser?.csrf ?? ""
        let body = fields.map { "\(Self.encode($0.key))=\(Self.encode($0.value))" }.joined(separator: "&")
        return try await app.testing().sendRequest(.POST, path, headers: headers, body: ByteBuffer(string: body))
    }

    static func encode(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }
}

/// A server on a fresh database with the seed programmes (or some of them), regions and one account per role.
func withTestSite(_ engine: TestEngine = .sqlite, plans: [String]? = nil, onDisk: Bool = false,
                  _ body: (TestSite) async throws -> Void) async throws {
    try await withTestApp(engine, onDisk: onDisk, configure: { app, location in
        try WebApp.configure(app, database: location, security: TestSite.security,
                             scoreSheets: try ScoreSheetLibrary.load(directory: Fixtures.standardsDirectory),
                             questionnaires: try QuestionnaireLibrary.load(directory: Fixtures.questionnairesDirectory))
    }) { app, location in
        let seeds = try Fixtures.allSeedPlans().filter { plans?.contains($0.id) ?? true }
        try await WebApp.prepare(app, database: location, seedPlans: seeds)
        var site = TestSite(app: app, location: location)
        if !seeds.contains(where: { $0.id == "pianguan-2023" }) {
            // The administrator sees every programme; the other accounts belong to 偏关县.
            let (account, _) = try await AccountService.create(
                AccountDraft(username: "admin", displayName: "测试系统管理员", role: .admin), password: TestSite.password,
                actor: nil, in: app.appCore, hash: { try Bcrypt.hash($0, cost: 4) })
            site.accounts["admin"] = account
        } else {
            let rows = try RegionCSV.parse(TestSite.regionsCSV, file: "regions.csv")
            _ = try await FluentRegionStore(database: app.db).importRegions(rows, file: "regions.csv", under: "pianguan-2023")
            for region in try await FluentRegionStore(database: app.db).regions(underPlan: "pianguan-2023") {
                site.regions[region.name] = region.id
            }
            for person in TestSite.people {
                let (account, _) = try await AccountService.create(
                    AccountDraft(username: person.username, displayName: "测试\(person.role.chineseName)", role: person.role,
                                 planID: person.plan, unit: person.unit, region: person.region),
                    password: TestSite.password, actor: nil, in: app.appCore,
                    hash: { try Bcrypt.hash($0, cost: 4) })
                site.accounts[person.username] = account
            }
        }
        try await body(site)
    }
}
