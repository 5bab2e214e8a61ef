import Domain
import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import SQLKit
import Vapor

/// Which database to use: a SQLite file (the embedded default) or a PostgreSQL server.
public enum DatabaseLocation: Equatable, Sendable, CustomStringConvertible {
    case sqliteFile(String)
    case sqliteMemory
    case postgres(String)

    public static let defaultSQLitePath = "healthcity.sqlite"

    /// `postgres://…` or `postgresql://…` is a server; `:memory:` is a throwaway database; anything
    /// else is a SQLite file path. With no argument, `DATABASE_URL` decides, then the default file.
    public static func resolve(argument: String?, environment: [String: String] = ProcessInfo.processInfo.environment)
        -> DatabaseLocation
    {
        let value = argument ?? environment["DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
        guard let value else { return .sqliteFile(defaultSQLitePath) }
        if value.hasPrefix("postgres://") || value.hasPrefix("postgresql://") { return .postgres(value) }
        if value == ":memory:" { return .sqliteMemory }
        if value.hasPrefix("sqlite://") { return .sqliteFile(String(value.dropFirst("sqlite://".count))) }
        return .sqliteFile(value)
    }

    public var isSQLite: Bool {
        if case .postgres = self { return false }
        return true
    }

    public var description: String {
        switch self {
        case .sqliteFile(let path): "SQLite \(path)"
        case .sqliteMemory: "SQLite (内存)"
        case .postgres(let url): "PostgreSQL \(Self.redacted(url))"
        }
    }

    /// The URL without its password, for logs.
    static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url) else { return "postgres://…" }
        if components.password != nil { components.password = "***" }
        return components.string ?? "postgres://…"
    }
}

public enum DatabaseSetup {
    /// Registers the database and every migration on the application.
    public static func configure(_ app: Application, location: DatabaseLocation) throws {
        try configureConnection(app, location: location)
        app.migrations.add(SchemaMigrations.all)
    }

    /// Registers the database only, without migrations (for tools that look at a database as it is).
    public static func configureConnection(_ app: Application, location: DatabaseLocation) throws {
        if location.isSQLite {
            // SQLite runs every statement on the application's blocking thread pool, and a writer waiting for the
            // write lock waits there. Vapor's default pool is one process-wide pool of one thread per core, shared
            // with file I/O: a pool of the application's own, larger than its connections, lets the writer that
            // holds the lock always get a thread to finish.
            app.threadPool = NIOThreadPool(numberOfThreads: max(4, 2 * System.coreCount))
        }
        switch location {
        case .sqliteFile(let path):
            app.databases.use(DatabaseConfigurationFactory.concurrentWrites(.sqlite(.file(path), sqlLogLevel: nil), engine: .sqlite), as: .sqlite)
        case .sqliteMemory:
            app.databases.use(DatabaseConfigurationFactory.concurrentWrites(.sqlite(.memory, sqlLogLevel: nil), engine: .sqlite), as: .sqlite)
        case .postgres(let url):
            // Two connections per event loop: a writer waiting on a lock does not hold up every reader of its loop.
            app.databases.use(DatabaseConfigurationFactory.concurrentWrites(try .postgres(url: url, maxConnectionsPerEventLoop: 2, sqlLogLevel: .debug),
                                                engine: .postgres), as: .psql)
        }
    }

    /// Brings the schema up to date. On SQLite files it also switches to write-ahead logging, so a
    /// process killed mid-write leaves the last committed state intact and readers never block writers.
    public static func prepare(_ app: Application, location: DatabaseLocation) async throws {
        if case .sqliteFile = location, let sql = app.db as? any SQLDatabase {
            try await sql.raw("PRAGMA journal_mode=WAL").run()
        }
        try await app.autoMigrate()
    }

    /// Loads the given plans into an empty database; does nothing when any plan exists.
    /// Returns the ids loaded.
    @discardableResult
    public static func seedIfEmpty(_ store: any PlanStore, plans: [Plan]) async throws -> [String] {
        guard try await store.count() == 0 else { return [] }
        for plan in plans { try await store.save(plan) }
        return plans.map(\.id)
    }
}
