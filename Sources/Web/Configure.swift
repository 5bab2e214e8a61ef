import Core
import Domain
import Fluent
import Foundation
import Persistence
import Vapor

/// Sets up an application: database, migrations, error pages and every route.
public enum WebApp {
    public static func configure(_ app: Application, database: DatabaseLocation,
                                 security: SecurityConfiguration = .fromEnvironment(),
                                 scoreSheets: ScoreSheetLibrary? = nil, questionnaires: QuestionnaireLibrary? = nil) throws {
        app.scoreSheets = scoreSheets
        app.questionnaires = questionnaires
        try DatabaseSetup.configure(app, location: database)
        app.security = security
        app.planCache = PlanCache()
        app.indicatorsCache = ProgrammeIndicatorsCache()
        app.blockingWork = BlockingWork()
        app.lifecycle.use(BlockingWorkLifecycle())
        app.passwords.use(.bcrypt(cost: security.bcryptCost))
        // Outermost first: headers go on every answer, errors become pages, then who is asking,
        // then the layout's context, then the CSRF check before any handler changes anything.
        app.middleware = .init()
        app.middleware.use(SecurityHeadersMiddleware())
        app.middleware.use(SiteErrorMiddleware(environment: app.environment))
        app.middleware.use(AuthenticationMiddleware())
        app.middleware.use(BodyLimitMiddleware())
        app.middleware.use(PageContextMiddleware())
        app.middleware.use(CSRFMiddleware())
        try app.register(collection: SessionController())
        try app.register(collection: PageController())
        try app.register(collection: AdminController())
        try app.register(collection: UnitAccountsController())
        try app.register(collection: APIController())
        try app.register(collection: ImportController())
        try app.register(collection: IndicatorController())
        try app.register(collection: CellController())
        try app.register(collection: SurveyController())
        try app.register(collection: RunningController())
        try app.register(collection: PlanEditController())
        try app.register(collection: MeetingController())
        try app.register(collection: TrainingController())
        try app.register(collection: RegionAdminController())
        try app.register(collection: NetworkController())
        try app.register(collection: NotificationController())
    }

    /// On a database without accounts, creates the administrator `admin` with the password from
    /// HEALTHCITY_ADMIN_PASSWORD, or a generated one that is returned (to be printed once) and
    /// must be changed at first sign-in. Returns nil when accounts already exist.
    public static func ensureAdministrator(_ app: Application, password: String?) async throws -> String?? {
        let hasher = app.password.async
        return try await AccountService.ensureAdministrator(in: app.appCore, password: password,
                                                            hash: { try await hasher.hash($0) })
    }

    /// Brings the schema up to date and, on an empty database, loads the demo programmes.
    /// Returns the ids of the programmes loaded.
    @discardableResult
    public static func prepare(_ app: Application, database: DatabaseLocation, seedPlans: [Plan]) async throws -> [String] {
        try await DatabaseSetup.prepare(app, location: database)
        // Jobs a stopped server left running are failed now, with an audit entry, rather than left spinning.
        _ = try await app.appCore.jobs.failSilent(
            before: app.clock().addingTimeInterval(-BackgroundJob.staleAfter), reason: BackgroundJob.interruptedReason, at: app.clock())
        return try await DatabaseSetup.seedIfEmpty(app.appCore.plans, plans: seedPlans)
    }
}

extension Application {
    private struct PlanCacheKey: StorageKey { typealias Value = PlanCache }

    /// Set in `configure`, before the server starts; only read afterwards.
    var planCache: PlanCache? {
        get { storage[PlanCacheKey.self] }
        set { storage[PlanCacheKey.self] = newValue }
    }
}

extension Request {

    /// The plan named by the `:id` path parameter, or 404.
    func requirePlan() async throws -> Plan {
        let id = try requireParameter("id")
        guard let plan = try await plans.plan(id: id) else {
            throw Abort(.notFound, reason: "没有 id 为「\(id)」的方案")
        }
        return plan
    }

    /// The unit named (by any of its spellings) by the `:name` path parameter, or 404.
    func requireUnit(in directory: UnitDirectory) throws -> PlanUnit {
        let name = try requireParameter("name")
        guard let unit = directory.unit(named: name) else {
            throw Abort(.notFound, reason: "方案「\(directory.plan.title)」中没有单位「\(name)」")
        }
        return unit
    }

    func requireParameter(_ key: String) throws -> String {
        guard let raw = parameters.get(key) else { throw Abort(.badRequest, reason: "缺少参数 \(key)") }
        return raw.removingPercentEncoding ?? raw
    }
}

/// Errors as JSON under /api and as Chinese pages elsewhere. Server errors are logged in full
/// and shown without internals.
struct SiteErrorMiddleware: AsyncMiddleware {
    let environment: Environment

    struct ErrorBody: Content {
        var error: Bool
        var reason: String
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch is SignInRequired {
            if request.url.path.hasPrefix("/api/") {
                let response = Response(status: .unauthorized)
                response.headers.replaceOrAdd(name: .wwwAuthenticate, value: "Bearer")
                try response.content.encode(ErrorBody(error: true, reason: "需要接口令牌：请在 Authorization 头中提供 Bearer 令牌"))
                return response
            }
            let next = request.method == .GET ? request.url.string : nil
            return request.redirect(to: SiteURL.login(next: next).path)
        } catch {
            let status: HTTPResponseStatus
            let reason: String
            var extraHeaders: HTTPHeaders = [:]
            if error is UploadTooLarge || (error is BodyTooLarge && request.url.path == SiteURL.imports.path && request.principal != nil) {
                // The upload form again (only /imports raises this), with the reason; nothing was read or kept.
                return PageContext.$current.withValue(PageContext(request)) {
                    ImportController.uploadFailed(fileName: nil, UploadTooLarge().message, status: .payloadTooLarge)
                }
            }
            if let rejected = error as? FormRejected {
                status = .badRequest
                reason = rejected.problems.map { "\($0.field)：\($0.message)" }.joined(separator: "；")
            } else if let abort = error as? any AbortError {
                status = abort.status
                reason = abort.reason
                extraHeaders = abort.headers
            } else {
                request.logger.report(error: error)
                status = .internalServerError
                reason = environment.isRelease ? "服务器内部错误，请稍后再试或联系管理员" : String(describing: error)
            }
            if request.url.path.hasPrefix("/api/") || request.url.path == "/healthz" {
                let response = Response(status: status)
                try response.content.encode(ErrorBody(error: true, reason: reason))
                for (name, value) in extraHeaders { response.headers.replaceOrAdd(name: name, value: value) }
                return response
            }
            let html = PageContext.$current.withValue(PageContext(request)) {
                ErrorPageView(model: .init(status: Int(status.code), message: reason)).render()
            }
            return .html(html, status: status)
        }
    }
}
