import Core
import Domain
import Foundation
import Plot

struct CellReviewView {
    var model: Model

    func render() -> String {
        let p = model.programme
        let id = p.plan.id
        return Layout(title: "确认评审", crumbs: cellCrumbs(p, "确认评审"), content: .group(
            .h1("确认评审（\(model.pending.count)）"),
            .p(.class("sub"), .text("评审人的建议经创建办确认后生效：确认通过即命名。")),
            model.pending.isEmpty ? .p(.class("empty"), .text("没有待确认的评审。")) :
            .table(.class("stack"),
                .thead(.tr(.th("场所"), .th("地区"), .th("得分"), .th("建议"), .th("理由"), .th("评审"), .th(""))),
                .tbody(.forEach(model.pending) { a in
                    let place = model.places[a.placeID]
                    return .tr(
                        .cell("场所", .a(.href(SiteURL.cellAssessment(plan: id, id: a.id).path), .text(place?.name ?? "—")), .span(.class("muted"), .text(" \(place.map { p.kindName($0.cell) } ?? "")"))),
                        .cell("地区", text: place.map { p.regionLabel($0.regionID) } ?? ""),
                        .cell("得分", numeric: true, text: NumberText.format(a.total)),
                        .cell("建议", text: a.proposal.chineseName),
                        .cell("理由", text: a.reasons.joined(separator: "；")),
                        .cell("评审", text: "\(a.assessor) \(a.assessedOn.iso)"),
                        .td(.form(.method(.post), .action(SiteURL.cellDecide(plan: id, id: a.id).path), .class("inline"),
                            .csrfField(), .input(.type(.hidden), .name("back"), .value("review")),
                            .if(a.proposal != .incomplete, .button(.type(.submit), .name("decision"), .value("confirm"),
                                                                   .text(a.proposal == .pass ? "确认命名" : "确认"))),
                            .button(.type(.submit), .name("decision"), .value("reject"), .class("secondary"), .text("不采纳")))))
                }))
        )).render()
    }
}
