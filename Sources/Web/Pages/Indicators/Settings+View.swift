import Domain
import Foundation
import Plot

/// 指标设置: baseline and end years, the jump that asks for a check, each indicator's source unit and weight.
struct IndicatorSettingsView {
    var model: Model

    func render() -> String {
        let p = model.programme
        let s = model.typed ?? p.indicators.settings
        let units = p.plan.units.filter { $0.kind != .group }.map(\.name)
        return Layout(title: "指标设置", crumbs: indicatorCrumbs(p, "设置"), content: .group(
            .h1("指标设置"),
            .unwrap(model.problem) { .notice($0, .error) },
            .unwrap(model.notice) { .notice($0) },
            .form(.method(.post), .action(SiteURL.indicatorSettings(p.plan.id).path), .class("wide-form"),
                .csrfField(),
                // The settings as this page showed them: a save over someone else's later one is refused.
                .input(.type(.hidden), .name("fingerprint"), .value(attr(EditConflict.fingerprint(p.indicators.settings)))),
                .div(.class("card stack"),
                    .label(.text("基线年（建设之初，「较基线年」的目标与之比较；留空按方案首年 \(p.indicators.baselineYear.map(String.init) ?? "—")）"),
                           .input(.type(.text), .name("baselineYear"), .value(attr(s.baselineYear.map(String.init) ?? "")))),
                    .label(.text("评价截止年（留空按方案最后阶段或目标期限）"), .input(.type(.text), .name("endYear"), .value(attr(s.endYear.map(String.init) ?? "")))),
                    .label(.text("与上年相比变化超过多少（%）时提示核实"),
                           .input(.type(.text), .name("jumpThreshold"), .value(attr(NumberText.format(s.validation.jumpThreshold * 100)))))),
                .table(.class("stack"),
                    .thead(.tr(.th("指标"), .th("数据来源单位"), .th("专家权重（综合指数）"))),
                    .tbody(.forEach(p.indicators.indicators) { i in
                        .tr(.td(.text(i.name), .knownCode(i.code)),
                            .td(.select(.attribute(named: "name", value: attr("source.\(i.code)")), .attribute(named: "aria-label", value: attr("\(i.name) 数据来源单位")),
                                .choice("", "未指定", selected: p.indicators.sourceUnits[i.code] == nil),
                                .forEach(units) { .choice($0, $0, selected: p.indicators.sourceUnits[i.code] == $0) })),
                            .td(weightInput(i, s)))
                    })),
                .button(.type(.submit), .text("保存设置")))
        )).render()
    }
}

extension IndicatorSettingsView {
    private func weightInput(_ i: Indicator, _ s: ProgrammeSettings) -> Node<HTML.BodyContext> {
        let value = s.expertWeights[i.code].map { NumberText.format($0) } ?? ""
        return .input(.type(.text), .name(attr("weight.\(i.code)")), .value(attr(value)), .attribute(named: "placeholder", value: "1"),
                      .attribute(named: "aria-label", value: attr("\(i.name) 专家权重")))
    }
}
