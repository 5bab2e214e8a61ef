import Core
import Domain
import Foundation
import Plot

struct AssessmentFormView {
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
            .if(sheet.template, .notice(sheet.note ?? "本评分表为可编辑模板，非官方文本。", .warn)),
            .unwrap(model.problem) { .notice($0, .error) },
            .unwrap(model.problems[""]) { .notice($0, .error) },
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
                    .component(kept("")),
                    .button(.type(.submit), .text("计算得分并提交"))))
        )).render()
    }

    /// A file chosen before the form was refused: kept on the server, named here, sent again by its token.
    private func kept(_ slot: String) -> Node<HTML.BodyContext> {
        .unwrap(model.keptFiles[slot]) { file in .group(
            .input(.type(.hidden), .name(attr(slot.isEmpty ? "kept" : "kept.\(slot)")), .value(attr(file.token))),
            .p(.class("small kept-file"), .text("已选文件：\(file.fileName)（保留）")))
        }
    }

    private func itemTable(_ items: [ScoreItem]) -> Node<HTML.BodyContext> {
        guard !items.isEmpty else { return .empty }
        return .table(.class("stack score-items"),
            .thead(.tr(.th("项目"), .th("评分标准"), .th("分值"), .th("考核方法"), .th("得分"), .th("说明 / 附件"))),
            .tbody(.forEach(items) { item in
                .tr(.class(attr(item.kind.rawValue)),
                    .cell("项目", .b(.text("\(item.id) ")), .text(item.title), .if(item.kind != .normal, .span(.class(attr("tag \(item.kind == .veto ? "warn" : "")")), .text(item.kind.chineseName))), .unwrap(item.explanation) { .p(.class("muted small"), .text($0)) }),
                    .cell("评分标准", text: item.scoring),
                    .cell("分值", numeric: true, text: item.isPassFail ? "否决" : points(item.points)),
                    .cell("考核方法", text: item.methods.map(\.rawValue).joined(separator: "、")),
                    .cell("得分", .scoreInput(item, name: "", texts: model.texts, compact: false), .unwrap(model.problems[item.id]) { .p(.class("field-error"), .text($0)) }),
                    .cell("说明 / 附件", .input(.type(.text), .name(attr("note.\(item.id)")), .value(attr(model.texts["note.\(item.id)"] ?? "")), .placeholder("说明")), .input(.type(.file), .name(attr("evidence.\(item.id)")), .attribute(named: "aria-label", value: attr("\(item.title) 附件"))), kept(item.id)))
            }))
    }
}
