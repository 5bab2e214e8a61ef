import Vapor

/// Sets the page context (who is signed in, the CSRF token) for the layout of every page.
struct PageContextMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        var context = PageContext(request)
        context.unreadNotifications = await Self.unreadNotifications(request)
        return try await PageContext.$current.withValue(context) {
            try await next.respond(to: request)
        }
    }
}

extension PageContextMiddleware {
    /// The header's unread count, for signed-in people's pages (not the API or the site's files); a count that cannot
    /// be read leaves the badge off rather than failing the page.
    static func unreadNotifications(_ request: Request) async -> Int {
        guard request.method == .GET, let id = request.principal?.userID, !request.url.path.hasPrefix("/api/"),
              !request.url.path.hasPrefix("/static/") else { return 0 }
        return (try? await request.appCore.notifications.unreadCount(recipientID: id)) ?? 0
    }
}

extension PageContext {
    init(_ request: Request) {
        self.init(principal: request.principal, csrfToken: request.session?.csrfToken)
        path = request.url.path
        if let principal = request.principal, let plan = principal.planID {
            switch principal.role {
            case .liaison: ownPage = principal.unit.map { SiteURL.unit(plan: plan, name: $0) }
            case .township: ownPage = principal.regionID.map { SiteURL.region(plan: plan, id: $0) }
            default: break
            }
        }
    }
}
