import Core
import Domain
import Foundation
import Plot

/// The sign-in sheet for the accounts just opened: one row per unit with its username and temporary password, to
/// print and hand out at the kick-off meeting. The passwords are shown only here.
struct SignInSheetView {
    var model: Model

    func render() -> String {
        let plan = model.plan
        return Layout(title: "账号开通单", crumbs: [.init(title: plan.title, url: .plan(plan.id)),
                                                   .init(title: "单位", url: .planUnits(plan.id)), .init(title: "账号开通单", url: nil)],
                      content: .group(
            .h1("账号开通单"),
            .p(.class("sub"), .text("\(plan.title) · \(model.issuedOn.chinese) · 共 \(model.opened.count) 个账号")),
            .notice("初始密码只在本页显示一次，请立即打印或保存后分发；首次登录须修改密码。", .warn, role: .alert),
            .toolbar(.button(.type(.button), .attribute(named: "data-print", value: "1"), .text("打印（A4）"))),
            .p(.text("登录地址：\(model.signInAddress)")),
            .table(.class("stack sign-in-sheet"),
                .thead(.tr(.th("单位"), .th("角色"), .th("用户名"), .th("初始密码"))),
                .tbody(.forEach(model.opened) { row in
                    .tr(.cell("单位", text: row.unit), .cell("角色", text: row.account.role.chineseName),
                        .cell("用户名", .code(.text(row.account.username))), .cell("初始密码", .code(.text(row.temporaryPassword))))
                })),
            .p(.class("no-print"), .a(.href(SiteURL.planUnits(plan.id).path), .text("返回单位列表 ›")))
        )).render()
    }
}
