import Core
import Domain
import Foundation
import Plot

struct DossierView {
    var model: Model

    func render() -> String {
        let p = model.plan, d = model.dossier
        let missingItems = d.scoreItems.filter { $0.status == .missing }.count
        let missingTasks = d.tasks.filter { $0.status == .missing }.count
        return Layout(title: "迎检资料", crumbs: runningCrumbs(p, "迎检资料", .dossier(p.id), nil), content: .group(
            .h1("迎检资料（资料建档）"),
            .p(.class("sub"), .text("按《\(d.sheet.title)》的条目和方案任务整理佐证材料；月报附件、整改材料、活动照片和指标数据的附件自动归入。")),
            .flash(model.notice),
            .figures(
                .figure("\(d.scoreItems.count - missingItems) / \(d.scoreItems.count)", "评分条目已有佐证"),
                .figure("\(d.tasks.count - missingTasks) / \(d.tasks.count)", "方案任务已有佐证"),
                .figure(d.distinctFileCount, "文件")),
            .if(model.canLink, .group(
                .toolbar( .a(.class("button"), .href(SiteURL.dossierZip(p.id).path), .text("导出迎检资料（zip，含索引.xlsx）"))),
                .form(.method(.post), .action(SiteURL.dossierEvidence(p.id).path), .attribute(named: "enctype", value: "multipart/form-data"),
                      .class("stack card wide-form"),
                    .csrfField(),
                    .label(.text("佐证的条目或任务"), .select(.attribute(named: "name", value: "target"), .attribute(named: "required", value: "required"),
                        .choice("", "请选择"),
                        .forEach(d.scoreItems) { item in .choice("item:\(item.id)", "评分表 \(item.id) \(item.title)") },
                        .forEach(d.tasks) { task in .choice("task:\(task.id)", "任务 \(task.number ?? String(task.index + 1)) \(task.title)") })),
                    .label(.text("文件（照片、PDF、Word、Excel，可多选）"), .input(.type(.file), .name("files"), .required(true),
                                                                    .attribute(named: "multiple", value: "multiple"))),
                    .label(.text("说明（可空）"), .input(.type(.text), .name("note"))),
                    .button(.type(.submit), .text("登记佐证材料"))))),
            .h2("综合评分表条目"),
            .table(.class("stack"),
                .thead(.tr(.th("条目"), .th("分值"), .th("佐证材料"))),
                .tbody(.forEach(d.scoreItems) { item in
                    .tr(.td(.text("\(item.id) \(item.title)")), .td(.class("num"), .text("\(item.points)")),
                        .td(item.files.isEmpty ? .span(.class("verdict not_met"), .text("缺少佐证材料"))
                                               : .text(item.files.map(\.name).joined(separator: "、"))))
                })),
            .h2("方案任务"),
            .table(.class("stack"),
                .thead(.tr(.th("任务"), .th("责任单位"), .th("佐证材料"))),
                .tbody(.forEach(d.tasks) { task in
                    .tr(.td(.text("\(task.number ?? "") \(task.title)")), .td(.text(task.responsible.joined(separator: "、"))),
                        .td(task.files.isEmpty ? .span(.class("verdict not_met"), .text("缺少佐证材料"))
                                               : .text(task.files.map(\.name).joined(separator: "、"))))
                }))
        )).render()
    }
}
