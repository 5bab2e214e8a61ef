import Domain
import Foundation
import Plot

/// 指标看板: every target of the programme for one year, with value, verdict, reason and trend.
struct IndicatorBoardView {
    var model: Model

    func render() -> String {
        let p = model.programme
        let id = p.plan.id
        let counts = Dictionary(grouping: model.entries, by: \.verdict).mapValues(\.count)
        return Layout(title: "指标与目标", crumbs: indicatorCrumbs(p, nil), content: .group(
            .h1("指标与目标"),
            .p(.class("sub"), .text("\(p.plan.title) · 评价年份 \(p.indicators.evaluationYears.lowerBound)–\(p.indicators.evaluationYears.upperBound) · 基线年 \(p.indicators.baselineYear.map(String.init) ?? "未设置")")),
            .form(.method(.get), .action(SiteURL.indicators(id, year: nil).path), .class("toolbar no-print"),
                .label(.text("年份 "), .select(.attribute(named: "name", value: "year"), .forEach(Array(p.indicators.evaluationYears)) { y in
                    .choice(String(y), "\(y)年", selected: y == model.year)
                })),
                .button(.type(.submit), .class("secondary"), .text("查看"))),
            .toolbar(
                .if(model.canManage || model.ownUnit != nil,
                    .buttonLink("录入数据", to: .indicatorEntry(id, unit: model.ownUnit, period: nil, region: nil))),
                .if(model.canManage, .group(
                    .buttonLink("导入 CSV / xlsx", to: .indicatorImport(id), secondary: true),
                    .buttonLink("审核（\(model.pendingReview) 条待审）", to: .indicatorReview(id), secondary: true),
                    .buttonLink("指标设置", to: .indicatorSettings(id), secondary: true))),
                .buttonLink("参考值", to: .indicatorReferences(id), secondary: true),
                .buttonLink("综合指数", to: .compositeIndex(id, year: model.year), secondary: true),
                .buttonLink("导出 xlsx", to: .indicatorBoardXLSX(id), secondary: true),
                .apiLink(.apiEvaluation(id, year: model.year))),
            .figures(
                .figure(counts[.met] ?? 0, "达标"),
                .figure(counts[.notMet] ?? 0, "未达标"),
                .figure(counts[.noData] ?? 0, "缺数据"),
                .figure(p.indicators.targets.count, "可自动判定的目标")),
            model.entries.isEmpty ? .p(.class("empty"), .text("本方案没有写成目标表达式的指标目标。")) :
            .table(.class("stack board"),
                .thead(.tr(.th("指标"), .th("目标"), .th("地区"), .th("\(model.year)年值"), .th("判定"), .th("理由"), .th("数据来源"), .th("趋势"))),
                .tbody(.forEach(model.entries) { entry in row(entry) })),
            unjudged(),
            .p(.class("muted"), .text("判定只用已提交和已审核的数据；草稿和被退回的数据不计入。"))
        )).render()
    }

    /// One verdict; `data-target`, `data-region`, `data-verdict` and the 数值 and 理由 cells are what tests read.
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
            .cell("指标", .a(.href(SiteURL.indicator(plan: p.plan.id, code: entry.indicator).path), .text(entry.indicatorName))),
            .cell("目标", text: entry.text ?? target.map { $0.expression.sentence(unit: indicator?.unit) } ?? "—"),
            .cell("地区", text: entry.region),
            .cell("数值", numeric: true, text: entry.formattedValue ?? "—"),
            .cell("判定", .verdict(entry.verdict)),
            .td(.class("reason"), .attribute(named: "data-label", value: "理由"), .text(entry.reason)),
            .cell("数据来源", .span(.title(attr(entry.sourceNote)), .text(entry.source.chineseName))),
            .cell("趋势", .raw(spark.svg())))
    }

    private func unjudged() -> Node<HTML.BodyContext> {
        let items = model.programme.indicators.unjudged
        guard !items.isEmpty else { return .empty }
        return .section(.class("card"),
            .h3("未自动判定的目标（\(items.count)）"),
            .p(.class("muted"), .text("方案只有文字表述、或无法自动判定的目标，需人工判断；创建办可在「调整方案」中把目标写成可自动判定的形式。")),
            .ul(.forEach(items) { item in .li(.b(.text(model.programme.indicators.indicator(code: item.indicator)?.name ?? item.indicator)), .text(" \(item.text) —— \(item.problem)")) }))
    }
}
