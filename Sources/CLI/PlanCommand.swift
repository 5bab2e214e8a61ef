import ArgumentParser
import Core
import Domain
import Foundation
import Persistence

struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan", abstract: "检查、查看和导入方案文件（YAML 或 JSON）。",
        subcommands: [Check.self, Show.self, Load.self, List.self, Export.self, History.self])

    /// The plan files named: files as given, directories expanded to their *.yaml, *.yml and *.json.
    static func expand(_ paths: [String]) -> [String] {
        paths.flatMap { path -> [String] in
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                return yamlFiles(in: path)
            }
            return [path]
        }
    }

    static func yamlFiles(in directory: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") || $0.hasSuffix(".json") }
            .sorted().map { (directory as NSString).appendingPathComponent($0) }
    }

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "检查方案文件；问题会给出文件、行号和字段。")
        @Argument(help: "方案文件或目录。") var files: [String]
        /// Taken like on every command (scripts pass it to all of them); checking files opens no database.
        @OptionGroup var db: DatabaseOption

        func run() async throws {
            let result = PlanFile.check(paths: PlanCommand.expand(files))
            for (path, plan) in result.plans {
                CLIOutput.current.out("✓ \(path)：\(plan.id)（\(plan.tasks.count) 项任务，\(plan.units.count) 个单位，"
                                      + "\(plan.phases.count) 个阶段）")
            }
            if !result.issues.isEmpty { throw reject(result.issues) }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "显示方案；--json 输出规范 JSON。")
        @Argument(help: "方案文件。") var file: String
        @Flag(name: .long, help: "输出规范 JSON（plan-format.md）。") var json = false
        /// Taken like on every command; showing a file opens no database.
        @OptionGroup var db: DatabaseOption

        func run() async throws {
            let plan: Plan
            do { plan = try PlanFile.load(path: file) } catch { throw reject(error.issues) }
            if json {
                CLIOutput.current.out(String(decoding: try plan.canonicalJSON(), as: UTF8.self))
            } else {
                CLIOutput.current.out(PlanSummaryText.render(plan))
            }
        }
    }

    struct Load: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "把方案文件导入数据库；同一 id 的方案整体替换为新的一版（一个事务），保留创建办补充的期限、子任务和乡镇单位。",
            discussion: "新版本删去已有数据的指标、有进展的任务或有月报的单位时拒绝导入并逐项列出；加 --archive-removed 则把它们归档（不再考核，数据仍可查看）。")
        @Argument(help: "方案文件或目录。") var files: [String]
        @Flag(name: .customLong("archive-removed"), help: "把新版本删去、但已有数据的项目归档，而不是拒绝导入。") var archiveRemoved = false
        @OptionGroup var db: DatabaseOption

        func run() async throws {
            // Check every file before writing any, so a bad file changes nothing.
            let result = PlanFile.check(paths: PlanCommand.expand(files))
            if !result.issues.isEmpty { throw reject(result.issues) }
            do { try await save(result.plans) } catch let refused as PlanLoadRefused {
                CLIOutput.current.err(refused.description)
                throw ExitCode(1)
            }
        }

        private func save(_ plans: [(path: String, plan: Plan)]) async throws {
            try await withDatabase(db.location) { app in
                // All files in one transaction: one refused file leaves every programme as it was.
                let saved = try await app.appCore.transaction { [archiveRemoved] tx in
                    var lines: [String] = []
                    for (path, plan) in plans {
                        do {
                            let outcome = try await PlanSaving.save(plan, origin: .init(actor: "命令行", actorID: nil, action: "plan.load",
                                                                                        why: "导入方案文件 \((path as NSString).lastPathComponent)",
                                                                                        details: ["file": path]),
                                                                    archiveRemoved: archiveRemoved, in: tx)
                            var line = "\(outcome.outcome == .created ? "已导入" : "已替换") \(plan.id)（\(path)）：第 \(outcome.revision) 版"
                            if !outcome.archived.isEmpty { line += "；已归档：" + outcome.archived.map(\.description).joined(separator: "；") }
                            lines.append(line)
                        } catch let refused as PlanEditRefused {
                            throw PlanLoadRefused(path: path, planID: plan.id, refused: refused)
                        }
                    }
                    return lines
                }
                for line in saved { CLIOutput.current.out(line) }
            }
        }
    }

    /// A file whose new version drops items that carry data: each item and what hangs on it, one per line.
    struct PlanLoadRefused: Error, CustomStringConvertible {
        var path: String
        var planID: String
        var refused: PlanEditRefused

        var description: String {
            (["\(path)：方案「\(planID)」的新版本删去了已有数据的项目，未做任何更改："] + refused.removals.map { "  \($0.description)" }
             + ["如确需删去，加 --archive-removed 把它们归档（不再考核，数据仍可查看）。"]).joined(separator: "\n")
        }
    }

    struct History: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "列出方案的各版本：第几版、何时、何人、为何修改。")
        @Argument(help: "方案 id。") var id: String
        @Flag(name: .long, help: "输出 JSON：{ \"revisions\": [ { \"revision\", \"at\", \"by\", \"why\" } ] }。") var json = false
        @OptionGroup var db: DatabaseOption

        func run() async throws {
            let revisions = try await withDatabase(db.location) { app in
                guard try await app.appCore.plans.plan(id: id) != nil else { throw ValidationError("没有方案「\(id)」") }
                return try await app.appCore.plans.revisions(planID: id)
            }
            if json {
                struct Body: Encodable { var revisions: [PlanRevision] }
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                encoder.dateEncodingStrategy = .iso8601
                CLIOutput.current.out(String(decoding: try encoder.encode(Body(revisions: revisions)), as: UTF8.self))
                return
            }
            if revisions.isEmpty { CLIOutput.current.out("方案「\(id)」还没有保存过新版本。"); return }
            for r in revisions {
                CLIOutput.current.out("第 \(r.revision) 版\t\(ISO8601DateFormatter().string(from: r.at))\t\(r.by)\t\(r.why)")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "列出数据库中的方案。")
        @OptionGroup var db: DatabaseOption
        @Flag(name: .long, help: "输出 JSON。") var json = false

        func run() async throws {
            let summaries = try await withDatabase(db.location) { app in
                try await app.appCore.plans.summaries()
            }
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .withoutEscapingSlashes]
                CLIOutput.current.out(String(decoding: try encoder.encode(summaries), as: UTF8.self))
                return
            }
            if summaries.isEmpty { CLIOutput.current.out("数据库中还没有方案。"); return }
            for s in summaries {
                CLIOutput.current.out("\(s.id)\t\(s.title)\t\(s.place.name)\t\(s.counts.tasks) 项任务")
            }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "从数据库导出一个方案的规范 JSON。")
        @Argument(help: "方案 id。") var id: String
        @OptionGroup var db: DatabaseOption

        func run() async throws {
            let plan = try await withDatabase(db.location) { app in try await app.appCore.plans.plan(id: id) }
            guard let plan else {
                CLIOutput.current.err("数据库中没有 id 为「\(id)」的方案。")
                throw ExitCode(1)
            }
            CLIOutput.current.out(String(decoding: try plan.canonicalJSON(), as: UTF8.self))
        }
    }
}

/// A plan as a short Chinese report for the terminal.
enum PlanSummaryText {
    static func render(_ plan: Plan) -> String {
        var lines: [String] = []
        lines.append("\(plan.title)（\(plan.id)）")
        lines.append("类型：\(plan.programme.chineseName)  地区：\((plan.place.parents.map(\.name) + [plan.place.name]).joined(separator: " › "))")
        if let number = plan.document.number { lines.append("文号：\(number)") }
        if let group = plan.organisation.leadingGroup {
            let leaders = group.leader.map { $0.name ?? $0.title ?? "" }.joined(separator: "、")
            lines.append("领导小组：\(group.name ?? "")\(leaders.isEmpty ? "" : "，组长 \(leaders)")")
        }
        if let office = plan.organisation.office, let unit = office.unit { lines.append("办公室：设在\(unit)") }
        lines.append("成员单位：\(plan.organisation.memberUnits.count) 个；专业工作组：\(plan.organisation.workingGroups.count) 个")
        for phase in plan.phases { lines.append("阶段：\(phase.name)  \(phase.start) — \(phase.end)") }
        for target in plan.cellTargets {
            let amount = target.atLeastPercent.map { "≥\($0.formatted())%" } ?? target.atLeastCount.map { "≥\($0) 个" } ?? ""
            lines.append("细胞目标：\(target.displayName) \(target.per.map { "每\($0.chineseName)" } ?? "")\(amount)")
        }
        lines.append("指标：\(plan.indicators.count) 项；任务：\(plan.tasks.count) 项")
        for task in plan.tasks {
            let units = task.responsible.isEmpty ? "（未明确责任单位）" : task.responsible.joined(separator: "、")
            lines.append("  \(task.number ?? "-") \(task.title ?? String(task.text.prefix(20)))：\(units)")
        }
        return lines.joined(separator: "\n")
    }
}

extension Double {
    func formatted() -> String { self == rounded() ? String(Int(self)) : String(self) }
}
