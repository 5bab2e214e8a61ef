import Core
import Domain
import Foundation
import Plot

struct SurveyListView {
    var model: Model

    func render() -> String {
        let p = model.programme
        let titles = Dictionary(model.questionnaires.map { ($0.id, $0.title) }, uniquingKeysWith: { a, _ in a })
        return Layout(title: "居民调查", crumbs: surveyCrumbs(p, nil, nil), content: .group(
            .h1("居民调查"),
            .p(.class("sub"), .text("健康素养、吸烟、体育锻炼和知晓率调查：按乡镇分配样本，在线填报或导入答卷，加权估计并给出 95% 置信区间。")),
            .if(model.canManage, .toolbar(
                .a(.class("button"), .href(SiteURL.newSurvey(p.plan.id).path), .text("新建调查")),
                .apiLink(.apiSurveys(p.plan.id)))),
            model.surveys.isEmpty ? .p(.class("empty"), .text(model.canManage ? "还没有调查。点「新建调查」选择问卷、分配各乡镇样本。" : "创建办还没有建立调查。"))
            : .table(.class("stack"),
                .thead(.tr(.th("调查"), .th("问卷"), .th("年度"), .th("完成 / 计划"), .th("状态"))),
                .tbody(.forEach(model.surveys) { s in
                    let done = model.completed[s.id] ?? 0
                    return .tr(
                        .cell("调查", .a(.href(SiteURL.survey(plan: p.plan.id, id: s.id).path), .text(s.name))),
                        .cell("问卷", text: titles[s.questionnaireID] ?? s.questionnaireID),
                        .cell("年度", numeric: true, text: String(s.year)),
                        .cell("完成 / 计划", .quotaBar(completed: done, planned: s.plannedTotal), .text(" \(done) / \(s.plannedTotal)")),
                        .cell("状态", .text(s.status.chineseName), .if(s.publishedAt != nil, .span(.class("tag"), .text("已写入指标")))))
                })),
            .p(.class("muted"), .text("问卷为平台提供的模板，不是官方问卷题目。"))
        )).render()
    }
}
