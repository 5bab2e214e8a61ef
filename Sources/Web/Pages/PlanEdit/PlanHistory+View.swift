import Domain
import Foundation
import Plot

/// Every revision of the plan with who, when and why; any two compared item by item; an earlier one restored.
struct PlanHistoryView {
    var model: Model

    func render() -> String {
        let p = model.plan
        let newest = model.revisions.last?.revision
        return Layout(title: "方案历史版本", crumbs: [.init(title: p.title, url: .plan(p.id)), .init(title: "历史版本", url: nil)], content: .group(
            .h1("方案历史版本"),
            .flash(model.notice),
            model.revisions.isEmpty ? .p(.class("empty"), .text("方案自导入以来没有调整过。")) : .group(
                .table(.class("stack"),
                    .thead(.tr(.th("版本"), .th("时间"), .th("修改人"), .th("原因"), .th(""))),
                    .tbody(.forEach(model.revisions.reversed()) { r in
                        .tr(.cell("版本", text: "第 \(r.revision) 版" + (r.revision == newest ? "（当前）" : "")),
                            .cell("时间", text: EditConflict.chinaTime(r.at)),
                            .cell("修改人", text: r.by),
                            .cell("原因", text: r.why),
                            .cell("", .if(r.revision > 1, .a(.href(SiteURL.planHistory(p.id, from: r.revision - 1, to: r.revision).path),
                                                             .text("查看改动"))),
                                  .if(model.canRestore && r.revision != newest, restoreForm(r.revision, newest: newest ?? 0))))
                    })),
                compareForm(),
                .unwrap(model.comparison.map { $0 }) { c in
                    .section(.class("card"), .h2(.text("第 \(c.from) 版 → 第 \(c.to) 版")), .planDiff(c.diff))
                })
        )).render()
    }

    private func restoreForm(_ revision: Int, newest: Int) -> Node<HTML.BodyContext> {
        .form(.method(.post), .action(SiteURL.restorePlanRevision(plan: model.plan.id, revision: revision).path), .class("inline"),
              .attribute(named: "data-confirm", value: attr("恢复为第 \(revision) 版？当前版本仍保留在历史中；该版没有、但已有数据的项目将归档。")),
              .csrfField(), .revisionField(newest),
              .button(.type(.submit), .text("恢复此版")))
    }

    private func compareForm() -> Node<HTML.BodyContext> {
        let numbers = model.revisions.map(\.revision)
        return .form(.method(.get), .action(SiteURL.planHistory(model.plan.id, from: nil, to: nil).path), .class("toolbar"),
            .label(.text("比较第"), .select(.attribute(named: "name", value: "from"),
                                         .forEach(numbers) { .choice(String($0), String($0), selected: $0 == model.comparison?.from) })),
            .label(.text("版与第"), .select(.attribute(named: "name", value: "to"),
                                         .forEach(numbers) { .choice(String($0), String($0), selected: $0 == model.comparison?.to) })),
            .text("版"),
            .button(.type(.submit), .text("比较")))
    }
}
