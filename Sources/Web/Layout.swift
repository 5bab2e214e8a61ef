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
    /// The request's path, so the navigation can mark the section the page belongs to.
    var path: String = ""
    /// Unread notifications of the signed-in person, for the header's 消息 link (H1).
    var unreadNotifications: Int = 0
    /// The unread count as a badge shows it (the header's 消息 link and the phone's 菜单 button).
    var unreadBadge: String { unreadNotifications > 99 ? "99+" : String(unreadNotifications) }

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
                        // On a phone the navigation and the account folds behind one 菜单 button: a checkbox and its
                        // label, so it opens without JavaScript (site.css shows what follows a checked box).
                        .if(context.principal != nil, .group(
                            .input(.type(.checkbox), .id("nav-toggle"), .class("nav-toggle")),
                            // The unread count shows on the button too: on a phone the 消息 link is behind it.
                            .label(.for("nav-toggle"), .class("menu-button"), .text("菜单"),
                                   .if(context.unreadNotifications > 0, .span(.class("tag warn"),
                                       .attribute(named: "aria-label", value: attr("\(context.unreadNotifications) 条未读消息")),
                                       .text(context.unreadBadge))))
                        )),
                        Self.navigationNode(context),
                        .unwrap(context.principal) { principal in
                            .div(.class("who"),
                                .span(.class("who-name"), .text(principal.name)),
                                .span(.class("tag on-dark"), .text(principal.role.chineseName)),
                                .a(.href(SiteURL.notifications(notice: nil).path), .class("who-inbox"),
                                   .attribute(named: "aria-label", value: attr(context.unreadNotifications > 0 ? "消息，\(context.unreadNotifications) 条未读" : "消息")),
                                   .text("消息"), .if(context.unreadNotifications > 0, .span(.class("tag warn"), .text(context.unreadBadge)))),
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
                    .div(.class("wrap"), .text("健康城市 · 健康县区 · 健康促进县 · 健康乡镇建设"))
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
