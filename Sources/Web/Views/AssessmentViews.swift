import Domain
import Foundation
import Plot

private func points(_ value: Decimal) -> String { NumberText.format(NSDecimalNumber(decimal: value).doubleValue) }

extension Node where Context: HTML.BodyContext {
    /// The input an item takes: pass/fail for a zero-point veto item, a count for a counted item, points otherwise.
    static func scoreInput(_ item: ScoreItem, name prefix: String, texts: [String: String], compact: Bool) -> Node {
        func typed(_ field: String) -> String { texts["\(prefix)\(field).\(item.id)"] ?? "" }
        let label = "\(item.id) \(item.title)"
        if item.isPassFail {
            let chosen = typed("passed")
            return .select(.attribute(named: "name", value: attr("\(prefix)passed.\(item.id)")), .attribute(named: "aria-label", value: attr(label)),
                .choice("", compact ? "—" : "未评", selected: chosen.isEmpty),
                .choice("yes", "达标", selected: chosen == "yes"), .choice("no", "不达标", selected: chosen == "no"))
        }
        if let per = item.perCount, per > 0 {
            // The count that earns the item's full points, for the batch form's 满分 button.
            let full = Int(NSDecimalNumber(decimal: item.points / per).doubleValue.rounded(.up))
            return .input(.type(.number), .name(attr("\(prefix)count.\(item.id)")), .value(attr(typed("count"))),
                          .attribute(named: "data-full", value: String(full)),
                          .attribute(named: "min", value: "0"), .attribute(named: "step", value: "1"),
                          .attribute(named: "aria-label", value: attr(label + "（\(item.unitOfCount)数）")),
                          .placeholder(attr(compact ? item.unitOfCount : "\(item.unitOfCount)数")))
        }
        return .input(.type(.number), .name(attr("\(prefix)points.\(item.id)")), .value(attr(typed("points"))),
                      .attribute(named: "min", value: "0"), .attribute(named: "max", value: attr(points(item.points))),
                      .attribute(named: "step", value: "0.5"), .attribute(named: "aria-label", value: attr(label)),
                      .attribute(named: "data-full", value: attr(points(item.points))),
                      .placeholder(attr(compact ? points(item.points) : "0–\(points(item.points))")))
    }
}

// MARK: - Scoring one place

struct AssessmentFormView {
    struct Model {
        var programme: CellWorkflow.Programme
        var place: CellPlace
        var sheet: ScoreSheet
        var texts: [String: String]
        /// Item id ("" for the whole form) → problem.
        var problems: [String: String]
        var problem: String?
    }

    var model: Model

    func render() -> String {
        let p = model.programme
        let sheet = model.sheet
        let place = model.place
        var summary = "\(sheet.title) · 满分 \(points(sheet.baseMaximum))"
        if sheet.bonusMaximum > 0 { summary += "，加分 \(points(sheet.bonusMaximum))" }
        summary += " · 通过线 \(points(sheet.pass.minimumTotal)) 分"
        if let share = sheet.pass.vetoItemMinimumShare { summary += "，一票否决项须达到其分值的 \(points(share * 100))%" }
        return Layout(title: "评分：\(place.name)", crumbs: cellCrumbs(p, place.name), content: .group(
            .h1("评分：\(place.name)"),
            .p(.class("sub"), .text(summary)),
            .if(sheet.template, .p(.class("notice warn"), .text(sheet.note ?? "本评分表为可编辑模板，非官方文本。"))),
            .unwrap(model.problem) { .p(.class("notice error"), .text($0)) },
            .unwrap(model.problems[""]) { .p(.class("notice error"), .text($0)) },
            .form(.method(.post), .action(SiteURL.cellAssess(plan: p.plan.id, id: place.id).path),
                  .attribute(named: "enctype", value: "multipart/form-data"), .class("wide-form"),
                .csrfField(),
                .forEach(sheet.sections) { section in
                    Node<HTML.FormContext>.element(named: "fieldset", nodes: [
                        .class("card score-section"),
                        .element(named: "legend", text: "\(section.id) \(section.title)（\(points(section.baseMaximum)) 分）"),
                        .component(itemTable(section.items)),
                        .forEach(section.subsections) { sub in
                            .component(Node<HTML.BodyContext>.group(.h3(.text("\(sub.id) \(sub.title)")), itemTable(sub.items)))
                        }])
                },
                .div(.class("card stack"),
                    .label(.text("评审日期"), .input(.type(.date), .name("assessedOn"), .value(attr(model.texts["assessedOn"] ?? "")))),
                    .label(.text("总体意见"), .textarea(.name("note"), .text(model.texts["note"] ?? ""))),
                    .label(.text("整体附件（照片、PDF、Word/Excel，按内容识别）"), .input(.type(.file), .name("evidence"))),
                    .button(.type(.submit), .text("计算得分并提交"))))
        )).render()
    }

    private func itemTable(_ items: [ScoreItem]) -> Node<HTML.BodyContext> {
        guard !items.isEmpty else { return .empty }
        return .table(.class("stack score-items"),
            .thead(.tr(.th("项目"), .th("评分标准"), .th("分值"), .th("考核方法"), .th("得分"), .th("说明 / 附件"))),
            .tbody(.forEach(items) { item in
                .tr(.class(attr(item.kind.rawValue)),
                    .td(.attribute(named: "data-label", value: "项目"), .b(.text("\(item.id) ")), .text(item.title),
                        .if(item.kind != .normal, .span(.class(attr("tag \(item.kind == .veto ? "warn" : "")")), .text(item.kind.chineseName))),
                        .unwrap(item.explanation) { .p(.class("muted small"), .text($0)) }),
                    .td(.attribute(named: "data-label", value: "评分标准"), .text(item.scoring)),
                    .td(.class("num"), .attribute(named: "data-label", value: "分值"), .text(item.isPassFail ? "否决" : points(item.points))),
                    .td(.attribute(named: "data-label", value: "考核方法"), .text(item.methods.map(\.rawValue).joined(separator: "、"))),
                    .td(.attribute(named: "data-label", value: "得分"), .scoreInput(item, name: "", texts: model.texts, compact: false),
                        .unwrap(model.problems[item.id]) { .p(.class("field-error"), .text($0)) }),
                    .td(.attribute(named: "data-label", value: "说明 / 附件"),
                        .input(.type(.text), .name(attr("note.\(item.id)")), .value(attr(model.texts["note.\(item.id)"] ?? "")), .placeholder("说明")),
                        .input(.type(.file), .name(attr("evidence.\(item.id)")), .attribute(named: "aria-label", value: "附件"))))
            }))
    }
}

// MARK: - One assessment

struct AssessmentView {
    struct Model {
        var programme: CellWorkflow.Programme
        var place: CellPlace
        var assessment: CellAssessment
        var sheet: ScoreSheet?
        var result: ScoringResult?
        var entries: [String: ItemEntry]
        var canDecide: Bool
        var notice: String?
        var problem: String?
    }

    var model: Model

    func render() -> String {
        let p = model.programme
        let a = model.assessment
        let id = p.plan.id
        return Layout(title: "评审结果", crumbs: cellCrumbs(p, model.place.name), content: .group(
            .h1(.text("评审结果："), .a(.href(SiteURL.cellPlace(plan: id, id: model.place.id).path), .text(model.place.name))),
            .p(.class("sub"), .text("\(model.sheet?.title ?? a.sheetID) · \(a.assessedOn.iso) · 评审人 \(a.assessor) · \(a.state.chineseName)")),
            .unwrap(model.notice) { .p(.class("notice"), .text($0)) },
            .unwrap(model.problem) { .p(.class("notice error"), .text($0)) },
            .div(.class("figures"),
                .div(.class("figure"), .b(.text(NumberText.format(a.total))), .span("总分")),
                .unwrap(model.result) { r in .div(.class("figure"), .b(.text(points(r.minimumTotal))), .span("通过线")) },
                .unwrap(model.result) { r in .div(.class("figure"), .b(.text(points(r.bonusTotal))), .span("加分")) },
                .div(.class("figure"), .b(.text(a.proposal.chineseName)), .span("评分建议"))),
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
                        return .tr(.td(.attribute(named: "data-label", value: "项目"), .text("\(item.id) \(item.title)"),
                                       .if(item.kind != .normal, .span(.class("tag"), .text(item.kind.chineseName)))),
                                   .td(.class("num"), .attribute(named: "data-label", value: "分值"), .text(item.isPassFail ? "否决" : points(item.points))),
                                   .td(.class("num"), .attribute(named: "data-label", value: "得分"),
                                       .text(Self.scoreText(item, score))),
                                   .td(.attribute(named: "data-label", value: "说明"), .text(entry?.note ?? "")),
                                   .td(.attribute(named: "data-label", value: "附件"), .forEach(a.evidence[item.id] ?? []) { file in
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

// MARK: - Office review

struct CellReviewView {
    struct Model {
        var programme: CellWorkflow.Programme
        var pending: [CellAssessment]
        var places: [UUID: CellPlace]
    }

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
                        .td(.attribute(named: "data-label", value: "场所"), .a(.href(SiteURL.cellAssessment(plan: id, id: a.id).path), .text(place?.name ?? "—")),
                            .span(.class("muted"), .text(" \(place.map { p.kindName($0.cell) } ?? "")"))),
                        .td(.attribute(named: "data-label", value: "地区"), .text(place.map { p.regionLabel($0.regionID) } ?? "")),
                        .td(.class("num"), .attribute(named: "data-label", value: "得分"), .text(NumberText.format(a.total))),
                        .td(.attribute(named: "data-label", value: "建议"), .text(a.proposal.chineseName)),
                        .td(.attribute(named: "data-label", value: "理由"), .text(a.reasons.joined(separator: "；"))),
                        .td(.attribute(named: "data-label", value: "评审"), .text("\(a.assessor) \(a.assessedOn.iso)")),
                        .td(.form(.method(.post), .action(SiteURL.cellDecide(plan: id, id: a.id).path), .class("inline"),
                            .csrfField(), .input(.type(.hidden), .name("back"), .value("review")),
                            .if(a.proposal != .incomplete, .button(.type(.submit), .name("decision"), .value("confirm"),
                                                                   .text(a.proposal == .pass ? "确认命名" : "确认"))),
                            .button(.type(.submit), .name("decision"), .value("reject"), .class("secondary"), .text("不采纳")))))
                }))
        )).render()
    }
}

// MARK: - Township batch

struct BatchView {
    struct Model {
        var programme: CellWorkflow.Programme
        var query: CellController.BatchQuery
        var texts: [String: String]
        var problems: [UUID: String]
        var notice: String?
        var regions: [Region]
    }

    var model: Model

    func render() -> String {
        let p = model.programme
        let q = model.query
        let items = q.sheet.allItems
        return Layout(title: "批量评分", crumbs: cellCrumbs(p, "批量评分"), wide: true, content: .group(
            .h1("批量评分：\(p.regionLabel(q.region.id)) · \(p.kindName(q.cell))"),
            .p(.class("sub"), .text("\(q.sheet.title)：每行一户（个），逐项填写得分；整行留空的不评。「满分」按钮把该行各项填为满分，再改扣分项。通过线 \(points(q.sheet.pass.minimumTotal)) 分。全部无误才保存，提交后由创建办确认命名。")),
            .form(.method(.get), .action(SiteURL.cellBatch(p.plan.id, region: nil, cell: nil).path), .class("toolbar no-print"),
                .select(.attribute(named: "name", value: "region"), .attribute(named: "aria-label", value: "乡镇"),
                    .forEach(model.regions) { r in .choice(r.id.uuidString.lowercased(), r.name, selected: r.id == q.region.id) }),
                .select(.attribute(named: "name", value: "type"), .attribute(named: "aria-label", value: "类型"),
                    .forEach(p.kinds) { k in .choice(k.slug, k.name, selected: k.slug == q.cell) }),
                .button(.type(.submit), .class("secondary"), .text("切换"))),
            .unwrap(model.notice) { .p(.class(model.problems.isEmpty ? "notice" : "notice error"), .text($0)) },
            q.places.isEmpty ? .p(.class("empty"), .text("这里没有处于申报、初评或现场评审阶段的\(p.kindName(q.cell))。先在登记册中登记并申报。")) :
            .form(.method(.post), .action(SiteURL.cellBatch(p.plan.id, region: nil, cell: nil).path), .attribute(named: "enctype", value: "multipart/form-data"),
                .csrfField(),
                .input(.type(.hidden), .name("region"), .value(attr(q.region.id.uuidString.lowercased()))),
                .input(.type(.hidden), .name("type"), .value(attr(q.cell))),
                .div(.class("scroll"), .table(.class("batch"),
                    .thead(.tr(.th("名称"), .forEach(items) { item in
                        .th(.attribute(named: "title", value: attr("\(item.title)：\(item.scoring)")), .text(item.id), .br(),
                            .span(.class("small"), .text(item.isPassFail ? "否决" : points(item.points))))
                    }, .th(""))),
                    .tbody(.forEach(q.places) { place in
                        let prefix = "\(place.id.uuidString.lowercased())."
                        return .tr(.class(attr(model.problems[place.id] == nil ? "" : "has-error")),
                            .th(.a(.href(SiteURL.cellPlace(plan: p.plan.id, id: place.id).path), .text(place.name)),
                                .br(), .span(.class("small muted"), .text(p.regionLabel(place.regionID))),
                                .unwrap(q.pending[place.id]) { a in
                                    .group(.br(), .a(.class("small"), .href(SiteURL.cellAssessment(plan: p.plan.id, id: a.id).path),
                                                     .text("已评 \(NumberText.format(a.total)) 分，待确认")))
                                },
                                .unwrap(model.problems[place.id]) { .p(.class("field-error"), .text($0)) }),
                            .forEach(items) { item in .td(.scoreInput(item, name: prefix, texts: model.texts, compact: true)) },
                            .td(.button(.type(.button), .class("secondary small"), .attribute(named: "data-fill-row", value: "full"), .text("满分"))))
                    }))),
                .p(.button(.type(.submit), .text("保存全部评分")))),
            .details(.class("card"), .summary("评分表各项"),
                .ol(.forEach(items) { item in .li(.b(.text("\(item.id) \(item.title)")), .text("（\(item.isPassFail ? "否决项" : points(item.points) + " 分")）\(item.scoring)")) }))
        )).render()
    }
}

// MARK: - A sheet

struct ScoreSheetView {
    struct Model {
        var programme: CellWorkflow.Programme
        var sheet: ScoreSheet
        var file: String?
    }

    var model: Model

    func render() -> String {
        let s = model.sheet
        var summary = "\(s.cellTypeName) · 版本 \(s.version) · 基本分 \(points(s.baseMaximum))"
        if s.bonusMaximum > 0 { summary += " · 加分 \(points(s.bonusMaximum))" }
        summary += " · 通过线 \(points(s.pass.minimumTotal))"
        if let file = model.file { summary += " · 文件 \(file)" }
        return Layout(title: s.title, crumbs: cellCrumbs(model.programme, s.title), content: .group(
            .h1(.text(s.title)),
            .p(.class("sub"), .text(summary)),
            .if(s.template, .p(.class("notice warn"), .text(s.note ?? "可编辑模板，非官方文本。"))),
            .if(!s.pass.sectionMinimums.isEmpty, .p(.text("分项最低分：" + s.pass.sectionMinimums.map { "\($0.section) ≥ \(points($0.minimum))" }.joined(separator: "；")))),
            .forEach(s.sections) { section in
                .group(
                    .h2("\(section.id) \(section.title)（\(points(section.baseMaximum)) 分）"),
                    table(section.items),
                    .forEach(section.subsections) { sub in .group(.h3(.text("\(sub.id) \(sub.title)（\(points(sub.baseMaximum)) 分）")), table(sub.items)) })
            }
        )).render()
    }

    private func table(_ items: [ScoreItem]) -> Node<HTML.BodyContext> {
        guard !items.isEmpty else { return .empty }
        return .table(.class("stack"),
            .thead(.tr(.th("编号"), .th("项目"), .th("指标解释"), .th("评分标准"), .th("分值"), .th("考核方法"))),
            .tbody(.forEach(items) { item in
                .tr(.td(.attribute(named: "data-label", value: "编号"), .text(item.id)),
                    .td(.attribute(named: "data-label", value: "项目"), .text(item.title),
                        .if(item.kind != .normal, .span(.class("tag"), .text(item.kind.chineseName)))),
                    .td(.attribute(named: "data-label", value: "指标解释"), .text(item.explanation ?? "")),
                    .td(.attribute(named: "data-label", value: "评分标准"), .text(item.scoring)),
                    .td(.class("num"), .attribute(named: "data-label", value: "分值"), .text(item.isPassFail ? "否决" : points(item.points))),
                    .td(.attribute(named: "data-label", value: "考核方法"), .text(item.methods.map(\.rawValue).joined(separator: "、"))))
            }))
    }
}
