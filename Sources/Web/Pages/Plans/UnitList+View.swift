import Domain
import Plot

/// Every unit of a programme with the number of tasks it carries.
struct UnitListView {
    var model: Model

    func render() -> String {
        let plan = model.plan
        return Layout(title: "单位与任务", crumbs: [.init(title: "创建方案", url: .planList),
                                                 .init(title: plan.title, url: .plan(plan.id)),
                                                 .init(title: "单位", url: nil)],
                      content: .group(
            .h1("单位与任务"),
            .p(.class("sub"), .text("\(plan.title)：共 \(model.rows.count) 个单位（含统称）。点击单位查看其任务分解表。")),
            .flash(model.notice),
            .if(!model.withoutAccounts.isEmpty, .section(.class("card"), .id("accounts"),
                .h3(.text("\(model.withoutAccounts.count) 个单位尚无账号")),
                .p(.class("units"), .forEach(model.withoutAccounts) { .span(.text($0)) }),
                .if(model.canOpenAccounts, .form(.method(.post), .action(SiteURL.openUnitAccounts(plan.id).path),
                    .csrfField(),
                    .p(.class("muted"), .text("为以上每个单位开通一个账号（乡镇为乡镇专干，其余为联络员），生成账号开通单供打印分发。")),
                    .button(.type(.submit), .text("一键开通账号并打印开通单")))))),
            .table(.class("stack"),
                .thead(.tr(.th("单位"), .th("类型"), .th("成员单位"), .th("任务数"), .th("联络员"))),
                .tbody(.forEach(model.rows) { row in
                    .tr(.cell("单位",
                            .a(.href(SiteURL.unit(plan: plan.id, name: row.unit.name).path), .text(row.unit.name)),
                            .if(!row.unit.aliases.isEmpty, .span(.class("muted"), .text("（又称 \(row.unit.aliases.joined(separator: "、"))）")))),
                        .cell("类型", text: row.unit.kind.chineseName),
                        .cell("成员单位", text: row.member ? "是" : ""),
                        .cell("任务数", numeric: true, text: "\(row.tasks)"),
                        .cell("联络员", text: model.contacts[row.unit.name].map { [$0.liaison, $0.phone].filter { !$0.isEmpty }.joined(separator: " ") } ?? ""))
                })
            )
        )).render()
    }
}
