import Domain
import Foundation
import Plot

extension Node where Context: HTML.BodyContext {
    static func verdict(_ verdict: Verdict) -> Node {
        .span(.class(attr("verdict \(verdict.rawValue)")), .text(verdict.chineseName))
    }

    static func reviewState(_ state: ReviewState) -> Node {
        .span(.class(attr("state \(state.rawValue)")), .text(state.chineseName))
    }
}

private func crumbs(_ programme: IndicatorWorkflow.Programme, _ last: String?) -> [Layout.Crumb] {
    var crumbs: [Layout.Crumb] = [.init(title: programme.plan.title, url: .plan(programme.plan.id))]
    if let last { crumbs += [.init(title: "指标与目标", url: .indicators(programme.plan.id, year: nil)), .init(title: last, url: nil)] }
    else { crumbs.append(.init(title: "指标与目标", url: nil)) }
    return crumbs
}

/// The threshold a sparkline draws, for targets that are one plain comparison.
private func plainLevel(_ expression: TargetExpression, _ indicator: Indicator) -> Double? {
    var e = expression
    if case let .deadline(inner, _) = e { e = inner }
    guard case let .compare(.value, _, .quantity(q)) = e else { return nil }
    guard let base = q.base, let own = indicator.ratioBase else { return q.number }
    return q.number / base * own
}

// MARK: - Board

/// 指标看板: every target of the programme for one year, with value, verdict, reason and trend.
struct IndicatorBoardView {
    struct Model {
        var programme: IndicatorWorkflow.Programme
        var year: Int
        var entries: [EvaluationEntry]
        var data: EvaluationData
        var pendingReview: Int
        var canManage: Bool
        var ownUnit: String?
    }

    var model: Model

    func render() -> String {
        let p = model.programme
        let id = p.plan.id
        let counts = Dictionary(grouping: model.entries, by: \.verdict).mapValues(\.count)
        return Layout(title: "指标与目标", crumbs: crumbs(p, nil), content: .group(
            .h1("指标与目标"),
            .p(.class("sub"), .text("\(p.plan.title) · 评价年份 \(p.indicators.evaluationYears.lowerBound)–\(p.indicators.evaluationYears.upperBound) · 基线年 \(p.indicators.baselineYear.map(String.init) ?? "未设置")")),
            .form(.method(.get), .action(SiteURL.indicators(id, year: nil).path), .class("toolbar no-print"),
                .label(.text("年份 "), .select(.attribute(named: "name", value: "year"), .forEach(Array(p.indicators.evaluationYears)) { y in
                    .choice(String(y), "\(y)年", selected: y == model.year)
                })),
                .button(.type(.submit), .class("secondary"), .text("查看"))),
            .div(.class("toolbar no-print"),
                .a(.class("button"), .href(SiteURL.indicatorEntry(id, unit: model.ownUnit, period: nil, region: nil).path), .text("录入数据")),
                .if(model.canManage, .group(
                    .a(.class("button secondary"), .href(SiteURL.indicatorImport(id).path), .text("导入 CSV / xlsx")),
                    .a(.class("button secondary"), .href(SiteURL.indicatorReview(id).path), .text("审核（\(model.pendingReview) 条待审）")),
                    .a(.class("button secondary"), .href(SiteURL.indicatorSettings(id).path), .text("指标设置")))),
                .a(.class("button secondary"), .href(SiteURL.indicatorReferences(id).path), .text("参考值")),
                .a(.class("button secondary"), .href(SiteURL.compositeIndex(id, year: model.year).path), .text("综合指数")),
                .a(.class("button secondary"), .href(SiteURL.indicatorBoardXLSX(id).path), .text("导出 xlsx")),
                .a(.class("button secondary"), .href(SiteURL.apiEvaluation(id, year: model.year).path), .text("JSON"))),
            .div(.class("figures"),
                .div(.class("figure"), .b(.text("\(counts[.met] ?? 0)")), .span("达标")),
                .div(.class("figure"), .b(.text("\(counts[.notMet] ?? 0)")), .span("未达标")),
                .div(.class("figure"), .b(.text("\(counts[.noData] ?? 0)")), .span("缺数据")),
                .div(.class("figure"), .b(.text("\(p.indicators.targets.count)")), .span("可自动判定的目标"))),
            model.entries.isEmpty ? .p(.class("empty"), .text("本方案没有写成目标表达式的指标目标。")) :
            .table(.class("stack board"),
                .thead(.tr(.th("指标"), .th("目标"), .th("地区"), .th("\(model.year)年值"), .th("判定"), .th("理由"), .th("数据来源"), .th("趋势"))),
                .tbody(.forEach(model.entries) { entry in row(entry) })),
            unjudged(),
            .p(.class("muted"), .text("判定只用已提交和已审核的数据；草稿和被退回的数据不计入。目标语言见 README「指标与目标」。"))
        )).render()
    }

    private func row(_ entry: EvaluationEntry) -> Node<HTML.TableContext> {
        let p = model.programme
        let indicator = p.indicators.indicator(code: entry.indicator)
        let target = p.indicators.targets.first { $0.id == entry.targetID }
        let years = Array(p.indicators.dataYears)
        let spark = Sparkline(points: years.map { y in (y, model.data.values[entry.indicator]?[entry.regionID]?[y]) },
                              level: target.flatMap { t in indicator.flatMap { plainLevel(t.expression, $0) } })
        return .tr(.attribute(named: "data-target", value: attr(entry.targetID)),
                   .attribute(named: "data-region", value: attr(entry.regionID.uuidString)),
                   .attribute(named: "data-verdict", value: attr(entry.verdict.rawValue)),
            .td(.attribute(named: "data-label", value: "指标"),
                .a(.href(SiteURL.indicator(plan: p.plan.id, code: entry.indicator).path), .text(entry.indicatorName))),
            .td(.attribute(named: "data-label", value: "目标"), .text(entry.text ?? entry.target)),
            .td(.attribute(named: "data-label", value: "地区"), .text(entry.region)),
            .td(.class("num"), .attribute(named: "data-label", value: "数值"), .text(entry.formattedValue ?? "—")),
            .td(.attribute(named: "data-label", value: "判定"), .verdict(entry.verdict)),
            .td(.class("reason"), .attribute(named: "data-label", value: "理由"), .text(entry.reason)),
            .td(.attribute(named: "data-label", value: "数据来源"),
                .span(.title(attr(entry.sourceNote)), .text(entry.source.chineseName))),
            .td(.attribute(named: "data-label", value: "趋势"), .raw(spark.svg())))
    }

    private func unjudged() -> Node<HTML.BodyContext> {
        let items = model.programme.indicators.unjudged
        guard !items.isEmpty else { return .empty }
        return .section(.class("card"),
            .h3("未自动判定的目标（\(items.count)）"),
            .p(.class("muted"), .text("方案只有文字表述、或表达式与指标不符的目标，需人工判断；可在方案文件中补写 target 表达式。")),
            .ul(.forEach(items) { item in .li(.b(.text(item.indicator)), .text(" \(item.text) —— \(item.problem)")) }))
    }
}

// MARK: - One indicator

/// One indicator across the programme's regions and years, with its targets' verdicts and reference values.
struct IndicatorView {
    struct Model {
        var programme: IndicatorWorkflow.Programme
        var indicator: Indicator
        var observations: [Observation]
        var references: [ReferenceValue]
        var entries: [EvaluationEntry]
        /// The figures the verdicts use, from the indicator's declared source.
        var data: EvaluationData
        var canManage: Bool
    }

    var model: Model

    func render() -> String {
        let p = model.programme
        let i = model.indicator
        let years = Array(p.indicators.dataYears)
        let fromRegister = model.data.sources?.source(of: i.code) == .register
        // Submitted figures are what the table shows, unless the register supplies the indicator: then they
        // are listed apart, as not used.
        let annual = fromRegister ? [] : model.observations.filter { $0.period.kind == .year }
        let byRegion = Dictionary(grouping: annual, by: \.regionID)
        let counted = model.data.values[i.code] ?? [:]
        let regions = p.regions.filter { byRegion[$0.id] != nil || counted[$0.id] != nil || $0.id == p.place.id }
        let others = fromRegister ? [] : model.observations.filter { $0.period.kind != .year }
        let unused = fromRegister ? model.observations : []
        let latest = model.data.source(of: i.code, year: model.data.sources?.today.year ?? p.indicators.dataYears.upperBound)
        return Layout(title: i.name, crumbs: crumbs(p, i.name), content: .group(
            .h1(.text(i.name)),
            .dl(.class("facts card"),
                .dt("单位"), .dd(.text(i.unit.isEmpty ? "—" : i.unit)),
                .dt("方向"), .dd(.text(i.kind == .yesNo ? "是/否" : i.direction == .higher ? "越高越好" : "越低越好")),
                .dt("分类"), .dd(.text([i.firstLevel, i.secondLevel].compactMap { $0 }.joined(separator: " › ").nilIfEmpty ?? "方案自定指标")),
                .dt("分子"), .dd(.text(i.numerator ?? "—")),
                .dt("分母"), .dd(.text(i.denominator ?? "—")),
                .dt("数据来源单位"), .dd(.text(p.indicators.sourceUnits[i.code] ?? "未指定")),
                .dt("判定所用数据"), .dd(.text("\(latest.source.chineseName)：\(latest.note)"))),
            .h2("各地区逐年数据"),
            .div(.style("overflow-x:auto"), .table(
                .thead(.tr(.th("地区"), .forEach(years) { .th(.text("\($0)")) })),
                .tbody(
                    .forEach(regions) { region in
                        .tr(.th(.text(region.name)), .forEach(years) { year in
                            let o = byRegion[region.id]?.first { $0.period.year == year }
                            if fromRegister {
                                return .td(.class("num"), .text(counted[region.id]?[year].map(i.format) ?? "—"))
                            }
                            return .td(.class("num"), .unwrap(o, { o in
                                .group(.a(.href(SiteURL.observation(plan: p.plan.id, id: o.id).path), .text(i.format(o.value))),
                                       .br(), .reviewState(o.state))
                            }, else: .text("—")))
                        })
                    },
                    .forEach(TargetExpression.ReferenceKind.allCases) { kind in
                        let refs = model.references.filter { $0.kind == kind }
                        return .if(!refs.isEmpty, .tr(.th(.text("\(kind.chineseName)（参考）")), .forEach(years) { year in
                            .td(.class("num muted"), .text(refs.first { $0.year == year }.map { i.format($0.value) } ?? "—"))
                        }))
                    }))),
            figureList("季度、月度数据", others),
            figureList("填报的数据（本指标以登记册为准，不用于判定）", unused),
            .h2("目标与判定"),
            model.entries.isEmpty ? .p(.class("empty"), .text("本方案没有为该指标写目标表达式。")) :
            .table(.class("stack"),
                .thead(.tr(.th("年份"), .th("地区"), .th("目标"), .th("数值"), .th("判定"), .th("理由"), .th("数据来源"))),
                .tbody(.forEach(model.entries) { e in
                    .tr(.td(.text("\(e.year)")), .td(.text(e.region)), .td(.text(e.text ?? e.target)),
                        .td(.class("num"), .text(e.formattedValue ?? "—")), .td(.verdict(e.verdict)), .td(.text(e.reason)),
                        .td(.text(e.source.chineseName)))
                }))
        )).render()
    }
}

extension IndicatorView {
    /// Figures listed one a row, each linking to its page; nothing when there are none.
    func figureList(_ heading: String, _ figures: [Observation]) -> Node<HTML.BodyContext> {
        let p = model.programme
        return .if(!figures.isEmpty, .group(.h3(.text(heading)), .table(
            .thead(.tr(.th("地区"), .th("期间"), .th("数值"), .th("状态"))),
            .tbody(.forEach(figures) { o in
                .tr(.td(.text(p.regions.first { $0.id == o.regionID }?.name ?? "")), .td(.text(o.period.chineseName)),
                    .td(.class("num"), .a(.href(SiteURL.observation(plan: p.plan.id, id: o.id).path), .text(model.indicator.format(o.value)))),
                    .td(.reviewState(o.state)))
            }))))
    }
}

// MARK: - Entry

/// 数据录入: the indicators a unit supplies, for one region and period, with value or numerator and
/// denominator, a note and an evidence file each.
struct IndicatorEntryView {
    struct Model {
        var programme: IndicatorWorkflow.Programme
        var unit: String?
        var units: [String]
        var period: Period
        var region: Region
        var regions: [Region]
        var indicators: [Indicator]
        /// The unit's indicators the register counts: named, not asked for.
        var fromRegister: [Indicator] = []
        var stored: [String: Observation]
        var isOffice: Bool
        var errors: [String: String] = [:]
        var typed: [String: String] = [:]
        var problem: String?
        var notice: String?
    }

    var model: Model

    func render() -> String {
        let p = model.programme
        let id = p.plan.id
        let periods = Array(p.indicators.dataYears).reversed().map { Period.year($0) }
        return Layout(title: "录入指标数据", crumbs: crumbs(p, "录入数据"), content: .group(
            .h1("录入指标数据"),
            .p(.class("sub"), .text("\(model.unit ?? "全部单位") · \(model.region.name) · \(model.period.chineseName)")),
            .form(.method(.get), .action(SiteURL.indicatorEntry(id, unit: nil, period: nil, region: nil).path), .class("toolbar"),
                .if(model.isOffice, .label(.text("单位 "), .select(.attribute(named: "name", value: "unit"), .choice("", "全部指标", selected: model.unit == nil),
                    .forEach(model.units) { .choice($0, $0, selected: $0 == model.unit) }))),
                .label(.text("地区 "), .select(.attribute(named: "name", value: "region"), .forEach(model.regions) { r in
                    .choice(r.id.uuidString.lowercased(), r.name, selected: r.id == model.region.id)
                })),
                .label(.text("期间 "), .select(.attribute(named: "name", value: "period"), .forEach(periods) { .choice($0.description, $0.chineseName, selected: $0 == model.period) })),
                .button(.type(.submit), .class("secondary"), .text("切换"))),
            .unwrap(model.problem) { .p(.class("notice error"), .text($0)) },
            .unwrap(model.notice) { .p(.class("notice"), .text($0)) },
            .if(!model.fromRegister.isEmpty, .p(.class("muted"), .text(
                "无需填报，由健康细胞登记册统计：" + model.fromRegister.map(\.name).joined(separator: "、")))),
            model.indicators.isEmpty ? .p(.class("empty"), .text("本单位没有需要报送的指标。数据来源单位在「指标设置」中指定。")) :
            .form(.method(.post), .action(SiteURL.indicatorEntry(id, unit: nil, period: nil, region: nil).path),
                  .attribute(named: "enctype", value: "multipart/form-data"), .class("wide-form"),
                .csrfField(),
                .input(.type(.hidden), .name("unit"), .value(attr(model.unit ?? ""))),
                .input(.type(.hidden), .name("period"), .value(attr(model.period.description))),
                .input(.type(.hidden), .name("region"), .value(attr(model.region.id.uuidString.lowercased()))),
                .div(.style("overflow-x:auto"), .table(.class("entry stack"),
                    .thead(.tr(.th("指标"), .th("已有数据"), .th("数值"), .th("分子"), .th("分母"), .th("说明"), .th("佐证附件"))),
                    .tbody(.forEach(model.indicators) { row($0) }))),
                .div(.class("toolbar"),
                    .button(.type(.submit), .name("action"), .value("save"), .class("secondary"), .text("保存草稿")),
                    .button(.type(.submit), .name("action"), .value("submit"), .text("提交审核")),
                    .if(model.isOffice, .button(.type(.submit), .name("action"), .value("approve"), .class("secondary"), .text("保存并审核通过")))),
                .p(.class("muted"), .text("比率类指标可只填分子和分母，数值自动计算。已审核的数据锁定，需创建办解锁后才能修改。")),
                .details(.summary("录入时检查的规则"), .ul(.forEach(ValidationRules.descriptions) { .li(.text($0)) })))
        )).render()
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
        return .tr(
            .td(.attribute(named: "data-label", value: "指标"), .b(.text(code)), .text(" \(indicator.name)"),
                .span(.class("muted"), .text(indicator.unit.isEmpty ? "" : "（\(indicator.unit)）")),
                .unwrap(model.errors[code]) { .div(.class("field-error"), .text($0)) }),
            .td(.attribute(named: "data-label", value: "已有数据"), .unwrap(stored, { o in
                .group(.a(.href(SiteURL.observation(plan: model.programme.plan.id, id: o.id).path), .text(indicator.format(o.value))),
                       .text(" "), .reviewState(o.state),
                       .forEach(o.warnings) { .div(.class("muted"), .text("⚠ \($0)")) })
            }, else: .text("—"))),
            .td(.attribute(named: "data-label", value: "数值"), input("value", code, disabled: locked, label: "\(code) 数值"),
                // The figure's revision as shown: a value saved over someone else's later one is refused.
                .input(.type(.hidden), .name(attr("revision.\(code)")), .value(String(stored?.revision ?? 0)))),
            .td(.attribute(named: "data-label", value: "分子"), indicator.kind == .rate ? input("numerator", code, disabled: locked, label: "\(code) 分子") : .text("")),
            .td(.attribute(named: "data-label", value: "分母"), indicator.kind == .rate ? input("denominator", code, disabled: locked, label: "\(code) 分母") : .text("")),
            .td(.attribute(named: "data-label", value: "说明"), input("note", code, disabled: locked, label: "\(code) 说明")),
            .td(.attribute(named: "data-label", value: "附件"), locked ? .text("已锁定") :
                .input(.type(.file), .name(attr("evidence.\(code)")), .attribute(named: "aria-label", value: attr("\(code) 佐证附件")))))
    }
}

// MARK: - Review

struct IndicatorReviewView {
    struct Model {
        var programme: IndicatorWorkflow.Programme
        var observations: [Observation]
        var notice: String?
    }

    var model: Model

    func render() -> String {
        let p = model.programme
        return Layout(title: "审核指标数据", crumbs: crumbs(p, "审核"), content: .group(
            .h1("审核指标数据"),
            .p(.class("sub"), .text("各单位提交的数据；审核通过后锁定，退回时写明原因。")),
            .unwrap(model.notice) { .p(.class("notice"), .text($0)) },
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
                            .td(.text(p.regions.first { $0.id == o.regionID }?.name ?? "")),
                            .td(.text(o.period.chineseName)),
                            .td(.class("num"), .text(indicator?.format(o.value) ?? NumberText.format(o.value))),
                            .td(.text(o.sourceUnit ?? "")),
                            .td(.forEach(o.warnings) { .div(.text("⚠ \($0)")) }),
                            .td(.text(o.updatedBy)))
                    })),
                .label(.text("说明（退回时必填）"), .input(.type(.text), .name("note"))),
                .div(.class("toolbar"),
                    .button(.type(.submit), .name("action"), .value("approve"), .text("审核通过")),
                    .button(.type(.submit), .name("action"), .value("return"), .class("danger"), .text("退回修改"))))
        )).render()
    }
}

// MARK: - One observation

struct ObservationView {
    struct Model {
        var programme: IndicatorWorkflow.Programme
        var observation: Observation
        var history: [ObservationRevision]
        var region: Region?
        var canManage: Bool
        var canSubmit: Bool
        var notice: String?
    }

    var model: Model

    func render() -> String {
        let p = model.programme
        let o = model.observation
        let indicator = p.indicators.indicator(code: o.indicator)
        let format: (Double) -> String = { indicator?.format($0) ?? NumberText.format($0) }
        let form = { (action: String, label: String, danger: Bool, note: Bool) -> Node<HTML.BodyContext> in
            .form(.method(.post), .action(SiteURL.observation(plan: p.plan.id, id: o.id).path), .class("stack card"),
                .csrfField(), .input(.type(.hidden), .name("action"), .value(attr(action))),
                .if(note, .label(.text("原因"), .input(.type(.text), .name("note"), .required(true)))),
                .button(.type(.submit), danger ? .class("danger") : .class(""), .text(label)))
        }
        return Layout(title: "\(o.indicator) \(o.period.chineseName)", crumbs: crumbs(p, "\(o.indicator) \(o.period.chineseName)"), content: .group(
            .h1(.text("\(o.indicator) \(indicator?.name ?? "") · \(model.region?.name ?? "") · \(o.period.chineseName)")),
            .unwrap(model.notice) { .p(.class("notice"), .text($0)) },
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
                .if(model.canSubmit && ReviewWorkflow.allows(from: o.state, to: .submitted, asOffice: model.canManage), form("submit", "提交审核", false, false)),
                .if(model.canManage && ReviewWorkflow.allows(from: o.state, to: .approved, asOffice: true), form("approve", "审核通过", false, false)),
                .if(model.canManage && o.state == .submitted, form("return", "退回修改", true, true)),
                .if(model.canManage && o.state == .approved, form("reopen", "解锁（退回修改）", true, true))),
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
}

// MARK: - Import

struct IndicatorImportView {
    struct Model {
        var programme: IndicatorWorkflow.Programme
        var problem: [String] = []
        var result: TableImportResult?
        var fileName: String?
    }

    var model: Model

    func render() -> String {
        let p = model.programme
        return Layout(title: "导入指标数据", crumbs: crumbs(p, "导入"), content: .group(
            .h1("导入指标数据"),
            .p(.class("sub"), .text("CSV（UTF-8 或 GBK）或 xlsx 文件，第一行为表头：region,indicator,period,value[,numerator,denominator,note,source]，也可用中文表头 地区,指标,期间,数值,分子,分母,备注,来源单位。地区填区划代码或名称；填「全国」「全省」「全市」「全县」的行作为参考值导入。期间如 2024、2024Q1、2024-03。整份文件有任何错误都不导入。")),
            .if(!model.problem.isEmpty, .div(.class("notice error"),
                .p(.text("未导入任何数据，请更正以下 \(model.problem.count) 处后重新上传：")),
                .ul(.forEach(model.problem.prefix(200)) { .li(.text($0)) }))),
            .unwrap(model.result) { r in
                .div(.class("notice"),
                    .p(.text("已导入「\(model.fileName ?? "")」：新增 \(r.created) 条，更新 \(r.updated) 条，参考值 \(r.references) 条。")),
                    .if(!r.warnings.isEmpty, .group(.p(.text("请核实（\(r.warnings.count) 条提示）：")), .ul(.forEach(r.warnings.prefix(100)) { .li(.text($0)) }))),
                    .p(.a(.href(SiteURL.indicators(p.plan.id, year: nil).path), .text("查看指标看板 ›"))))
            },
            .form(.method(.post), .action(SiteURL.indicatorImport(p.plan.id).path), .attribute(named: "enctype", value: "multipart/form-data"),
                  .class("stack card"),
                .csrfField(),
                .label(.text("文件"), .input(.type(.file), .name("file"), .required(true), .attribute(named: "accept", value: ".csv,.xlsx"))),
                .label(.text("导入后的状态"), .select(.attribute(named: "name", value: "submit"), .choice("submitted", "已提交（待审核）", selected: true),
                                                    .choice("approved", "已审核（锁定）"))),
                .button(.type(.submit), .text("导入"))),
            .p(.class("muted"), .text("命令行：healthcity data import FILE --plan \(p.plan.id)；接口：POST \(SiteURL.apiObservationsImport(p.plan.id).path)"))
        )).render()
    }
}

// MARK: - Reference values

struct ReferenceValuesView {
    struct Model {
        var programme: IndicatorWorkflow.Programme
        var references: [ReferenceValue]
        var canManage: Bool
        var problem: String?
    }

    var model: Model

    func render() -> String {
        let p = model.programme
        let targeted = Set(p.indicators.targets.map(\.indicator))
        let choices = p.indicators.indicators.filter { targeted.contains($0.code) } + p.indicators.indicators.filter { !targeted.contains($0.code) }
        return Layout(title: "参考值", crumbs: crumbs(p, "参考值"), content: .group(
            .h1("参考值"),
            .p(.class("sub"), .text("与全国、全省、全市、全县水平比较的目标（如 > ref(province)）使用这里的数值。全国数值随平台提供（来源见各行），本方案可录入同年份的数值覆盖。")),
            .unwrap(model.problem) { .p(.class("notice error"), .text($0)) },
            .table(.class("stack"),
                .thead(.tr(.th("指标"), .th("层级"), .th("年份"), .th("数值"), .th("来源"), .if(model.canManage, .th("")))),
                .tbody(.forEach(model.references) { r in
                    let indicator = p.indicators.indicator(code: r.indicator)
                    return .tr(.td(.text("\(r.indicator) \(indicator?.name ?? "")")), .td(.text(r.kind.chineseName)), .td(.text("\(r.year)")),
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
                .label(.text("指标"), .select(.attribute(named: "name", value: "indicator"), .forEach(choices) { .choice($0.code, "\($0.code) \($0.name)") })),
                .label(.text("层级"), .select(.attribute(named: "name", value: "kind"), .forEach(TargetExpression.ReferenceKind.allCases) { .choice($0.rawValue, $0.chineseName) })),
                .label(.text("年份"), .input(.type(.text), .name("year"), .attribute(named: "inputmode", value: "numeric"), .required(true))),
                .label(.text("数值（按指标单位）"), .input(.type(.text), .name("value"), .attribute(named: "inputmode", value: "decimal"), .required(true))),
                .label(.text("来源（公报、年鉴）"), .input(.type(.text), .name("source"))),
                .button(.type(.submit), .text("保存"))))
        )).render()
    }
}

// MARK: - Settings

struct IndicatorSettingsView {
    struct Model {
        var programme: IndicatorWorkflow.Programme
        var problem: String?
        var notice: String?
        /// What was typed into a refused form, shown instead of the stored settings.
        var typed: ProgrammeSettings? = nil
    }

    var model: Model

    func render() -> String {
        let p = model.programme
        let s = model.typed ?? p.indicators.settings
        let units = p.plan.units.filter { $0.kind != .group }.map(\.name)
        return Layout(title: "指标设置", crumbs: crumbs(p, "设置"), content: .group(
            .h1("指标设置"),
            .unwrap(model.problem) { .p(.class("notice error"), .text($0)) },
            .unwrap(model.notice) { .p(.class("notice"), .text($0)) },
            .form(.method(.post), .action(SiteURL.indicatorSettings(p.plan.id).path), .class("wide-form"),
                .csrfField(),
                // The settings as this page showed them: a save over someone else's later one is refused.
                .input(.type(.hidden), .name("fingerprint"), .value(attr(EditConflict.fingerprint(p.indicators.settings)))),
                .div(.class("card stack"),
                    .label(.text("基线年（建设之初，change(baseline) 与之比较；留空按方案首年 \(p.indicators.baselineYear.map(String.init) ?? "—")）"),
                           .input(.type(.text), .name("baselineYear"), .value(attr(s.baselineYear.map(String.init) ?? "")))),
                    .label(.text("评价截止年（留空按方案最后阶段或目标期限）"), .input(.type(.text), .name("endYear"), .value(attr(s.endYear.map(String.init) ?? "")))),
                    .label(.text("与上年相比变化超过多少（%）时提示核实"),
                           .input(.type(.text), .name("jumpThreshold"), .value(attr(NumberText.format(s.validation.jumpThreshold * 100)))))),
                .table(.class("stack"),
                    .thead(.tr(.th("指标"), .th("数据来源单位"), .th("专家权重（综合指数）"))),
                    .tbody(.forEach(p.indicators.indicators) { i in
                        .tr(.td(.text("\(i.code) \(i.name)")),
                            .td(.select(.attribute(named: "name", value: attr("source.\(i.code)")), .attribute(named: "aria-label", value: attr("\(i.code) 数据来源单位")),
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
                      .attribute(named: "aria-label", value: attr("\(i.code) 专家权重")))
    }
}

// MARK: - Composite index

struct CompositeIndexView {
    struct Model {
        var programme: IndicatorWorkflow.Programme
        var year: Int
        var result: Result<CompositeIndexResult, CompositeIndexError>
    }

    var model: Model

    func render() -> String {
        let p = model.programme
        return Layout(title: "综合指数", crumbs: crumbs(p, "综合指数"), content: .group(
            .h1("健康城市综合指数（乡镇比较）"),
            .p(.class("sub"), .text("比较组：\(p.plan.place.name)下属的 \(p.townships.count) 个乡镇（街道）· \(model.year)年")),
            .form(.method(.get), .action(SiteURL.compositeIndex(p.plan.id, year: nil).path), .class("toolbar no-print"),
                .label(.text("年份 "), .select(.attribute(named: "name", value: "year"), .forEach(Array(p.indicators.dataYears)) { .choice(String($0), "\($0)年", selected: $0 == model.year) })),
                .button(.type(.submit), .class("secondary"), .text("计算")),
                .a(.class("button secondary"), .href(SiteURL.apiCompositeIndex(p.plan.id, year: model.year).path), .text("JSON"))),
            .details(.class("card method"), .summary("计算方法（本平台的方法，非官方算法）"),
                .ol(.forEach(CompositeIndex.methodDescription) { .li(.text($0)) })),
            result()
        )).render()
    }

    private func result() -> Node<HTML.BodyContext> {
        switch model.result {
        case .failure(let error):
            return .p(.class("notice warn"), .text("无法计算：\(error.description)"))
        case .success(let r):
            return .group(
                .h2("结果"),
                .table(.class("stack"),
                    .thead(.tr(.th("名次"), .th("地区"), .th("综合指数"), .forEach(r.dimensions) { .th(.text($0)) })),
                    .tbody(.forEach(r.regions.sorted { $0.rank < $1.rank }) { s in
                        .tr(.td(.text("\(s.rank)")), .td(.text(s.region)), .td(.class("num"), .b(.text(NumberText.format(s.index, decimals: 2)))),
                            .forEach(r.dimensions) { d in .td(.class("num"), .text(s.subIndices[d].map { NumberText.format($0, decimals: 2) } ?? "—")) })
                    })),
                .h2("第 1 步：缺失值替代"),
                r.substitutions.isEmpty && r.imputations.isEmpty ? .p(.class("empty"), .text("无缺失值替代。")) :
                .ul(.forEach(r.substitutions) { .li(.text("\($0.region) \($0.code)：按\($0.rule.label)替代为 \(NumberText.format($0.value))")) },
                    .forEach(r.imputations) { .li(.text("\($0.region) \($0.code)：\($0.reason)")) }),
                .if(!r.excluded.isEmpty, .group(.h3("未纳入的指标"), .ul(.forEach(r.excluded) { .li(.text("\($0.code) \($0.name)：\($0.reason)")) }))),
                .h2("第 2–4 步：标准化、熵权与组合权重"),
                .table(.class("stack"),
                    .thead(.tr(.th("指标"), .th("维度"), .th("方向"), .th("最小值"), .th("最大值"), .th("熵 e"), .th("差异系数 d"),
                               .th("熵权"), .th("专家权重"), .th("组合权重"))),
                    .tbody(.forEach(r.indicators) { i in
                        .tr(.td(.text("\(i.code) \(i.name)")), .td(.text(i.dimension)), .td(.text(i.higherIsBetter ? "正向" : "逆向")),
                            .td(.class("num"), .text(NumberText.format(i.minimum))), .td(.class("num"), .text(NumberText.format(i.maximum))),
                            .td(.class("num"), .text(NumberText.format(i.entropy, decimals: 4))),
                            .td(.class("num"), .text(NumberText.format(i.divergence, decimals: 4))),
                            .td(.class("num"), .text(NumberText.format(i.entropyWeight, decimals: 4))),
                            .td(.class("num"), .text(NumberText.format(i.expertWeight, decimals: 4))),
                            .td(.class("num"), .b(.text(NumberText.format(i.weight, decimals: 4)))))
                    })),
                .h3("标准化值（0–1）"),
                .div(.style("overflow-x:auto"), .table(
                    .thead(.tr(.th("地区"), .forEach(r.included) { .th(.text($0)) })),
                    .tbody(.forEach(r.regions) { s in
                        .tr(.th(.text(s.region)), .forEach(r.included) { c in .td(.class("num"), .text(s.standardized[c].map { NumberText.format($0, decimals: 3) } ?? "—")) })
                    }))),
                .ul(.class("muted"), .forEach(r.notes) { .li(.text($0)) }))
        }
    }
}
