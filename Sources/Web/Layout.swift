import Core
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
                      NavItem(title: "账号", url: .users), NavItem(title: "区划", url: .regionPlans),
                      NavItem(title: "接口令牌", url: .tokens), NavItem(title: "操作日志", url: .auditLog(plan: nil, page: 1)),
                      NavItem(title: "设置", url: .settings)]
        case .office:
            if let plan {
                items += [NavItem(title: "看板", url: .dashboard(plan)), NavItem(title: "方案", url: .plan(plan)),
                          NavItem(title: "指标", url: .indicators(plan, year: nil)), NavItem(title: "健康细胞", url: .cells(plan)),
                          NavItem(title: "调查", url: .surveys(plan)), NavItem(title: "任务", url: .tasks(plan, unit: nil)),
                          NavItem(title: "月报", url: .monthlyReports(plan, month: nil)), NavItem(title: "活动", url: .activities(plan, year: nil)),
                          NavItem(title: "会议", url: .meetings(plan)), NavItem(title: "培训", url: .trainings(plan, year: nil)),
                          NavItem(title: "督导", url: .inspections(plan)), NavItem(title: "健康影响评价", url: .policies(plan)),
                          NavItem(title: "责任与经费", url: .commitments(plan)), NavItem(title: "迎检资料", url: .dossier(plan)),
                          NavItem(title: "健康促进网络", url: .network(plan)), NavItem(title: "区划", url: .regionAdmin(plan)),
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
                          NavItem(title: "会议", url: .meetings(plan)), NavItem(title: "培训", url: .trainings(plan, year: nil)),
                          NavItem(title: "整改", url: .inspections(plan)), NavItem(title: "政策评价", url: .policies(plan)),
                          NavItem(title: "健康促进网络", url: .network(plan))]
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
                          NavItem(title: "督导", url: .inspections(plan)),
                          NavItem(title: "会议", url: .meetings(plan)), NavItem(title: "培训", url: .trainings(plan, year: nil))]
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
