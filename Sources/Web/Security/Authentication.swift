import Core
import Domain
import Foundation
import Persistence
import Vapor

/// Settings for sign-in, chosen at start-up.
public struct SecurityConfiguration: Sendable {
    /// bcrypt work factor: 12 in production (about a quarter second per hash); tests use the minimum.
    public var bcryptCost: Int
    /// Whether cookies carry the Secure flag. nil: only when the request came over HTTPS
    /// (directly or as told by a proxy's X-Forwarded-Proto).
    public var secureCookies: Bool?
    /// A session ends after this long without a request.
    public var idleTimeout: TimeInterval
    /// Reverse proxies whose X-Forwarded-For is believed (their addresses as the server sees them). Empty: the
    /// header is ignored and the connection's peer is the client, as it must be when no proxy strips the header.
    public var trustedProxies: Set<String>

    public init(bcryptCost: Int = 12, secureCookies: Bool? = nil, idleTimeout: TimeInterval = 8 * 3600,
                trustedProxies: Set<String> = []) {
        self.bcryptCost = bcryptCost; self.secureCookies = secureCookies; self.idleTimeout = idleTimeout
        self.trustedProxies = Set(trustedProxies.map(ClientAddress.normalized))
    }

    /// From the environment: HEALTHCITY_BCRYPT_COST, HEALTHCITY_SECURE_COOKIES (1/0), HEALTHCITY_SESSION_HOURS,
    /// HEALTHCITY_TRUSTED_PROXIES (addresses separated by commas).
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Self {
        var config = SecurityConfiguration()
        if let cost = environment["HEALTHCITY_BCRYPT_COST"].flatMap(Int.init), (4...31).contains(cost) { config.bcryptCost = cost }
        switch environment["HEALTHCITY_SECURE_COOKIES"] {
        case "1", "true": config.secureCookies = true
        case "0", "false": config.secureCookies = false
        default: break
        }
        if let hours = environment["HEALTHCITY_SESSION_HOURS"].flatMap(Double.init), hours > 0 { config.idleTimeout = hours * 3600 }
        if let proxies = environment["HEALTHCITY_TRUSTED_PROXIES"] {
            config.trustedProxies = Set(proxies.split(separator: ",").map { ClientAddress.normalized(String($0)) }.filter { !$0.isEmpty })
        }
        return config
    }
}

/// The address a request came from, as sign-in throttling counts it.
enum ClientAddress {
    /// The connection's peer, unless it is a trusted proxy: then the right-most address of X-Forwarded-For that is
    /// not a trusted proxy (what the outermost trusted proxy saw; anything left of it the client could have written).
    static func resolve(peer: String?, forwardedFor: [String], trusted: Set<String>) -> String {
        let peer = peer.map(normalized) ?? "unknown"
        guard trusted.contains(peer) else { return peer }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map { normalized(String($0)) }.filter { !$0.isEmpty }
        return hops.last { !trusted.contains($0) } ?? hops.first ?? peer
    }

    /// Without spaces, brackets around IPv6 or upper-case hex digits, so one address is always one key.
    static func normalized(_ address: String) -> String {
        var text = address.trimmingCharacters(in: .whitespaces).lowercased()
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") { text = String(text[text.index(after: text.startIndex)..<close]) }
        return text
    }
}

enum Cookies {
    static let session = "hc_session"
    /// The double-submit token that protects the sign-in form, which has no session yet.
    static let loginCSRF = "hc_login_csrf"
}

/// Raised when a page or API call needs a signed-in user or a token and has none.
struct SignInRequired: Error {}

extension Application {
    private struct SecurityKey: StorageKey { typealias Value = SecurityConfiguration }

    public var security: SecurityConfiguration {
        get { storage[SecurityKey.self] ?? SecurityConfiguration() }
        set { storage[SecurityKey.self] = newValue }
    }
}

extension Request {
    private struct PrincipalKey: StorageKey { typealias Value = Principal }
    private struct SessionKey: StorageKey { typealias Value = SessionInfo }
    private struct AccountKey: StorageKey { typealias Value = UserAccount }
    private struct TokenOwnerKey: StorageKey { typealias Value = UserAccount }

    /// Who is asking, if anyone has signed in or presented a token.
    var principal: Principal? {
        get { storage[PrincipalKey.self] }
        set { storage[PrincipalKey.self] = newValue }
    }

    var session: SessionInfo? {
        get { storage[SessionKey.self] }
        set { storage[SessionKey.self] = newValue }
    }

    var account: UserAccount? {
        get { storage[AccountKey.self] }
        set { storage[AccountKey.self] = newValue }
    }

    /// The account that issued the presented token (nil for a session, or a token issued on the command line).
    var tokenOwner: UserAccount? {
        get { storage[TokenOwnerKey.self] }
        set { storage[TokenOwnerKey.self] = newValue }
    }


    /// The principal, or a sign-in prompt (pages) / 401 (API).
    func requirePrincipal() throws -> Principal {
        guard let principal else { throw SignInRequired() }
        return principal
    }

    /// Checks the action against the access policy; 403 with a Chinese reason when refused.
    @discardableResult
    func authorize(_ action: Action) throws -> Principal {
        let principal = try requirePrincipal()
        guard AccessPolicy.allows(principal, action) else {
            throw Abort(.forbidden, reason: action.refusal(for: principal))
        }
        return principal
    }

    /// The programme scope for access checks, or 404.
    func programmeScope(_ planID: String) async throws -> ProgrammeScope {
        guard let scope = try await regions.programmeScope(planID: planID) else {
            throw Abort(.notFound, reason: "没有 id 为「\(planID)」的方案")
        }
        return scope
    }

    /// The programme named by `:id`, after checking the principal may see it. Refusal comes
    /// before loading, and an unknown id and a forbidden one are told apart only to those allowed.
    func requireVisiblePlan() async throws -> Plan {
        let id = try requireParameter("id")
        let scope = try await programmeScope(id)
        try authorize(.viewProgramme(scope))
        return try await requirePlan()
    }

    /// Programmes the principal may see, in list order.
    func visiblePlanIDs() async throws -> [String] {
        let principal = try requirePrincipal()
        return try await regions.programmeScopes().filter { AccessPolicy.allows(principal, .viewProgramme($0)) }.map(\.planID)
    }

    /// The client address, for throttling sign-in attempts: X-Forwarded-For only from a trusted proxy.
    var clientAddress: String {
        ClientAddress.resolve(peer: remoteAddress?.ipAddress, forwardedFor: headers[.xForwardedFor],
                              trusted: application.security.trustedProxies)
    }

    /// Whether cookies set in answer to this request should be Secure.
    var wantsSecureCookies: Bool {
        if let forced = application.security.secureCookies { return forced }
        if url.scheme == "https" { return true }
        return headers.first(name: "X-Forwarded-Proto")?.lowercased() == "https"
    }

    func cookie(_ value: String, maxAge: Int?, sameSite: HTTPCookies.SameSitePolicy = .lax) -> HTTPCookies.Value {
        HTTPCookies.Value(string: value, expires: nil, maxAge: maxAge, domain: nil, path: "/",
                          isSecure: wantsSecureCookies, isHTTPOnly: true, sameSite: sameSite)
    }
}

/// Reads the session cookie or the bearer token and sets `req.principal`. Refusing is left to the
/// routes (via `authorize`), so public pages such as the sign-in form work without either.
struct AuthenticationMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let isAPI = request.url.path.hasPrefix("/api/")
        if let bearer = request.headers.bearerAuthorization {
            guard isAPI else { throw Abort(.badRequest, reason: "接口令牌只能用于 /api/v1") }
            let hash = Secrets.digest(bearer.token)
            guard let token = try await request.accounts.token(hash: hash), token.revokedAt == nil else {
                throw Abort(.unauthorized, headers: ["WWW-Authenticate": "Bearer"], reason: "接口令牌无效或已被吊销")
            }
            // A token never reaches further than the account it belongs to, as that account is now.
            if let ownerID = token.createdByID {
                let owner = try await request.accounts.user(id: ownerID)
                if let problem = token.ownerProblem(owner) {
                    throw Abort(.unauthorized, headers: ["WWW-Authenticate": "Bearer"], reason: "接口令牌已失效：\(problem)")
                }
                request.tokenOwner = owner
            }
            // Last use is worth knowing but not worth a write per request.
            if token.lastUsedAt.map({ request.now.timeIntervalSince($0) > 300 }) ?? true {
                try await request.accounts.touchToken(id: token.id, at: request.now)
            }
            request.principal = token.principal
        } else if let cookie = request.cookies[Cookies.session]?.string, !cookie.isEmpty {
            let hash = Secrets.digest(cookie)
            let now = request.now
            if let (session, account) = try await request.accounts.session(tokenHash: hash) {
                if session.expiresAt <= now || account.disabled {
                    try await request.accounts.deleteSession(tokenHash: hash)
                } else {
                    // Slide the idle timeout, writing at most once a minute per session.
                    if now.timeIntervalSince(session.lastSeenAt) > 60 {
                        try await request.accounts.extendSession(
                            id: session.id, expiresAt: now.addingTimeInterval(request.application.security.idleTimeout),
                            lastSeenAt: now)
                    }
                    request.session = session
                    request.account = account
                    request.principal = account.principal
                }
            }
        }
        // An account with a temporary password must choose its own before doing anything else: pages lead to the
        // password form, the API (with the session's cookie) is refused until then.
        if let account = request.account, account.mustChangePassword, isAPI, request.url.path != SiteURL.openAPI.path {
            throw Abort(.forbidden, reason: "您正在使用临时密码：请先在网页上修改密码（/account/password），之后才能使用接口")
        }
        if let account = request.account, account.mustChangePassword, !isAPI,
           ![SiteURL.changePassword.path, SiteURL.logout.path, SiteURL.stylesheet.path, SiteURL.script.path]
            .contains(request.url.path) {
            return request.redirect(to: SiteURL.changePassword.path)
        }
        return try await next.respond(to: request)
    }
}

/// Every form that changes something carries the session's CSRF token; the sign-in form carries
/// a double-submit cookie instead. A cross-site Origin is refused outright.
struct CSRFMiddleware: AsyncMiddleware {
    static let field = "csrf"
    /// A form body larger than this that is not multipart is not searched for the token (and so refused).
    static let parsedBodyLimit = 1 << 20

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard ![.GET, .HEAD, .OPTIONS].contains(request.method) else { return try await next.respond(to: request) }
        if let origin = request.headers.first(name: .origin), origin != "null",
           let host = request.headers.first(name: .host),
           URLComponents(string: origin)?.host.map({ host == $0 || host.hasPrefix($0 + ":") }) == false {
            throw Abort(.forbidden, reason: "请求来源（\(origin)）与本站不一致，已拒绝")
        }
        // Bearer-token API calls carry no cookies, so a forged cross-site request cannot make one; nor can an
        // API call without a session, which acts for no one (and is answered 401 by the route).
        if request.url.path.hasPrefix("/api/"), request.headers.bearerAuthorization != nil || request.session == nil {
            return try await next.respond(to: request)
        }
        var sent = request.headers.first(name: "X-CSRF-Token")
        // The body was collected within the route's limit by BodyLimitMiddleware; the token is read from its
        // first part only (forms put it first), and a large body is never parsed here, on the event loop.
        if sent == nil, let body = request.body.data {
            if let boundary = request.headers.contentType?.parameters["boundary"],
               request.headers.contentType?.subType == "form-data" {
                sent = Self.leadingMultipartField(Self.field, in: body, boundary: boundary)
            } else if body.readableBytes <= Self.parsedBodyLimit {
                sent = try? request.content.get(String.self, at: Self.field)
            }
        }
        let expected: String?
        if let session = request.session {
            expected = session.csrfToken
        } else {
            expected = request.cookies[Cookies.loginCSRF]?.string
        }
        guard let sent, let expected, !expected.isEmpty, Secrets.constantTimeEqual(sent, expected) else {
            throw Abort(.forbidden, reason: "表单已过期或来源无法验证，请刷新页面后重新提交")
        }
        return try await next.respond(to: request)
    }
}

extension CSRFMiddleware {
    /// A field of a multipart form read from the first 64 KB of the body only. Forms put the token
    /// first, so an upload's file, which follows, is not parsed twice (once here, once by the handler).
    static func leadingMultipartField(_ name: String, in body: ByteBuffer, boundary: String) -> String? {
        guard !boundary.isEmpty, let head = body.getSlice(at: body.readerIndex, length: min(body.readableBytes, 64 << 10)) else {
            return nil
        }
        let parser = MultipartParser(boundary: boundary)
        var part: String?
        var value = ByteBuffer()
        var found: String?
        parser.onHeader = { header, headerValue in
            guard header.lowercased() == "content-disposition" else { return }
            part = headerValue.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
                .first { $0.hasPrefix("name=") }.map { String($0.dropFirst(5)).trimmingCharacters(in: ["\""]) }
        }
        parser.onBody = { chunk in if part == name, found == nil { value.writeBuffer(&chunk) } }
        parser.onPartComplete = {
            if part == name, found == nil { found = String(buffer: value) }
            part = nil
        }
        try? parser.execute(head)
        return found
    }
}

/// Headers that keep pages from being framed, sniffed or made to run foreign scripts.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        response.headers.replaceOrAdd(name: "Content-Security-Policy",
                                      value: "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; form-action 'self'")
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "same-origin")
        if request.principal != nil, response.headers.first(name: .cacheControl) == nil {
            response.headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        }
        return response
    }
}
