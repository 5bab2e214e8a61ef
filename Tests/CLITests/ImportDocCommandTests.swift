import Domain
import Foundation
import Testing
import TestSupport

/// `healthcity import-doc FILE [--json] [--out plan.yaml]`.
@Suite struct ImportDocCommandTests {
    static var pianguanSeed: String { Fixtures.seedsDirectory.appendingPathComponent("003_5a58676f7c40b71f.txt").path }

    @Test func printsTheDraftWithSourcesAndTheReport() async {
        let result = await run(["import-doc", Self.pianguanSeed])
        #expect(!result.failed, "\(result.err)")
        #expect(result.out.contains("方案：偏关县创建省级健康促进县工作实施方案"))
        #expect(result.out.contains("阶段 3：验收评估 2023-11-01—2023-12-15  〔第65–67行〕"))
        #expect(result.out.contains("任务：33 项"))
        #expect(result.out.contains("未归位：无"))
    }

    @Test func jsonIsTheCanonicalViewPlusAnImportReport() async throws {
        let result = await run(["import-doc", Self.pianguanSeed, "--json", "--id", "pianguan-draft"])
        #expect(!result.failed, "\(result.err)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])
        #expect(object["id"] as? String == "pianguan-draft")
        #expect((object["tasks"] as? [Any])?.count == 33)
        let report = try #require(object["importReport"] as? [String: Any])
        let sources = try #require(report["sources"] as? [String: [String: Any]])
        #expect(sources["tasks[0]"]?["from"] as? Int == 73)
        #expect(sources["phases[0]"]?["where"] as? String == "第57–59行")
        #expect(report["unplaced"] as? [Any] != nil)
        // Without the report the JSON decodes as a plan, key for key.
        var plain = object
        plain.removeValue(forKey: "importReport")
        let plan = try JSONDecoder().decode(Plan.self, from: try JSONSerialization.data(withJSONObject: plain))
        #expect(plan.organisation.leadingGroup?.name == "偏关县创建省级健康促进县工作领导小组")
    }

    @Test func outWritesAPlanFileThatChecks() async throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("draft.yaml").path
        let imported = await run(["import-doc", Self.pianguanSeed, "--out", out, "--id", "pianguan-draft"])
        #expect(!imported.failed, "\(imported.err)")
        let yaml = try String(contentsOfFile: out, encoding: .utf8)
        #expect(yaml.hasPrefix("# 由 healthcity import-doc"))
        let checked = await run(["plan", "check", out])
        #expect(!checked.failed, "\(checked.err)")
        #expect(checked.out.contains("pianguan-draft（33 项任务"))
    }

    @Test func aTaskWithoutUnitIsReported() async throws {
        let path = try Fixtures.write("""
        某县创建健康县工作实施方案
        一、工作任务
        1.开展健康教育。每月开展健康讲座。（责任单位：县卫健局）
        2.建设健康步道。在城区建设健康步道。
        二、时间安排
        第一阶段：启动（2024年3月）
        第二阶段：实施
        """, name: "plan.txt")
        let result = await run(["import-doc", path])
        #expect(!result.failed)
        #expect(result.out.contains("任务「2 建设健康步道」没有写责任单位"))
        #expect(result.out.contains("第4行"))
        #expect(result.out.contains("阶段「实施」没有写日期"))
    }

    @Test(arguments: [
        ("empty.txt", Data(), "文件为空"),
        ("garbage.txt", Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919) }), "二进制"),
        ("fake.docx", Data("这不是 Word 文档".utf8), "docx"),
        ("news.txt", Data(String(repeating: "今天天气晴朗，市民纷纷外出散步。", count: 10).utf8), "实施方案"),
    ])
    func badInputIsAClearErrorAndWritesNothing(name: String, data: Data, message: String) async throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent(name)
        try data.write(to: input)
        let out = directory.appendingPathComponent("draft.yaml").path
        let result = await run(["import-doc", input.path, "--out", out])
        #expect(result.failed)
        #expect(result.err.contains(name))
        #expect(result.err.contains(message), "\(result.err)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}
