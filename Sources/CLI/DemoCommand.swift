import ArgumentParser
import Core
import Domain
import Foundation
import Persistence
import Vapor
import Web

/// `healthcity demo …`: the fictional programme a first start shows (see `DemoProgramme`).
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "演示方案（虚构的青山县，日期随今天推算）：载入或查看。",
        subcommands: [Load.self, Show.self])

    /// The demo accounts' password: HEALTHCITY_DEMO_PASSWORD when set, else a generated one to print once.
    static func password() -> (password: String, generated: Bool) {
        if let chosen = ProcessInfo.processInfo.environment["HEALTHCITY_DEMO_PASSWORD"], !chosen.isEmpty { return (chosen, false) }
        return (Secrets.readablePassword(), true)
    }

    /// Loads the demo unless it is there, and prints the accounts and (once) the password.
    static func load(_ app: Application, hash: @escaping @Sendable (String) async throws -> String) async throws -> Bool {
        let (password, generated) = Self.password()
        let outcome: DemoLoader.Outcome
        do {
            outcome = try await DemoLoader.load(in: app.appCore, password: password, hash: hash)
        } catch let rejected as FormRejected {
            throw UserCommand.fail(rejected)
        }
        guard outcome.loaded else { return false }
        let names = outcome.manifest.accounts.map { "\($0.username)（\($0.role.chineseName)）" }.joined(separator: "、")
        CLIOutput.current.out("已载入演示方案「\(outcome.manifest.title)」（\(outcome.manifest.planID)，虚构数据）。")
        CLIOutput.current.out("演示账号：\(names)")
        if generated {
            // Printed once, to whoever loaded it; only its hash is kept.
            CLIOutput.current.out("演示账号的密码：\(password)（只显示这一次；也可用环境变量 HEALTHCITY_DEMO_PASSWORD 指定）")
        } else {
            CLIOutput.current.out("演示账号的密码取自 HEALTHCITY_DEMO_PASSWORD。")
        }
        return true
    }

    /// `serve`'s first start: the demo joins the seeds just loaded (`seeded`), or an empty database, unless `noDemo`.
    /// A database that already held programmes is left as it is.
    static func loadOnFirstStart(_ app: Application, noDemo: Bool, seeded: [String],
                                 hash: @escaping @Sendable (String) async throws -> String) async throws -> Bool {
        guard !noDemo else { return false }
        if seeded.isEmpty, try await app.appCore.plans.count() > 0 { return false }
        return try await load(app, hash: hash)
    }

    struct Load: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "把演示方案载入数据库（已有则不变）；账号密码取自 HEALTHCITY_DEMO_PASSWORD，未设置时生成并打印一次。")
        @ArgumentParser.Option(name: .long, help: "健康细胞评分表所在目录（演示的评审记录按它评分）。") var standards = "standards"
        @ArgumentParser.Option(name: .long, help: "调查问卷所在目录（演示的调查用其中的知晓情况问卷）。") var questionnaires = "questionnaires"
        @OptionGroup var db: DatabaseOption

        func run() async throws {
            let sheets = try Serve.scoreSheets(in: standards), library = try Serve.questionnaires(in: questionnaires)
            let loaded = try await withDatabase(db.location) { app in
                app.scoreSheets = sheets
                app.questionnaires = library
                return try await DemoCommand.load(app, hash: { try UserCommand.hash($0) })
            }
            if !loaded { CLIOutput.current.out("数据库中已有演示方案 \(DemoProgramme.planID)，未做更改。") }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "列出演示方案的账号和各账号待办的数量（按今天计）。")
        @ArgumentParser.Flag(name: .long, help: "输出 JSON。") var json = false
        @OptionGroup var db: DatabaseOption

        func run() async throws {
            let manifest: DemoManifest? = try await withDatabase(db.location) { app in
                guard try await DemoLoader.isLoaded(in: app.appCore) else { return nil }
                return try await DemoManifest.read(in: app.appCore)
            }
            guard let manifest else {
                CLIOutput.current.err("数据库中没有演示方案（用 healthcity demo load 载入）。")
                throw ExitCode(1)
            }
            if json { try CLIOutput.current.json(manifest); return }
            CLIOutput.current.out("\(manifest.title)（\(manifest.planID)），按 \(manifest.today.chinese) 计：")
            for person in manifest.accounts {
                let work = (manifest.pending[person.username] ?? [:]).sorted { $0.key < $1.key }
                    .compactMap { key, count in WorkItem.Kind(rawValue: key).map { "\($0.chineseName) \(count)" } }
                CLIOutput.current.out("\(person.username)\t\(person.role.chineseName)\t\(work.isEmpty ? "无待办" : work.joined(separator: "，"))")
            }
        }
    }
}
