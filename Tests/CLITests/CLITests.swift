import CLI
import Domain
import Foundation
import Testing
import TestSupport

/// Runs the command line in-process and returns what it printed and whether it failed.
func run(_ arguments: [String]) async -> (out: String, err: String, failed: Bool) {
    let output = CLIOutput(capture: true)
    var failed = false
    await CLIOutput.$current.withValue(output) {
        do { try await Healthcity.execute(arguments) } catch { failed = Healthcity.isFailure(error) }
    }
    return (output.standardOutput, output.standardError, failed)
}

@Suite struct CLITests {
    @Test func planCheckAcceptsTheSeedPlans() async {
        let result = await run(["plan", "check", Fixtures.plansDirectory])
        #expect(!result.failed, "\(result.err)")
        #expect(result.out.components(separatedBy: "✓").count == 6)
    }

    /// Every command takes --database (scripts pass it to all of them), even one that only reads files.
    @Test func planCheckAndShowAcceptTheDatabaseOption() async throws {
        let checked = await run(["plan", "check", Fixtures.planPath("longnan-2024"), "--database", "/nonexistent/never-opened.sqlite"])
        #expect(!checked.failed, "\(checked.err)")
        #expect(checked.out.contains("✓"))
        let shown = await run(["plan", "show", Fixtures.planPath("longnan-2024"), "--database", "x.sqlite"])
        #expect(!shown.failed, "\(shown.err)")
        #expect(!FileManager.default.fileExists(atPath: "x.sqlite"), "a file check opens no database")
        let kish = await run(["survey", "kish", "--questionnaire", "1", "--members", "男45,女43", "--database", "x.sqlite"])
        #expect(!kish.failed, "\(kish.err)")
    }

    @Test func planCheckNamesFileLineAndField() async throws {
        let path = try Fixtures.write("""
        id: bad
        title: 坏方案
        programme: healthy-county
        place: { name: 某县, level: county }
        tasks:
          - text: 任务
            responsible: [某局]
        """)
        let result = await run(["plan", "check", path])
        #expect(result.failed)
        #expect(result.err.contains("\(path):7:"))
        #expect(result.err.contains("tasks[0].responsible[0]"))
        #expect(result.err.contains("某局"))
    }

    @Test func planShowJSONIsTheCanonicalView() async throws {
        let result = await run(["plan", "show", Fixtures.planPath("longnan-2024"), "--json"])
        #expect(!result.failed)
        let expected = String(decoding: try Fixtures.plan("longnan-2024").canonicalJSON(), as: UTF8.self)
        #expect(result.out == expected + "\n")
        let text = await run(["plan", "show", Fixtures.planPath("pianguan-2023")])
        #expect(text.out.contains("每乡镇（街道）≥10 个"))
    }

    @Test func planLoadIsIdempotentAndAllOrNothing() async throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("test.sqlite").path
        let first = await run(["plan", "load", Fixtures.planPath("longnan-2024"), "--database", database])
        #expect(!first.failed, "\(first.err)")
        #expect(first.out.contains("已导入 longnan-2024"))
        let second = await run(["plan", "load", Fixtures.planPath("longnan-2024"), "--database", database])
        #expect(second.out.contains("已替换 longnan-2024"))

        let bad = try Fixtures.write("id: broken\ntitle: x\n")
        let mixed = await run(["plan", "load", Fixtures.planPath("shanting-2019"), bad, "--database", database])
        #expect(mixed.failed)
        #expect(mixed.err.contains("未做任何更改"))

        let list = await run(["plan", "list", "--database", database])
        #expect(list.out.contains("longnan-2024"))
        #expect(!list.out.contains("shanting-2019"), "a bad file in the batch loads nothing")

        let export = await run(["plan", "export", "longnan-2024", "--database", database])
        // As loaded, with the ids the store gives its tasks.
        #expect(export.out == String(decoding: try Fixtures.plan("longnan-2024").withStableTaskIDs().canonicalJSON(), as: UTF8.self) + "\n")
    }

    @Test func regionsImportAddsBelowAPlanAndReportsBadRows() async throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("test.sqlite").path
        _ = await run(["plan", "load", Fixtures.planPath("pianguan-2023"), "--database", database])
        let good = try Fixtures.write("code,name,level,parent\n,新关镇,镇,偏关县\n,城关村,村,新关镇\n", name: "r.csv")
        let ok = await run(["regions", "import", good, "--plan", "pianguan-2023", "--database", database])
        #expect(!ok.failed, "\(ok.err)")
        #expect(ok.out.contains("新增 2"))
        let bad = try Fixtures.write("code,name,level,parent\n,某村,村,无此镇\n", name: "r.csv")
        let rejected = await run(["regions", "import", bad, "--database", database])
        #expect(rejected.failed)
        #expect(rejected.err.contains("\(bad):2"))
    }
}

@Suite struct UserCommandTests {
    /// `user add` for scripting: the same rules as the web form, errors named by option, and the
    /// temporary password printed once.
    @Test func addsAccountsWithTheirScope() async throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("t.sqlite").path
        setenv("HEALTHCITY_BCRYPT_COST", "4", 1)
        #expect(await !run(["plan", "load", Fixtures.planPath("longnan-2024"), "--database", db]).failed)

        // One programme in the database: --plan may be left out.
        let liaison = await run(["user", "add", "wjw", "--role", "liaison", "--unit", "市卫健委", "--database", db])
        #expect(!liaison.failed, "\(liaison.err)")
        #expect(liaison.out.contains("已开通账号 wjw（单位联络员，longnan-2024 · 市卫健委）"))
        #expect(liaison.out.range(of: #"临时密码：[A-Za-z2-9]{12}"#, options: .regularExpression) != nil)

        let badUnit = await run(["user", "add", "mars.bureau", "--role", "liaison", "--unit", "火星局", "--database", db])
        #expect(badUnit.failed)
        #expect(badUnit.err.contains("--unit: 方案「longnan-2024」中没有单位「火星局」"))
        let badRole = await run(["user", "add", "mayor.one", "--role", "mayor", "--database", db])
        #expect(badRole.failed && badRole.err.contains("--role: 未知角色"))
        let province = await run(["user", "add", "jiangxi", "--role", "province", "--region", "江西省", "--database", db])
        #expect(!province.failed, "\(province.err)")
        let twice = await run(["user", "add", "wjw", "--role", "leader", "--database", db])
        #expect(twice.failed && twice.err.contains("已被使用"))

        let list = await run(["user", "list", "--database", db])
        #expect(list.out.contains("wjw\tliaison\tlongnan-2024\t市卫健委"))
        #expect(!list.out.contains("mars.bureau"))
        #expect(await !run(["user", "disable", "wjw", "--database", db]).failed)
        #expect(await run(["user", "list", "--database", db]).out.contains("停用"))

        let token = await run(["token", "issue", "市平台", "--plan", "longnan-2024", "--database", db])
        #expect(!token.failed && token.out.hasPrefix("hc_"))
        let revoke = await run(["token", "revoke", String(token.out.prefix(10)), "--database", db])
        #expect(!revoke.failed && revoke.out.contains("已吊销"))
        #expect(await run(["token", "revoke", "hc_nothing", "--database", db]).failed)
    }

    /// `token issue --account`: the token belongs to the account and reaches no further than it.
    @Test func tokensBelongToTheNamedAccount() async throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("t.sqlite").path
        setenv("HEALTHCITY_BCRYPT_COST", "4", 1)
        #expect(await !run(["plan", "load", Fixtures.planPath("longnan-2024"), Fixtures.planPath("pianguan-2023"),
                            "--database", db]).failed)
        #expect(await !run(["user", "add", "ln.office", "--role", "office", "--plan", "longnan-2024", "--database", db]).failed)
        let foreign = await run(["token", "issue", "省平台", "--plan", "pianguan-2023", "--account", "ln.office", "--database", db])
        #expect(foreign.failed)
        #expect(foreign.err.contains("--plan: 创建办只能签发读取本方案（longnan-2024）的令牌"), "\(foreign.err)")
        let everything = await run(["token", "issue", "省平台", "--account", "ln.office", "--database", db])
        #expect(everything.failed && everything.err.contains("不能签发读取全部方案的令牌"))
        #expect(await run(["token", "issue", "省平台", "--account", "nobody", "--database", db]).err.contains("--account: 没有账号"))
        let own = await run(["token", "issue", "市平台", "--plan", "longnan-2024", "--submit-data", "--account", "ln.office",
                             "--database", db])
        #expect(!own.failed && own.out.hasPrefix("hc_"), "\(own.err)")
        #expect(await !run(["user", "disable", "ln.office", "--database", db]).failed)
        let disabled = await run(["token", "issue", "市平台", "--plan", "longnan-2024", "--account", "ln.office", "--database", db])
        #expect(disabled.failed && disabled.err.contains("--account: 账号「ln.office」已停用"))
    }
}
