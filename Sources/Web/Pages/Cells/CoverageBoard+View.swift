import Core
import Domain
import Foundation
import Plot

/// 健康细胞覆盖看板: every cell target at the programme's place, then kinds × townships with colour and gap.
struct CoverageBoardView {
    var model: Model

    func render() -> String {
        let p = model.programme
        let id = p.plan.id
        let headline = model.entries.filter { $0.regionID == p.place.id }
        let targets = p.plan.cellTargets
        let counts = Dictionary(grouping: headline, by: \.verdict).mapValues(\.count)
        return Layout(title: "健康细胞", crumbs: cellCrumbs(p, nil), content: .group(
            .h1("健康细胞建设"),
            .p(.class("sub"), .text("\(p.plan.title) · 覆盖率 = 已命名且纳入统计的单位 ÷ 应创建（纳入统计）的单位，按登记册实时计算")),
            .toolbar(
                .a(.class("button"), .href(SiteURL.cellRegister(id, cell: nil, status: nil, region: model.ownTownship?.id, text: nil, page: 1).path), .text("登记册")),
                .if(model.canRegister, .a(.class("button secondary"), .href(SiteURL.newCellPlace(id).path), .text("登记场所"))),
                .if(model.canRegister, .a(.class("button secondary"), .href(SiteURL.cellBatch(id, region: model.ownTownship?.id, cell: "family").path), .text("批量评分"))),
                .if(model.canImport, .group(
                    .a(.class("button secondary"), .href(SiteURL.cellImport(id).path), .text("导入登记册")),
                    .a(.class("button secondary"), .href(SiteURL.cellReview(id).path), .text("确认评审（\(model.pendingReview) 条待确认）")))),
                .unwrap(model.ownTownship) { t in .a(.class("button secondary"), .href(SiteURL.cellTownship(plan: id, region: t.id).path), .text("本乡镇")) },
                .a(.class("button secondary"), .href(SiteURL.coverageXLSX(id).path), .text("导出 Excel"))),
            .figures(
                .figure(counts[.met] ?? 0, "目标已达标"),
                .figure(counts[.notMet] ?? 0, "未达标"),
                .figure(counts[.noData] ?? 0, "未登记应创建单位"),
                .figure(targets.count, "方案中的细胞目标")),
            targets.isEmpty ? .p(.class("empty"), .text("本方案没有健康细胞目标。")) : .group(
                .h2("\(p.place.name)：各项目标"),
                .table(.class("stack"),
                    .thead(.tr(.th("细胞"), .th("目标"), .th("已命名 / 应创建"), .th("进度"), .th("判定"), .th("差距"))),
                    .tbody(.forEach(headline) { e in
                        .tr(.cell("细胞", text: e.label),
                            .cell("目标", text: e.target),
                            .cell("已命名 / 应创建", numeric: true, text: "\(e.certified) / \(e.eligible)"),
                            .cell("进度", progress(e, targets[e.targetIndex])),
                            .cell("判定", .verdict(e.verdict)),
                            .cell("差距", text: e.gapText))
                    })),
                matrix()),
            untargeted(),
            sheetList()
        )).render()
    }

    /// Places of kinds the plan sets no target for (健康商场, 健康养老机构): how many are registered and named.
    private func untargeted() -> Node<HTML.BodyContext> {
        let p = model.programme
        return .if(!model.untargeted.isEmpty, .group(
            .h2("其他场所类型（方案未定目标，仅计数）"),
            .table(.class("stack"),
                .thead(.tr(.th("类型"), .th("登记"), .th("已命名"), .th("评分表"))),
                .tbody(.forEach(model.untargeted) { kind in
                    .tr(.cell("类型", .a(.href(SiteURL.cellRegister(p.plan.id, cell: kind.slug, status: nil, region: model.ownTownship?.id, text: nil, page: 1).path),
                                        .text(kind.name))),
                        .cell("登记", numeric: true, text: "\(kind.places)"),
                        .cell("已命名", numeric: true, text: "\(kind.certified)"),
                        .cell("评分表", text: kind.hasSheet ? "有，可评分" : "暂无评分表"))
                }))))
    }

    /// A share target's coverage; a count's named places against the count; a per-township count's townships met.
    private func progress(_ e: CoverageEntry, _ target: CellTarget) -> Node<HTML.BodyContext> {
        if let share = target.atLeastPercent {
            return .group(.coverageBar(percent: e.percent, verdict: e.verdict, target: share), .text(" 覆盖率 " + percentText(e.percent)))
        }
        let needed = max(1, target.atLeastCount ?? 1)
        if target.per == .township {
            let each = model.entries.filter { $0.targetIndex == e.targetIndex && $0.regionID != e.regionID }
            let met = each.filter { $0.met == true }.count
            let share = each.isEmpty ? nil : Double(met) / Double(each.count) * 100
            return .group(.coverageBar(percent: share, verdict: e.verdict, target: nil), .text(" \(met)/\(each.count) 个乡镇达标"))
        }
        return .group(.coverageBar(percent: Double(e.certified) / Double(needed) * 100, verdict: e.verdict, target: nil),
                      .text(" 已命名 \(e.certified)\(CellKinds.measureWord(e.cell))"))
    }

    /// Townships down, targets across; each cell coloured by its verdict with the gap beneath.
    private func matrix() -> Node<HTML.BodyContext> {
        let p = model.programme
        guard !p.townships.isEmpty else {
            return .p(.class("muted"), .text("尚未登记乡镇：管理员在「区划」页导入乡镇（街道）后，这里按乡镇列出。"))
        }
        let targets = Array(p.plan.cellTargets.enumerated())
        var byKey: [String: CoverageEntry] = [:]
        for e in model.entries { byKey["\(e.targetIndex)/\(e.regionID)"] = e }
        return .group(
            .h2("各乡镇"),
            .p(.class("muted"), .text("绿色为达到目标比例（或每乡镇数量），红色为未达到，灰色为未登记；县级目标在乡镇一级仅供对照。")),
            townshipCards(targets, byKey),
            .div(.class("scroll cov-matrix-wrap"),
                .table(.class("coverage-matrix"),
                    .thead(.tr(.th("乡镇"), .forEach(targets) { (i, t) in .th(.text(t.displayName), .br(), .span(.class("muted"), .text(t.per == .township ? "每乡镇" : "县级目标"))) })),
                    .tbody(.forEach(p.townships) { township in
                        .tr(.th(townshipName(township)),
                            .forEach(targets) { (i, _) in
                                let e = byKey["\(i)/\(township.id)"]
                                return .td(.class(attr("cov \(e?.verdict.rawValue ?? "no_data")")),
                                           .attribute(named: "title", value: attr(e?.gapText ?? "")),
                                    .unwrap(e) { e in .group(
                                        .b(.text(e.atLeastPercentText)), .br(),
                                        .span(.class("small"), .text("\(e.certified)/\(e.eligible)")),
                                        .if(e.gap > 0, .group(.br(), .span(.class("small"), .text("差 \(e.gap)")))))
                                    })
                            })
                    }))))
    }

    /// A township's name, linked to its page for those who may open it: a township officer only its own.
    private func townshipName(_ township: Region) -> Node<HTML.BodyContext> {
        if let own = model.ownTownship, own.id != township.id { return .text(township.name) }
        return .a(.href(SiteURL.cellTownship(plan: model.programme.plan.id, region: township.id).path), .text(township.name))
    }

    /// The matrix again as one card per township, shown instead of the table on a phone (the stylesheet picks one):
    /// every target on its own line with its figure, named / eligible and gap, coloured by its verdict.
    private func townshipCards(_ targets: [(offset: Int, element: CellTarget)], _ byKey: [String: CoverageEntry]) -> Node<HTML.BodyContext> {
        let p = model.programme
        return .div(.class("cov-cards"), .forEach(p.townships) { township in
            .section(.class("card cov-card"),
                .h3(townshipName(township)),
                .ul(.forEach(targets) { (i, t) in
                    let e = byKey["\(i)/\(township.id)"]
                    return .li(.class(attr("cov \(e?.verdict.rawValue ?? "no_data")")),
                        .span(.class("cov-name"), .text(t.displayName),
                              .span(.class("small muted"), .text(t.per == .township ? " 每乡镇" : " 县级目标"))),
                        .span(.class("cov-figure"), .unwrap(e, { e in .group(
                            .b(.text(e.atLeastPercentText)), .text(" "),
                            .span(.class("small"), .text("\(e.certified)/\(e.eligible)\(e.gap > 0 ? " · 差 \(e.gap)" : "")")))
                        }, else: .span(.class("small muted"), .text("未登记")))))
                }))
        })
    }

    private func sheetList() -> Node<HTML.BodyContext> {
        guard !model.sheets.isEmpty else { return .empty }
        return .section(.class("card"),
            .h3("评分表（可编辑模板）"),
            .p(.class("muted"), .text("按公开的评价标准结构编写的可编辑模板，不是官方文本；各地可请管理员按本省现行标准修改。")),
            .ul(.forEach(model.sheets) { sheet in
                .li(.a(.href(SiteURL.scoreSheet(plan: model.programme.plan.id, sheet: sheet.id).path), .text(sheet.title)),
                    .span(.class("muted"), .text("（\(sheet.cellTypeName)，满分 \(NumberText.format(sheet.maximumTotalValue))，通过线 \(NumberText.format(sheet.passLineValue))）")))
            }))
    }
}
