import Domain
import Foundation
import Plot

/// 数据录入: the indicators a unit supplies, for one region and period, with value or numerator and
/// denominator, a note and an evidence file each — in sections by category, each its own form with its own
/// buttons, so a long list is saved a part at a time and the buttons are never 16,000 px away.
struct IndicatorEntryView {
    var model: Model

    func render() -> String {
        let p = model.programme
        let id = p.plan.id
        let periods = Array(p.indicators.dataYears).reversed().map { Period.year($0) }
        let sections = model.sections
        return Layout(title: "录入指标数据", crumbs: indicatorCrumbs(p, "录入数据"), content: .group(
            .h1("录入指标数据"),
            .p(.class("sub"), .text("\(model.unit ?? "全部单位") · \(model.region.name) · \(model.period.chineseName)")),
            .form(.method(.get), .action(SiteURL.indicatorEntry(id, unit: nil, period: nil, region: nil).path), .class("toolbar"),
                .if(model.isOffice, .label(.text("单位 "), .select(.attribute(named: "name", value: "unit"), .choice("", "全部指标", selected: model.unit == nil),
                    .options(model.units, selected: model.unit)))),
                .label(.text("地区 "), .select(.attribute(named: "name", value: "region"),
                    .options(model.regions, selected: model.region, value: { $0.id.uuidString.lowercased() }, label: \.name))),
                .label(.text("期间 "), .select(.attribute(named: "name", value: "period"),
                    .options(periods, selected: model.period, value: \.description, label: \.chineseName))),
                .button(.type(.submit), .class("secondary"), .text("切换"))),
            // The outcome of a section's save is shown in that section; anything else at the top.
            .if(!sections.contains { $0.key == model.section }, .group(.unwrap(model.problem) { .notice($0, .error) }, .unwrap(model.notice) { .notice($0) })),
            .if(!model.fromRegister.isEmpty, .p(.class("muted"), .text(
                "无需填报，由健康细胞登记册或健康活动记录统计：" + model.fromRegister.map(\.name).joined(separator: "、")))),
            model.indicators.isEmpty ? .p(.class("empty"), .text("本单位没有需要报送的指标。数据来源单位在「指标设置」中指定。")) : .group(
                .p(.class("muted"), .text("按类别分为 \(sections.count) 部分，每部分单独保存，保存一部分不影响其他部分。比率类指标可只填分子和分母，数值自动计算。已审核的数据锁定，需创建办解锁后才能修改。")),
                .if(sections.count > 1, .nav(.class("toc entry-toc"), .attribute(named: "aria-label", value: "各部分"),
                    .forEach(sections) { s in .a(.href(attr("#\(s.anchor)")), .text("\(s.title)（\(filled(s))/\(s.indicators.count)）")) })),
                .forEach(sections) { section($0) },
                .details(.summary("录入时检查的规则"), .ul(.forEach(ValidationRules.descriptions) { .li(.text($0)) })))
        )).render()
    }

    /// How many of a section's indicators already have a figure for this region and period.
    private func filled(_ section: Section) -> Int { section.indicators.filter { model.stored[$0.code] != nil }.count }

    private func section(_ section: Section) -> Node<HTML.BodyContext> {
        let id = model.programme.plan.id
        let current = model.section == section.key
        return .section(.class("card entry-section"), .id(attr(section.anchor)),
            .h2(.text(section.title), .span(.class("small muted"), .text(" 已有数据 \(filled(section)) / \(section.indicators.count) 项"))),
            .if(current, .group(.unwrap(model.problem) { .notice($0, .error) }, .unwrap(model.notice) { .notice($0) })),
            // The fragment brings the browser back to this section after saving.
            .form(.method(.post), .action(attr(SiteURL.indicatorEntry(id, unit: nil, period: nil, region: nil).path + "#\(section.anchor)")),
                  .attribute(named: "enctype", value: "multipart/form-data"), .class("wide-form"),
                  .attribute(named: "data-entry-section", value: attr(section.title)),
                .csrfField(),
                .input(.type(.hidden), .name("unit"), .value(attr(model.unit ?? ""))),
                .input(.type(.hidden), .name("period"), .value(attr(model.period.description))),
                .input(.type(.hidden), .name("region"), .value(attr(model.region.id.uuidString.lowercased()))),
                .input(.type(.hidden), .name("section"), .value(attr(section.key))),
                .table(.class("entry stack"),
                    .thead(.tr(.th("指标"), .th("已有数据"), .th("数值"), .th("分子"), .th("分母"), .th("说明"), .th("佐证附件"))),
                    .tbody(.forEach(section.indicators) { row($0) })),
                .toolbar(printed: true,
                    .button(.type(.submit), .name("action"), .value("save"), .class("secondary"), .text("保存本部分草稿")),
                    .button(.type(.submit), .name("action"), .value("submit"), .text("提交本部分审核")),
                    .if(model.isOffice, .button(.type(.submit), .name("action"), .value("approve"), .class("secondary"), .text("保存并审核通过"))))))
    }

    private func input(_ name: String, _ code: String, disabled: Bool, label: String) -> Node<HTML.BodyContext> {
        .input(.type(.text), .name(attr("\(name).\(code)")), .value(attr(model.typed["\(name).\(code)"] ?? "")),
               .attribute(named: "inputmode", value: attr(name == "note" ? "text" : "decimal")),
               .attribute(named: "aria-label", value: attr(label)), disabled ? .attribute(named: "disabled", value: "disabled") : .empty)
    }

    private func row(_ indicator: Indicator) -> Node<HTML.TableContext> {
        let stored = model.stored[indicator.code]
        let locked = stored?.state == .approved
        let code = indicator.code
        let name = indicator.name
        return .tr(
            .cell("指标", .b(.text(name)), .text(" "), .span(.class("code"), .text(code)),
                .span(.class("muted"), .text(indicator.unit.isEmpty ? "" : "（\(indicator.unit)）")),
                .unwrap(model.errors[code]) { .div(.class("field-error"), .text($0)) }),
            .cell("已有数据", .unwrap(stored, { o in
                .group(.a(.href(SiteURL.observation(plan: model.programme.plan.id, id: o.id).path), .text(indicator.format(o.value))),
                       .text(" "), .reviewState(o.state),
                       .forEach(o.warnings) { .div(.class("muted"), .text("⚠ \($0)")) })
            }, else: .text("—"))),
            .cell("数值", input("value", code, disabled: locked, label: "\(name) 数值"),
                // The figure's revision as shown: a value saved over someone else's later one is refused.
                .input(.type(.hidden), .name(attr("revision.\(code)")), .value(String(stored?.revision ?? 0)))),
            .cell("分子", indicator.kind == .rate ? input("numerator", code, disabled: locked, label: "\(name) 分子") : .text("")),
            .cell("分母", indicator.kind == .rate ? input("denominator", code, disabled: locked, label: "\(name) 分母") : .text("")),
            .cell("说明", input("note", code, disabled: locked, label: "\(name) 说明")),
            .cell("附件", locked ? .text("已锁定") : attachment(code, name)))
    }

    /// The file box; a file chosen before a refused save is kept on the server and named here, so it is not lost.
    private func attachment(_ code: String, _ name: String) -> Node<HTML.BodyContext> {
        .group(
            .input(.type(.file), .name(attr("evidence.\(code)")), .attribute(named: "aria-label", value: attr("\(name) 佐证附件"))),
            .unwrap(model.keptFiles[code]) { kept in .group(
                .input(.type(.hidden), .name(attr("kept.\(code)")), .value(attr(kept.token))),
                .p(.class("small kept-file"), .text("已选文件：\(kept.fileName)（保留）")))
            })
    }
}
