import Core
import Domain
import Foundation
import Plot

/// 批量评分: one card per place, each item on its own line with its name, 满分 or 一票否决 and an empty box, a running
/// total (site.js) and a 「全部满分」 button. A card is saved only when every box in it is filled; a card left empty
/// is not scored.
struct BatchView {
    var model: Model

    func render() -> String {
        let p = model.programme
        let q = model.query
        let sheet = q.sheet
        var summary = "\(sheet.title)：满分 \(points(sheet.baseMaximum)) 分"
        if sheet.bonusMaximum > 0 { summary += "（另有加分 \(points(sheet.bonusMaximum)) 分）" }
        summary += "，通过线 \(points(sheet.pass.minimumTotal)) 分。每张卡片一户（个）：框中的灰字只是提示，各项都要填上得分（没得分填 0）才保存；"
            + "整张留空的不评。「全部满分」把空框填为满分，再改扣分项。提交后由创建办确认命名。"
        return Layout(title: "批量评分", crumbs: cellCrumbs(p, "批量评分"), wide: true, content: .group(
            .h1("批量评分：\(p.regionLabel(q.region.id)) · \(p.kindName(q.cell))"),
            .p(.class("sub"), .text(summary)),
            .form(.method(.get), .action(SiteURL.cellBatch(p.plan.id, region: nil, cell: nil).path), .class("toolbar no-print"),
                .select(.attribute(named: "name", value: "region"), .attribute(named: "aria-label", value: "乡镇"),
                    .forEach(model.regions) { r in .choice(r.id.uuidString.lowercased(), r.name, selected: r.id == q.region.id) }),
                .select(.attribute(named: "name", value: "type"), .attribute(named: "aria-label", value: "类型"),
                    .forEach(p.kinds) { k in .choice(k.slug, k.name, selected: k.slug == q.cell) }),
                .button(.type(.submit), .class("secondary"), .text("切换"))),
            .unwrap(model.notice) { .p(.class(model.problems.isEmpty ? "notice" : "notice error"), .attribute(named: "role", value: "alert"), .text($0)) },
            q.places.isEmpty ? .p(.class("empty"), .text("这里没有处于申报、初评或现场评审阶段的\(p.kindName(q.cell))。先在登记册中登记并申报。")) :
            .form(.method(.post), .action(SiteURL.cellBatch(p.plan.id, region: nil, cell: nil).path),
                  .attribute(named: "enctype", value: "multipart/form-data"), .attribute(named: "data-batch", value: "scoring"),
                .csrfField(),
                .input(.type(.hidden), .name("region"), .value(attr(q.region.id.uuidString.lowercased()))),
                .input(.type(.hidden), .name("type"), .value(attr(q.cell))),
                .p(.class("notice warn"), .id("batch-warning"), .attribute(named: "role", value: "alert"), .attribute(named: "hidden", value: "hidden")),
                .div(.class("scroll batch-cards"), .forEach(q.places) { .component(card($0)) }),
                .p(.class("batch-submit"), .button(.type(.submit), .text("保存填完的评分")))),
            .details(.class("card"), .summary("评分表各项的评分标准"),
                .ol(.forEach(sheet.allItems) { item in
                    .li(.b(.text(item.title)), .text(" "), .span(.class("code"), .text(item.id)),
                        .text("（\(Self.maximum(item))）\(item.scoring)"))
                }))
        )).render()
    }

    /// 满分 8 分; 一票否决 for a pass/fail item; a scored veto item and a bonus item say so too.
    static func maximum(_ item: ScoreItem) -> String {
        if item.isPassFail { return "一票否决，判达标或不达标" }
        let full = "满分 \(points(item.points)) 分"
        switch item.kind {
        case .veto: return full + " · 一票否决"
        case .bonus: return full + " · 加分项"
        case .normal: return full
        }
    }

    private func card(_ place: CellPlace) -> Node<HTML.BodyContext> {
        let p = model.programme
        let q = model.query
        let prefix = "\(place.id.uuidString.lowercased())."
        let error = model.problems[place.id]
        let maximum = q.sheet.baseMaximum + q.sheet.bonusMaximum
        return .section(.class(attr("card batch-place" + (error == nil ? "" : " has-error"))), .id(attr("place-\(place.id.uuidString.lowercased())")),
            .attribute(named: "data-place-card", value: attr(place.name)),
            .div(.class("batch-head"),
                .h3(.a(.href(SiteURL.cellPlace(plan: p.plan.id, id: place.id).path), .text(place.name)),
                    .text(" "), .span(.class("small muted"), .text(p.regionLabel(place.regionID)))),
                .p(.class("batch-total"), .attribute(named: "aria-live", value: "polite"),
                    .text("合计 "), .b(.attribute(named: "data-total", value: attr(points(maximum))), .text("—")), .text(" 分 · 已填 "),
                    .span(.attribute(named: "data-filled", value: ""), .text("0")), .text(" / \(q.sheet.allItems.count) 项")),
                .button(.type(.button), .class("secondary small"), .attribute(named: "data-fill-row", value: "full"), .text("全部满分"))),
            .unwrap(q.pending[place.id]) { a in
                .p(.class("small"), .a(.href(SiteURL.cellAssessment(plan: p.plan.id, id: a.id).path),
                                       .text("已有一份评分（\(NumberText.format(a.total)) 分）等待创建办确认；再次保存会替换它")))
            },
            .unwrap(error) { .p(.class("field-error"), .text($0)) },
            .p(.class("field-error batch-half"), .attribute(named: "hidden", value: "hidden")),
            .ol(.class("batch-items"), .forEach(q.sheet.allItems) { item in
                .li(.class(attr(item.kind.rawValue)),
                    .label(.span(.class("item-name"), .text(item.title), .text(" "), .span(.class("code"), .text(item.id))),
                           .span(.class(attr(item.kind == .veto ? "item-max veto-mark" : "item-max")), .text(Self.maximum(item))),
                           .scoreInput(item, name: prefix, texts: model.texts, compact: true)))
            }))
    }
}
