import Domain
import Foundation
import Plot

/// The administrator's home: every programme, and what needs an administrator's eye.
struct AdminHomeView {
    var model: Model

    func render() -> String {
        Layout(title: "系统管理", content: .group(
            .h1("系统管理"),
            .figures(
                .figure(model.plans.count, "创建方案"),
                .figure(model.accounts, "账号"),
                .figure(model.activeTokens, "有效接口令牌")),
            .div(.class("cards"), .forEach(model.plans) { plan in
                .article(.class("card"),
                    .h3(.a(.href(SiteURL.plan(plan.id).path), .text(plan.title))),
                    .p(.span(.class("tag"), .text(plan.programme.chineseName)), .span(.class("tag"), .text(plan.place.name))),
                    .p(.a(.href(SiteURL.dashboard(plan.id).path), .text("看板")), .text(" · "),
                       .a(.href(SiteURL.planUnits(plan.id).path), .text("单位"))))
            }),
            .section(.class("card"),
                .h3("最近的更改"),
                model.recent.isEmpty ? .p(.class("empty"), "还没有记录。") :
                .recentChanges(model.recent, all: .auditLog(plan: nil, page: 1)))
        )).render()
    }
}
