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
    // Batch scoring: "满分" fills a row's point inputs with each item's full points and its veto items with 达标.
    document.addEventListener("click", function (event) {
      var button = event.target.closest("[data-fill-row]");
      if (!button) return;
      var row = button.closest("tr");
      row.querySelectorAll("input[data-full]").forEach(function (input) { if (!input.value) input.value = input.getAttribute("data-full"); });
      row.querySelectorAll("select").forEach(function (select) { if (!select.value) select.value = "yes"; });
    });
    // Register imports: the job page polls its progress until the import ends, then shows the outcome.
    (function () {
      var box = document.getElementById("import-job");
      if (!box || box.getAttribute("data-state") !== "running") return;
      var url = box.getAttribute("data-progress"), bar = box.querySelector("progress"), status = document.getElementById("import-status");
      function poll() {
        fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } }).then(function (r) { return r.json(); })
          .then(function (job) {
            bar.value = Math.round((job.fraction || 0) * 100);
            if (job.state === "running") {
              status.textContent = "正在导入……已读 " + job.rows + " 行（" + bar.value + "%）";
              window.setTimeout(poll, 1000);
            } else { window.location.reload(); }
          }).catch(function () { window.setTimeout(poll, 3000); });
      }
      window.setTimeout(poll, 500);
    })();
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
