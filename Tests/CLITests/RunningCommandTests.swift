import Foundation
import Testing
import TestSupport
import ZIPFoundation

/// `healthcity reports` and `healthcity dossier export` on a programme with nothing filed yet.
@Suite struct RunningCommandTests {
    @Test func reportsAndAnEmptyDossierListTheGaps() async throws {
        try await DataCommandTests.withDatabase(["pianguan-2023"]) { database, directory in
            let reports = await run(["reports", "pianguan-2023", "--month", "2023-06", "--database", database])
            #expect(!reports.failed, "\(reports.err)")
            #expect(reports.out.contains("2023年6月") && reports.out.contains("县卫体局  未提交"))
            let outside = await run(["reports", "pianguan-2023", "--month", "2030-01", "--database", database])
            #expect(outside.failed && outside.err.contains("--month"))

            let zip = directory.appendingPathComponent("迎检资料.zip")
            let exported = await run(["dossier", "export", "pianguan-2023", "--output", zip.path,
                                      "--standards", Fixtures.standardsDirectory, "--database", database])
            #expect(!exported.failed, "\(exported.err)")
            #expect(exported.out.contains("0 个文件") && exported.out.contains("缺少佐证"))
            let archive = try Archive(url: zip, accessMode: .read)
            #expect(archive.map(\.path).first == "索引.xlsx")
            #expect(archive.contains { $0.path.hasPrefix("01_综合评分表/") })
            let missing = await run(["dossier", "export", "no-such-plan", "--output", zip.path, "--standards", Fixtures.standardsDirectory,
                                     "--database", database])
            #expect(missing.failed && missing.err.contains("没有这个方案"))
        }
    }
}
