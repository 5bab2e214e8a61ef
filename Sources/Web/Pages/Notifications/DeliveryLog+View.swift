import Domain
import Foundation
import Plot

extension DeliveryLogView {
    func render() -> String {
        let p = model.plan
        return Layout(title: "发送记录", crumbs: [.init(title: p.title, url: .plan(p.id)), .init(title: "发送记录", url: nil)], content: .group(
            .h1("消息发送记录"),
            .p(.class("muted"), .text("通过电子邮件和工作群机器人发出的提醒。发送失败的会自动重试，间隔逐次加长；多次仍失败的标为“失败”，请按错误原因检查邮箱或机器人地址。")),
            .figures(
                .figure(model.counts[.sent] ?? 0, "已发送"),
                .figure(model.counts[.pending] ?? 0, "待发送"),
                .figure(model.counts[.failed] ?? 0, "失败")),
            .toolbar(
                .buttonLink("全部", to: .deliveryLog(p.id, status: nil), secondary: model.status != nil),
                .forEach(Delivery.Status.allCases) { status in
                    .buttonLink(status.chineseName, to: .deliveryLog(p.id, status: status.rawValue), secondary: model.status != status)
                },
                .buttonLink("消息提醒设置", to: .notificationSettings(notice: nil), secondary: true)
            ),
            model.rows.isEmpty ? .p(.class("empty"), .text("还没有发送记录。")) : .table(.class("stack"),
                .thead(.tr(.th("时间"), .th("发给"), .th("方式"), .th("消息"), .th("状态"), .th("尝试次数"), .th("错误原因"))),
                .tbody(.forEach(model.rows) { row in
                    let d = row.delivery
                    return .tr(
                        .cell("时间", text: Display.dateTime(d.sentAt ?? d.createdAt)),
                        // A robot is named by its person or group (its address holds the group's key); an email by its address.
                        .cell("发给", text: d.channel == .email ? "\(d.recipientLabel)（\(d.target)）" : d.recipientLabel),
                        .cell("方式", text: d.channel.chineseName),
                        .cell("消息", text: row.notification.title),
                        .cell("状态", .span(.class(attr(d.status == .sent ? "verdict met" : d.status == .failed ? "verdict not_met" : "verdict warn")),
                                          .text(d.status.chineseName)),
                              .if(d.status == .pending && d.attempts > 0, .span(.class("muted"), .text(" 下次 \(Display.dateTime(d.nextAttemptAt))")))),
                        .cell("尝试次数", numeric: true, text: "\(d.attempts)"),
                        .cell("错误原因", text: d.lastError ?? ""))
                }))
        )).render()
    }
}
