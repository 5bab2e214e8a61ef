import Core
import Domain
import Foundation
import Plot

struct NewInspectionView {
    var model: Model

    func render() -> String {
        let p = model.plan
        let units = UnitDirectory(p).reportingUnits.filter { $0.kind != .group }.map(\.name)
        func value(_ key: String) -> String { model.values[key] ?? "" }
        return Layout(title: "登记督导检查", crumbs: runningCrumbs(p, "督导检查", .inspections(p.id), "登记督导检查"), content: .group(
            .h1("登记督导检查"),
            .problemList(model.problems),
            .form(.method(.post), .action(SiteURL.newInspection(p.id).path), .class("stack wide-form"),
                .csrfField(),
                .label(.text("检查日期"), .input(.type(.date), .name("date"), .required(true), .value(attr(value("date"))))),
                .label(.text("检查人员（用顿号或逗号分隔）"), .input(.type(.text), .name("inspectors"), .value(attr(value("inspectors"))))),
                .label(.text("检查对象（单位名称，用顿号或逗号分隔）"), .input(.type(.text), .name("subjects"), .value(attr(value("subjects"))),
                                                          .attribute(named: "list", value: "units"))),
                .element(named: "datalist", nodes: [.id("units"), .group(units.map { Node<HTML.BodyContext>.element(named: "option", nodes: [.attribute(named: "value", value: attr($0))]) })]),
                .label(.text("总体情况"), .textarea(.name("findings"), .attribute(named: "rows", value: "4"), .text(value("findings")))),
                .h2("问题清单"),
                .p(.class("muted"), .text("每行一个问题：问题描述、责任单位、整改期限；空行不保存。")),
                .table(.class("compact"),
                    .thead(.tr(.th("#"), .th("问题"), .th("责任单位"), .th("整改期限"))),
                    .tbody(.forEach(0..<RunningController.problemRows) { i in
                        .tr(.td(.text("\(i + 1)")),
                            .td(.input(.type(.text), .name(attr("text.\(i)")), .value(attr(value("text.\(i)"))), .attribute(named: "aria-label", value: attr("问题 \(i + 1)")))),
                            .td(.select(.attribute(named: "name", value: attr("unit.\(i)")), .attribute(named: "aria-label", value: attr("问题 \(i + 1) 责任单位")),
                                        .choice("", "—"), .forEach(units) { u in .choice(u, u, selected: value("unit.\(i)") == u) })),
                            .td(.input(.type(.date), .name(attr("deadline.\(i)")), .value(attr(value("deadline.\(i)"))),
                                       .attribute(named: "aria-label", value: attr("问题 \(i + 1) 整改期限")))))
                    })),
                .button(.type(.submit), .text("保存")))
        )).render()
    }
}
