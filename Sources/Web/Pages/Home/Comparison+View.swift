import Domain
import Foundation
import Plot

/// Many programmes side by side: a province or city viewer's home.
struct ComparisonView {
    var model: Model

    func render() -> String {
        let chart = BarChart(title: "各地创建时间进度", bars: model.rows.map {
            BarChart.Bar(label: $0.summary.place.name, value: $0.progress.elapsed, valueLabel: Self.stage($0.progress),
                         tone: $0.progress.phases.isEmpty || $0.progress.elapsed >= 1 ? .muted : .accent)
        }, maximum: 1)
        return Layout(title: "\(model.regionName) · 创建进展", content: .group(
            .h1(.text("\(model.regionName) · 创建进展")),
            .p(.class("sub"), .text("本地区内 \(model.rows.count) 个创建方案的对比。")),
            .toolbar(
                .unwrap(model.regionID) { .a(.class("button"), .href(SiteURL.regionCoverage($0).path), .text("各地健康细胞覆盖")) },
                .button(.type(.button), .class("secondary"), .attribute(named: "data-print", value: "1"), .text("打印（A4）"))),
            model.rows.isEmpty ? .p(.class("empty"), "本地区还没有创建方案。") : .group(
                .section(.class("card chart"), .h3("时间进度"), .raw(chart.svg())),
                .table(.class("stack"),
                    .thead(.tr(.th("地区"), .th("方案"), .th("类型"), .th("当前阶段"), .th("任务"), .th("成员单位"))),
                    .tbody(.forEach(model.rows) { row in
                        .tr(.cell("地区", text: row.summary.place.name),
                            .cell("方案", .a(.href(SiteURL.dashboard(row.summary.id).path), .text(row.summary.title))),
                            .cell("类型", text: row.summary.programme.chineseName),
                            .cell("当前阶段", text: row.progress.currentPhases.map(\.phase.name).joined(separator: "、").nilIfEmpty ?? Self.stage(row.progress)),
                            .cell("任务", numeric: true, text: "\(row.summary.counts.tasks)"),
                            .cell("成员单位", numeric: true, text: "\(row.summary.counts.memberUnits)"))
                    })))
        )).render()
    }
}

extension ComparisonView {
    /// Where a programme's calendar stands, in words when a percentage would mislead.
    static func stage(_ progress: ProgrammeProgress) -> String {
        if progress.phases.isEmpty { return "方案未列阶段" }
        if progress.elapsed >= 1 { return "已结束" }
        if progress.elapsed <= 0 { return "未开始" }
        return Display.percent(progress.elapsed)
    }
}
