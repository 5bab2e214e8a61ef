import Core
import Domain
import Foundation
import Plot

struct TownshipCellsView {
    var model: Model

    func render() -> String {
        let p = model.programme
        let t = model.township
        let kinds = model.board.kinds
        return Layout(title: t.name, crumbs: cellCrumbs(p, t.name), content: .group(
            .h1("\(t.name)：健康细胞"),
            .toolbar(
                .a(.class("button"), .href(SiteURL.cellRegister(p.plan.id, cell: nil, status: nil, region: t.id, text: nil, page: 1).path), .text("本乡镇登记册")),
                .if(model.canRegister, .group(
                    .a(.class("button secondary"), .href(SiteURL.newCellPlace(p.plan.id).path), .text("登记场所")),
                    .a(.class("button secondary"), .href(SiteURL.cellBatch(p.plan.id, region: t.id, cell: "family").path), .text("批量评分（健康家庭）"))))),
            model.entries.isEmpty ? .p(.class("empty"), .text("方案没有细胞目标。")) :
            .table(.class("stack"),
                .thead(.tr(.th("细胞"), .th("目标"), .th("已命名 / 应创建"), .th("覆盖率"), .th("判定"), .th("差距"))),
                .tbody(.forEach(model.entries) { e in
                    .tr(.cell("细胞", .text(e.label), .if(!e.binding, .span(.class("muted"), .text("（县级目标，供对照）")))),
                        .cell("目标", text: e.target),
                        .cell("已命名 / 应创建", numeric: true, text: "\(e.certified) / \(e.eligible)"),
                        .cell("覆盖率", text: percentText(e.percent)),
                        .cell("判定", .verdict(e.verdict)),
                        .cell("差距", text: e.gapText))
                })),
            .h2("各村（社区）"),
            model.villages.isEmpty ? .p(.class("empty"), .text("本乡镇尚未登记村（社区）。")) :
            // On a phone the stylesheet shows each village as a card of its kinds (table.stack).
            .div(.class("scroll"), .table(.class("stack matrix-cards"),
                .thead(.tr(.th("村（社区）"), .forEach(kinds) { .th(.text(p.kindName($0))) })),
                .tbody(.forEach(model.villages) { v in
                    .tr(.th(.a(.href(SiteURL.cellRegister(p.plan.id, cell: nil, status: nil, region: v.id, text: nil, page: 1).path), .text(v.name))),
                        .forEach(kinds) { kind in
                            let total = model.board.totals[v.id]?[kind] ?? (0, 0)
                            return .cell(p.kindName(kind), numeric: true, text: total.eligible == 0 ? "—" : "\(total.certified)/\(total.eligible)")
                        })
                })))
        )).render()
    }
}
