import Core
import Domain
import Foundation
import Plot

struct PolicyListView {
    var model: Model

    func render() -> String {
        let p = model.plan
        let units = UnitDirectory(p).reportingUnits.filter { $0.kind != .group }.map(\.name)
        func value(_ key: String) -> String { model.values[key] ?? "" }
        return Layout(title: "健康影响评价", crumbs: runningCrumbs(p, "健康影响评价", .policies(p.id), nil), content: .group(
            .h1("公共政策健康影响评价"),
            .p(.class("sub"), .text("登记 → 筛选 → 分析评估 → 报告与建议 → 采纳反馈 → 备案 → 监测评价；起草部门登记并反馈采纳情况，评估专家筛选和评估，健评办备案。")),
            .problemList(model.problems, heading: "未登记，请更正："),
            .if(model.canRegister, .form(.method(.post), .action(SiteURL.policies(p.id).path), .class("stack card wide-form"),
                .csrfField(),
                .label(.text("政策（项目）名称"), .input(.type(.text), .name("title"), .required(true), .value(attr(value("title"))))),
                .label(.text("类型"), .select(.attribute(named: "name", value: "kind"),
                    .forEach(PolicyKind.allCases) { k in .choice(k.rawValue, k.chineseName, selected: value("kind") == k.rawValue) })),
                model.ownUnit.map { unit in .p(.text("起草部门：\(unit)")) }
                    ?? .label(.text("起草部门"), .select(.attribute(named: "name", value: "draftingUnit"),
                        .forEach(units) { u in .choice(u, u, selected: value("draftingUnit") == u) })),
                .label(.text("登记日期"), .input(.type(.date), .name("registeredOn"), .value(attr(value("registeredOn").isEmpty ? model.today.iso : value("registeredOn"))))),
                .button(.type(.submit), .text("登记政策")))),
            model.inventory.units.isEmpty ? .p(.class("empty"), .text("还没有登记的政策。")) : .forEach(model.inventory.units) { unit in
                .group(.h2(.text("\(unit.unit)（\(unit.reviews.count) 项）")),
                       .table(.class("stack"),
                           .thead(.tr(.th("政策"), .th("类型"), .th("登记"), .th("阶段"), .th("建议采纳率"))),
                           .tbody(.forEach(unit.reviews) { r in
                               .tr(.td(.a(.href(SiteURL.policy(plan: p.id, id: r.id).path), .text(r.title))), .td(.text(r.kind.chineseName)),
                                   .td(.text(r.registeredOn.chinese)), .td(.span(.class("tag"), .text(r.stage.chineseName))),
                                   .td(.class("num"), .text(r.adoptionRate.map { String(format: "%.0f%%", $0 * 100) } ?? "—")))
                           })))
            }
        )).render()
    }
}
