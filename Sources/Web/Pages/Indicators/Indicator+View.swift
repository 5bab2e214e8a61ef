import Domain
import Foundation
import Plot

/// One indicator across the programme's regions and years, with its targets' verdicts and reference values.
struct IndicatorView {
    var model: Model

    func render() -> String {
        let p = model.programme
        let i = model.indicator
        // Counted, not entered: from the register or the activity log.
        let source = model.data.sources?.source(of: i.code) ?? .submitted
        let fromRegister = source != .submitted
        let latest = model.data.source(of: i.code, year: model.data.sources?.today.year ?? p.indicators.dataYears.upperBound)
        // Submitted figures are what the table shows, unless the register supplies the indicator: then they
        // are listed apart, as not used.
        return Layout(title: i.name, crumbs: indicatorCrumbs(p, i.name), content: .group(
            .h1(.text(i.name)),
            .dl(.class("facts card"),
                .dt("单位"), .dd(.text(i.unit.isEmpty ? "—" : i.unit)),
                .dt("方向"), .dd(.text(directionText(i))),
                .dt("分类"), .dd(.text([i.firstLevel, i.secondLevel].compactMap { $0 }.joined(separator: " › ").nilIfEmpty ?? "方案自定指标")),
                .dt("分子"), .dd(.text(i.numerator ?? "—")),
                .dt("分母"), .dd(.text(i.denominator ?? "—")),
                .dt("数据来源单位"), .dd(.text(p.indicators.sourceUnits[i.code] ?? "未指定")),
                .dt("判定所用数据"), .dd(.text("\(latest.source.chineseName)：\(latest.note)"))),
            .h2("各地区逐年数据"),
            yearTable(fromRegister: fromRegister),
            figureList("季度、月度数据", fromRegister ? [] : model.observations.filter { $0.period.kind != .year }),
            figureList("填报的数据（本指标以\(source.chineseName)为准，不用于判定）", fromRegister ? model.observations : []),
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

    /// Each region's yearly figure (the register's count, or the submitted figure with its state), then the references.
    private func yearTable(fromRegister: Bool) -> Node<HTML.BodyContext> {
        let p = model.programme
        let i = model.indicator
        let years = Array(p.indicators.dataYears)
        let annual = fromRegister ? [] : model.observations.filter { $0.period.kind == .year }
        let byRegion = Dictionary(grouping: annual, by: \.regionID)
        let counted = model.data.values[i.code] ?? [:]
        let regions = p.regions.filter { byRegion[$0.id] != nil || counted[$0.id] != nil || $0.id == p.place.id }
        return .div(.style("overflow-x:auto"), .table(
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
                })))
    }

    /// Figures listed one a row, each linking to its page; nothing when there are none.
    private func figureList(_ heading: String, _ figures: [Observation]) -> Node<HTML.BodyContext> {
        let p = model.programme
        return .if(!figures.isEmpty, .group(.h3(.text(heading)), .table(
            .thead(.tr(.th("地区"), .th("期间"), .th("数值"), .th("状态"))),
            .tbody(.forEach(figures) { o in
                .tr(.td(.text(p.regionName(o.regionID))), .td(.text(o.period.chineseName)),
                    .td(.class("num"), .a(.href(SiteURL.observation(plan: p.plan.id, id: o.id).path), .text(model.indicator.format(o.value)))),
                    .td(.reviewState(o.state)))
            }))))
    }
}
