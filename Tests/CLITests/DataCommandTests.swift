@testable import Domain
@testable import Formats
import Foundation
import Testing
import TestSupport

/// `healthcity data import|export` and `healthcity evaluate`.
@Suite struct DataCommandTests {
    /// A SQLite file with the given seed programmes loaded, in a directory removed afterwards.
    static func withDatabase(_ plans: [String], _ body: (_ database: String, _ directory: URL) async throws -> Void)
        async throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("data.sqlite").path
        let loaded = await run(["plan", "load"] + plans.map(Fixtures.planPath) + ["--database", database])
        try #require(!loaded.failed, "\(loaded.err)")
        try await body(database, directory)
    }

    static func csv(_ rows: [String], in directory: URL, name: String = "figures.csv") throws -> String {
        let path = directory.appendingPathComponent(name).path
        try ("region,indicator,period,value\n" + rows.joined(separator: "\n") + "\n").write(toFile: path, atomically: true,
                                                                                           encoding: .utf8)
        return path
    }

    /// A misspelt column is refused at its place in the header (it was ignored, and its figures lost).
    @Test func importRefusesUnknownColumns() async throws {
        try await Self.withDatabase(["pianguan-2023"]) { database, directory in
            let path = directory.appendingPathComponent("cols.csv").path
            try "region,indicator,period,value,numerater,来源单位\n偏关县,HC40,2023,35,35,县卫体局\n"
                .write(toFile: path, atomically: true, encoding: .utf8)
            let result = await run(["data", "import", path, "--plan", "pianguan-2023", "--database", database])
            #expect(result.failed)
            #expect(result.err.contains("cols.csv:1:5: 未知列「numerater」"), "\(result.err)")
            #expect(!result.err.contains("未知列「来源单位」"), "known Chinese names are columns")
            let verdicts = try Self.evaluation(await run(["evaluate", "pianguan-2023", "--json", "--database", database]))
            #expect(verdicts.first { $0["indicator"] as? String == "HC40" }?["verdict"] as? String == "no_data", "nothing imported")
        }
    }

    @Test func importWithAndWithoutThePlan() async throws {
        try await Self.withDatabase(["longnan-2024", "pianguan-2023"]) { database, directory in
            let longnan = try Self.csv(["龙南市,HC38,2023,28", "龙南市,HC38,2024,30", "全省,HC38,2024,29"], in: directory)
            let given = await run(["data", "import", longnan, "--plan", "longnan-2024", "--database", database])
            #expect(!given.failed, "\(given.err)")
            #expect(given.out.contains("已导入到方案 longnan-2024：新增 2 条，更新 0 条，参考值 1 条。"))

            // Without --plan: 偏关县 and HC40 fit only 偏关's programme.
            let pianguan = try Self.csv(["偏关县,HC40,2023,35", "偏关县,STUDENT-FITNESS,2023,96"], in: directory, name: "p.csv")
            let inferred = await run(["data", "import", pianguan, "--database", database])
            #expect(!inferred.failed, "\(inferred.err)")
            #expect(inferred.out.contains("已导入到方案 pianguan-2023：新增 2 条"))
            let again = await run(["data", "import", pianguan, "--state", "draft", "--database", database])
            #expect(again.out.contains("更新 2 条"), "importing the same file again updates")

            let verdicts = try Self.evaluation(await run(["evaluate", "pianguan-2023", "--json", "--database", database]))
            #expect(verdicts.first { $0["indicator"] as? String == "HC40" }?["verdict"] as? String == "no_data",
                    "drafts are not judged")
        }
    }

    /// Tables as Excel or WPS save them: .xlsx with numbers as numbers, CSV in GB18030, Chinese headers, and
    /// indicators by the plan's own names.
    @Test func importReadsWorkbooksAndChineseCSV() async throws {
        try await Self.withDatabase(["pianguan-2023"]) { database, directory in
            let sheet = XLSXSheet(name: "数据", header: ["地区", "指标", "年份", "分子", "分母", "备注"], rows: [
                [.text("偏关县"), .text("HC40"), .number(2023), .number(350), .number(1000), .text("体育局抽样")],
                [.text("偏关县"), .text("经常参加体育锻炼人数比例"), .number(2022), .number(30), .number(100), .empty],
            ])
            let path = directory.appendingPathComponent("报表.xlsx").path
            try XLSXWorkbook(sheets: [sheet]).data().write(to: URL(fileURLWithPath: path))
            let result = await run(["data", "import", path, "--database", database])
            #expect(!result.failed, "\(result.err)")
            #expect(result.out.contains("已导入到方案 pianguan-2023：新增 2 条"))
            let entries = try Self.evaluation(await run(["evaluate", "pianguan-2023", "--json", "--database", database]))
            let hc40 = try #require(entries.first { $0["indicator"] as? String == "HC40" })
            #expect(hc40["value"] as? Double == 35 && hc40["verdict"] as? String == "met")

            // A CSV saved by Excel or WPS in China: GB18030, Chinese headers, the plan's own name for HC39.
            let gbk = directory.appendingPathComponent("报表.csv")
            try #require("地区,指标,期间,数值\r\n偏关县,成人吸烟率,2023年,24.5\r\n".data(using: TextDecoding.gb18030)).write(to: gbk)
            let csv = await run(["data", "import", gbk.path, "--database", database])
            #expect(!csv.failed, "\(csv.err)")
            #expect(csv.out.contains("已导入到方案 pianguan-2023：新增 1 条"))
        }
    }

    @Test func inferenceNeedsExactlyOneFittingProgramme() async throws {
        try await Self.withDatabase(["longnan-2024", "pianguan-2023"]) { database, directory in
            // A second programme for 龙南市: a file for 龙南市 fits both.
            let copy = try String(contentsOfFile: Fixtures.planPath("longnan-2024"), encoding: .utf8)
                .replacingOccurrences(of: "id: longnan-2024", with: "id: longnan-2025")
            let copyPath = directory.appendingPathComponent("longnan-2025.yaml").path
            try copy.write(toFile: copyPath, atomically: true, encoding: .utf8)
            #expect(await !run(["plan", "load", copyPath, "--database", database]).failed)

            let both = try Self.csv(["龙南市,HC38,2024,30"], in: directory)
            let ambiguous = await run(["data", "import", both, "--database", database])
            #expect(ambiguous.failed)
            #expect(ambiguous.err.contains("\(both): 文件与多个方案相符（longnan-2024、longnan-2025），请用 --plan 指定"))

            let none = try Self.csv(["火星市,HC38,2024,30"], in: directory, name: "none.csv")
            let unfitting = await run(["data", "import", none, "--database", database])
            #expect(unfitting.failed)
            #expect(unfitting.err.contains("没有方案与整个文件相符"))
            #expect(unfitting.err.contains("\(none):2:1: region: 本方案没有地区「火星市」"))
            #expect(unfitting.err.contains("未做任何更改"))

            let empty = try Fixtures.temporaryDirectory().appendingPathComponent("empty.sqlite").path
            defer { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: empty).deletingLastPathComponent().path) }
            let noPlans = await run(["data", "import", both, "--database", empty])
            #expect(noPlans.failed && noPlans.err.contains("数据库中没有方案"))

            let unknown = await run(["data", "import", both, "--plan", "nowhere-2024", "--database", database])
            #expect(unknown.failed && unknown.err.contains("没有方案「nowhere-2024」"))
        }
    }

    @Test func aBadFileNamesLineAndColumnAndImportsNothing() async throws {
        try await Self.withDatabase(["pianguan-2023"]) { database, directory in
            let bad = try Self.csv(["偏关县,HC40,2023,35", "偏关县,HC38,2023,百分之三十", "偏关县,HC38,2023,130", "乌有乡,HC40,2023,20",
                                    "偏关县,HC99,2023,1", "偏关县,HC39,2030,20"], in: directory)
            let result = await run(["data", "import", bad, "--plan", "pianguan-2023", "--database", database])
            #expect(result.failed)
            for expected in ["\(bad):3:4: value: 「百分之三十」不是数字", "\(bad):4:4: value: 「居民健康素养水平」是比例，不能超过 100%",
                             "\(bad):5:1: region: 本方案没有地区「乌有乡」", "\(bad):6:2: indicator: 不认识的指标「HC99」",
                             "\(bad):7:3: period: 2030年不在本方案的数据年份（2021–2023年）内", "共 5 处问题，未做任何更改。"] {
                #expect(result.err.contains(expected), "\(expected)\n\(result.err)")
            }
            #expect(result.out.isEmpty)
            // The good first row was not imported: importing it alone creates it.
            let good = try Self.csv(["偏关县,HC40,2023,35"], in: directory, name: "good.csv")
            #expect(await run(["data", "import", good, "--database", database]).out.contains("新增 1 条，更新 0 条"))

            let missing = await run(["data", "import", directory.appendingPathComponent("nope.csv").path, "--database", database])
            #expect(missing.failed && missing.err.contains("无法读取文件"))
            let header = directory.appendingPathComponent("header.csv").path
            try "地区,数值\n偏关县,3\n".write(toFile: header, atomically: true, encoding: .utf8)
            let columns = await run(["data", "import", header, "--plan", "pianguan-2023", "--database", database])
            #expect(columns.failed && columns.err.contains("\(header):1: 表头缺少列"))
            #expect(await run(["data", "import", good, "--state", "returned", "--database", database]).failed)
        }
    }

    @Test func evaluateJSONHasTheInterfaceKeys() async throws {
        try await Self.withDatabase(["longnan-2024"]) { database, directory in
            let figures = try Self.csv(["龙南市,HC38,2022,26", "龙南市,HC38,2023,28", "龙南市,HC38,2024,30", "龙南市,AWARENESS,2024,65"],
                                       in: directory)
            #expect(await !run(["data", "import", figures, "--database", database]).failed)
            let result = await run(["evaluate", "longnan-2024", "--json", "--database", database])
            #expect(!result.failed, "\(result.err)")
            let entries = try Self.evaluation(result)
            #expect(!entries.isEmpty)
            for entry in entries {
                #expect(Set(entry.keys).isSuperset(of: ["target", "indicator", "region", "year", "verdict", "value", "reason"]), "\(entry)")
                #expect(["met", "not_met", "no_data"].contains(entry["verdict"] as? String ?? ""))
            }
            let hc38 = try #require(entries.first { $0["indicator"] as? String == "HC38" })
            #expect(hc38["target"] as? String == "> ref(province) or rising(3)" && hc38["region"] as? String == "龙南市")
            #expect(hc38["year"] as? Int == 2024 && hc38["value"] as? Double == 30 && hc38["verdict"] as? String == "met")
            #expect((hc38["reason"] as? String)?.contains("逐年上升") == true, "\(hc38)")
            let awareness = try #require(entries.first { $0["indicator"] as? String == "AWARENESS" })
            #expect(awareness["verdict"] as? String == "not_met")
            #expect(entries.contains { $0["value"] is NSNull })

            let text = await run(["evaluate", "longnan-2024", "--year", "2024", "--database", database])
            #expect(text.out.contains("2024\tHC38\t龙南市\t达标\t"))
            let outside = await run(["evaluate", "longnan-2024", "--year", "2030", "--database", database])
            #expect(outside.failed)
            #expect(outside.err.contains("2030 年不在方案 longnan-2024 的评价年份（2024–2024）内"))
            let unknown = await run(["evaluate", "nowhere-2024", "--database", database])
            #expect(unknown.failed && unknown.err.contains("没有方案「nowhere-2024」"))
        }
    }

    @Test func exportWritesAWorkbook() async throws {
        try await Self.withDatabase(["pianguan-2023"]) { database, directory in
            let figures = try Self.csv(["偏关县,HC40,2023,35"], in: directory)
            #expect(await !run(["data", "import", figures, "--database", database]).failed)
            let out = directory.appendingPathComponent("board.xlsx").path
            let result = await run(["data", "export", "pianguan-2023", "--out", out, "--database", database])
            #expect(!result.failed, "\(result.err)")
            #expect(result.out.contains("已写入 \(out)"))
            let data = try Data(contentsOf: URL(fileURLWithPath: out))
            #expect(data.starts(with: [0x50, 0x4B, 0x03, 0x04]))
            let rows = try XLSXReader.rows(data: data, fileName: out)
            #expect(rows.first?.cells.prefix(4) == ["年份", "指标代码", "指标", "地区"])
            #expect(rows.contains { $0.cells.count > 7 && $0.cells[1] == "HC40" && $0.cells[6] == "35" && $0.cells[7] == "达标" })

            let missing = directory.appendingPathComponent("none.xlsx").path
            let unknown = await run(["data", "export", "nowhere-2024", "--out", missing, "--database", database])
            #expect(unknown.failed && unknown.err.contains("没有方案「nowhere-2024」"))
            #expect(!FileManager.default.fileExists(atPath: missing))
        }
    }

    static func evaluation(_ result: (out: String, err: String, failed: Bool)) throws -> [[String: Any]] {
        try #require(!result.failed, "\(result.err)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [[String: Any]])
    }
}
