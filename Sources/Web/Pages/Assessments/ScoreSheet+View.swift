import Core
import Domain
import Foundation
import Plot

struct ScoreSheetView {
    var model: Model

    func render() -> String {
        let s = model.sheet
        var summary = "\(s.cellTypeName) · 版本 \(s.version) · 基本分 \(points(s.baseMaximum))"
        if s.bonusMaximum > 0 { summary += " · 加分 \(points(s.bonusMaximum))" }
        summary += " · 通过线 \(points(s.pass.minimumTotal))"
        return Layout(title: s.title, crumbs: cellCrumbs(model.programme, s.title), content: .group(
            .h1(.text(s.title)),
            .p(.class("sub"), .text(summary)),
            .if(s.template, .notice(s.note ?? "可编辑模板，非官方文本。", .warn)),
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
                .tr(.cell("编号", text: item.id),
                    .cell("项目", .text(item.title), .if(item.kind != .normal, .span(.class("tag"), .text(item.kind.chineseName)))),
                    .cell("指标解释", text: item.explanation ?? ""),
                    .cell("评分标准", text: item.scoring),
                    .cell("分值", numeric: true, text: item.isPassFail ? "否决" : points(item.points)),
                    .cell("考核方法", text: item.methods.map(\.rawValue).joined(separator: "、")))
            }))
    }
}
