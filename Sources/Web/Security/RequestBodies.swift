import Core
import Domain
import Foundation
import NIOCore
import NIOPosix
import Vapor

/// Heavy work on request bodies — decoding a large multipart form, reading a spreadsheet, a Word document or a
/// zip — runs on a small pool of threads of its own. Async handlers otherwise run on Swift's cooperative pool,
/// which has one thread per core: two 19 MB uploads parsed there would stall every other request, `/livez`
/// included. The pool's threads bound how many run at once; the rest wait their turn in its queue.
public final class BlockingWork: Sendable {
    let pool: NIOThreadPool

    /// Parses at once at most: one per core, less one for the event loops, and never under one.
    static let defaultThreads = max(1, System.coreCount - 1)

    init(threads: Int = BlockingWork.defaultThreads) {
        pool = NIOThreadPool(numberOfThreads: threads)
        pool.start()
    }

    /// Runs `work` on the pool and waits for it without holding a thread of the caller's.
    func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await pool.runIfActive(work)
    }

    func shutdown() async { try? await pool.shutdownGracefully() }
}

extension Application {
    private struct BlockingWorkKey: StorageKey { typealias Value = BlockingWork }

    /// Set up in `WebApp.configure`; shut down with the application.
    var blockingWork: BlockingWork {
        get { storage[BlockingWorkKey.self]! }
        set { storage[BlockingWorkKey.self] = newValue }
    }
}

/// Stops the parsing pool when the application shuts down.
struct BlockingWorkLifecycle: LifecycleHandler {
    func shutdownAsync(_ application: Application) async {
        await application.blockingWork.shutdown()
    }
}

extension Request {
    /// Bodies up to this size are decoded where the handler runs; larger ones on the parsing pool.
    static let inlineDecodeBytes = 64 << 10

    /// The body decoded as `T` (a form, multipart or URL-encoded, or JSON); large bodies off the cooperative pool.
    func decodeBody<T: Decodable & Sendable>(_ type: T.Type = T.self) async throws -> T {
        guard (body.data?.readableBytes ?? 0) > Self.inlineDecodeBytes else { return try content.decode(T.self) }
        return try await application.blockingWork.run { try self.content.decode(T.self) }
    }

    /// Runs CPU-heavy `work` (reading an uploaded file) on the parsing pool.
    func offload<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await application.blockingWork.run(work)
    }
}

/// Refuses a body before it is read when it would be over the route's limit, and caps what a request without a
/// session or token may send at all.
///
/// Routing comes before the global middleware in Vapor, so the route — and the body limit it was registered
/// with — is known here while the body is still streaming in. A declared Content-Length over the limit is refused
/// at once; a chunked body is cut off by the collecting limit as it streams.
struct BodyLimitMiddleware: AsyncMiddleware {
    /// What someone not signed in may send: enough for the sign-in form, never an upload.
    static let anonymousLimit = 64 << 10
    /// Routes registered without a limit of their own (Vapor's default is 16 KB; pages' forms are small).
    static let defaultLimit = 1 << 20

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard ![.GET, .HEAD, .OPTIONS].contains(request.method) else { return try await next.respond(to: request) }
        // A streaming route reads its own body within its own limit, and answers an oversize one in its own words.
        if request.route?.userInfo[Self.streamsKey] != nil, request.principal != nil { return try await next.respond(to: request) }
        let routeLimit = Self.limit(of: request.route)
        let limit = request.principal == nil ? min(routeLimit, Self.anonymousLimit) : routeLimit
        if let declared = request.headers.first(name: .contentLength).flatMap(Int.init), declared > limit {
            throw BodyTooLarge(limit: limit, signedIn: request.principal != nil)
        }
        if request.body.data == nil {
            do {
                _ = try await request.body.collect(max: limit).get()
            } catch let abort as any AbortError where abort.status == .payloadTooLarge {
                throw BodyTooLarge(limit: limit, signedIn: request.principal != nil)
            }
        } else if let size = request.body.data?.readableBytes, size > limit {
            throw BodyTooLarge(limit: limit, signedIn: request.principal != nil)
        }
        return try await next.respond(to: request)
    }

    /// The limit a route was registered with (its `SiteRoute.body`), or the default.
    static func limit(of route: Route?) -> Int {
        (route?.userInfo[limitKey] as? Int) ?? defaultLimit
    }

    /// Where a route keeps its body limit, and whether it reads its body itself as a stream.
    static let limitKey = "healthcity.bodyLimit"
    static let streamsKey = "healthcity.streams"
}

/// A body over the limit: 413 with a Chinese reason that says how much is allowed.
struct BodyTooLarge: AbortError {
    let limit: Int
    let signedIn: Bool
    var status: HTTPResponseStatus { .payloadTooLarge }
    var reason: String {
        signedIn ? "提交的内容超过 \(Self.describe(limit)) 的上限，未保存" : "请先登录；未登录时提交的内容不能超过 \(Self.describe(limit))"
    }

    static func describe(_ bytes: Int) -> String {
        bytes >= 1 << 20 ? "\(bytes >> 20) MB" : "\(bytes >> 10) KB"
    }
}

extension Request {
    /// Refuses a save from a form opened before someone else's save of the same record: `sent` is the fingerprint
    /// the form carried, `current` the record as it is now. Who saved it, and when, come from the audit log.
    /// A form without a fingerprint (an old page, a script) is not checked.
    func requireUnchanged(_ sent: String?, current: some Encodable, entity: String, entityID: String) async throws {
        guard let sent, !sent.isEmpty, sent != EditConflict.fingerprint(current) else { return }
        let last = try await audit.latest(entity: entity, entityID: entityID)
        throw EditConflict(updatedBy: last?.actor, updatedAt: last?.at)
    }
}
