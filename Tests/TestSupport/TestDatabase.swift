import Domain
import Fluent
import Foundation
import Persistence
import SQLKit
import Testing
import Vapor

/// The database engines a storage test runs on: SQLite always, PostgreSQL when
/// `TEST_POSTGRES_URL` names a server (a URL with rights to create databases).
public enum TestEngine: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    public static var available: [TestEngine] {
        ProcessInfo.processInfo.environment["TEST_POSTGRES_URL"].map { $0.isEmpty ? [.sqlite] : [.sqlite, .postgres] }
            ?? [.sqlite]
    }

    public var testDescription: String { rawValue }
}

/// Runs `body` with a fresh application on a database of its own, migrated, then tears it down.
/// `onDisk` puts SQLite in a file of its own in WAL mode, as a server runs it, instead of in memory: what concurrent
/// writers meet only shows there.
public func withTestApp(
    _ engine: TestEngine,
    onDisk: Bool = false,
    configure: (Application, DatabaseLocation) throws -> Void = { app, location in
        try DatabaseSetup.configure(app, location: location)
    },
    _ body: (Application, DatabaseLocation) async throws -> Void
) async throws {
    let location: DatabaseLocation
    var cleanup: (@Sendable () async throws -> Void)?
    switch engine {
    case .sqlite where onDisk:
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("healthcity-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        location = .sqliteFile(directory.appendingPathComponent("test.sqlite").path)
        cleanup = { try? FileManager.default.removeItem(at: directory) }
    case .sqlite:
        location = .sqliteMemory
    case .postgres:
        let (url, drop) = try await PostgresTemplate.shared.cloneDatabase()
        location = .postgres(url)
        cleanup = drop
    }
    let app = try await Application.make(.testing)
    app.logger.logLevel = .warning
    do {
        try configure(app, location)
        try await DatabaseSetup.prepare(app, location: location)
        try await body(app, location)
    } catch {
        try? await app.asyncShutdown()
        try? await cleanup?()
        throw error
    }
    try await app.asyncShutdown()
    try await cleanup?()
}

/// Keeps one migrated template database and clones it for each test (CREATE DATABASE … TEMPLATE),
/// which is much faster than migrating every test database.
public actor PostgresTemplate {
    public static let shared = PostgresTemplate()

    /// Set up once; stored before its first suspension so concurrent tests share it (actors are reentrant).
    private var setup: Task<(admin: Application, template: String), any Error>?

    private static var adminURL: String {
        get throws {
            guard let url = ProcessInfo.processInfo.environment["TEST_POSTGRES_URL"], !url.isEmpty else {
                throw Abort(.internalServerError, reason: "TEST_POSTGRES_URL is not set")
            }
            return url
        }
    }

    private static func url(forDatabase name: String) throws -> String {
        guard var components = URLComponents(string: try adminURL) else {
            throw Abort(.internalServerError, reason: "TEST_POSTGRES_URL is not a URL")
        }
        components.path = "/\(name)"
        return components.string!
    }

    private func prepared() async throws -> (admin: Application, template: String) {
        if let setup { return try await setup.value }
        let task = Task { try await Self.makeAdminAndTemplate() }
        setup = task
        return try await task.value
    }

    /// An application connected to the server's maintenance database, and a freshly migrated template.
    private static func makeAdminAndTemplate() async throws -> (admin: Application, template: String) {
        let admin = try await Application.make(.testing)
        admin.logger.logLevel = .warning
        let name = "healthcity_test_template"
        do {
            // Every PostgreSQL test case clones its database through this pool, all at once: allow a
            // few connections and a long wait, since cloning is slow on a busy 2-core machine.
            admin.databases.use(try .postgres(url: try adminURL, maxConnectionsPerEventLoop: 4,
                                              connectionPoolTimeout: .seconds(180), sqlLogLevel: .debug), as: .psql)
            let sql = admin.db as! any SQLDatabase
            // Databases left by an earlier run that was killed (one test process per server at a time).
            struct Row: Decodable { var datname: String }
            let stale = try await sql.raw("SELECT datname FROM pg_database WHERE datname LIKE 'healthcity_test_%'")
                .all(decoding: Row.self)
            for row in stale { try await sql.raw("DROP DATABASE IF EXISTS \(ident: row.datname) WITH (FORCE)").run() }
            try await sql.raw("CREATE DATABASE \(unsafeRaw: name)").run()
        } catch {
            try? await admin.asyncShutdown()
            throw error
        }
        let app = try await Application.make(.testing)
        app.logger.logLevel = .warning
        do {
            let location = DatabaseLocation.postgres(try url(forDatabase: name))
            try DatabaseSetup.configure(app, location: location)
            try await DatabaseSetup.prepare(app, location: location)
        } catch {
            try? await app.asyncShutdown()
            try? await admin.asyncShutdown()
            throw error
        }
        // The template must have no open connections while it is cloned.
        try await app.asyncShutdown()
        return (admin, name)
    }

    /// Test databases alive at once. Swift Testing starts every test case together; each open database
    /// holds a pool of connections, and a server allows 100 by default ("too many clients already").
    static let maximumDatabases = 16
    private var databasesInUse = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    private func acquire() async {
        if databasesInUse < Self.maximumDatabases { databasesInUse += 1; return }
        await withCheckedContinuation { waiting.append($0) }
    }

    /// Hands the slot straight to the next waiter, or frees it.
    private func release() {
        if waiting.isEmpty { databasesInUse -= 1 } else { waiting.removeFirst().resume() }
    }

    /// A new database cloned from the template, and the closure that drops it (and frees its slot).
    public func cloneDatabase() async throws -> (url: String, drop: @Sendable () async throws -> Void) {
        let (admin, template) = try await prepared()
        await acquire()
        let name = "healthcity_test_\(UUID().uuidString.prefix(8).lowercased())"
        let sql = admin.db as! any SQLDatabase
        do {
            try await sql.raw("CREATE DATABASE \(unsafeRaw: name) TEMPLATE \(unsafeRaw: template)").run()
        } catch {
            release()
            throw error
        }
        return (try Self.url(forDatabase: name), {
            defer { Task { await self.release() } }
            try await sql.raw("DROP DATABASE IF EXISTS \(unsafeRaw: name) WITH (FORCE)").run()
        })
    }
}
