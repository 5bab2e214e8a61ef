import Domain
import Foundation
import Plot

func cellCrumbs(_ programme: CellWorkflow.Programme, _ last: String?) -> [Layout.Crumb] {
    var crumbs: [Layout.Crumb] = [.init(title: programme.plan.title, url: .plan(programme.plan.id))]
    if let last { crumbs += [.init(title: "健康细胞", url: .cells(programme.plan.id)), .init(title: last, url: nil)] }
    else { crumbs.append(.init(title: "健康细胞", url: nil)) }
    return crumbs
}

func percentText(_ value: Double?) -> String {
    value.map { String(format: "%.1f%%", $0) } ?? "—"
}

extension Node where Context: HTML.BodyContext {
    static func cellStatus(_ status: CellStatus) -> Node {
        .span(.class(attr("cell-status \(status.rawValue)")), .text(status.chineseName))
    }

    /// A bar filled to `percent` (0–100), coloured by the verdict, with the target as a tick where it is a share.
    static func coverageBar(percent: Double?, verdict: Verdict, target: Double?) -> Node {
        let filled = min(100, max(0, percent ?? 0))
        return .span(.class("cov-bar"), .attribute(named: "aria-hidden", value: "true"),
            .span(.class(attr("fill \(verdict.rawValue)")), .attribute(named: "style", value: attr("width:\(String(format: "%.1f", filled))%"))),
            .unwrap(target) { t in .span(.class("tick"), .attribute(named: "style", value: attr("left:\(String(format: "%.1f", min(100, t)))%"))) })
    }
}

// MARK: - Coverage board

/// 健康细胞覆盖看板: every cell target at the programme's place, then kinds × townships with colour and gap.
struct CoverageBoardView {
    struct Model {
        var programme: CellWorkflow.Programme
        var entries: [CoverageEntry]
        var pendingReview: Int
        var canImport: Bool
        var canRegister: Bool
        var ownTownship: Region?
        var sheets: [ScoreSheet]
    }

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
            .div(.class("toolbar no-print"),
                .a(.class("button"), .href(SiteURL.cellRegister(id, cell: nil, status: nil, region: model.ownTownship?.id, text: nil, page: 1).path), .text("登记册")),
                .if(model.canRegister, .a(.class("button secondary"), .href(SiteURL.newCellPlace(id).path), .text("登记场所"))),
                .if(model.canRegister, .a(.class("button secondary"), .href(SiteURL.cellBatch(id, region: model.ownTownship?.id, cell: "family").path), .text("批量评分"))),
                .if(model.canImport, .group(
                    .a(.class("button secondary"), .href(SiteURL.cellImport(id).path), .text("导入登记册")),
                    .a(.class("button secondary"), .href(SiteURL.cellReview(id).path), .text("确认评审（\(model.pendingReview) 条待确认）")))),
                .unwrap(model.ownTownship) { t in .a(.class("button secondary"), .href(SiteURL.cellTownship(plan: id, region: t.id).path), .text("本乡镇")) },
                .a(.class("button secondary"), .href(SiteURL.coverageXLSX(id).path), .text("导出 xlsx")),
                .a(.class("button secondary"), .href(SiteURL.apiCoverage(id).path), .text("JSON"))),
            .div(.class("figures"),
                .div(.class("figure"), .b(.text("\(counts[.met] ?? 0)")), .span("目标已达标")),
                .div(.class("figure"), .b(.text("\(counts[.notMet] ?? 0)")), .span("未达标")),
                .div(.class("figure"), .b(.text("\(counts[.noData] ?? 0)")), .span("未登记应创建单位")),
                .div(.class("figure"), .b(.text("\(targets.count)")), .span("方案中的细胞目标"))),
            targets.isEmpty ? .p(.class("empty"), .text("本方案没有健康细胞目标。")) : .group(
                .h2("\(p.place.name)：各项目标"),
                .table(.class("stack"),
                    .thead(.tr(.th("细胞"), .th("目标"), .th("已命名 / 应创建"), .th("进度"), .th("判定"), .th("差距"))),
                    .tbody(.forEach(headline) { e in
                        .tr(.td(.attribute(named: "data-label", value: "细胞"), .text(e.label)),
                            .td(.attribute(named: "data-label", value: "目标"), .text(e.target)),
                            .td(.class("num"), .attribute(named: "data-label", value: "已命名 / 应创建"), .text("\(e.certified) / \(e.eligible)")),
                            .td(.attribute(named: "data-label", value: "进度"), progress(e, targets[e.targetIndex])),
                            .td(.attribute(named: "data-label", value: "判定"), .verdict(e.verdict)),
                            .td(.attribute(named: "data-label", value: "差距"), .text(e.gapText)))
                    })),
                matrix()),
            sheetList(),
            .p(.class("muted"), .text("命令行：healthcity coverage \(id) --json；接口：GET \(SiteURL.apiCoverage(id).path)"))
        )).render()
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
            return .p(.class("muted"), .text("尚未登记乡镇（用 healthcity regions import 导入区划后，这里按乡镇列出）。"))
        }
        let targets = Array(p.plan.cellTargets.enumerated())
        var byKey: [String: CoverageEntry] = [:]
        for e in model.entries { byKey["\(e.targetIndex)/\(e.regionID)"] = e }
        return .group(
            .h2("各乡镇"),
            .p(.class("muted"), .text("绿色为达到目标比例（或每乡镇数量），红色为未达到，灰色为未登记；县级目标在乡镇一级仅供对照。")),
            .div(.class("scroll"),
                .table(.class("coverage-matrix"),
                    .thead(.tr(.th("乡镇"), .forEach(targets) { (i, t) in .th(.text(t.displayName), .br(), .span(.class("muted"), .text(t.per == .township ? "每乡镇" : "县级目标"))) })),
                    .tbody(.forEach(p.townships) { township in
                        .tr(.th(.a(.href(SiteURL.cellTownship(plan: p.plan.id, region: township.id).path), .text(township.name))),
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

    private func sheetList() -> Node<HTML.BodyContext> {
        guard !model.sheets.isEmpty else { return .empty }
        return .section(.class("card"),
            .h3("评分表（可编辑模板）"),
            .p(.class("muted"), .text("standards/ 目录中的评分表，按公开结构编写的可编辑模板，非官方文本；各地可按本省标准修改后重启服务。")),
            .ul(.forEach(model.sheets) { sheet in
                .li(.a(.href(SiteURL.scoreSheet(plan: model.programme.plan.id, sheet: sheet.id).path), .text(sheet.title)),
                    .span(.class("muted"), .text("（\(sheet.cellType)，满分 \(NumberText.format(sheet.maximumTotalValue))，通过线 \(NumberText.format(sheet.passLineValue))）")))
            }))
    }
}

extension CoverageEntry {
    /// The percentage for a share target, the count for a count target.
    var atLeastPercentText: String { target.hasSuffix("%") ? percentText(percent) : "\(certified)" }
}

// MARK: - Township

struct TownshipCellsView {
    struct Model {
        var programme: CellWorkflow.Programme
        var township: Region
        var entries: [CoverageEntry]
        var villages: [Region]
        var board: RegionBoard
        var canRegister: Bool
    }

    var model: Model

    func render() -> String {
        let p = model.programme
        let t = model.township
        let kinds = model.board.kinds
        return Layout(title: t.name, crumbs: cellCrumbs(p, t.name), content: .group(
            .h1("\(t.name)：健康细胞"),
            .div(.class("toolbar no-print"),
                .a(.class("button"), .href(SiteURL.cellRegister(p.plan.id, cell: nil, status: nil, region: t.id, text: nil, page: 1).path), .text("本乡镇登记册")),
                .if(model.canRegister, .group(
                    .a(.class("button secondary"), .href(SiteURL.newCellPlace(p.plan.id).path), .text("登记场所")),
                    .a(.class("button secondary"), .href(SiteURL.cellBatch(p.plan.id, region: t.id, cell: "family").path), .text("批量评分（健康家庭）"))))),
            model.entries.isEmpty ? .p(.class("empty"), .text("方案没有细胞目标。")) :
            .table(.class("stack"),
                .thead(.tr(.th("细胞"), .th("目标"), .th("已命名 / 应创建"), .th("覆盖率"), .th("判定"), .th("差距"))),
                .tbody(.forEach(model.entries) { e in
                    .tr(.td(.attribute(named: "data-label", value: "细胞"), .text(e.label), .if(!e.binding, .span(.class("muted"), .text("（县级目标，供对照）")))),
                        .td(.attribute(named: "data-label", value: "目标"), .text(e.target)),
                        .td(.class("num"), .attribute(named: "data-label", value: "已命名 / 应创建"), .text("\(e.certified) / \(e.eligible)")),
                        .td(.attribute(named: "data-label", value: "覆盖率"), .text(percentText(e.percent))),
                        .td(.attribute(named: "data-label", value: "判定"), .verdict(e.verdict)),
                        .td(.attribute(named: "data-label", value: "差距"), .text(e.gapText)))
                })),
            .h2("各村（社区）"),
            model.villages.isEmpty ? .p(.class("empty"), .text("本乡镇尚未登记村（社区）。")) :
            .div(.class("scroll"), .table(
                .thead(.tr(.th("村（社区）"), .forEach(kinds) { .th(.text(p.kindName($0))) })),
                .tbody(.forEach(model.villages) { v in
                    .tr(.th(.a(.href(SiteURL.cellRegister(p.plan.id, cell: nil, status: nil, region: v.id, text: nil, page: 1).path), .text(v.name))),
                        .forEach(kinds) { kind in
                            let total = model.board.totals[v.id]?[kind] ?? (0, 0)
                            return .td(.class("num"), .text(total.eligible == 0 ? "—" : "\(total.certified)/\(total.eligible)"))
                        })
                })))
        )).render()
    }
}

// MARK: - Register

struct RegisterView {
    struct Model {
        var programme: CellWorkflow.Programme
        var places: [CellPlace]
        var total: Int
        var page: Int
        var pageSize: Int
        var cell: String?
        var status: CellStatus?
        var region: Region?
        var text: String?
        var regionChoices: [Region]
        var canRegister: Bool
    }

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
            .if(model.canRegister, .div(.class("toolbar no-print"),
                .a(.class("button secondary"), .href(SiteURL.newCellPlace(id).path), .text("登记场所")))),
            model.places.isEmpty ? .p(.class("empty"), .text("没有符合条件的场所。")) :
            .table(.class("stack"),
                .thead(.tr(.th("名称"), .th("类型"), .th("地区"), .th("状态"), .th("命名日期"), .th("纳入统计"))),
                .tbody(.forEach(model.places) { place in
                    .tr(.td(.attribute(named: "data-label", value: "名称"), .a(.href(SiteURL.cellPlace(plan: id, id: place.id).path), .text(place.name)),
                            .unwrap(place.code) { .span(.class("muted"), .text(" \($0)")) }),
                        .td(.attribute(named: "data-label", value: "类型"), .text(p.kindName(place.cell)),
                            .unwrap(place.subkind) { .span(.class("muted"), .text("（\(CellKinds.subkindName($0, of: place.cell))）")) }),
                        .td(.attribute(named: "data-label", value: "地区"), .text(p.regionLabel(place.regionID))),
                        .td(.attribute(named: "data-label", value: "状态"), .cellStatus(place.status)),
                        .td(.attribute(named: "data-label", value: "命名日期"), .text(place.certifiedOn?.iso ?? "")),
                        .td(.attribute(named: "data-label", value: "纳入统计"), .text(place.eligible ? "是" : "否")))
                })),
            .if(pages > 1, .p(.class("toolbar"),
                .if(model.page > 1, .a(.class("button secondary"), .href(attr(link(model.page - 1))), .text("‹ 上一页"))),
                .span(.text(" 第 \(model.page) / \(pages) 页 ")),
                .if(model.page < pages, .a(.class("button secondary"), .href(attr(link(model.page + 1))), .text("下一页 ›")))))
        )).render()
    }
}

// MARK: - New place

struct PlaceFormView {
    struct Model {
        var programme: CellWorkflow.Programme
        var regions: [Region]
        var form: CellController.PlaceForm
        var problems: [String]
    }

    var model: Model

    func render() -> String {
        let p = model.programme
        let f = model.form
        let kinds = p.kinds
        let subkinds = CellKinds.subkinds.sorted { $0.key < $1.key }
        return Layout(title: "登记场所", crumbs: cellCrumbs(p, "登记场所"), content: .group(
            .h1("登记场所"),
            .if(!model.problems.isEmpty, .div(.class("notice error"), .p(.text("未保存，请更正：")),
                .ul(.forEach(model.problems) { .li(.text($0)) }))),
            .form(.method(.post), .action(SiteURL.newCellPlace(p.plan.id).path), .class("stack card"),
                .csrfField(),
                .label(.text("类型"), .select(.attribute(named: "name", value: "type"), .attribute(named: "required", value: "required"),
                    .forEach(kinds) { k in .choice(k.slug, k.name, selected: f.type == k.slug) })),
                .label(.text("名称（家庭填户主姓名）"), .input(.type(.text), .name("name"), .required(true), .value(attr(f.name ?? "")))),
                .label(.text("编码（户号或统一社会信用代码，可空；同名时用于区分）"), .input(.type(.text), .name("code"), .value(attr(f.code ?? "")))),
                .label(.text("地区"), .select(.attribute(named: "name", value: "region"), .attribute(named: "required", value: "required"),
                    .forEach(model.regions) { r in .choice(r.id.uuidString, p.regionLabel(r.id), selected: f.region?.lowercased() == r.id.uuidString.lowercased()) })),
                .label(.text("子类（学校、医疗机构、企业、机关等，影响是否纳入统计）"),
                    .input(.type(.text), .name("subkind"), .value(attr(f.subkind ?? "")), .attribute(named: "list", value: "subkinds"))),
                .element(named: "datalist", nodes: [.id("subkinds"), .group(subkinds.flatMap { entry in entry.value.map { Node<HTML.BodyContext>.element(named: "option", nodes: [.attribute(named: "value", value: attr($0.name))]) } })]),
                .label(.class("check"), .input(.type(.checkbox), .name("eligible"), .value("true"), .checked(f.eligible != nil)),
                       .text(" 纳入覆盖率统计（应创建单位）")),
                .label(.text("联系人"), .input(.type(.text), .name("contact"), .value(attr(f.contact ?? "")))),
                .label(.text("备注"), .textarea(.name("note"), .text(f.note ?? ""))),
                .button(.type(.submit), .text("登记")))
        )).render()
    }
}

// MARK: - One place

struct PlaceView {
    struct Model {
        var programme: CellWorkflow.Programme
        var place: CellPlace
        var history: [CellTransition]
        var assessments: [CellAssessment]
        var sheet: ScoreSheet?
        var canEdit: Bool
        var canAssess: Bool
        var canCertify: Bool
        var notice: String?
        var problem: String?
        /// What was typed into a refused edit, shown again in the form.
        var typed: CellPlace?
    }

    var model: Model

    func render() -> String {
        let p = model.programme
        let place = model.place
        let edited = model.typed ?? place
        let id = p.plan.id
        let steps = place.status.nextSteps.filter { $0 != .revoked ? model.canEdit : model.canCertify }
        return Layout(title: place.name, crumbs: cellCrumbs(p, place.name), content: .group(
            .h1(.text(place.name), .text(" "), .cellStatus(place.status)),
            .p(.class("sub"), .text("\(p.kindName(place.cell)) · \(p.regionLabel(place.regionID))")),
            .unwrap(model.notice) { .p(.class("notice"), .text($0)) },
            .unwrap(model.problem) { .p(.class("notice error"), .text($0)) },
            .section(.class("card"),
                .dl(.class("facts"),
                    .dt("类型"), .dd(.text(p.kindName(place.cell) + (place.subkind.map { "（\(CellKinds.subkindName($0, of: place.cell))）" } ?? ""))),
                    .dt("编码"), .dd(.text(place.code ?? "—")),
                    .dt("纳入统计"), .dd(.text(place.eligible ? "是（计入覆盖率分母）" : "否")),
                    .dt("状态"), .dd(.cellStatus(place.status)),
                    .dt("命名日期"), .dd(.text(place.certifiedOn?.iso ?? "—")),
                    .dt("摘牌日期"), .dd(.text(place.revokedOn?.iso ?? "—")),
                    .dt("联系人"), .dd(.text(place.contact ?? "—")),
                    .dt("备注"), .dd(.text(place.note ?? "—")))),
            .if(!steps.isEmpty || (model.canAssess && place.status.isAssessable), .section(.class("card no-print"),
                .h3("办理"),
                .if(model.canAssess && place.status.isAssessable && model.sheet != nil,
                    .p(.a(.class("button"), .href(SiteURL.cellAssess(plan: id, id: place.id).path),
                          .text(place.status == .certified ? "复审评分" : "按评分表评分")))),
                .if(model.canAssess && place.status.isAssessable && model.sheet == nil,
                    .p(.class("muted"), .text("standards/ 中没有「\(p.kindName(place.cell))」的评分表，无法在线评分。"))),
                .forEach(steps) { step in
                    .form(.method(.post), .action(SiteURL.cellPlaceTransition(plan: id, id: place.id).path), .class("toolbar"),
                        step == .revoked ? .attribute(named: "data-confirm", value: "确定摘牌？") : .empty,
                        .csrfField(),
                        .input(.type(.hidden), .name("to"), .value(attr(step.rawValue))),
                        .input(.type(.date), .name("date"), .attribute(named: "aria-label", value: "日期")),
                        .input(.type(.text), .name("reason"), .placeholder(attr(step == .revoked ? "摘牌原因（必填）" : "说明（可空）")),
                               .required(step == .revoked)),
                        .button(.type(.submit), .class(attr(step == .revoked ? "danger" : "secondary")), .text(Self.label(from: place.status, to: step))))
                })),
            .h2("评审记录"),
            model.assessments.isEmpty ? .p(.class("empty"), .text("尚无评审。")) :
            .table(.class("stack"),
                .thead(.tr(.th("日期"), .th("评分表"), .th("得分"), .th("建议"), .th("状态"), .th("评审人"))),
                .tbody(.forEach(model.assessments) { a in
                    .tr(.td(.attribute(named: "data-label", value: "日期"), .a(.href(SiteURL.cellAssessment(plan: id, id: a.id).path), .text(a.assessedOn.iso))),
                        .td(.attribute(named: "data-label", value: "评分表"), .text(a.sheetID)),
                        .td(.class("num"), .attribute(named: "data-label", value: "得分"), .text(NumberText.format(a.total))),
                        .td(.attribute(named: "data-label", value: "建议"), .text(a.proposal.chineseName)),
                        .td(.attribute(named: "data-label", value: "状态"), .text(a.state.chineseName)),
                        .td(.attribute(named: "data-label", value: "评审人"), .text(a.assessor)))
                })),
            .h2("历程"),
            model.history.isEmpty ? .p(.class("empty"), .text("登记后尚未办理。")) :
            .table(.class("stack"),
                .thead(.tr(.th("时间"), .th("变更"), .th("日期"), .th("办理人"), .th("说明"))),
                .tbody(.forEach(model.history) { h in
                    .tr(.td(.attribute(named: "data-label", value: "时间"), .text(Self.time(h.at))),
                        .td(.attribute(named: "data-label", value: "变更"), .text("\(h.from?.chineseName ?? "登记") → \(h.to.chineseName)")),
                        .td(.attribute(named: "data-label", value: "日期"), .text(h.on?.iso ?? "")),
                        .td(.attribute(named: "data-label", value: "办理人"), .text(h.actor)),
                        .td(.attribute(named: "data-label", value: "说明"), .text(h.reason ?? "")))
                })),
            .if(model.canEdit, .details(.class("card no-print"), .if(model.typed != nil, .open(true)), .summary("修改登记信息"),
                .form(.method(.post), .action(SiteURL.cellPlaceEdit(plan: id, id: place.id).path), .class("stack"),
                    .csrfField(),
                    // The version the form was opened at: a save after someone else's is refused, not silently applied.
                    .input(.type(.hidden), .name("version"), .value(String(edited.updatedAt.timeIntervalSince1970))),
                    .label(.text("名称"), .input(.type(.text), .name("name"), .required(true), .value(attr(edited.name)))),
                    .label(.text("编码"), .input(.type(.text), .name("code"), .value(attr(edited.code ?? "")))),
                    .label(.text("子类"), .input(.type(.text), .name("subkind"), .value(attr(edited.subkind.map { CellKinds.subkindName($0, of: edited.cell) } ?? "")))),
                    .label(.class("check"), .input(.type(.checkbox), .name("eligible"), .value("true"), .checked(edited.eligible)), .text(" 纳入覆盖率统计")),
                    .label(.text("联系人"), .input(.type(.text), .name("contact"), .value(attr(edited.contact ?? "")))),
                    .label(.text("备注"), .textarea(.name("note"), .text(edited.note ?? ""))),
                    .button(.type(.submit), .class("secondary"), .text("保存")))))
        )).render()
    }

    static func label(from: CellStatus, to: CellStatus) -> String {
        switch (from, to) {
        case (_, .applied) where from == .revoked: "重新申报"
        case (_, .applied) where from != .none: "退回申报"
        case (_, .applied): "申报"
        case (_, .none): "撤回申报"
        case (_, .preliminary) where from == .onsite: "退回初评"
        case (_, .preliminary): "通过初评"
        case (_, .onsite): "进入现场评审"
        case (_, .revoked): "摘牌"
        default: to.chineseName
        }
    }

    static func time(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
        return formatter.string(from: date)
    }
}

// MARK: - Import

struct CellImportView {
    struct Model {
        var programme: CellWorkflow.Programme
        var problems: [String]
    }

    var model: Model

    func render() -> String {
        let p = model.programme
        return Layout(title: "导入登记册", crumbs: cellCrumbs(p, "导入登记册"), content: .group(
            .h1("导入健康细胞登记册"),
            .p(.class("sub"), .text("CSV（UTF-8 或 GBK）或 xlsx，第一行为表头：type,name,region,subkind,eligible,status,certified_on[,code,contact]，也可用中文表头 类型,名称,地区,子类,纳入统计,状态,命名日期,编码,联系人。type 为 community/village/family/hospital/school/agency/enterprise 或中文名；region 写区划代码或名称路径（如「\(p.place.name)/某某镇/某某村」）；status 为 none/applied/preliminary/onsite/certified/revoked 或 未申报/申报/初评/现场评审/命名/摘牌。同一地区、类型和编码（无编码时名称）的已有场所会被更新。整份文件有任何错误都不导入。")),
            .if(!model.problems.isEmpty, .div(.class("notice error"),
                .p(.text("未导入任何数据，请更正以下问题后重新上传：")),
                .ul(.forEach(model.problems.prefix(200)) { .li(.text($0)) }))),
            .form(.method(.post), .action(SiteURL.cellImport(p.plan.id).path), .attribute(named: "enctype", value: "multipart/form-data"),
                  .class("stack card"),
                .csrfField(),
                .label(.text("文件"), .input(.type(.file), .name("file"), .required(true), .attribute(named: "accept", value: ".csv,.xlsx"),
                                             .attribute(named: "data-max-bytes", value: String(CellController.uploadBodyLimit - (1 << 20))),
                                             .attribute(named: "data-message", value: "upload-message"))),
                .p(.id("upload-message"), .class("field-error")),
                .button(.type(.submit), .text("导入"))),
            .p(.class("muted"), .text("网页上传不超过 63 MB（约 60 万户）；更大的登记册请用命令行 healthcity cells import FILE --plan \(p.plan.id)（CSV 大小不限，逐行读取）。接口：POST \(SiteURL.apiCellsImport(p.plan.id).path)"))
        )).render()
    }
}

struct CellImportJobView {
    struct Model {
        var programme: CellWorkflow.Programme
        var job: CellImportJobs.Job
    }

    var model: Model

    func render() -> String {
        let p = model.programme
        let job = model.job
        let progressURL = SiteURL.cellImportProgress(plan: p.plan.id, job: job.id).path
        return Layout(title: "导入登记册", crumbs: cellCrumbs(p, "导入登记册"), content: .group(
            .h1("导入「\(job.fileName)」"),
            .div(.class("card"), .id("import-job"), .attribute(named: "data-progress", value: attr(progressURL)),
                .attribute(named: "data-state", value: attr(job.state.rawValue)),
                .element(named: "progress", nodes: [.attribute(named: "max", value: "100"),
                                                    .attribute(named: "value", value: String(Int(job.fraction * 100)))]),
                .p(.id("import-status"), .text(Self.status(job))),
                .if(job.state == .failed, .div(.class("notice error"),
                    .p(.text("未导入任何数据，请更正以下问题后重新上传：")),
                    .ul(.forEach(job.problems.prefix(200)) { .li(.text($0)) }))),
                .if(job.state == .running, .element(named: "noscript", nodes: [.p(.text("页面不会自动刷新：请稍后手动刷新查看进度。"))]))),
            .p(.a(.href(SiteURL.cells(p.plan.id).path), .text("返回健康细胞看板 ›")), .text(" "),
               .a(.href(SiteURL.cellImport(p.plan.id).path), .text("再导入一个文件")))
        )).render()
    }

    static func status(_ job: CellImportJobs.Job) -> String {
        switch job.state {
        case .running: "正在导入……已读 \(job.rows) 行（\(Int(job.fraction * 100))%）"
        case .done:
            job.result.map { "导入完成：\($0.rows) 行，新增 \($0.added)，更新 \($0.updated)，未变 \($0.unchanged)。" } ?? "导入完成"
        case .failed: "导入失败，整份文件未导入。"
        }
    }
}

// MARK: - Workbook

enum CoverageWorkbook {
    static func make(programme: CellWorkflow.Programme, entries: [CoverageEntry]) -> XLSXWorkbook {
        let rows: [[XLSXCell]] = entries.map { e in
            [.text(e.label), .text(e.region), .text(e.target), .number(Double(e.eligible)), .number(Double(e.certified)),
             e.percent.map { .number(($0 * 10).rounded() / 10) } ?? .empty, .text(e.verdict.chineseName), .text(e.gapText),
             .text(e.binding ? "是" : "否（县级目标对照）")]
        }
        return XLSXWorkbook(sheets: [XLSXSheet(name: "覆盖率", header: ["细胞", "地区", "目标", "应创建", "已命名", "覆盖率(%)", "判定", "差距", "本级目标"],
                                               rows: rows, columnWidths: [18, 14, 12, 10, 10, 10, 10, 20, 16])])
    }
}

extension ScoreSheet {
    var maximumTotalValue: Double { NSDecimalNumber(decimal: baseMaximum).doubleValue }
    var passLineValue: Double { NSDecimalNumber(decimal: pass.minimumTotal).doubleValue }
}

extension ScoreSheetLibrary {
    /// The sheet a place of this kind is scored on: the first one for its type.
    func sheet(forCell cell: String) -> ScoreSheet? { sheets(cellType: cell).first }
}

// MARK: - A region across programmes

/// 各地健康细胞覆盖: the regions one level below, each kind's named / eligible and share; a province's
/// viewer drills down city → county → township.
struct RegionCoverageView {
    struct Model {
        var board: RegionBoard
        /// From the outermost region down to the board's region.
        var path: [Region]
        /// Region → the programme whose place it is, for a link to its board.
        var programmes: [UUID: String]
    }

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
            .div(.class("scroll"), .table(.class("coverage-matrix"),
                .thead(.tr(.th("地区"), .forEach(kinds) { .th(.text(CellKinds.name(of: $0))) }, .th("方案"))),
                .tbody(.forEach(rows) { region in
                    .tr(.th(region.id == board.root.id ? .text(region.name + "（合计）")
                            : .a(.href(SiteURL.regionCoverage(region.id).path), .text(region.name))),
                        .forEach(kinds) { kind in
                            let t = board.totals[region.id]?[kind] ?? (0, 0)
                            return .td(.class("cov"), .text(t.eligible == 0 ? "—" : "\(t.certified)/\(t.eligible)"), .br(),
                                       .span(.class("small"), .text(percentText(board.percent(region.id, kind)))))
                        },
                        .td(.unwrap(model.programmes[region.id]) { .a(.href(SiteURL.cells($0).path), .text("看板")) }))
                })))
        )).render()
    }
}
