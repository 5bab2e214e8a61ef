/// The little JavaScript the site uses, all progressive: every page works without it.
enum Script {
    static let js = """
    "use strict";
    document.addEventListener("click", function (event) {
      var button = event.target.closest("[data-print]");
      if (button) { event.preventDefault(); window.print(); }
    });
    document.addEventListener("submit", function (event) {
      var form = event.target;
      var question = form.getAttribute("data-confirm");
      if (question && !window.confirm(question)) { event.preventDefault(); return; }
      // One submission per click: a double click must not create two of anything.
      var buttons = form.querySelectorAll("button[type=submit]");
      window.setTimeout(function () { buttons.forEach(function (b) { b.disabled = true; }); }, 0);
    });
    """
}

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
