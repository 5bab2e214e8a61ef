import Domain
import Foundation
import Plot

/// 审核: the figures units submitted, approved (and locked) or returned with a reason, several at once.
struct IndicatorReviewView {
    var model: Model

    func render() -> String {
        let p = model.programme
        return Layout(title: "审核指标数据", crumbs: indicatorCrumbs(p, "审核"), content: .group(
            .h1("审核指标数据"),
            .p(.class("sub"), .text("各单位提交的数据；审核通过后锁定，退回时写明原因。")),
            .unwrap(model.notice) { .notice($0) },
            model.observations.isEmpty ? .p(.class("empty"), .text("没有待审核的数据。")) :
            .form(.method(.post), .action(SiteURL.indicatorReview(p.plan.id).path), .class("wide-form"),
                .csrfField(),
                .table(.class("stack"),
                    .thead(.tr(.th("选择"), .th("指标"), .th("地区"), .th("期间"), .th("数值"), .th("来源单位"), .th("提示"), .th("提交人"))),
                    .tbody(.forEach(model.observations) { o in
                        let indicator = p.indicators.indicator(code: o.indicator)
                        return .tr(
                            .td(.input(.type(.checkbox), .name("ids[]"), .value(attr(o.id.uuidString)), .attribute(named: "aria-label", value: "选择"))),
                            .td(.a(.href(SiteURL.observation(plan: p.plan.id, id: o.id).path), .text("\(o.indicator) \(indicator?.name ?? "")"))),
                            .td(.text(p.regionName(o.regionID))),
                            .td(.text(o.period.chineseName)),
                            .td(.class("num"), .text(indicator?.format(o.value) ?? NumberText.format(o.value))),
                            .td(.text(o.sourceUnit ?? "")),
                            .td(.forEach(o.warnings) { .div(.text("⚠ \($0)")) }),
                            .td(.text(o.updatedBy)))
                    })),
                .label(.text("说明（退回时必填）"), .input(.type(.text), .name("note"))),
                .toolbar(printed: true,
                    .button(.type(.submit), .name("action"), .value("approve"), .text("审核通过")),
                    .button(.type(.submit), .name("action"), .value("return"), .class("danger"), .text("退回修改"))))
        )).render()
    }
}
