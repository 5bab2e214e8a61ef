import Core
import Domain
import Foundation
import Plot

struct BatchView {
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
