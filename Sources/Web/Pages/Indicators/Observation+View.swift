import Domain
import Foundation
import Plot

/// One figure: its value and evidence, the actions its state allows, and every revision.
struct ObservationView {
    var model: Model

    func render() -> String {
        let p = model.programme
        let o = model.observation
        let indicator = p.indicators.indicator(code: o.indicator)
        let format: (Double) -> String = { indicator?.format($0) ?? NumberText.format($0) }
        return Layout(title: "\(o.indicator) \(o.period.chineseName)", crumbs: indicatorCrumbs(p, "\(o.indicator) \(o.period.chineseName)"), content: .group(
            .h1(.text("\(o.indicator) \(indicator?.name ?? "") · \(model.region?.name ?? "") · \(o.period.chineseName)")),
            .unwrap(model.notice) { .notice($0) },
            .dl(.class("facts card"),
                .dt("数值"), .dd(.b(.text(format(o.value)))),
                .dt("分子 / 分母"), .dd(.text(o.numerator.map { "\(NumberText.format($0)) / \(o.denominator.map { NumberText.format($0) } ?? "—")" } ?? "—")),
                .dt("状态"), .dd(.reviewState(o.state)),
                .dt("来源单位"), .dd(.text(o.sourceUnit ?? "—")),
                .dt("说明"), .dd(.text(o.note ?? "—")),
                .dt("佐证附件"), .dd(.unwrap(o.evidence, { e in
                    .a(.href(SiteURL.observationEvidence(plan: p.plan.id, id: o.id).path), .text("\(e.fileName)（\(NumberText.format(Double(e.size) / 1024, decimals: 1)) KB）"))
                }, else: .text("—"))),
                .dt("提示"), .dd(.text(o.warnings.isEmpty ? "—" : o.warnings.joined(separator: "；"))),
                .dt("最后修改"), .dd(.text("\(o.updatedBy) · 第 \(o.revision) 版"))),
            .div(.class("cards no-print"),
                .if(model.canSubmit && ReviewWorkflow.allows(from: o.state, to: .submitted, asOffice: model.canManage), action("submit", "提交审核")),
                .if(model.canManage && ReviewWorkflow.allows(from: o.state, to: .approved, asOffice: true), action("approve", "审核通过")),
                .if(model.canManage && o.state == .submitted, action("return", "退回修改", asksReason: true)),
                .if(model.canManage && o.state == .approved, action("reopen", "解锁（退回修改）", asksReason: true))),
            .h2("修改记录"),
            .table(.class("stack"),
                .thead(.tr(.th("版本"), .th("操作"), .th("数值"), .th("状态"), .th("说明"), .th("操作人"), .th("时间"))),
                .tbody(.forEach(model.history) { r in
                    .tr(.td(.text("\(r.revision)")), .td(.text(r.action.chineseName)), .td(.class("num"), .text(format(r.value))),
                        .td(.reviewState(r.state)), .td(.text(r.note ?? "")), .td(.text(r.actor)),
                        .td(.text(Display.dateTime(r.at))))
                }))
        )).render()
    }

    /// One action on the figure as its own small form; the ones that send it back ask why (and look dangerous).
    private func action(_ action: String, _ label: String, asksReason: Bool = false) -> Node<HTML.BodyContext> {
        .form(.method(.post), .action(SiteURL.observation(plan: model.programme.plan.id, id: model.observation.id).path), .class("stack card"),
            .csrfField(), .input(.type(.hidden), .name("action"), .value(attr(action))),
            .if(asksReason, .label(.text("原因"), .input(.type(.text), .name("note"), .required(true)))),
            .button(.type(.submit), asksReason ? .class("danger") : .class(""), .text(label)))
    }
}
