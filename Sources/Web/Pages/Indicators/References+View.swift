import Domain
import Foundation
import Plot

/// 参考值: national, provincial, city and county values the targets compare with.
struct ReferenceValuesView {
    var model: Model

    func render() -> String {
        let p = model.programme
        let typed = model.typed
        let targeted = Set(p.indicators.targets.map(\.indicator))
        let choices = p.indicators.indicators.filter { targeted.contains($0.code) } + p.indicators.indicators.filter { !targeted.contains($0.code) }
        return Layout(title: "参考值", crumbs: indicatorCrumbs(p, "参考值"), content: .group(
            .h1("参考值"),
            .p(.class("sub"), .text("与全国、全省、全市、全县水平比较的目标（如「高于全省水平」）使用这里的数值。全国数值随平台提供（来源见各行），本方案可录入同年份的数值覆盖。")),
            .unwrap(model.problem) { .notice($0, .error) },
            .table(.class("stack"),
                .thead(.tr(.th("指标"), .th("层级"), .th("年份"), .th("数值"), .th("来源"), .if(model.canManage, .th("")))),
                .tbody(.forEach(model.references) { r in
                    let indicator = p.indicators.indicator(code: r.indicator)
                    return .tr(.td(.text(indicator?.name ?? "（已删除的指标）"), .knownCode(r.indicator)), .td(.text(r.kind.chineseName)), .td(.text("\(r.year)")),
                        .td(.class("num"), .text(indicator?.format(r.value) ?? NumberText.format(r.value))), .td(.text(r.source ?? "")),
                        .if(model.canManage, .td(.form(.method(.post), .action(SiteURL.indicatorReferences(p.plan.id).path), .class("inline"),
                            .csrfField(), .input(.type(.hidden), .name("delete"), .value("1")),
                            .input(.type(.hidden), .name("indicator"), .value(attr(r.indicator))),
                            .input(.type(.hidden), .name("kind"), .value(attr(r.kind.rawValue))),
                            .input(.type(.hidden), .name("year"), .value(attr("\(r.year)"))),
                            .button(.type(.submit), .class("link"), .text("删除"))))))
                })),
            .if(model.canManage, .form(.method(.post), .action(SiteURL.indicatorReferences(p.plan.id).path), .class("stack card"),
                .csrfField(),
                .h3("录入参考值"),
                .label(.text("指标"), .select(.attribute(named: "name", value: "indicator"),
                    .options(choices.map(\.code), selected: typed.optional("indicator"), value: { $0 },
                             label: { code in indicatorLabel(code, p.indicators.indicator(code: code)?.name) }))),
                .label(.text("层级"), .select(.attribute(named: "name", value: "kind"),
                    .options(TargetExpression.ReferenceKind.allCases, selected: typed.optional("kind").flatMap(TargetExpression.ReferenceKind.init(rawValue:)),
                             value: \.rawValue, label: \.chineseName))),
                .label(.text("年份"), .input(.type(.text), .name("year"), .value(attr(typed.text("year"))), .attribute(named: "inputmode", value: "numeric"), .required(true))),
                .label(.text("数值（按指标单位）"), .input(.type(.text), .name("value"), .value(attr(typed.text("value"))), .attribute(named: "inputmode", value: "decimal"), .required(true))),
                .label(.text("来源（公报、年鉴）"), .input(.type(.text), .name("source"), .value(attr(typed.text("source"))))),
                .button(.type(.submit), .text("保存"))))
        )).render()
    }
}
