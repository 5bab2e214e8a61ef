import Domain
import Foundation
import Plot

extension InboxView {
    func render() -> String {
        Layout(title: "消息", crumbs: [.init(title: "首页", url: .home), .init(title: "消息", url: nil)], content: .group(
            .h1("消息"),
            .flash(model.notice),
            .p(.class("muted"), .text(model.unread > 0 ? "\(model.unread) 条未读。到期提醒、逾期督办和每日待办都在这里，也可按消息提醒设置发到邮箱或工作群。"
                                                       : "没有未读消息。到期提醒、逾期督办和每日待办都在这里，也可按消息提醒设置发到邮箱或工作群。")),
            .toolbar(
                .if(model.unread > 0, .form(.method(.post), .action(SiteURL.readAllNotifications.path), .class("inline"),
                    .csrfField(), .button(.type(.submit), .class("secondary"), .text("全部标为已读")))),
                .buttonLink("消息提醒设置", to: .notificationSettings(notice: nil), secondary: true),
                .unwrap(model.logPlan) { .buttonLink("发送记录", to: .deliveryLog($0, status: nil), secondary: true) }
            ),
            model.notifications.isEmpty ? .p(.class("empty"), .text("还没有消息。")) : .div(.class("inbox"),
                .forEach(model.notifications) { item($0) })
        )).render()
    }

    private func item(_ n: AppNotification) -> Node<HTML.BodyContext> {
        let unread = n.readAt == nil
        // Links come from the work queue and are paths on this site; anything else is not offered.
        let link = n.link.hasPrefix("/") && !n.link.hasPrefix("//") ? n.link : ""
        return .div(.class(unread ? "card unread" : "card"),
            .p(.if(unread, .span(.class("tag warn"), .text("未读"))),
               .span(.class(attr(n.kind == .escalation || n.kind == .overdue ? "tag warn" : "tag")), .text(n.kind.chineseName)),
               unread ? .strong(.text(n.title)) : .text(n.title)),
            .p(.class("muted"), .text(Display.dateTime(n.createdAt))),
            .p(.forEach(n.body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)) { line in
                .group(.text(line), .br())
            }),
            unread
                ? .form(.method(.post), .action(SiteURL.readNotification(n.id).path), .class("inline"),
                        .csrfField(), .button(.type(.submit), .text(link.isEmpty ? "标为已读" : "去办理")))
                : .if(!link.isEmpty, .a(.href(attr(link)), .text("去办理")))
        )
    }
}
