import Domain
import Foundation
import Plot

/// A programme's one-page dashboard: where the calendar stands, who carries the work, which
/// member units still lack a liaison, and the targets the programme will be judged on. Prints on A4.
struct DashboardView {
    var model: Model

    func render() -> String {
        let d = model.dashboard
        let plan = d.plan
        let title = model.isHome ? "\(plan.place.name) · 工作看板" : "工作看板"
        return Layout(title: title, crumbs: model.isHome ? [] : [.init(title: "创建方案", url: .planList),
                                                                .init(title: plan.title, url: .plan(plan.id)),
                                                                .init(title: "看板", url: nil)],
                      content: .group(
            .h1(.text(title)),
            .p(.class("sub"), .a(.href(SiteURL.plan(plan.id).path), .text(plan.title)),
               .text(" · \(d.progress.today.chinese)")),
            .toolbar(
                .button(.type(.button), .class("secondary"), .attribute(named: "data-print", value: "1"), .text("打印（A4）")),
                .buttonLink("导出 CSV", to: .dashboardCSV(plan.id), secondary: true),
                .apiLink(.apiDashboard(plan.id))),
            .if(model.isHome, .workList(model.work, today: d.progress.today,
                                           heading: PageContext.current.principal?.role == .leader ? "需要关注" : "需要我办理")),
            figures(d),
            .section(.class("card chart"), .id("phases"),
                .h3("阶段进度"),
                .p(.class("muted"), .text("按日历计算的各阶段时间进度；任务完成情况见"),
                   .a(.href(SiteURL.tasks(plan.id, unit: nil).path), .text("任务进展")), .text("。")),
                .raw(d.phaseChart.svg()),
                .p(.class("no-print"), .a(.href(SiteURL.chart(plan: plan.id, name: "phases").path), .text("下载图表")))),
            .section(.class("card chart"), .id("workload"),
                .h3("各单位承担任务数（前 15）"),
                .p(.class("muted"), .text("黄色：尚无联络员账号的责任单位。")),
                .raw(d.workloadChart().svg()),
                .p(.class("no-print"), .a(.href(SiteURL.chart(plan: plan.id, name: "workload").path), .text("下载图表")),
                   .text(" · "), .a(.href(SiteURL.planUnits(plan.id).path), .text("全部单位")))),
            .if(!d.coverage.isEmpty, .section(.class("card chart"), .id("cells"),
                .h3("健康细胞目标完成度"),
                .p(.class("muted"), .text("按健康细胞登记册实时计算：比例目标看覆盖率，数量目标看已命名数；绿色已达标，红色未达标，灰色未登记。")),
                .raw(d.coverageChart.svg()),
                .p(.class("no-print"), .a(.href(SiteURL.cells(plan.id).path), .text("健康细胞看板 ›"))))),
            targets(plan),
            .if(!model.recentChanges.isEmpty, .section(.class("card no-print"),
                .h3("最近的更改"),
                .recentChanges(model.recentChanges, all: .auditLog(plan: plan.id, page: 1))))
        )).render()
    }

    private func figures(_ d: Dashboard) -> Node<HTML.BodyContext> {
        let current = d.progress.currentPhases.map(\.phase.name).joined(separator: "、")
        return .figures(
            .figure(Display.percent(d.progress.elapsed), "时间进度"),
            .figure(current.isEmpty ? (d.progress.elapsed >= 1 ? "已结束" : "未开始") : current, "当前阶段"),
            .figure(d.progress.daysToEnd.map { $0 >= 0 ? "\($0) 天" : "已过期" } ?? "—", "距方案结束"),
            .figure("\(d.memberUnitsWithLiaison)/\(d.memberUnits)", "联络员已落实的责任单位"),
            .figure("\(d.plan.tasks.count)", "任务"),
            .figure(d.nextReportDue.map { "\($0.month)月\($0.day)日" } ?? "—", "下次月报截止")
        )
    }

    private func targets(_ plan: Plan) -> Node<HTML.BodyContext> {
        let verdicts = model.dashboard.verdicts
        let counts = Dictionary(grouping: verdicts, by: \.verdict).mapValues(\.count)
        let year = verdicts.first?.year
        return .section(.class("card"), .id("targets"),
            .h3(.text("目标达标情况" + (year.map { "（\($0)年）" } ?? ""))),
            verdicts.isEmpty ? .p(.class("muted"), .text(model.dashboard.verdictsUnavailable ?? "本方案没有可自动判定的目标。")) : .group(
                .p(.text("达标 \(counts[.met] ?? 0) 项 · 未达标 \(counts[.notMet] ?? 0) 项 · 缺数据 \(counts[.noData] ?? 0) 项 · "),
                   .a(.href(SiteURL.indicators(plan.id, year: year).path), .text("指标看板 ›"))),
                .table(.class("stack"),
                    .thead(.tr(.th("指标"), .th("目标"), .th("地区"), .th("数值"), .th("判定"), .th("理由"), .th("数据来源"))),
                    .tbody(.forEach(verdicts) { e in
                        .tr(.attribute(named: "data-target", value: attr(e.targetID)),
                            .attribute(named: "data-region", value: attr(e.regionID.uuidString)),
                            .attribute(named: "data-verdict", value: attr(e.verdict.rawValue)),
                            .cell("指标", text: e.indicatorName),
                            .cell("目标", text: e.text ?? e.target),
                            .cell("地区", text: e.region),
                            .cell("数值", numeric: true, text: e.formattedValue ?? "—"),
                            .cell("判定", .verdict(e.verdict)),
                            .td(.class("reason"), .attribute(named: "data-label", value: "理由"), .text(e.reason)),
                            .cell("数据来源", .span(.title(attr(e.sourceNote)), .text(e.source.chineseName))))
                    })))
        )
    }

    static func describe(_ target: CellTarget) -> String {
        var parts: [String] = []
        if let percent = target.atLeastPercent { parts.append("≥ \(String(format: "%g", percent))%") }
        if let count = target.atLeastCount { parts.append("≥ \(count) 个") }
        if let per = target.per { parts.append("每个\(per.chineseName)") }
        return parts.joined(separator: " ")
    }
}
