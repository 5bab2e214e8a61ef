import Foundation
import Testing
import TestSupport

/// `healthcity survey new | list | import | results`: a programme's survey from the command line.
@Suite struct SurveyProgrammeCommandTests {
    @Test func aSurveyIsSetUpFilledFromAFileAndEstimated() async throws {
        try await DataCommandTests.withDatabase(["pianguan-2023"]) { database, directory in
            let regions = Fixtures.repositoryRoot.appendingPathComponent("demo/regions-pianguan.csv").path
            #expect(!(await run(["regions", "import", regions, "--plan", "pianguan-2023", "--database", database])).failed)
            let questionnaires = Fixtures.questionnairesDirectory
            let bad = await run(["survey", "new", "pianguan-2023", "--name", "吸烟调查", "--questionnaire", "smoking", "--year", "2025",
                                 "--quota", "新关镇=abc", "--quota", "西山乡=3", "--questionnaires", questionnaires, "--database", database])
            #expect(bad.failed && bad.err.contains("--quota: [0]") && bad.err.contains("「西山乡=3」"))
            let made = await run(["survey", "new", "pianguan-2023", "--name", "吸烟调查", "--questionnaire", "smoking", "--year", "2025",
                                  "--quota", "新关镇=4:6000", "--quota", "天峰坪=4:2000", "--layout", "township-clusters",
                                  "--questionnaires", questionnaires, "--database", database])
            #expect(!made.failed, "\(made.err)")
            let id = try #require(made.out.split(separator: " ").last.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) })

            let list = await run(["survey", "list", "pianguan-2023", "--json", "--database", database])
            #expect(list.out.contains(id) && list.out.contains("\"planned\" : 8"), "\(list.out)")

            let header = "id,sex,age,residence,township,education,smoking,cigarettes_per_day,secondhand_days,exercise_times,exercise_minutes,exercise_intensity"
            let file = directory.appendingPathComponent("smoking.csv").path
            try ([header,
                  "1,男,40,农村,新关镇,初中,每天吸,10,0,0,,",
                  "2,女,35,城市,新关镇,高中/职高/中专,从不吸,,2,3,40,中等",
                  "3,男,15,农村,天峰坪镇,初中,偶尔吸,2,7,5,60,高",
                  "4,女,72,农村,天峰坪镇,小学,从不吸,,0,0,,",
                  "5,男,9,农村,天峰坪镇,小学,从不吸,,0,0,,"].joined(separator: "\n") + "\n")
                .write(toFile: file, atomically: true, encoding: .utf8)
            let refused = await run(["survey", "import", id, file, "--questionnaires", questionnaires, "--database", database])
            #expect(refused.failed && refused.err.contains("smoking.csv:6") && refused.err.contains("未做任何更改"))
            // Without the under-age row every respondent goes in.
            let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").dropLast()
            try (lines.joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
            let imported = await run(["survey", "import", id, file, "--questionnaires", questionnaires, "--database", database])
            #expect(!imported.failed && imported.out.contains("已导入 4 份答卷"), "\(imported.err)")

            let results = await run(["survey", "results", id, "--json", "--questionnaires", questionnaires, "--database", database])
            #expect(!results.failed, "\(results.err)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(results.out.utf8)) as? [String: Any])
            let rows = try #require(json["rows"] as? [[String: Any]])
            // Weights 3,000 (新关镇) and 1,000 (天峰坪镇): smokers 1 of 2 and 1 of 2 → 50%.
            let smoker = try #require(rows.first { $0["variable"] as? String == "smoker" && $0["group"] == nil })
            #expect(smoker["estimate"] as? Double == 0.5 && smoker["n"] as? Int == 4)
            let text = await run(["survey", "results", id, "--questionnaires", questionnaires, "--database", database])
            #expect(text.out.contains("现在吸烟者  50.00（95% CI"))
        }
    }

    @Test func ppsSelectsVillagesWithTheirProbabilities() async throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let frame = directory.appendingPathComponent("villages.csv").path
        try "村,户数\n东关村,400\n南关村,100\n西关村,300\n北关村,200\n".write(toFile: frame, atomically: true, encoding: .utf8)
        let result = await run(["survey", "pps", frame, "--name", "村", "--size", "户数", "--count", "2", "--start", "0.25", "--json"])
        #expect(!result.failed, "\(result.err)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])
        let units = try #require(json["units"] as? [[String: Any]])
        // Interval 1000 / 2 = 500, points 125 and 625: 东关村 (0–400) and 西关村 (500–800); π = 2·M_i / 1000.
        #expect(units.filter { $0["selected"] as? Bool == true }.map { $0["name"] as? String } == ["东关村", "西关村"])
        #expect(units.map { $0["probability"] as? Double } == [0.8, 0.2, 0.6, 0.4])
        let bad = directory.appendingPathComponent("bad.csv").path
        try "村,户数\n东关村,0\n南关村,abc\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let refused = await run(["survey", "pps", bad, "--name", "村", "--size", "户数", "--count", "1"])
        #expect(refused.failed && refused.err.contains("bad.csv:2:2") && refused.err.contains("bad.csv:3:2"))
    }

    @Test func kishPicksTheMemberTheTableNames() async throws {
        // Questionnaire 4 uses table D: of three eligible members the second (the younger man).
        let result = await run(["survey", "kish", "--questionnaire", "4", "--members", "女43,男45,男17,女8"])
        #expect(!result.failed, "\(result.err)")
        #expect(result.out.contains("KISH 表 D") && result.out.contains("2. 男 17 岁  ← 调查对象"))
        #expect(result.out.contains("户内权重 3.00"))
        let bad = await run(["survey", "kish", "--questionnaire", "1", "--members", "男45,孩子3"])
        #expect(bad.failed && bad.err.contains("--members: [1]"))
    }
}
