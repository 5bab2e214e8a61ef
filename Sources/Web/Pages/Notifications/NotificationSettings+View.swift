import Domain
import Foundation
import Plot

extension NotificationSettingsView {
    func render() -> String {
        Layout(title: "消息提醒设置", crumbs: [.init(title: "消息", url: .notifications(notice: nil)), .init(title: "消息提醒设置", url: nil)],
               content: .group(
            .h1("消息提醒设置"),
            .flash(model.notice),
            .p(.class("muted"), .text(ReminderPlanner.describe(model.policy))),
            .h2("我的提醒方式"),
            personalForm(),
            .if(!model.groups.isEmpty, .group(
                .h2("工作群机器人"),
                .p(.class("muted"), .text("在企业微信、钉钉或飞书的群设置里添加“群机器人”，复制它的网址填在这里（钉钉、飞书如开启了“加签”，把密钥一并填上）。单位的群收到本单位的到期提醒，创建办的群收到逾期督办。")),
                .unwrap(model.planID) { .p(.a(.href(SiteURL.deliveryLog($0, status: nil).path), .text("查看发送记录"))) },
                .div(.class("cards"), .forEach(model.groups) { group in groupForm(group) })
            ))
        )).render()
    }

    private func values(for form: String, _ settings: ChannelSettings) -> [String: String] {
        if let refusal = model.refusal, refusal.form == form { return refusal.values }
        var values = ["email": settings.email ?? ""]
        for robot in settings.robots {
            values[robot.channel.rawValue] = robot.url
            values["\(robot.channel.rawValue)Secret"] = robot.secret ?? ""
        }
        return values
    }

    private func problems(for form: String) -> Node<HTML.BodyContext> {
        guard let refusal = model.refusal, refusal.form == form else { return .empty }
        return .problemList(refusal.problems)
    }

    private func personalForm() -> Node<HTML.BodyContext> {
        let values = values(for: "", model.personal)
        return .group(
            problems(for: ""),
            .form(.method(.post), .action(SiteURL.saveNotificationSettings.path), .class("stack"),
                .csrfField(), .revisionField(model.personal.revision),
                .label(.text("电子邮箱（留空则不发邮件）"),
                       .input(.type(.email), .name("email"), .value(attr(values["email"] ?? "")),
                              .attribute(named: "autocomplete", value: "email"))),
                .if(!model.mailConfigured, .p(.class("muted"), .text("本平台尚未配置发信服务器，邮件暂时发不出（发送记录中会写明原因）。"))),
                robotFields(values),
                .button(.type(.submit), .text("保存我的提醒方式"))
            )
        )
    }

    private func robotFields(_ values: [String: String]) -> Node<HTML.FormContext> {
        .group(.forEach(DeliveryChannel.robots) { channel in
            .group(
                .label(.text("\(channel.chineseName)地址"),
                       .input(.type(.url), .name(attr(channel.rawValue)), .value(attr(values[channel.rawValue] ?? "")),
                              .attribute(named: "inputmode", value: "url"),
                              .attribute(named: "placeholder", value: "从群机器人详情中复制网址"))),
                .if(channel != .wecom, .label(.text("\(channel.chineseName)签名密钥（开启加签时填写）"),
                       .input(.type(.text), .name(attr("\(channel.rawValue)Secret")), .value(attr(values["\(channel.rawValue)Secret"] ?? "")),
                              .attribute(named: "autocomplete", value: "off"))))
            )
        })
    }

    private func groupForm(_ group: Group) -> Node<HTML.BodyContext> {
        let key = group.unit ?? "programme"
        let values = values(for: key, group.settings)
        let configured = group.settings.robots.map(\.channel.chineseName)
        return .div(.class("card"),
            .h3(.text(group.unit.map { "\($0)工作群" } ?? "创建办工作群（接收逾期督办）")),
            .p(.class("muted"), .text(configured.isEmpty ? "未设置群机器人" : "已设置：" + configured.joined(separator: "、"))),
            problems(for: key),
            .unwrap(model.planID) { plan in
                .form(.method(.post), .action(SiteURL.saveGroupNotificationSettings(plan).path), .class("stack"),
                    .csrfField(), .revisionField(group.settings.revision),
                    .input(.type(.hidden), .name("group"), .value(attr(key))),
                    robotFields(values),
                    .button(.type(.submit), .class("secondary"), .text("保存")))
            })
    }
}
