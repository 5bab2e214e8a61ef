import CLI
import Crypto
import Domain
import Fluent
import Foundation
import Persistence
import SQLKit
import Testing
import TestSupport
import Vapor

/// `healthcity backup` while a server writes, and `healthcity restore` into a fresh database: every table comes
/// back with every row, evidence files included, and what was written before the backup began is all there.
@Suite struct BackupCommandTests {
    /// A database of its own on `engine`: a SQLite file, or a PostgreSQL database cloned from the test template.
    static func database(_ engine: TestEngine) async throws -> (DatabaseLocation, argument: String, drop: @Sendable () async throws -> Void) {
        switch engine {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("healthcity-backup-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let path = directory.appendingPathComponent("db.sqlite").path
            return (.sqliteFile(path), path, { try? FileManager.default.removeItem(at: directory) })
        case .postgres:
            let (url, drop) = try await PostgresTemplate.shared.cloneDatabase()
            return (.postgres(url), url, drop)
        }
    }

    /// Every table's rows, each row as text, sorted: two databases with equal fingerprints hold the same data.
    static func fingerprint(_ location: DatabaseLocation) async throws -> [String: [String]] {
        let app = try await Application.make(.testing)
        app.logger.logLevel = .error
        do {
            try DatabaseSetup.configureConnection(app, location: location)
            let sql = app.db as! any SQLDatabase
            struct Name: Decodable { var name: String }
            let tables: [String]
            if case .postgres = location {
                tables = try await sql.raw("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'").all(decoding: Name.self).map(\.name)
            } else {
                tables = try await sql.raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
                    .all(decoding: Name.self).map(\.name)
            }
            var result: [String: [String]] = [:]
            for table in tables {
                // Each row as JSON text from the engine itself, so every column type is compared.
                let rowSQL: SQLQueryString = if case .postgres = location {
                    "SELECT row_to_json(t)::text AS name FROM \(ident: table) t"
                } else {
                    "SELECT * FROM \(ident: table)"
                }
                if case .postgres = location {
                    result[table] = try await sql.raw(rowSQL).all(decoding: Name.self).map(\.name).sorted()
                } else {
                    let rows = try await sql.raw(rowSQL).all()
                    result[table] = rows.map { row in
                        row.allColumns.map { column in
                            let data = (try? row.decode(column: column, as: Data?.self)).flatMap { $0 }
                            let text = (try? row.decode(column: column, as: String?.self)).flatMap { $0 }
                            return "\(column)=\(text ?? data.map { SHA256.hash(data: $0).description } ?? "∅")"
                        }.joined(separator: "|")
                    }.sorted()
                }
            }
            try await app.asyncShutdown()
            return result
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }

    @Test(arguments: TestEngine.available)
    func aBackupTakenWhileWritingRestoresIntoAFreshDatabase(engine: TestEngine) async throws {
        let (source, sourceArgument, dropSource) = try await Self.database(engine)
        let (target, targetArgument, dropTarget) = try await Self.database(engine)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("healthcity-backups-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let backupFile = directory.appendingPathComponent("备份.db").path

        let loaded = await run(["plan", "load", Fixtures.plansDirectory, "--database", sourceArgument])
        #expect(!loaded.failed, "\(loaded.err)")

        // A server's worth of writes on the source: audit entries, contact cards and evidence files, while the
        // backup is taken.
        let app = try await Application.make(.testing)
        app.logger.logLevel = .warning
        try DatabaseSetup.configure(app, location: source)
        try await DatabaseSetup.prepare(app, location: source)
        let audit = FluentAuditStore(database: app.db)
        let evidence = FluentIndicatorStore(database: app.db)
        func write(_ n: Int) async throws {
            try await audit.record(AuditEntry(actor: "测试", actorID: nil, action: "test.write", entity: "n", entityID: String(n),
                                              planID: "pianguan-2023", before: nil, after: nil))
            let file = Data("佐证材料 \(n)".utf8)
            let sha = SHA256.hash(data: file).map { String(format: "%02x", $0) }.joined()
            _ = try await evidence.storeEvidence(file, sha256: sha, fileName: "佐证\(n).txt", contentType: "text/plain")
        }
        for n in 0..<20 { try await write(n) }
        let writer = Task { () -> Int in
            var n = 20
            while !Task.isCancelled, n < 2_000 { try await write(n); n += 1 }
            return n
        }
        let backup = await run(["backup", "--output", backupFile, "--database", sourceArgument])
        writer.cancel()
        let written = try await writer.value
        #expect(!backup.failed, "\(backup.err)")
        #expect(FileManager.default.fileExists(atPath: backupFile))

        // Restored into an empty database: everything written before the backup began is there, nothing half-written.
        let restored = await run(["restore", backupFile, "--database", targetArgument])
        #expect(!restored.failed, "\(restored.err)")
        let copy = try await Self.fingerprint(target)
        let entries = copy["audit_log"]?.filter { $0.contains("test.write") }.count ?? 0
        let files = copy["evidence_files"]?.count ?? 0
        #expect(entries >= 20 && entries <= written, "\(entries) of \(written)")
        // Each write is two statements; the snapshot may fall between them, never inside one.
        #expect(files == entries || files == entries - 1, "\(files) files, \(entries) entries")
        #expect((copy["plans"]?.count ?? 0) == 5)

        // With the writer stopped, a second backup and restore gives back every table row for row.
        try await app.asyncShutdown()
        let again = await run(["backup", "--output", backupFile, "--database", sourceArgument])
        #expect(!again.failed, "\(again.err)")
        let refused = await run(["restore", backupFile, "--database", targetArgument])
        #expect(refused.failed && refused.err.contains("--replace"), "a database with data is not overwritten by accident")
        let replaced = await run(["restore", backupFile, "--replace", "--database", targetArgument])
        #expect(!replaced.failed, "\(replaced.err)")
        let original = try await Self.fingerprint(source), second = try await Self.fingerprint(target)
        #expect(original.keys.sorted() == second.keys.sorted())
        for table in original.keys.sorted() {
            #expect(original[table] == second[table], "table \(table): \(original[table]?.count ?? 0) rows, restored \(second[table]?.count ?? 0)")
        }
        try await dropSource()
        try await dropTarget()
    }

    @Test func restoreRefusesWhatIsNotABackup() async throws {
        let (target, argument, drop) = try await Self.database(.sqlite)
        _ = target
        let junk = try Fixtures.write("这不是备份")
        let result = await run(["restore", junk, "--database", argument])
        #expect(result.failed && result.err.contains("不是本系统的备份文件"))
        #expect(!FileManager.default.fileExists(atPath: argument), "nothing was created")
        try await drop()
    }
}
