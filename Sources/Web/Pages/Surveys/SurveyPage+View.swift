import Core
import Domain
import Foundation
import Plot

struct SurveyPageView {
    var model: Model

    func render() -> String {
        let c = model.context
        let s = c.survey
        let id = c.programme.plan.id
        let total = model.completed.values.reduce(0, +)
        return Layout(title: s.name, crumbs: surveyCrumbs(c.programme, s, nil), content: .group(
            .h1(.text(s.name)),
            .p(.class("sub"), .text("\(c.questionnaire?.title ?? "问卷缺失") · \(s.year) 年 · \(s.status.chineseName) · \(s.layout.chineseName)")),
            .flash(model.notice),
            .if(c.questionnaire == nil, .notice("平台上已没有这项调查所用的问卷，无法填报和计分：请联系系统管理员恢复问卷。", .error)),
            .toolbar(
                .if(model.canCollect && s.status == .open, .a(.class("button"), .href(SiteURL.surveyForm(plan: id, id: s.id).path), .text("填报答卷"))),
                .a(.class("button secondary"), .href(SiteURL.surveyResults(plan: id, id: s.id).path), .text("调查结果")),
                .if(model.canCollect || model.canManage, .a(.class("button secondary"), .href(SiteURL.surveyResponses(plan: id, id: s.id).path), .text("答卷列表"))),
                .if(model.canManage, .group(
                    .if(s.status == .open, .a(.class("button secondary"), .href(SiteURL.surveyImport(plan: id, id: s.id).path), .text("导入答卷"))),
                    .a(.class("button secondary"), .href(SiteURL.surveySettings(plan: id, id: s.id).path), .text("设置"))))),
            .figures(
                .figure(total, "已完成"),
                .figure(s.plannedTotal, "计划"),
                .figure(s.plannedTotal > 0 ? String(format: "%.0f%%", Double(total) / Double(s.plannedTotal) * 100) : "—", "完成率"),
                .figure(c.townships.count, "调查乡镇")),
            .h2("各乡镇进度"),
            .table(.class("stack"),
                .thead(.tr(.th("乡镇"), .th("完成 / 计划"), .th("进度"), .th("人口数"))),
                .tbody(.forEach(s.quotas) { quota in
                    let done = model.completed[quota.regionID] ?? 0
                    return .tr(.cell("乡镇", text: c.townshipName(quota.regionID)),
                               .cell("完成 / 计划", numeric: true, text: "\(done) / \(quota.planned)"),
                               .cell("进度", .quotaBar(completed: done, planned: quota.planned), .text(quota.planned > 0 ? String(format: " %.0f%%", Double(done) / Double(quota.planned) * 100) : "")),
                               .cell("人口数", numeric: true, text: quota.population.map(\.shortestText) ?? "—"))
                })),
            .unwrap(s.note) { .p(.class("muted"), .text($0)) }
        )).render()
    }
}
