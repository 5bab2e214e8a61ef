import Domain
import Foundation
import Plot

/// Who is looking at a page, for the layout's navigation and the forms' CSRF token. Set once per
/// request by `PageContextMiddleware`; a task-local spares every view model from carrying it.
struct PageContext: Sendable {
    var principal: Principal?
    var csrfToken: String?
    /// Where the liaison's or township officer's own page is, for the navigation.
    var ownPage: SiteURL?

    @TaskLocal static var current = PageContext()
}

/// Escapes text for an attribute value: Plot escapes element text but writes attribute values as given.
func attr(_ value: String) -> String { escapeXML(value) }

extension Node where Context: HTML.BodyContext {
    /// The problems of a refused form, listed under a heading ("未保存，请更正："); nothing when there are none.
    static func problemList(_ problems: [String], heading: String = "未保存，请更正：") -> Node {
        .if(!problems.isEmpty, .div(.class("notice error"), .attribute(named: "role", value: "alert"),
            .p(.text(heading)), .ul(.forEach(problems) { .li(.text($0)) })))
    }

    /// The hidden CSRF field every state-changing form carries.
    static func csrfField() -> Node {
        .input(.type(.hidden), .name("csrf"), .value(attr(PageContext.current.csrfToken ?? "")))
    }
}

/// The one page layout: header with navigation by role, breadcrumbs, main content. Everything it
/// needs is served by this application (government intranets reach no CDN).
struct Layout {
    struct Crumb {
        var title: String
        var url: SiteURL?
    }

    var title: String
    var crumbs: [Crumb] = []
    /// Pages of two columns side by side (an import draft beside its source text) use the whole width.
    var wide = false
    var content: Node<HTML.BodyContext>

    func render() -> String {
        let context = PageContext.current
        let html = HTML(
            .attribute(named: "lang", value: "zh-CN"),
            .head(
                .meta(.charset(.utf8)),
                .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
                // Plot's .title() also writes og:/twitter: meta tags with the raw value in attributes;
                // a plain element keeps the (user-supplied) title escaped text.
                .element(named: "title", text: "\(title) · 健康城市建设管理平台"),
                .link(.rel(.stylesheet), .href(SiteURL.stylesheet.path)),
                .script(.src(SiteURL.script.path), .attribute(named: "defer", value: "defer"))
            ),
            .body(
                .header(.class("site-header"),
                    .div(.class("wrap"),
                        .a(.class("brand"), .href(SiteURL.home.path), .text("健康城市建设管理平台")),
                        .nav(.class("site-nav"), .attribute(named: "aria-label", value: "主导航"),
                            .forEach(Self.navigation(context)) { item in
                                .a(.href(item.url.path), .text(item.title))
                            }
                        ),
                        .unwrap(context.principal) { principal in
                            .div(.class("who"),
                                .span(.class("who-name"), .text(principal.name)),
                                .span(.class("tag on-dark"), .text(principal.role.chineseName)),
                                .a(.href(SiteURL.changePassword.path), .text("修改密码")),
                                .form(.method(.post), .action(SiteURL.logout.path), .class("inline"),
                                    .csrfField(),
                                    .button(.type(.submit), .class("link"), .text("退出"))
                                )
                            )
                        }
                    )
                ),
                .main(.class(wide ? "wrap wide" : "wrap"),
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

    struct NavItem {
        var title: String
        var url: SiteURL
    }

    /// What each role needs first; everything else is reached from those pages or by search.
    static func navigation(_ context: PageContext) -> [NavItem] {
        guard let principal = context.principal else { return [NavItem(title: "登录", url: .login(next: nil))] }
        var items = [NavItem(title: "首页", url: .home)]
        let plan = principal.planID
        switch principal.role {
        case .admin:
            items += [NavItem(title: "创建方案", url: .planList), NavItem(title: "导入方案", url: .imports),
                      NavItem(title: "账号", url: .users),
                      NavItem(title: "接口令牌", url: .tokens), NavItem(title: "操作日志", url: .auditLog(plan: nil, page: 1)),
                      NavItem(title: "设置", url: .settings)]
        case .office:
            if let plan {
                items += [NavItem(title: "看板", url: .dashboard(plan)), NavItem(title: "方案", url: .plan(plan)),
                          NavItem(title: "指标", url: .indicators(plan, year: nil)), NavItem(title: "健康细胞", url: .cells(plan)),
                          NavItem(title: "调查", url: .surveys(plan)), NavItem(title: "任务", url: .tasks(plan, unit: nil)),
                          NavItem(title: "月报", url: .monthlyReports(plan, month: nil)), NavItem(title: "活动", url: .activities(plan, year: nil)),
                          NavItem(title: "督导", url: .inspections(plan)), NavItem(title: "健康影响评价", url: .policies(plan)),
                          NavItem(title: "责任与经费", url: .commitments(plan)), NavItem(title: "迎检资料", url: .dossier(plan)),
                          NavItem(title: "单位", url: .planUnits(plan)), NavItem(title: "导入方案", url: .imports)]
            }
            items += [NavItem(title: "账号", url: .users), NavItem(title: "接口令牌", url: .tokens),
                      NavItem(title: "操作日志", url: .auditLog(plan: plan, page: 1))]
        case .liaison, .township:
            if let own = context.ownPage { items.append(NavItem(title: principal.role == .liaison ? "本单位任务" : "本乡镇", url: own)) }
            if let plan, principal.role == .liaison {
                items += [NavItem(title: "报送指标", url: .indicatorEntry(plan, unit: principal.unit, period: nil, region: nil)),
                          NavItem(title: "任务进展", url: .tasks(plan, unit: principal.unit)),
                          NavItem(title: "工作月报", url: .monthlyReports(plan, month: nil)), NavItem(title: "活动", url: .activities(plan, year: nil)),
                          NavItem(title: "整改", url: .inspections(plan)), NavItem(title: "政策评价", url: .policies(plan))]
            }
            if let plan, principal.role == .township {
                items += [NavItem(title: "健康细胞", url: .cells(plan)), NavItem(title: "调查", url: .surveys(plan))]
            }
            if let plan { items += [NavItem(title: "方案", url: .plan(plan)), NavItem(title: "指标", url: .indicators(plan, year: nil))] }
        case .assessor, .leader:
            if let plan {
                items += [NavItem(title: "看板", url: .dashboard(plan)), NavItem(title: "方案", url: .plan(plan)),
                          NavItem(title: "指标", url: .indicators(plan, year: nil)), NavItem(title: "健康细胞", url: .cells(plan)),
                          NavItem(title: "调查", url: .surveys(plan)), NavItem(title: "月报", url: .monthlyReports(plan, month: nil)),
                          NavItem(title: "督导", url: .inspections(plan))]
            }
        case .province:
            items.append(NavItem(title: "创建方案", url: .planList))
        }
        items.append(NavItem(title: "搜索", url: .search(nil)))
        return items
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
    .site-nav { display:flex; flex-wrap:wrap; gap:2px 14px; }
    .site-nav a { color:#fff; opacity:.92; }
    .who { display:flex; align-items:center; gap:8px; font-size:13px; }
    .who a, .who button.link { color:#fff; }
    .tag.on-dark { background:rgba(255,255,255,.18); color:#fff; }
    form.inline { display:inline; margin:0; }
    button.link { background:none; border:none; padding:0; cursor:pointer; font:inherit; color:var(--accent); }
    form.stack { display:grid; gap:10px; max-width:460px; }
    form.stack label { display:grid; gap:4px; font-size:14px; }
    input[type=text], input[type=password], input[type=search], input[type=tel], input[type=date], input[type=file], select, textarea {
      font:inherit; padding:7px 9px; border:1px solid #b9c2cc; border-radius:6px; background:#fff; width:100%; }
    button, .button { font:inherit; padding:7px 14px; border-radius:6px; border:1px solid var(--accent); background:var(--accent);
      color:#fff; cursor:pointer; display:inline-block; }
    button.secondary, .button.secondary { background:#fff; color:var(--accent); }
    button.danger { background:#fff; color:#b3261e; border-color:#b3261e; }
    .notice { border-left:4px solid var(--accent); background:var(--accent-soft); padding:10px 14px; margin:12px 0; border-radius:4px; }
    .notice.error { border-color:#b3261e; background:#fdecea; }
    .notice.warn { border-color:var(--warn); background:#fff3e0; }
    .secret { font-family:ui-monospace, monospace; background:#fff; border:1px dashed var(--warn); padding:6px 10px; word-break:break-all; }
    .figures { display:grid; grid-template-columns:repeat(auto-fill,minmax(150px,1fr)); gap:10px; margin:12px 0; }
    .figure { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:10px 12px; }
    .figure b { display:block; font-size:24px; } .figure span { color:var(--muted); font-size:13px; }
    .chart svg { width:100%; height:auto; }
    .light { display:inline-block; width:10px; height:10px; border-radius:50%; margin-right:6px; vertical-align:middle; }
    .light.green { background:#2e7d32; } .light.yellow { background:#f9a825; } .light.red { background:#c62828; } .light.grey { background:#9aa5b1; }
    .toolbar { display:flex; flex-wrap:wrap; gap:8px; margin:8px 0; align-items:center; }
    .search-form { display:flex; gap:8px; max-width:640px; }
    mark { background:#fff3b0; }
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
    .verdict { display:inline-block; border-radius:4px; padding:0 6px; font-size:13px; white-space:nowrap; font-weight:600; }
    .verdict.met { background:#e6f4ea; color:#1e6b2f; } .verdict.not_met { background:#fdecea; color:#b3261e; }
    .verdict.no_data { background:#eef1f4; color:#5b6570; }
    .state { font-size:12px; color:var(--muted); white-space:nowrap; }
    .state.approved { color:#1e6b2f; } .state.returned { color:#b3261e; } .state.submitted { color:var(--warn); }
    table.board td:nth-child(6) { min-width:15em; } table.board td:nth-child(2) { max-width:22em; }
    svg.spark { width:120px; height:32px; vertical-align:middle; }
    table.entry input[type=text] { min-width:6em; } table.entry td { vertical-align:middle; }
    .method li { margin:2px 0; }
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
    .field-error { color:#b3261e; font-size:13px; }
    main.wrap.wide { max-width:1560px; }
    .import-columns { display:grid; grid-template-columns:minmax(0,5fr) minmax(0,7fr); gap:16px; align-items:start; margin-top:12px; }
    .source-pane { position:sticky; top:8px; max-height:calc(100vh - 16px); overflow:auto; background:#fff;
      border:1px solid var(--line); border-radius:8px; font-size:13px; }
    .source-pane h2 { font-size:15px; margin:0; padding:8px 12px; position:sticky; top:0; background:#fff; }
    .source-lines .line { display:grid; grid-template-columns:3.4em 1fr; gap:8px; padding:1px 10px 1px 0; white-space:pre-wrap;
      word-break:break-word; min-height:1.4em; scroll-margin-top:30vh; }
    .source-lines .ln { color:var(--muted); text-align:right; user-select:none; }
    .source-lines .line:target, .source-lines .line.hl { background:#fff3b0; }
    a.src { font-size:12px; white-space:nowrap; margin-left:6px; }
    .draft-pane fieldset { border:1px solid var(--line); border-radius:8px; background:#fff; margin:0 0 12px; padding:8px 12px 12px;
      min-width:0; overflow-x:auto; }
    .draft-pane .card > h2:first-child, #notes > h2:first-child { margin-top:0; }
    table.tasks td:nth-child(3) { width:38%; min-width:12em; }
    form.stack label.check { display:flex; align-items:center; gap:6px; }
    .draft-pane legend { font-weight:600; padding:0 4px; }
    .draft-pane table.compact input, .draft-pane table.compact select { padding:4px 6px; }
    .draft-pane table.compact td { padding:4px 6px; }
    .draft-pane .item p { margin:4px 0; }
    textarea.code { font-family:ui-monospace, monospace; font-size:13px; }
    form.wide-form { max-width:none; }
    .cell-status { display:inline-block; border-radius:4px; padding:0 6px; font-size:13px; white-space:nowrap; background:#eef1f4; color:#5b6570; }
    .cell-status.certified { background:#e6f4ea; color:#1e6b2f; font-weight:600; } .cell-status.revoked { background:#fdecea; color:#b3261e; }
    .cell-status.applied, .cell-status.preliminary, .cell-status.onsite { background:#fff3e0; color:var(--warn); }
    .cov-bar { display:inline-block; position:relative; width:90px; height:10px; background:#eef1f4; border-radius:5px; vertical-align:middle; overflow:hidden; }
    .cov-bar .fill { position:absolute; left:0; top:0; bottom:0; background:#9aa5b1; }
    .cov-bar .fill.met { background:#2e7d32; } .cov-bar .fill.not_met { background:#c62828; }
    .cov-bar .tick { position:absolute; top:0; bottom:0; width:2px; background:var(--ink); }
    .scroll { overflow-x:auto; }
    table.coverage-matrix td.cov { text-align:center; white-space:nowrap; }
    td.cov.met { background:#e6f4ea; } td.cov.not_met { background:#fdecea; } td.cov.no_data { background:#f5f7f9; color:var(--muted); }
    .small { font-size:12px; }
    table.batch input[type=number] { width:4.6em; padding:3px 4px; } table.batch select { width:auto; padding:3px 4px; }
    table.batch th, table.batch td { padding:3px 4px; }
    table.batch tbody th { position:sticky; left:0; background:#fff; z-index:1; min-width:9em; }
    .toolbar select, .toolbar input[type=search], .toolbar input[type=date], .toolbar input[type=text] { width:auto; max-width:100%; } tr.has-error th { background:#fdecea; }
    table.score-items input[type=number] { width:6em; } table.score-items tr.veto td:first-child { border-left:3px solid #b3261e; }
    table.score-items tr.bonus td:first-child { border-left:3px solid var(--accent); }
    input[type=number] { font:inherit; padding:7px 9px; border:1px solid #b9c2cc; border-radius:6px; background:#fff; }
    progress { width:100%; height:18px; }
    button.small { padding:2px 8px; font-size:12px; }
    .survey-form fieldset { border:1px solid var(--line); border-radius:8px; background:#fff; padding:8px 12px 10px; margin:0; min-width:0; }
    .survey-form legend { font-weight:600; padding:0 4px; }
    .survey-form .options { display:grid; gap:2px; } .survey-form .options label { display:flex; gap:6px; align-items:baseline; font-size:15px; }
    .survey-form .options input { width:auto; min-width:18px; min-height:18px; }
    .survey-form fieldset.scenario > fieldset { margin-top:8px; }
    table.results td.num b { font-size:15px; }
    @media (max-width: 900px) {
      .import-columns { grid-template-columns:minmax(0,1fr); }
      .source-pane { position:static; max-height:50vh; }
    }
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
      .site-header, .site-nav, .site-footer, .crumbs, .no-print, .toolbar, form { display:none; }
      .figures { grid-template-columns:repeat(4,1fr); }
      .chart svg { max-height:90mm; }
      .card { border:none; padding:0; }
      a { color:var(--ink); }
      tr, .card { break-inside: avoid; }
    }
    """
}
