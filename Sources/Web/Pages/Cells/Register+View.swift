import Core
import Domain
import Foundation
import Plot

struct RegisterView {
    var model: Model

    func render() -> String {
        let p = model.programme
        let id = p.plan.id
        let pages = max(1, (model.total + model.pageSize - 1) / model.pageSize)
        func link(_ page: Int) -> String {
            SiteURL.cellRegister(id, cell: model.cell, status: model.status?.rawValue, region: model.region?.id, text: model.text, page: page).path
        }
        return Layout(title: "登记册", crumbs: cellCrumbs(p, "登记册"), content: .group(
            .h1("健康细胞登记册"),
            .p(.class("sub"), .text("\(model.region.map { p.regionLabel($0.id) } ?? p.place.name) · 共 \(model.total) 个")),
            .form(.method(.get), .action(SiteURL.cellRegister(id, cell: nil, status: nil, region: nil, text: nil, page: 1).path), .class("toolbar"),
                .select(.attribute(named: "name", value: "type"), .attribute(named: "aria-label", value: "类型"),
                    .choice("", "全部类型", selected: model.cell == nil),
                    .forEach(p.kinds) { kind in .choice(kind.slug, kind.name, selected: model.cell == kind.slug) }),
                .select(.attribute(named: "name", value: "status"), .attribute(named: "aria-label", value: "状态"),
                    .choice("", "全部状态", selected: model.status == nil),
                    .forEach(CellStatus.allCases) { s in .choice(s.rawValue, s.chineseName, selected: model.status == s) }),
                .select(.attribute(named: "name", value: "region"), .attribute(named: "aria-label", value: "地区"),
                    .choice("", "全部地区", selected: model.region == nil),
                    .forEach(model.regionChoices) { r in .choice(r.id.uuidString.lowercased(), p.regionLabel(r.id), selected: model.region?.id == r.id) }),
                .input(.type(.search), .name("q"), .value(attr(model.text ?? "")), .placeholder("名称或编码")),
                .button(.type(.submit), .class("secondary"), .text("筛选"))),
            .if(model.canRegister, .toolbar(
                .a(.class("button secondary"), .href(SiteURL.newCellPlace(id).path), .text("登记场所")))),
            model.places.isEmpty ? .p(.class("empty"), .text("没有符合条件的场所。")) :
            .table(.class("stack"),
                .thead(.tr(.th("名称"), .th("类型"), .th("地区"), .th("状态"), .th("命名日期"), .th("纳入统计"))),
                .tbody(.forEach(model.places) { place in
                    .tr(.cell("名称", .a(.href(SiteURL.cellPlace(plan: id, id: place.id).path), .text(place.name)), .unwrap(place.code) { .span(.class("muted"), .text(" \($0)")) }),
                        .cell("类型", .text(p.kindName(place.cell)), .unwrap(place.subkind) { .span(.class("muted"), .text("（\(CellKinds.subkindName($0, of: place.cell))）")) }),
                        .cell("地区", text: p.regionLabel(place.regionID)),
                        .cell("状态", .cellStatus(place.status)),
                        .cell("命名日期", text: place.certifiedOn?.iso ?? ""),
                        .cell("纳入统计", text: place.eligible ? "是" : "否"))
                })),
            .if(pages > 1, .p(.class("toolbar"),
                .if(model.page > 1, .a(.class("button secondary"), .href(attr(link(model.page - 1))), .text("‹ 上一页"))),
                .span(.text(" 第 \(model.page) / \(pages) 页 ")),
                .if(model.page < pages, .a(.class("button secondary"), .href(attr(link(model.page + 1))), .text("下一页 ›")))))
        )).render()
    }
}
