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
                    .unwrap(model.setup[plan.id]) { setup in setupSteps(plan.id, setup) },
                    .p(.a(.href(SiteURL.dashboard(plan.id).path), .text("看板")), .text(" · "),
                       .a(.href(SiteURL.planUnits(plan.id).path), .text("单位"))))
            }),
            .p(.class("toolbar"), .a(.class("button"), .href(SiteURL.newImport.path), .text("新建创建方案（导入方案文件或以现有方案为模板）"))),
            .section(.class("card"),
                .h3("最近的更改"),
                model.recent.isEmpty ? .p(.class("empty"), "还没有记录。") :
                .recentChanges(model.recent, all: .auditLog(plan: nil, page: 1)))
        )).render()
    }

    /// What a new programme still needs before people can work in it: its townships and villages, and an account for
    /// every unit and township.
    private func setupSteps(_ planID: String, _ setup: Setup) -> Node<HTML.BodyContext> {
        guard !setup.isComplete else { return .p(.class("muted"), .text("已完成初始设置：区划已导入，各单位均有账号。")) }
        return .ul(.class("setup-steps"),
            .li(setup.regions > 0 ? .text("✓ 乡镇、村区划已导入（\(setup.regions) 个）")
                : .a(.href(SiteURL.regionAdmin(planID).path), .text("导入乡镇、村（社区）区划 ›"))),
            .li(setup.unitsWithoutAccounts == 0 ? .text("✓ 各单位均已开通账号")
                : .a(.href(attr(SiteURL.planUnits(planID).path + "#accounts")), .text("为 \(setup.unitsWithoutAccounts) 个单位一键开通账号 ›"))))
    }
}
