import Core
import Domain
import Foundation
import Plot

/// 培训: the year's courses by tier and kind, and which member units had people trained (every unit listed, zero too).
struct TrainingListView {
    var model: Model

    func render() -> String {
        let p = model.plan, c = model.coverage
        let covered = c.units.filter { $0.attendees > 0 }.count
        return Layout(title: "培训", crumbs: runningCrumbs(p, "培训", .trainings(p.id, year: nil), nil), content: .group(
            .h1(.text("\(model.year)年培训")),
            .flash(model.notice),
            .toolbar(.buttonLink("上一年", to: .trainings(p.id, year: model.year - 1), secondary: true),
                     .buttonLink("下一年", to: .trainings(p.id, year: model.year + 1), secondary: true)),
            .figures(
                .figure(model.trainings.count, "培训"),
                .figure(model.trainings.reduce(0) { $0 + $1.totalAttendees }, "参训人次"),
                .figure("\(model.trainings.reduce(Decimal(0)) { $0 + $1.hours })", "学时"),
                .figure("\(covered)/\(c.units.count)", "有人参训的单位")),
            .unwrap(model.sheetItem) { item in
                .p(.text("评分表 \(item.id)「\(item.title)」：\(item.scoring) \(model.year)年已开展："),
                   .text(c.kindsHeld.isEmpty ? "无" : c.kindsHeld.map(\.chineseName).joined(separator: "、")))
            },
            .if(model.canManage, addForm()),
            .h2("三级培训"),
            .table(.class("stack"),
                .thead(.tr(.th("层级"), .th("培训次数"), .th("参训人次"), .th("学时"))),
                .tbody(.forEach(c.tiers) { t in
                    .tr(.cell("层级", text: t.tier.chineseName), .cell("培训次数", numeric: true, text: "\(t.courses)"),
                        .cell("参训人次", numeric: true, text: "\(t.attendees)"), .cell("学时", numeric: true, text: "\(t.hours)"))
                })),
            .h2("各单位参训情况"),
            .p(.class("muted"), .text("列出全部成员单位；全员培训一栏为 0 的单位还没有人参加全员培训。")),
            .table(.class("stack"),
                .thead(.tr(.th("单位"), .th("参加培训（次）"), .th("参训人次"), .th("全员培训人次"))),
                .tbody(.forEach(c.units) { u in
                    .tr(.cell("单位", text: u.unit), .cell("参加培训（次）", numeric: true, text: "\(u.courses)"),
                        .cell("参训人次", numeric: true, u.attendees == 0 ? .span(.class("verdict not_met"), .text("0")) : .text("\(u.attendees)")),
                        .cell("全员培训人次", numeric: true,
                              u.allStaffAttendees == 0 ? .span(.class("verdict not_met"), .text("0")) : .text("\(u.allStaffAttendees)")))
                })),
            .h2("培训记录"),
            model.trainings.isEmpty ? .p(.class("empty"), .text("这一年还没有培训记录。")) : .table(.class("stack"),
                .thead(.tr(.th("日期"), .th("层级"), .th("类别"), .th("名称"), .th("举办单位"), .th("学时"), .th("参训人数"), .th("材料"))),
                .tbody(.forEach(model.trainings) { t in
                    .tr(.cell("日期", text: t.date.chinese), .cell("层级", text: t.tier.chineseName), .cell("类别", text: t.kind.chineseName),
                        .cell("名称", .a(.href(SiteURL.training(plan: p.id, id: t.id).path), .text(t.title))),
                        .cell("举办单位", text: t.organiser), .cell("学时", numeric: true, text: "\(t.hours)"),
                        .cell("参训人数", numeric: true, text: "\(t.totalAttendees)"),
                        .cell("材料", .evidenceList(t.materials) { .trainingFile(plan: p.id, id: t.id, sha256: $0.sha256) }))
                }))
        )).render()
    }

    private func addForm() -> Node<HTML.BodyContext> {
        let values = model.values
        return .group(
            .problemList(model.problems),
            .element(named: "details", nodes: [.attribute(named: model.problems.isEmpty ? "data-closed" : "open", value: "open"),
                .element(named: "summary", text: "登记培训"),
                .form(.method(.post), .action(SiteURL.trainings(model.plan.id, year: nil).path), .class("stack card wide-form"),
                      .attribute(named: "enctype", value: "multipart/form-data"),
                    .csrfField(),
                    TrainingForm.fields(units: model.units, today: model.today) { values[$0] ?? "" },
                    .button(.type(.submit), .text("登记培训")))]))
    }
}
