import ArgumentParser
import Core
import Domain
import Foundation
import Persistence

struct RegionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "regions", abstract: "管理区划（乡镇、村）。", subcommands: [Import.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "从 CSV（code,name,level,parent）导入乡镇和村；上级可写代码或名称。整个文件全部成功或全部不导入。")
        @Argument(help: "CSV 文件（UTF-8）。") var file: String
        @Option(name: .long, help: "只在该方案的地区范围内解析上级名称。") var plan: String?
        @OptionGroup var db: DatabaseOption

        func run() async throws {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw reject([InputIssue(SourceLocation(file: file), "无法读取文件")])
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw reject([InputIssue(SourceLocation(file: file), "文件不是 UTF-8 文本")])
            }
            let rows: [RegionRow]
            do { rows = try RegionCSV.parse(text, file: file) } catch { throw reject(error.issues) }
            do {
                let (result, townships) = try await withDatabase(db.location) { app in
                    try await app.appCore.transaction { [plan] core in
                        let result = try await core.regions.importRegions(rows, file: file, under: plan)
                        // Each township of the tree becomes a unit of the programme (各乡镇 then reaches it).
                        guard let plan else { return (result, [String]()) }
                        let townships = try await core.planEditing.addTownshipUnits(planID: plan, actor: "命令行", actorID: nil)
                        return (result, townships)
                    }
                }
                CLIOutput.current.out("已导入 \(rows.count) 行：新增 \(result.added)，更新 \(result.updated)。")
                if !townships.isEmpty { CLIOutput.current.out("新增乡镇单位：\(townships.joined(separator: "、"))") }
            } catch let rejected as InputRejected {
                throw reject(rejected.issues)
            }
        }
    }
}
