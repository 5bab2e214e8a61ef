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
    // Import drafts: a link to the lines an item came from highlights the whole range.
    document.addEventListener("click", function (event) {
      var link = event.target.closest("a[data-to]");
      if (!link) return;
      var first = parseInt(link.getAttribute("href").slice(2), 10), last = parseInt(link.getAttribute("data-to"), 10);
      document.querySelectorAll(".source-lines .hl").forEach(function (line) { line.classList.remove("hl"); });
      for (var n = first; n <= last && n - first < 500; n++) {
        var line = document.getElementById("L" + n);
        if (line) line.classList.add("hl");
      }
    });
    // Uploads: a file over the limit is refused before it is sent, naming the file.
    document.addEventListener("change", function (event) {
      var input = event.target;
      if (!input.matches || !input.matches("input[type=file][data-max-bytes]")) return;
      var file = input.files && input.files[0], max = parseInt(input.getAttribute("data-max-bytes"), 10);
      var message = file && file.size > max
        ? "「" + file.name + "」过大（" + (file.size / 1048576).toFixed(1) + " MB），上限为 " + Math.round(max / 1048576) + " MB" : "";
      input.setCustomValidity(message);
      var out = document.getElementById(input.getAttribute("data-message"));
      if (out) out.textContent = message;
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
