import CLI
import Core
import Domain
import Foundation
import Testing
import TestSupport

/// `healthcity demo load` loads the demo once and prints its password once; `healthcity user list --plan ID --json`
/// lists its accounts (the province viewer included) for scripts such as the browser walk.
@Suite struct DemoCommandTests {
    struct Listed: Decodable {
        struct Account: Decodable { var username: String; var displayName: String; var role: String; var unit: String?; var region: String? }
        var accounts: [Account]
    }

    @Test func demoLoadsOnceAndItsAccountsAreListed() async throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("demo.sqlite").path
        let options = ["--standards", Fixtures.standardsDirectory, "--questionnaires", Fixtures.questionnairesDirectory, "--database", db]

        let loaded = await run(["demo", "load"] + options)
        #expect(!loaded.failed, "\(loaded.err)")
        #expect(loaded.out.contains("已载入演示方案「\(DemoProgramme.title)」"))
        let chosen = ProcessInfo.processInfo.environment["HEALTHCITY_DEMO_PASSWORD"].map { !$0.isEmpty } ?? false
        #expect(loaded.out.contains(chosen ? "密码取自 HEALTHCITY_DEMO_PASSWORD" : "演示账号的密码："))

        let again = await run(["demo", "load"] + options)
        #expect(!again.failed && again.out.contains("未做更改") && !again.out.contains("密码"))

        let listed = await run(["user", "list", "--plan", DemoProgramme.planID, "--json", "--database", db])
        #expect(!listed.failed, "\(listed.err)")
        let accounts = try JSONDecoder().decode(Listed.self, from: Data(listed.out.utf8)).accounts
        #expect(Set(accounts.map(\.username)) == Set(DemoPerson.all.map(\.username)))
        let township = try #require(accounts.first { $0.username == "demo-dongshan" })
        #expect(township.role == "township" && township.region == "东山镇" && township.unit == "东山镇")
        #expect(accounts.first { $0.username == "demo-province" }?.region == DemoProgramme.province)
        #expect(accounts.first { $0.username == "demo-zhujian" }?.unit == "县住房和城乡建设局")
        #expect(accounts.first { $0.username == "demo-office" }?.displayName == "王敏（创建办）")

        let shown = await run(["demo", "show", "--json", "--database", db])
        #expect(!shown.failed, "\(shown.err)")
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let manifest = try decoder.decode(DemoManifest.self, from: Data(shown.out.utf8))
        #expect(manifest.planID == DemoProgramme.planID && manifest.records["assessments"] == 4)
        #expect(manifest.count("demo-office", .figuresToReview) == 4)

        let unknown = await run(["user", "list", "--plan", "no-such-plan", "--json", "--database", db])
        #expect(unknown.failed && unknown.err.contains("没有方案「no-such-plan」"))
    }

    @Test func showWithoutTheDemoSaysHowToLoadIt() async throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let shown = await run(["demo", "show", "--database", directory.appendingPathComponent("empty.sqlite").path])
        #expect(shown.failed && shown.err.contains("healthcity demo load"))
    }
}
