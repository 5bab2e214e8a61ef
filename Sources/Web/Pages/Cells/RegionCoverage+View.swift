import Core
import Domain
import Foundation
import Plot

/// 各地健康细胞覆盖: the regions one level below, each kind's named / eligible and share; a province's
/// viewer drills down city → county → township.
struct RegionCoverageView {
    var model: Model

    func render() -> String {
        let board = model.board
        let kinds = board.kinds
        let rows = [board.root] + board.regions
        let crumbs = model.path.dropLast().map { Layout.Crumb(title: $0.name, url: .regionCoverage($0.id)) }
            + [Layout.Crumb(title: board.root.name, url: nil)]
        return Layout(title: "\(board.root.name) · 健康细胞覆盖", crumbs: crumbs, content: .group(
            .h1(.text("\(board.root.name) · 健康细胞覆盖")),
            .p(.class("sub"), .text("已命名 / 应创建（纳入统计）及覆盖率，按登记册实时汇总；点地区名看下一级。")),
            kinds.isEmpty ? .p(.class("empty"), .text("本地区的登记册中还没有场所。")) :
            // On a phone the stylesheet shows each region as a card of its kinds (table.stack).
            .div(.class("scroll"), .table(.class("coverage-matrix stack matrix-cards"),
                .thead(.tr(.th("地区"), .forEach(kinds) { .th(.text(CellKinds.name(of: $0))) }, .th("方案"))),
                .tbody(.forEach(rows) { region in
                    .tr(.th(region.id == board.root.id ? .text(region.name + "（合计）")
                            : .a(.href(SiteURL.regionCoverage(region.id).path), .text(region.name))),
                        .forEach(kinds) { kind in
                            let t = board.totals[region.id]?[kind] ?? (0, 0)
                            return .td(.class("cov"), .attribute(named: "data-label", value: attr(CellKinds.name(of: kind))),
                                       .text(t.eligible == 0 ? "—" : "\(t.certified)/\(t.eligible)"), .br(),
                                       .span(.class("small"), .text(percentText(board.percent(region.id, kind)))))
                        },
                        .td(.attribute(named: "data-label", value: "方案"), .unwrap(model.programmes[region.id]) { .a(.href(SiteURL.cells($0).path), .text("看板")) }))
                })))
        )).render()
    }
}
