import Domain
import Foundation
import Testing
import TestSupport

/// `plan load` over a running programme is a revision, refused when it drops an indicator with figures unless
/// `--archive-removed`; `plan history --json` lists the revisions.
@Suite struct PlanHistoryCommandTests {
    @Test func loadingOverDataIsRefusedOrArchivesAndEveryLoadIsARevision() async throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("test.sqlite").path
        let seed = Fixtures.planPath("pianguan-2023")
        #expect(await !run(["plan", "load", seed, "--database", database]).failed)
        let figures = try Fixtures.write("region,indicator,period,value\n偏关县,STUDENT-FITNESS,2023,96.1\n", name: "f.csv")
        let imported = await run(["data", "import", figures, "--plan", "pianguan-2023", "--database", database])
        #expect(!imported.failed, "\(imported.err)")

        // The same plan without 学生体质: refused, naming the indicator and what hangs on it; nothing changes.
        let text = try String(contentsOfFile: seed, encoding: .utf8)
        let block = try #require(text.range(of: #"  - code: STUDENT-FITNESS\n(    .*\n)+"#, options: .regularExpression))
        let dropped = try Fixtures.write(text.replacingCharacters(in: block, with: ""), name: "pianguan-2023.yaml")
        let refused = await run(["plan", "load", dropped, "--database", database])
        #expect(refused.failed)
        #expect(refused.err.contains("指标「学生体质达标」已有 1 条数据"), "\(refused.err)")
        #expect(refused.err.contains("--archive-removed"))

        let archived = await run(["plan", "load", "--archive-removed", dropped, "--database", database])
        #expect(!archived.failed, "\(archived.err)")
        #expect(archived.out.contains("第 2 版") && archived.out.contains("已归档"))
        let exported = await run(["plan", "export", "pianguan-2023", "--database", database])
        #expect(exported.out.contains("\"code\" : \"STUDENT-FITNESS\"") && exported.out.contains("\"archived\" : true"))

        let history = await run(["plan", "history", "pianguan-2023", "--json", "--database", database])
        #expect(!history.failed, "\(history.err)")
        struct Body: Decodable { struct Revision: Decodable { var revision: Int; var at: String; var by: String; var why: String }; var revisions: [Revision] }
        let body = try JSONDecoder().decode(Body.self, from: Data(history.out.utf8))
        #expect(body.revisions.map(\.revision) == [1, 2])
        #expect(body.revisions.allSatisfy { $0.by == "命令行" && $0.why.contains("导入方案文件") })
        #expect(await run(["plan", "history", "nowhere", "--database", database]).failed)
    }
}
