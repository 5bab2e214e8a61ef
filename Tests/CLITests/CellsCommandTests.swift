import Domain
import Foundation
import Testing
import TestSupport

/// `healthcity cells import|list|board` and `healthcity coverage`.
@Suite struct CellsCommandTests {
    static func write(_ text: String, in directory: URL, name: String) throws -> String {
        let path = directory.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static let regions = """
    code,name,level,parent
    140932100,新关镇,township,偏关县
    140932100201,东关村,village,新关镇
    140932101,天峰坪镇,township,偏关县
    """

    @Test func importThenCoverageAsJSON() async throws {
        try await DataCommandTests.withDatabase(["pianguan-2023"]) { database, directory in
            let regions = try Self.write(Self.regions, in: directory, name: "regions.csv")
            #expect(!(await run(["regions", "import", regions, "--plan", "pianguan-2023", "--database", database])).failed)
            var csv = "type,name,region,subkind,eligible,status,certified_on,code\n"
            for i in 1...12 { csv += "family,户\(i),偏关县/新关镇/东关村,,,certified,2024-03-0\(i % 9 + 1),F\(i)\n" }
            for i in 1...4 { csv += "family,户\(i),天峰坪镇,,,\(i == 1 ? "certified,2024-03-01" : "applied,"),T\(i)\n" }
            csv += "community,东关村,140932100201,village,,certified,2024-01-01,\ncommunity,天峰坪村,天峰坪镇,village,,none,,\n"
            csv += "trail,滨河健康步道,新关镇,,,certified,2024-06-01,\n"
            let file = try Self.write(csv, in: directory, name: "cells.csv")
            let imported = await run(["cells", "import", file, "--plan", "pianguan-2023", "--database", database])
            #expect(!imported.failed, "\(imported.err)")
            #expect(imported.out.contains("已导入 19 行：新增 19，更新 0，未变 0"))

            let result = await run(["coverage", "pianguan-2023", "--json", "--database", database])
            #expect(!result.failed, "\(result.err)")
            let entries = try #require(try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [[String: Any]])
            for entry in entries {
                for key in ["cell", "region", "eligible", "certified", "percent", "target", "gap", "met"] {
                    #expect(entry.keys.contains(key), "\(key)")
                }
            }
            func entry(_ cell: String, _ region: String, target: String) -> [String: Any]? {
                entries.first { $0["cell"] as? String == cell && $0["region"] as? String == region && $0["target"] as? String == target }
            }
            #expect(entry("family", "新关镇", target: "≥10户")?["met"] as? Bool == true)
            #expect(entry("family", "天峰坪镇", target: "≥10户")?["gap"] as? Int == 9)
            #expect(entry("family", "偏关县", target: "≥100户")?["certified"] as? Int == 13)
            #expect(entry("community", "偏关县", target: "≥30%")?["percent"] as? Double == 50)
            #expect(entry("trail", "偏关县", target: "≥1个")?["met"] as? Bool == true)

            let listed = await run(["cells", "list", "pianguan-2023", "--type", "family", "--status", "applied", "--database", database])
            #expect(listed.out.split(separator: "\n").count == 3)
            let board = await run(["cells", "board", "偏关县", "--database", database])
            #expect(board.out.contains("新关镇") && board.out.contains("12/12 100%"))
        }
    }

    @Test func aBadRegisterChangesNothing() async throws {
        try await DataCommandTests.withDatabase(["pianguan-2023"]) { database, directory in
            let regions = try Self.write(Self.regions, in: directory, name: "regions.csv")
            _ = await run(["regions", "import", regions, "--plan", "pianguan-2023", "--database", database])
            let file = try Self.write("type,name,region\nfamily,甲,新关镇\nfamily,乙,火星镇\nschool,,新关镇\n", in: directory, name: "bad.csv")
            let result = await run(["cells", "import", file, "--plan", "pianguan-2023", "--database", database])
            #expect(result.failed)
            #expect(result.err.contains("bad.csv:3:3: region: 找不到地区「火星镇」"))
            #expect(result.err.contains("bad.csv:4:2: name: 名称为空"))
            #expect(result.err.contains("共 2 处问题，未做任何更改。"))
            let listed = await run(["cells", "list", "pianguan-2023", "--database", database])
            #expect(listed.out.isEmpty && listed.err.contains("共 0 个"))
            let missing = await run(["cells", "import", directory.appendingPathComponent("none.csv").path, "--database", database])
            #expect(missing.failed && missing.err.contains("无法读取文件"))

            // A column the register does not have is an error at its place in the header, as in `regions import`: its
            // values would otherwise be dropped without a word.
            let columns = try Self.write("type,name,region,stauts,备注\nfamily,甲,新关镇,certified,x\n", in: directory, name: "cols.csv")
            let unknown = await run(["cells", "import", columns, "--plan", "pianguan-2023", "--database", database])
            #expect(unknown.failed)
            #expect(unknown.err.contains("cols.csv:1:4: 未知列「stauts」"), "\(unknown.err)")
            #expect(unknown.err.contains("cols.csv:1:5: 未知列「备注」"))
            #expect(await run(["cells", "list", "pianguan-2023", "--database", database]).err.contains("共 0 个"))
        }
    }
}
