import Plot

/// The one page layout: header with navigation, breadcrumbs, main content. Everything it needs is
/// served by this application (government intranets reach no CDN).
struct Layout {
    struct Crumb {
        var title: String
        var url: SiteURL?
    }

    var title: String
    var crumbs: [Crumb] = []
    var content: Node<HTML.BodyContext>

    func render() -> String {
        let html = HTML(
            .attribute(named: "lang", value: "zh-CN"),
            .head(
                .meta(.charset(.utf8)),
                .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
                // Plot's .title() also writes og:/twitter: meta tags with the raw value in attributes;
                // a plain element keeps the (user-supplied) title escaped text.
                .element(named: "title", text: "\(title) · 健康城市建设管理平台"),
                .link(.rel(.stylesheet), .href(SiteURL.stylesheet.path))
            ),
            .body(
                .header(.class("site-header"),
                    .div(.class("wrap"),
                        .a(.class("brand"), .href(SiteURL.home.path), .text("健康城市建设管理平台")),
                        .nav(.class("site-nav"),
                            .a(.href(SiteURL.home.path), .text("创建方案")),
                            .a(.href(SiteURL.openAPI.path), .text("接口文档"))
                        )
                    )
                ),
                .main(.class("wrap"),
                    .if(!crumbs.isEmpty, breadcrumbs()),
                    content
                ),
                .footer(.class("site-footer"),
                    .div(.class("wrap"), .text("healthcity · 健康城市 / 健康县区 / 健康促进县 / 健康乡镇建设"))
                )
            )
        )
        return html.render()
    }

    private func breadcrumbs() -> Node<HTML.BodyContext> {
        .nav(.class("crumbs"), .attribute(named: "aria-label", value: "位置"),
            .ol(.forEach(crumbs) { crumb in
                .li(crumb.url.map { .a(.href($0.path), .text(crumb.title)) } ?? .text(crumb.title))
            })
        )
    }
}

/// The site's stylesheet: system fonts with CJK fallbacks, readable on a phone, A4 when printed.
enum Stylesheet {
    static let css = """
    :root { --ink:#1d2733; --muted:#5b6875; --line:#d9dee4; --bg:#f5f7f9; --accent:#0b6e4f; --accent-soft:#e3f2ec;
      --warn:#a15c00; --card:#fff; }
    * { box-sizing: border-box; }
    body { margin:0; color:var(--ink); background:var(--bg); line-height:1.6;
      font-family: -apple-system, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC",
      "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif; font-size:15px; }
    a { color:var(--accent); text-decoration:none; } a:hover { text-decoration:underline; }
    .wrap { max-width:1100px; margin:0 auto; padding:0 16px; }
    .site-header { background:var(--accent); color:#fff; }
    .site-header .wrap { display:flex; align-items:center; justify-content:space-between; min-height:52px; flex-wrap:wrap; gap:8px; }
    .brand { color:#fff; font-weight:600; font-size:17px; }
    .site-nav a { color:#fff; margin-left:16px; opacity:.92; }
    .crumbs ol { list-style:none; padding:0; margin:14px 0 4px; display:flex; flex-wrap:wrap; color:var(--muted); font-size:13px; }
    .crumbs li + li::before { content:"›"; margin:0 6px; }
    h1 { font-size:24px; margin:12px 0 4px; } h2 { font-size:19px; margin:28px 0 10px; border-bottom:1px solid var(--line); padding-bottom:6px; }
    h3 { font-size:16px; margin:18px 0 8px; }
    .sub { color:var(--muted); margin:0 0 12px; }
    .card { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:14px 16px; margin:12px 0; }
    .cards { display:grid; grid-template-columns:repeat(auto-fill,minmax(320px,1fr)); gap:12px; }
    .cards .card { margin:0; }
    .card h3 { margin-top:0; }
    .tag { display:inline-block; background:var(--accent-soft); color:var(--accent); border-radius:4px; padding:0 6px; font-size:12px; margin-right:4px; white-space:nowrap; }
    .tag.warn { background:#fff3e0; color:var(--warn); }
    .muted { color:var(--muted); }
    .stats { display:flex; flex-wrap:wrap; gap:4px 16px; color:var(--muted); font-size:13px; margin:6px 0 0; padding:0; list-style:none; }
    .stats b { color:var(--ink); }
    table { border-collapse:collapse; width:100%; background:var(--card); margin:8px 0; }
    th, td { border:1px solid var(--line); padding:6px 8px; text-align:left; vertical-align:top; }
    th { background:#eef1f4; font-weight:600; white-space:nowrap; }
    td.num { text-align:right; white-space:nowrap; }
    .task-text { white-space:pre-line; }
    .units a, .units > span { display:inline-block; margin:2px 4px 2px 0; padding:0 6px; border:1px solid var(--line);
      border-radius:4px; background:#fff; white-space:nowrap; }
    dl.facts { display:grid; grid-template-columns:max-content 1fr; gap:4px 16px; margin:0; }
    dl.facts dt { color:var(--muted); } dl.facts dd { margin:0; }
    .toc { display:flex; flex-wrap:wrap; gap:6px 14px; font-size:14px; margin:8px 0; }
    .timeline svg { width:100%; height:auto; max-width:100%; }
    .empty { color:var(--muted); font-style:italic; }
    .section-title { color:var(--muted); font-size:13px; }
    .site-footer { color:var(--muted); font-size:12px; padding:24px 0; }
    @media (max-width: 640px) {
      body { font-size:14px; } h1 { font-size:20px; }
      table.stack thead { display:none; }
      table.stack tr { display:block; border:1px solid var(--line); margin-bottom:8px; }
      table.stack td { display:block; border:none; border-bottom:1px solid var(--line); }
      table.stack td[data-label]::before { content:attr(data-label) "："; color:var(--muted); }
    }
    @media print {
      @page { size: A4; margin: 15mm; }
      body { background:#fff; font-size:11pt; }
      .site-header, .site-nav, .site-footer, .crumbs, .no-print { display:none; }
      .card { border:none; padding:0; }
      a { color:var(--ink); }
      tr, .card { break-inside: avoid; }
    }
    """
}
