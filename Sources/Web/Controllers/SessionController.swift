import Core
import Domain
import Foundation
import Persistence
import Plot
import Vapor

/// Signing in and out, and changing one's own password.
struct SessionController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.register(.loginForm, use: loginForm)
        routes.register(.login, use: login)
        routes.register(.logout, use: logout)
        routes.register(.changePasswordForm, use: passwordForm)
        routes.register(.changePassword, use: changePassword)
    }

    struct LoginForm: Content {
        var username: String?
        var password: String?
        var next: String?
    }

    func loginForm(req: Request) async throws -> Response {
        if req.principal != nil, !(req.principal?.isToken ?? false) { return req.redirect(to: SiteURL.home.path) }
        return renderLogin(req, message: nil, username: "", next: try? req.query.get(String.self, at: "next"))
    }

    func login(req: Request) async throws -> Response {
        let form = try await req.decodeBody(LoginForm.self)
        let username = (form.username ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        let password = form.password ?? ""
        let next = Self.safeNext(form.next)
        guard !username.isEmpty, !password.isEmpty, username.count <= 64, password.utf8.count <= 200 else {
            return renderLogin(req, message: "请输入用户名和密码", username: String(username.prefix(64)), next: next,
                               status: .badRequest)
        }
        // Failures are counted in the database per name and address: a wait grows with each failure, nothing locks.
        let throttle = req.signInThrottle
        let address = req.clientAddress
        let attempt = req.now
        let counted = try await throttle.failures(name: username, address: address,
                                                  since: attempt.addingTimeInterval(-LoginThrottle.memory))
        if let until = LoginThrottle.waitUntil(pair: counted.pair, address: counted.address, now: attempt) {
            let wait = until.timeIntervalSince(attempt)
            let response = renderLogin(req, message: "登录失败次数较多，请 \(LoginThrottle.waitText(wait))后再试", username: username,
                                       next: next, status: .tooManyRequests)
            response.headers.replaceOrAdd(name: .retryAfter, value: String(Int(wait.rounded(.up))))
            return response
        }
        let found = try await req.accounts.credentials(username: username)
        // Verify against a dummy hash when the name is unknown, so timing does not reveal which names exist.
        let hash = found?.1 ?? Self.dummyHash(cost: req.application.security.bcryptCost)
        let valid = try await req.password.async.verify(password, created: hash)
        guard let (account, _) = found, valid, !account.disabled else {
            try await throttle.recordFailure(name: username, address: address, at: attempt,
                                             forgetBefore: attempt.addingTimeInterval(-LoginThrottle.memory))
            let message = found?.0.disabled == true && valid ? "该账号已停用，请联系创建办" : "用户名或密码不正确"
            return renderLogin(req, message: message, username: username, next: next, status: .unauthorized)
        }
        try await throttle.clearFailures(name: username, address: address)
        let now = req.now
        let token = Secrets.token()
        let session = SessionInfo(id: UUID(), userID: account.id, csrfToken: Secrets.token(),
                                  expiresAt: now.addingTimeInterval(req.application.security.idleTimeout), lastSeenAt: now)
        try await req.accounts.createSession(session, tokenHash: Secrets.digest(token))
        try await req.accounts.recordLogin(userID: account.id, at: now)
        let response = req.redirect(to: account.mustChangePassword ? SiteURL.changePassword.path : (next ?? SiteURL.home.path))
        // A fresh session id on every sign-in: a cookie planted before sign-in is worth nothing after.
        response.cookies[Cookies.session] = req.cookie(token, maxAge: nil)
        response.cookies[Cookies.loginCSRF] = req.cookie("", maxAge: 0)
        return response
    }

    func logout(req: Request) async throws -> Response {
        if let cookie = req.cookies[Cookies.session]?.string {
            try await req.accounts.deleteSession(tokenHash: Secrets.digest(cookie))
        }
        let response = req.redirect(to: SiteURL.login(next: nil).path)
        response.cookies[Cookies.session] = req.cookie("", maxAge: 0)
        return response
    }

    struct PasswordForm: Content {
        var current: String?
        var password: String?
        var confirm: String?
    }

    func passwordForm(req: Request) async throws -> Response {
        guard let account = req.account else { throw SignInRequired() }
        return .html(PasswordView(model: .init(account: account, message: nil, done: false)).render())
    }

    func changePassword(req: Request) async throws -> Response {
        guard let account = req.account, let session = req.session else { throw SignInRequired() }
        let form = try await req.decodeBody(PasswordForm.self)
        func fail(_ message: String) -> Response {
            .html(PasswordView(model: .init(account: account, message: message, done: false)).render(), status: .badRequest)
        }
        guard let (_, hash) = try await req.accounts.credentials(username: account.username),
              try await req.password.async.verify(form.current ?? "", created: hash) else {
            return fail("当前密码不正确")
        }
        let password = form.password ?? ""
        if let problem = AccountRules.checkPassword(password, username: account.username) { return fail(problem) }
        guard password == form.confirm else { return fail("两次输入的新密码不一致") }
        if try await req.password.async.verify(password, created: hash) { return fail("新密码不能与当前密码相同") }
        let newHash = try await req.password.async.hash(password)
        try await req.db.transaction { tx in
            let accounts = req.appCore.on(tx).accounts
            try await accounts.setPassword(userID: account.id, hash: newHash, mustChange: false)
            // Other browsers signed in as this account are signed out: the old password may be known.
            try await accounts.deleteSessions(userID: account.id, keeping: session.id)
            try await req.appCore.on(tx).audit.record(AuditEntry(
                actor: account.displayName, actorID: account.id, action: "user.change-password", entity: "user",
                entityID: account.username, planID: account.planID, before: nil, after: nil))
        }
        var updated = account
        updated.mustChangePassword = false
        req.account = updated
        return .html(PasswordView(model: .init(account: updated, message: nil, done: true)).render())
    }

    private func renderLogin(_ req: Request, message: String?, username: String, next: String?,
                             status: HTTPResponseStatus = .ok) -> Response {
        // The double-submit token for this form; SameSite=Strict keeps other sites from sending it.
        let existing = req.cookies[Cookies.loginCSRF]?.string ?? ""
        let csrf = existing.isEmpty ? Secrets.token() : existing
        let html = PageContext.$current.withValue(PageContext(principal: nil, csrfToken: csrf)) {
            LoginView(model: .init(message: message, username: username, next: Self.safeNext(next))).render()
        }
        let response = Response.html(html, status: status)
        response.cookies[Cookies.loginCSRF] = req.cookie(csrf, maxAge: 3600, sameSite: .strict)
        return response
    }

    /// Only paths on this site: `next=https://elsewhere` must not turn sign-in into a redirector.
    static func safeNext(_ next: String?) -> String? {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.hasPrefix("/\\"), next.count < 500,
              !next.contains(where: { $0.isNewline }) else { return nil }
        return next
    }

    private static let dummyHashes = DummyHashes()

    static func dummyHash(cost: Int) -> String { dummyHashes.hash(cost: cost) }
}

/// A bcrypt hash of a random password per cost, computed once.
final class DummyHashes: @unchecked Sendable {
    private let lock = NSLock()
    private var byCost: [Int: String] = [:]

    func hash(cost: Int) -> String {
        lock.lock(); defer { lock.unlock() }
        if let hash = byCost[cost] { return hash }
        let hash = (try? Bcrypt.hash(Secrets.token(), cost: cost)) ?? ""
        byCost[cost] = hash
        return hash
    }
}

struct LoginView {
    struct Model {
        var message: String?
        var username: String
        var next: String?
    }

    var model: Model

    func render() -> String {
        Layout(title: "登录", content: .div(.class("card login"),
            .h1("登录"),
            .p(.class("sub"), .text("健康城市建设管理平台。账号由创建办或系统管理员开通。")),
            .unwrap(model.message) { .p(.class("notice error"), .attribute(named: "role", value: "alert"), .text($0)) },
            .form(.method(.post), .action(SiteURL.login(next: nil).path), .class("stack"),
                .csrfField(),
                .unwrap(model.next) { .input(.type(.hidden), .name("next"), .value(attr($0))) },
                .label(.text("用户名"), .input(.type(.text), .name("username"), .value(attr(model.username)),
                    .attribute(named: "autocomplete", value: "username"), .attribute(named: "maxlength", value: "64"),
                    .attribute(named: "autocapitalize", value: "none"), .required(true), .autofocus(model.username.isEmpty))),
                .label(.text("密码"), .input(.type(.password), .name("password"),
                    .attribute(named: "autocomplete", value: "current-password"), .required(true),
                    .autofocus(!model.username.isEmpty))),
                .button(.type(.submit), .text("登录"))
            ),
            .p(.class("muted"), .text("忘记密码请联系本方案创建办重置。"))
        )).render()
    }
}

struct PasswordView {
    struct Model {
        var account: UserAccount
        var message: String?
        var done: Bool
    }

    var model: Model

    func render() -> String {
        Layout(title: "修改密码", content: .div(.class("card"),
            .h1("修改密码"),
            .if(model.account.mustChangePassword,
                .p(.class("notice warn"), .text("您正在使用临时密码，请先设置自己的密码。"))),
            .if(model.done, .p(.class("notice"), .text("密码已修改。其他设备上的登录已退出。"))),
            .unwrap(model.message) { .p(.class("notice error"), .attribute(named: "role", value: "alert"), .text($0)) },
            .form(.method(.post), .action(SiteURL.changePassword.path), .class("stack"),
                .csrfField(),
                .label(.text("当前密码"), .input(.type(.password), .name("current"), .required(true),
                    .attribute(named: "autocomplete", value: "current-password"))),
                .label(.text("新密码（至少 10 个字符，含字母、数字、符号中的两类，不能是常用密码）"), .input(.type(.password), .name("password"),
                    .required(true), .attribute(named: "autocomplete", value: "new-password"))),
                .label(.text("再输入一次新密码"), .input(.type(.password), .name("confirm"), .required(true),
                    .attribute(named: "autocomplete", value: "new-password"))),
                .button(.type(.submit), .text("保存新密码"))
            ),
            .if(model.done, .p(.a(.href(SiteURL.home.path), .text("返回首页"))))
        )).render()
    }
}
