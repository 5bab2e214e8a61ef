import Vapor

/// Sets the page context (who is signed in, the CSRF token) for the layout of every page.
struct PageContextMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        try await PageContext.$current.withValue(PageContext(request)) {
            try await next.respond(to: request)
        }
    }
}

extension PageContext {
    init(_ request: Request) {
        self.init(principal: request.principal, csrfToken: request.session?.csrfToken)
        if let principal = request.principal, let plan = principal.planID {
            switch principal.role {
            case .liaison: ownPage = principal.unit.map { SiteURL.unit(plan: plan, name: $0) }
            case .township: ownPage = principal.regionID.map { SiteURL.region(plan: plan, id: $0) }
            default: break
            }
        }
    }
}
