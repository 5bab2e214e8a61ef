import ArgumentParser
import Foundation
import Persistence

/// `healthcity backup --output FILE`: a consistent copy of the whole database, taken while the server runs.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup", abstract: "备份整个数据库（方案、账号、记录、历史、操作日志和全部附件），服务运行时也可备份。",
        discussion: "SQLite 用 VACUUM INTO 写出一致的副本（包括尚在预写日志中的内容）；PostgreSQL 用 pg_dump 自定义格式。")
    @ArgumentParser.Option(name: .long, help: "备份文件。") var output: String
    @OptionGroup var db: DatabaseOption

    func run() async throws {
        do {
            try await withDatabase(db.location) { app in try await Backup.take(of: app, location: db.location, to: output) }
        } catch let failure as Backup.Failure {
            CLIOutput.current.err("备份失败：\(failure.description)")
            throw ExitCode(1)
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: output)[.size] as? Int) ?? 0
        CLIOutput.current.out("已备份 \(db.location) 到 \(output)（\(size / 1024) KB）。")
    }
}

/// `healthcity restore FILE`: a backup restored into an empty database (or over one, with --replace).
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore", abstract: "从备份文件恢复数据库。请先停止使用该数据库的服务。",
        discussion: "目标数据库须为空（没有方案和账号），否则要加 --replace。SQLite 备份恢复到 SQLite 文件，PostgreSQL 备份恢复到 PostgreSQL。恢复后数据库结构自动升级到本版本。")
    @ArgumentParser.Argument(help: "备份文件。") var backup: String
    @ArgumentParser.Flag(name: .long, help: "目标数据库已有数据时也用备份覆盖。") var replace = false
    @OptionGroup var db: DatabaseOption

    func run() async throws {
        do {
            try await Backup.restore(backup, into: db.location, replace: replace)
        } catch let failure as Backup.Failure {
            CLIOutput.current.err("恢复失败，未做任何更改：\(failure.description)")
            throw ExitCode(1)
        }
        // Brings the restored schema up to this version's.
        try await withDatabase(db.location) { _ in }
        CLIOutput.current.out("已从 \(backup) 恢复到 \(db.location)。")
    }
}
