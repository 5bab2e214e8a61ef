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
public func withTestApp(
    _ engine: TestEngine,
    configure: (Application, DatabaseLocation) throws -> Void = { app, location in
        try DatabaseSetup.configure(app, location: location)
    },
    _ body: (Application, DatabaseLocation) async throws -> Void
) async throws {
    let location: DatabaseLocation
    var cleanup: (@Sendable () async throws -> Void)?
    switch engine {
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

    private var admin: Application?
    private var templateName: String?

    private var adminURL: String {
        get throws {
            guard let url = ProcessInfo.processInfo.environment["TEST_POSTGRES_URL"], !url.isEmpty else {
                throw Abort(.internalServerError, reason: "TEST_POSTGRES_URL is not set")
            }
            return url
        }
    }

    private func adminDatabase() async throws -> any SQLDatabase {
        if let admin { return admin.db as! any SQLDatabase }
        let app = try await Application.make(.testing)
        app.logger.logLevel = .warning
        app.databases.use(try .postgres(url: try adminURL, sqlLogLevel: .debug), as: .psql)
        admin = app
        return app.db as! any SQLDatabase
    }

    private func url(forDatabase name: String) throws -> String {
        guard var components = URLComponents(string: try adminURL) else {
            throw Abort(.internalServerError, reason: "TEST_POSTGRES_URL is not a URL")
        }
        components.path = "/\(name)"
        return components.string!
    }

    private func ensureTemplate() async throws -> String {
        if let templateName { return templateName }
        let name = "healthcity_test_template_\(ProcessInfo.processInfo.processIdentifier)"
        let sql = try await adminDatabase()
        try await sql.raw("DROP DATABASE IF EXISTS \(unsafeRaw: name)").run()
        try await sql.raw("CREATE DATABASE \(unsafeRaw: name)").run()
        let app = try await Application.make(.testing)
        app.logger.logLevel = .warning
        do {
            let location = DatabaseLocation.postgres(try url(forDatabase: name))
            try DatabaseSetup.configure(app, location: location)
            try await DatabaseSetup.prepare(app, location: location)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
        templateName = name
        return name
    }

    /// A new database cloned from the template, and the closure that drops it.
    public func cloneDatabase() async throws -> (url: String, drop: @Sendable () async throws -> Void) {
        let template = try await ensureTemplate()
        let name = "healthcity_test_\(UUID().uuidString.prefix(8).lowercased())"
        let sql = try await adminDatabase()
        try await sql.raw("CREATE DATABASE \(unsafeRaw: name) TEMPLATE \(unsafeRaw: template)").run()
        return (try url(forDatabase: name), { try await PostgresTemplate.shared.drop(name) })
    }

    func drop(_ name: String) async throws {
        try await adminDatabase().raw("DROP DATABASE IF EXISTS \(unsafeRaw: name) WITH (FORCE)").run()
    }
}
