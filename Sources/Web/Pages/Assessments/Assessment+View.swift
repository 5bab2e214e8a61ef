import Core
import Domain
import Foundation
import Plot

struct AssessmentView {
    var model: Model

    func render() -> String {
        let p = model.programme
        let a = model.assessment
        let id = p.plan.id
        return Layout(title: "评审结果", crumbs: cellCrumbs(p, model.place.name), content: .group(
            .h1(.text("评审结果："), .a(.href(SiteURL.cellPlace(plan: id, id: model.place.id).path), .text(model.place.name))),
            .p(.class("sub"), .text("\(model.sheet?.title ?? "评分表（已更换）") · \(a.assessedOn.iso) · 评审人 \(a.assessor) · \(a.state.chineseName)")),
            .unwrap(model.notice) { .notice($0) },
            .unwrap(model.problem) { .notice($0, .error) },
            .figures(
                .figure(NumberText.format(a.total), "总分"),
                .unwrap(model.result) { r in .figure(points(r.minimumTotal), "通过线") },
                .unwrap(model.result) { r in .figure(points(r.bonusTotal), "加分") },
                .figure(a.proposal.chineseName, "评分建议")),
            .ul(.forEach(a.reasons) { .li(.text($0)) }),
            .if(model.canDecide && a.state == .proposed, .section(.class("card no-print"),
                .h3("创建办确认"),
                .form(.method(.post), .action(SiteURL.cellDecide(plan: id, id: a.id).path), .class("toolbar"),
                    .csrfField(),
                    .input(.type(.date), .name("date"), .attribute(named: "aria-label", value: "命名日期")),
                    .input(.type(.text), .name("note"), .placeholder("意见（可空）")),
                    .button(.type(.submit), .name("decision"), .value("confirm"),
                            .text(a.proposal == .pass ? "确认通过并命名" : "确认评审结果")),
                    .button(.type(.submit), .name("decision"), .value("reject"), .class("secondary"), .text("不予采纳"))))),
            .unwrap(a.note) { .p(.text("意见：\($0)")) },
            .unwrap(model.sheet) { sheet in
                .table(.class("stack"),
                    .thead(.tr(.th("项目"), .th("分值"), .th("得分"), .th("说明"), .th("附件"))),
                    .tbody(.forEach(sheet.allItems) { item in
                        let score = model.result?.items.first { $0.itemID == item.id }
                        let entry = model.entries[item.id]
                        return .tr(.cell("项目", .text("\(item.id) \(item.title)"), .if(item.kind != .normal, .span(.class("tag"), .text(item.kind.chineseName)))),
                                   .cell("分值", numeric: true, text: item.isPassFail ? "否决" : points(item.points)),
                                   .cell("得分", numeric: true, text: Self.scoreText(item, score)),
                                   .cell("说明", text: entry?.note ?? ""),
                                   .cell("附件", .forEach(a.evidence[item.id] ?? []) { file in
                                       .a(.href(SiteURL.cellEvidence(plan: id, assessment: a.id, sha256: file.sha256).path), .text(file.fileName + " "))
                                   }))
                    }))
            },
            .if(!(a.evidence[""] ?? []).isEmpty, .p(.text("整体附件："), .forEach(a.evidence[""] ?? []) { file in
                .a(.href(SiteURL.cellEvidence(plan: id, assessment: a.id, sha256: file.sha256).path), .text(file.fileName + " "))
            }))
        )).render()
    }

    static func scoreText(_ item: ScoreItem, _ score: ItemScore?) -> String {
        guard let score else { return "—" }
        if item.isPassFail { return score.passed.map { $0 ? "达标" : "不达标" } ?? "未评" }
        guard let awarded = score.awarded else { return "未评" }
        return points(awarded) + (score.count.map { "（\($0)\(item.unitOfCount)）" } ?? "")
    }
}
