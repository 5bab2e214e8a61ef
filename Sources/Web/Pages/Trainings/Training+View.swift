import Core
import Domain
import Foundation
import Plot

/// One course: what it was, who attended by unit, its materials; the office edits it here.
struct TrainingView {
    var model: Model

    func render() -> String {
        let p = model.plan, t = model.stored.value
        let stored = TrainingForm.values(of: t)
        let values = model.values
        return Layout(title: t.title, crumbs: runningCrumbs(p, "培训", .trainings(p.id, year: t.date.year), t.title), content: .group(
            .h1(.text(t.title)),
            .flash(model.notice),
            .dl(.class("facts"),
                .dt("类别"), .dd(.text(t.kind.chineseName)), .dt("层级"), .dd(.text(t.tier.chineseName)),
                .dt("培训对象"), .dd(.text(t.audience)), .dt("举办单位"), .dd(.text(t.organiser)),
                .dt("日期"), .dd(.text(t.date.chinese)), .dt("地点"), .dd(.text(t.place)), .dt("学时"), .dd(.text("\(t.hours)")),
                .dt("参训人数"), .dd(.text("\(t.totalAttendees)")),
                .dt("材料"), .dd(.evidenceList(t.materials) { .trainingFile(plan: p.id, id: t.id, sha256: $0.sha256) })),
            .h2("各单位参训人数"),
            .table(.class("stack"),
                .thead(.tr(.th("单位"), .th("人数"))),
                .tbody(.forEach(t.attendees) { a in .tr(.cell("单位", text: a.unit), .cell("人数", numeric: true, text: "\(a.count)")) })),
            .if(model.canManage, .group(
                .problemList(model.problems),
                .element(named: "details", nodes: [.attribute(named: values == nil ? "data-closed" : "open", value: "open"),
                    .element(named: "summary", text: "修改培训记录"),
                    .form(.method(.post), .action(SiteURL.training(plan: p.id, id: t.id).path), .class("stack card wide-form"),
                          .attribute(named: "enctype", value: "multipart/form-data"),
                        .csrfField(), .revisionField(model.stored.revision),
                        TrainingForm.fields(units: model.units, today: model.today) { (values ?? stored)[$0] ?? "" },
                        .button(.type(.submit), .text("保存培训记录")))])))
        )).render()
    }
}
