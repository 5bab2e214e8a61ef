import ArgumentParser
import Core
import Domain
import Foundation
import Persistence
import Vapor
import Web

/// The `healthcity` command: the server and the tools around it, in one executable.
public struct Healthcity: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "healthcity",
        abstract: "健康城市建设管理平台：方案、任务、指标与健康细胞。",
        subcommands: [Serve.self, PlanCommand.self, ImportDocCommand.self, RegionsCommand.self, UserCommand.self, TokenCommand.self, DataCommand.self, EvaluateCommand.self, CellsCommand.self, CoverageCommand.self, SurveyCommand.self, ReportsCommand.self, DossierCommand.self, BackupCommand.self, RestoreCommand.self, Migrate.self, NotifyCommand.self, DemoCommand.self])

    public init() {}
}

/// `--database PATH|URL`, shared by every command that touches the database.
struct DatabaseOption: ParsableArguments {
    @ArgumentParser.Option(name: .long, help: "SQLite 文件路径或 postgres:// URL；默认取 DATABASE_URL，否则 ./healthcity.sqlite。")
    var database: String?

    var location: DatabaseLocation { DatabaseLocation.resolve(argument: database) }
}

/// Runs `body` with a migrated database, then shuts it down.
func withDatabase<T>(_ location: DatabaseLocation, _ body: (Application) async throws -> T) async throws -> T {
    let app = try await Application.make(Environment(name: "production", arguments: ["healthcity"]))
    app.logger.logLevel = .warning
    do {
        try DatabaseSetup.configure(app, location: location)
        try await DatabaseSetup.prepare(app, location: location)
        let result = try await body(app)
        try await app.asyncShutdown()
        return result
    } catch {
        try? await app.asyncShutdown()
        throw error
    }
}

/// Prints input problems, one per line, and fails the command.
func reject(_ issues: [InputIssue]) -> ExitCode {
    for issue in issues { CLIOutput.current.err(issue.description) }
    CLIOutput.current.err("共 \(issues.count) 处问题，未做任何更改。")
    return ExitCode(1)
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "把数据库结构升级到最新版本。")
    @OptionGroup var db: DatabaseOption

    func run() async throws {
        try await withDatabase(db.location) { _ in }
        CLIOutput.current.out("数据库已是最新结构：\(db.location)")
    }
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "启动网站和接口服务；空数据库首次启动时导入 plans/ 中的示例方案。")

    @ArgumentParser.Option(name: .long, help: "监听地址。") var host = "127.0.0.1"
    @ArgumentParser.Option(name: .long, help: "监听端口。") var port = 8080
    @OptionGroup var db: DatabaseOption
    @ArgumentParser.Option(name: .long, help: "示例方案所在目录（空数据库首次启动时导入）。") var plans = "plans"
    @ArgumentParser.Flag(name: .long, help: "空数据库也不导入示例方案。") var noSeed = false
    @ArgumentParser.Flag(name: .long, help: "首次启动时不载入演示方案（虚构的青山县）。") var noDemo = false
    @ArgumentParser.Option(name: .long, help: "健康细胞评分表所在目录（*.yaml）。") var standards = "standards"
    @ArgumentParser.Option(name: .long, help: "调查问卷所在目录（*.yaml）。") var questionnaires = "questionnaires"

    func run() async throws {
        var environment = Environment(name: "production",
                                      arguments: ["healthcity", "serve", "--hostname", host, "--port", String(port)])
        try LoggingSystem.bootstrap(from: &environment)
        let app = try await Application.make(environment)
        do {
            try WebApp.configure(app, database: db.location, scoreSheets: try Self.scoreSheets(in: standards),
                                 questionnaires: try Self.questionnaires(in: questionnaires))
            let seedDirectory = plans
            let loaded = try await WebApp.prepare(app, database: db.location, seedPlans: noSeed ? [] : try Self.seedPlans(in: seedDirectory))
            app.logger.notice("数据库：\(db.location)")
            if !loaded.isEmpty { app.logger.notice("已导入示例方案：\(loaded.joined(separator: ", "))") }
            let adminPassword = ProcessInfo.processInfo.environment["HEALTHCITY_ADMIN_PASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
            if let created = try await WebApp.ensureAdministrator(app, password: adminPassword) {
                if let generated = created {
                    // Printed once, to the terminal of whoever started the server; never logged again.
                    CLIOutput.current.out("""
                    已创建系统管理员账号 admin，临时密码：\(generated)
                    （只显示这一次；首次登录后须修改。也可用环境变量 HEALTHCITY_ADMIN_PASSWORD 指定。）
                    """)
                } else {
                    CLIOutput.current.out("已创建系统管理员账号 admin，密码取自 HEALTHCITY_ADMIN_PASSWORD。")
                }
            }
            // Reminders and the outbox: queued and sent from inside the server (see NotificationLoop).
            app.lifecycle.use(NotificationLoop(configuration: .fromEnvironment()))
            // On first start (the seeds just loaded, or nothing there), the demo programme joins them.
            let hasher = app.password.async
            _ = try await DemoCommand.loadOnFirstStart(app, noDemo: noDemo, seeded: loaded, hash: { try await hasher.hash($0) })
            CLIOutput.current.out("服务地址：http://\(host):\(port)/")
            try await app.execute()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    /// The score sheets; a missing folder only means no online scoring, a broken sheet stops the start.
    static func scoreSheets(in directory: String) throws -> ScoreSheetLibrary? {
        guard FileManager.default.fileExists(atPath: directory) else {
            CLIOutput.current.err("提示：没有评分表目录 \(directory)，健康细胞不能在线评分。")
            return nil
        }
        do { return try ScoreSheetLibrary.load(directory: directory) } catch { throw reject(error.issues) }
    }

    /// The questionnaires; a missing folder only means no surveys on the web, a broken questionnaire stops the start.
    static func questionnaires(in directory: String) throws -> QuestionnaireLibrary? {
        guard FileManager.default.fileExists(atPath: directory) else {
            CLIOutput.current.err("提示：没有问卷目录 \(directory)，不能在网页上开展调查。")
            return nil
        }
        do { return try QuestionnaireLibrary.load(directory: directory) } catch { throw reject(error.issues) }
    }

    /// The demo programmes: every *.yaml in the directory, all checked before any is loaded.
    static func seedPlans(in directory: String) throws -> [Plan] {
        let files = PlanCommand.yamlFiles(in: directory)
        if files.isEmpty {
            CLIOutput.current.err("提示：目录 \(directory) 中没有方案文件，数据库将为空。")
            return []
        }
        let result = PlanFile.check(paths: files)
        if !result.issues.isEmpty { throw reject(result.issues) }
        return result.plans.map(\.plan)
    }
}

extension Healthcity {
    /// Parses the arguments and runs the chosen command, async or not.
    /// (Calling `main()` from top-level code would pick the synchronous entry point.)
    public static func execute(_ arguments: [String]?) async throws {
        var command = try parseAsRoot(arguments)
        if var asyncCommand = command as? any AsyncParsableCommand {
            try await asyncCommand.run()
        } else {
            try command.run()
        }
    }

    /// The process entry point: runs the command and exits with its status.
    public static func runFromCommandLine() async {
        do { try await execute(nil) } catch { exit(withError: error) }
    }

    /// Whether an error thrown by `execute` means failure (help and version requests do not).
    public static func isFailure(_ error: any Error) -> Bool { exitCode(for: error).rawValue != 0 }
}
