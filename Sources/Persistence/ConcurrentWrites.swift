import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import SQLKit
import Vapor

/// Makes concurrent writers safe on both engines, for every transaction the application opens.
///
/// SQLite: Fluent begins transactions DEFERRED. A transaction that reads and then writes while another connection
/// writes cannot upgrade its read lock: SQLite answers "database is locked" at once instead of waiting (waiting
/// could deadlock), and in WAL mode a snapshot older than the last commit can never write. So transactions here
/// begin IMMEDIATE — the write lock is taken first, waiting up to the busy timeout — and a transaction refused
/// with SQLITE_BUSY all the same is run again from the start.
///
/// PostgreSQL: a transaction the engine aborts as a serialization failure (40001) or deadlock victim (40P01) asks
/// to be retried; it is, from the start, a few times with a growing pause.
///
/// The closure of a retried transaction runs again, so it must only change the database (every transaction here
/// does; files are written before and named by content).
enum WriteEngine: Sendable { case sqlite, postgres }

struct ConcurrentWritesConfiguration: DatabaseConfiguration {
    var base: any DatabaseConfiguration
    let engine: WriteEngine

    var middleware: [any AnyModelMiddleware] {
        get { base.middleware }
        set { base.middleware = newValue }
    }

    func makeDriver(for databases: Databases) -> any DatabaseDriver {
        ConcurrentWritesDriver(base: base.makeDriver(for: databases), engine: engine)
    }
}

extension DatabaseConfigurationFactory {
    /// `factory`'s database, with transactions made safe for concurrent writers (see `ConcurrentWritesConfiguration`).
    static func concurrentWrites(_ factory: DatabaseConfigurationFactory, engine: WriteEngine) -> DatabaseConfigurationFactory {
        .init { ConcurrentWritesConfiguration(base: factory.make(), engine: engine) }
    }
}

struct ConcurrentWritesDriver: DatabaseDriver {
    let base: any DatabaseDriver
    let engine: WriteEngine

    func makeDatabase(with context: DatabaseContext) -> any Database {
        ConcurrentWritesDatabase(base: base.makeDatabase(with: context), engine: engine, inTransaction: false)
    }

    func shutdown() { base.shutdown() }
    func shutdownAsync() async { await base.shutdownAsync() }
}

struct ConcurrentWritesDatabase: Database, SQLDatabase {
    let base: any Database
    let engine: WriteEngine
    let inTransaction: Bool

    /// How long a SQLite writer waits for another's lock before giving up (then the transaction is retried).
    static let busyTimeoutMilliseconds = 30_000
    /// How many times a transaction is run in all before its failure is reported.
    static let attempts = 8

    var context: DatabaseContext { base.context }
    private var sql: any SQLDatabase { base as! any SQLDatabase }

    func execute(query: DatabaseQuery, onOutput: @escaping @Sendable (any DatabaseOutput) -> Void) -> EventLoopFuture<Void> {
        base.execute(query: query, onOutput: onOutput)
    }

    func execute(schema: DatabaseSchema) -> EventLoopFuture<Void> { base.execute(schema: schema) }
    func execute(enum: DatabaseEnum) -> EventLoopFuture<Void> { base.execute(enum: `enum`) }

    func withConnection<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        base.withConnection { connection in
            closure(ConcurrentWritesDatabase(base: connection, engine: engine, inTransaction: inTransaction))
        }
    }

    func transaction<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        if inTransaction { return closure(self) }
        // EventLoopFuture's T is not required to be Sendable; the value only passes from the task back to its future.
        let box = eventLoop.makePromise(of: T.self)
        let unsafeClosure = UnsafeTransfer(closure)
        box.completeWithTask { [self] in
            try await self.runWithRetries { try await self.oneAttempt(unsafeClosure.value).value }
        }
        return box.futureResult
    }

    /// Runs the transaction once: BEGIN IMMEDIATE on SQLite, the driver's own BEGIN on PostgreSQL.
    private func oneAttempt<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) async throws -> UnsafeTransfer<T> {
        switch engine {
        case .postgres:
            let result = try await base.transaction { connection in
                closure(ConcurrentWritesDatabase(base: connection, engine: engine, inTransaction: true)).map { UnsafeTransfer($0) }
            }.get()
            return result
        case .sqlite:
            return try await base.withConnection { connection in
                connection.eventLoop.makeFutureWithTask {
                    let sql = connection as! any SQLDatabase
                    try await sql.raw("PRAGMA busy_timeout = \(unsafeRaw: String(Self.busyTimeoutMilliseconds))").run()
                    try await sql.raw("BEGIN IMMEDIATE").run()
                    do {
                        let wrapped = ConcurrentWritesDatabase(base: connection, engine: engine, inTransaction: true)
                        let result = try await closure(wrapped).get()
                        try await sql.raw("COMMIT").run()
                        return UnsafeTransfer(result)
                    } catch {
                        try? await sql.raw("ROLLBACK").run()
                        throw error
                    }
                }
            }.get()
        }
    }

    private func runWithRetries<T>(_ attempt: () async throws -> T) async throws -> T {
        var failures = 0
        while true {
            do {
                return try await attempt()
            } catch where Self.asksForRetry(error) && failures + 1 < Self.attempts {
                failures += 1
                // 5, 10, 20… ms with jitter, so two retrying writers do not collide again in step.
                let pause = UInt64(5 << min(failures, 6)) * 1_000_000
                try await Task.sleep(nanoseconds: pause + UInt64.random(in: 0...pause))
            }
        }
    }

    /// Whether the engine refused the transaction only because of another writer: running it again may succeed.
    static func asksForRetry(_ error: any Error) -> Bool {
        if let sqlite = error as? SQLiteError {
            // SQLITE_BUSY and SQLITE_LOCKED with their extended codes (BUSY_SNAPSHOT, LOCKED_SHAREDCACHE…).
            switch sqlite.reason {
            case .busy, .locked, .busyInRecovery, .busyInSnapshot, .busyTimeout, .lockedBySharedCache: return true
            default: return false
            }
        }
        if let postgres = error as? PSQLError, let state = postgres.serverInfo?[.sqlState] {
            return state == "40001" || state == "40P01"
        }
        return false
    }

    // SQLDatabase, forwarded, so raw SQL inside a transaction runs on its connection.
    var logger: Logger { sql.logger }
    var eventLoop: any EventLoop { sql.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { sql.version }
    var dialect: any SQLDialect { sql.dialect }
    var queryLogLevel: Logger.Level? { sql.queryLogLevel }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        sql.execute(sql: query, onRow)
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        try await sql.execute(sql: query, onRow)
    }

    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await sql.withSession(closure)
    }
}

/// Carries a value the compiler cannot prove Sendable across one hand-off where only one side uses it at a time.
struct UnsafeTransfer<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
