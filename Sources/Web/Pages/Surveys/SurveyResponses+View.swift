import Core
import Domain
import Foundation
import Plot

struct SurveyResponsesView {
    var model: Model

    func render() -> String {
        let c = model.context
        let id = c.programme.plan.id
        let hasScore = !(c.questionnaire?.scoredItems.isEmpty ?? true)
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
        return Layout(title: "答卷列表", crumbs: surveyCrumbs(c.programme, c.survey, "答卷列表"), content: .group(
            .h1("答卷列表"),
            .p(.class("sub"), .text("共 \(model.responses.count) 份")),
            .if(model.canDelete, .toolbar(
                .a(.class("button secondary"), .href(SiteURL.surveyRespondentsXLSX(plan: id, id: c.survey.id).path), .text("导出逐人计分数据 xlsx")))),
            model.responses.isEmpty ? .p(.class("empty"), .text("还没有答卷。")) : .table(.class("stack"),
                .thead(.tr(.th("问卷编号"), .th("乡镇"), .th("村（社区）"), .if(hasScore, .th("得分")), .if(hasScore, .th("具备素养")),
                           .th("来源"), .th("录入"), .if(model.canDelete, .th("")))),
                .tbody(.forEach(model.responses) { r in
                    let scored = model.scored[r.id]
                    return .tr(
                        .cell("问卷编号", text: r.respondent),
                        .cell("乡镇", text: c.townshipName(r.regionID)),
                        .cell("村（社区）", text: r.village ?? ""),
                        .if(hasScore, .cell("得分", numeric: true, text: scored.map { "\($0.score) / \($0.maximum)" } ?? "不符合现问卷")),
                        .if(hasScore, .cell("具备素养", text: scored?.literate.map { $0 ? "是" : "否" } ?? "—")),
                        .cell("来源", text: r.source.chineseName),
                        .cell("录入", text: "\(r.enteredBy) \(formatter.string(from: r.enteredAt))"),
                        .if(model.canDelete, .td(.form(.method(.post), .action(SiteURL.surveyDeleteResponse(plan: id, id: c.survey.id, response: r.id).path),
                                                       .class("inline"), .attribute(named: "data-confirm", value: attr("删除问卷 \(r.respondent)？此操作记入操作日志。")),
                                                       .csrfField(), .button(.type(.submit), .class("danger small"), .text("删除"))))))
                }))
        )).render()
    }
}
