import ArgumentParser
import Core
import Domain
import Foundation

/// `healthcity import-doc FILE`: a plan document (.txt or .docx) to a draft plan.
struct ImportDocCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-doc",
        abstract: "从实施方案原文（.txt，UTF-8 或 GB18030；或 .docx）生成方案草稿，并列出需要人工核对的内容。")

    @Argument(help: "实施方案文件（.txt 或 .docx）。") var file: String
    @Flag(name: .long, help: "输出规范 JSON（plan-format.md），附 importReport：每项内容的来源行和未归位内容。") var json = false
    @Option(name: .long, help: "把草稿写成 YAML 方案文件（可再用 plan check / plan load）。") var out: String?
    @Option(name: .long, help: "草稿的方案 id（小写字母、数字和连字符）；默认自动生成。") var id: String?
    /// Taken like on every command; reading a document opens no database.
    @OptionGroup var db: DatabaseOption

    func run() async throws {
        let document: ImportedDocument
        do {
            document = try DocumentReader.read(fileAt: URL(fileURLWithPath: file))
        } catch {
            CLIOutput.current.err("无法读取：\(error.description)")
            throw ExitCode(1)
        }
        let draft: PlanDraft
        do {
            draft = try PlanImporter.draft(from: document, id: id)
        } catch {
            CLIOutput.current.err(error.description)
            throw ExitCode(1)
        }
        if let out {
            let yaml = try draft.yaml()
            do {
                // Written beside the target and moved into place, so a killed run leaves no half file.
                try Data(yaml.utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
            } catch {
                CLIOutput.current.err("无法写入 \(out)：\(error.localizedDescription)")
                throw ExitCode(1)
            }
        }
        if json {
            CLIOutput.current.out(String(decoding: try draft.canonicalJSONWithReport(), as: UTF8.self))
        } else {
            CLIOutput.current.out(draft.summaryLines().joined(separator: "\n"))
            if let out { CLIOutput.current.out("草稿已写入 \(out)。") }
        }
    }
}
