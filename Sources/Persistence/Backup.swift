import Fluent
import Foundation
import SQLKit
import Vapor

/// Backups of the whole database — programmes, accounts, records, history, audit log and the evidence files,
/// which live in the database too — taken while the server runs, and restored into a new database.
///
/// SQLite: `VACUUM INTO` writes a consistent copy of the live database, including what is still only in the
/// write-ahead log (copying the file would miss it). PostgreSQL: `pg_dump` in its custom format and `pg_restore`.
/// A backup says what it is by its first bytes, so one `restore` takes either.
public enum Backup {
    public enum Kind: String, Sendable { case sqlite, postgres }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }

    /// What a backup file holds, from its first bytes; nil when it is neither kind.
    public static func kind(ofFile path: String) -> Kind? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 16)) ?? Data()
        if head.starts(with: Data("SQLite format 3\u{0}".utf8)) { return .sqlite }
        if head.starts(with: Data("PGDMP".utf8)) { return .postgres }
        return nil
    }

    /// Writes a backup of the database at `location` to `output`: first to a temporary file beside it, then moved
    /// into place, so an interrupted backup never leaves a partial file under the name asked for.
    public static func take(of app: Application, location: DatabaseLocation, to output: String) async throws {
        let target = URL(fileURLWithPath: output)
        let partial = target.deletingLastPathComponent()
            .appendingPathComponent(".\(target.lastPathComponent).\(UUID().uuidString.prefix(8)).partial")
        defer { try? FileManager.default.removeItem(at: partial) }
        switch location {
        case .sqliteFile, .sqliteMemory:
            guard let sql = app.db as? any SQLDatabase else { throw Failure("数据库不支持 SQL") }
            try await sql.raw("VACUUM INTO \(bind: partial.path)").run()
        case .postgres(let url):
            try await runTool("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", "--file", partial.path,
                                          "--dbname", url])
        }
        guard kind(ofFile: partial.path) != nil else { throw Failure("备份文件写入不完整") }
        // rename(2) replaces an existing file in one step: a reader sees the old backup or the new one.
        if rename(partial.path, target.path) != 0 {
            throw Failure("无法写入 \(output)：\(String(cString: strerror(errno)))")
        }
    }

    /// Restores `backup` into the database at `location`, which must be empty (no programmes and no accounts)
    /// unless `replace` is set. A SQLite backup restores only into SQLite, a PostgreSQL one only into PostgreSQL.
    public static func restore(_ backup: String, into location: DatabaseLocation, replace: Bool) async throws {
        guard FileManager.default.fileExists(atPath: backup) else { throw Failure("\(backup)：文件不存在") }
        guard let kind = kind(ofFile: backup) else {
            throw Failure("\(backup)：不是本系统的备份文件（既不是 SQLite 数据库，也不是 pg_dump 自定义格式）")
        }
        switch (kind, location) {
        case (.sqlite, .sqliteFile(let path)):
            try await checkSQLiteBackup(backup)
            try await refuseIfHoldsData(location, replace: replace)
            try replaceSQLiteFile(at: path, with: backup)
        case (.postgres, .postgres(let url)):
            try await refuseIfHoldsData(location, replace: replace)
            try await runTool("pg_restore", ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
                                             "--exit-on-error", "--dbname", url, backup])
        case (.sqlite, _):
            throw Failure("\(backup) 是 SQLite 备份，只能恢复到 SQLite 数据库文件（--database 文件路径）")
        case (.postgres, _):
            throw Failure("\(backup) 是 PostgreSQL 备份，只能恢复到 PostgreSQL 数据库（--database postgres://…）")
        }
    }

    /// The backup opens as a SQLite database, passes its integrity check and has this system's tables.
    static func checkSQLiteBackup(_ path: String) async throws {
        let app = try await Application.make(.testing)
        app.logger.logLevel = .error
        let problem: String?
        do {
            app.databases.use(.sqlite(.file(path), sqlLogLevel: nil), as: .sqlite)
            let sql = app.db as! any SQLDatabase
            struct Check: Decodable { var integrity_check: String }
            struct Table: Decodable { var name: String }
            let check = try await sql.raw("PRAGMA integrity_check").all(decoding: Check.self).map(\.integrity_check)
            let tables = try await sql.raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_fluent_migrations'")
                .all(decoding: Table.self)
            problem = check != ["ok"] ? "备份文件已损坏（\(check.prefix(3).joined(separator: "；"))）"
                : tables.isEmpty ? "这个 SQLite 文件不是本系统的数据库" : nil
        } catch {
            problem = "无法读取备份文件（\(error)）"
        }
        try await app.asyncShutdown()
        if let problem { throw Failure("\(path)：\(problem)") }
    }

    /// Refuses to overwrite a database that holds programmes or accounts unless asked to.
    static func refuseIfHoldsData(_ location: DatabaseLocation, replace: Bool) async throws {
        if replace { return }
        if case .sqliteFile(let path) = location, !FileManager.default.fileExists(atPath: path) { return }
        let app = try await Application.make(.testing)
        app.logger.logLevel = .error
        do {
            try DatabaseSetup.configureConnection(app, location: location)
            let sql = app.db as! any SQLDatabase
            struct Count: Decodable { var n: Int }
            var rows = 0
            for table in ["plans", "users"] {
                // A database without the tables is empty as far as a restore is concerned.
                rows += (try? await sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first(decoding: Count.self)?.n) ?? 0
            }
            try await app.asyncShutdown()
            guard rows == 0 else {
                throw Failure("目标数据库已有数据（方案或账号）；要用备份覆盖它，请加 --replace（会先删除其中的全部数据）")
            }
        } catch let failure as Failure {
            throw failure
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }

    /// Puts the backup in place of the database file: copied beside it, flushed, then renamed over it (a rename is
    /// atomic), and the old write-ahead log removed so it is not replayed onto the restored file.
    static func replaceSQLiteFile(at path: String, with backup: String) throws {
        let target = URL(fileURLWithPath: path)
        let staged = URL(fileURLWithPath: path + ".restoring")
        try? FileManager.default.removeItem(at: staged)
        try FileManager.default.copyItem(at: URL(fileURLWithPath: backup), to: staged)
        let handle = try FileHandle(forUpdating: staged)
        try handle.synchronize()
        try handle.close()
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        if rename(staged.path, target.path) != 0 {
            throw Failure("无法把恢复的数据库移到 \(path)：\(String(cString: strerror(errno)))")
        }
    }

    /// Runs a PostgreSQL client tool; its error output becomes the failure's text.
    static func runTool(_ name: String, _ arguments: [String]) async throws {
        guard let executable = findTool(name) else {
            throw Failure("找不到 \(name)：请安装 PostgreSQL 客户端（Debian：apt-get install postgresql-client）")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure("\(name) 失败：\(String(decoding: message, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))")
        }
    }

    /// The tool on PATH, or the newest one Debian's PostgreSQL packages install.
    static func findTool(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") where FileManager.default.isExecutableFile(atPath: "\(directory)/\(name)") {
            return "\(directory)/\(name)"
        }
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        for version in versions.sorted(by: { (Int($0) ?? 0) > (Int($1) ?? 0) }) {
            let candidate = "/usr/lib/postgresql/\(version)/bin/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
