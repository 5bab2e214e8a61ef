@testable import Domain
import Foundation
import Testing
import TestSupport

/// Readers the project did not write, run when installed: openpyxl (`pip install openpyxl`) for the index,
/// Python's zipfile for the archive. Skipped without them unless HEALTHCITY_REQUIRE_READERS is set, as on CI,
/// where a missing reader fails instead.
enum ExternalReaders {
    static let required = PythonReaders.isRequired
    static let hasPython = (try? PythonReaders.python(["-c", "pass"]).status) == 0
    static let hasOpenpyxl = PythonReaders.canImport("openpyxl")
    static let script = PythonReaders.directory.appendingPathComponent("read_xlsx.py")

    static func python(_ arguments: [String]) throws -> (status: Int32, output: Data, error: String) {
        let run = try PythonReaders.python(arguments)
        return (run.status, run.output, run.errors)
    }

    struct Sheet: Decodable, Equatable {
        var name: String
        var rows: [[String]]
    }
}

@Suite struct DossierReaderTests {
    @Test(.enabled(if: ExternalReaders.hasOpenpyxl || ExternalReaders.required, "openpyxl 未安装（pip install openpyxl）"))
    func openpyxlReadsTheIndexAsTheProjectDoes() throws {
        try #require(ExternalReaders.hasOpenpyxl, "HEALTHCITY_REQUIRE_READERS is set but python3 cannot import openpyxl")
        let (plan, zip) = try DossierZipReading.writeFixture()
        let folder = zip.deletingLastPathComponent()
        defer { try? FileManager.default.removeItem(at: folder) }
        let index = try DossierZipReading.contents(of: DossierPlan.indexPath, in: zip)
        let indexFile = folder.appendingPathComponent("索引.xlsx")
        try index.write(to: indexFile)

        let run = try ExternalReaders.python([ExternalReaders.script.path, indexFile.path])
        try #require(run.status == 0, "read_xlsx.py: \(run.error)")
        let sheets = try JSONDecoder().decode([ExternalReaders.Sheet].self, from: run.output)

        // Sheet for sheet and cell for cell what the project's reader sees.
        let ours = try DossierZipReading.sheets(index).map { ExternalReaders.Sheet(name: $0.name, rows: $0.rows.map(\.cells)) }
        #expect(sheets.map(\.name) == ["评分表条目", "方案任务", "全部文件", "缺少佐证"])
        #expect(sheets == ours)

        // And what the office needs from it.
        #expect(sheets[0].rows.count == 1 + plan.scoreItems.count)
        #expect(sheets[1].rows.count == 1 + plan.tasks.count)
        #expect(sheets[2].rows.count == 1 + plan.files.count)
        #expect(sheets[3].rows.count == 1 + plan.gaps.count)
        let row11 = try #require(sheets[0].rows.first { $0.first == "1.1" })
        #expect(row11[5] == "3" && row11[7] == "已有佐证")
        #expect(sheets[3].rows[1] == ["评分表条目", "1.2", "纳入政府规划", "1 组织管理", "", "01_综合评分表/1 组织管理/1.2 纳入政府规划/"])
    }

    @Test(.enabled(if: ExternalReaders.hasPython || ExternalReaders.required, "python3 未安装"))
    func pythonsZipfileFindsEveryEntryIntact() throws {
        try #require(ExternalReaders.hasPython, "HEALTHCITY_REQUIRE_READERS is set but python3 cannot be run")
        let (plan, zip) = try DossierZipReading.writeFixture()
        defer { try? FileManager.default.removeItem(at: zip.deletingLastPathComponent()) }
        // testzip() checks every CRC; the names come back as UTF-8 (the zip's language-encoding flag).
        let run = try ExternalReaders.python(["-c", """
            import json, sys, zipfile
            with zipfile.ZipFile(sys.argv[1]) as z:
                print(json.dumps({"bad": z.testzip(), "names": z.namelist()}, ensure_ascii=False))
            """, zip.path])
        try #require(run.status == 0, "zipfile: \(run.error)")
        struct Listing: Decodable { var bad: String?; var names: [String] }
        let listing = try JSONDecoder().decode(Listing.self, from: run.output)
        #expect(listing.bad == nil)
        #expect(listing.names == ["索引.xlsx", "说明.txt"] + plan.folders + plan.files.map(\.path))
    }
}
