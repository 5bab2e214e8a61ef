import Domain
import Foundation
import Plot

/// 区划管理: the programme's townships and villages, imported from a file or edited one by one by the office.
struct RegionAdminView {
    var model: Model

    func render() -> String {
        let p = model.plan
        return Layout(title: "区划管理", crumbs: runningCrumbs(p, "区划管理", .regionAdmin(p.id), nil), content: .group(
            .h1(.text("区划管理 · \(model.place.name)")),
            .flash(model.notice),
            .problemList(model.problems),
            .figures(.figure(model.townshipCount, "乡镇（街道）"), .figure(model.villageCount, "村（社区）")),
            importForm(),
            addTownshipForm(),
            .h2("乡镇（街道）和村（社区）"),
            model.groups.isEmpty
                ? .p(.class("empty"), .text("还没有乡镇（街道）：导入区划文件，或在上面增加乡镇。"))
                : .group(.forEach(model.groups) { group(in: $0) })
        )).render()
    }

    private func importForm() -> Node<HTML.BodyContext> {
        .section(.class("card"), .id("import"),
            .h2("导入区划文件"),
            .p(.class("muted"), .text("CSV 或 Excel（.xlsx）文件，不超过 \(RegionFile.maximumBytes >> 20) MB。第一行为表头：代码、名称、级别、上级"
                + "（级别写 乡、镇、街道 或 村、社区；上级写名称或代码，须在\(model.place.name)之内）。"
                + "先显示将要新增和更新的内容，确认后才导入；文件中有一处错误，整个文件都不导入。")),
            .form(.method(.post), .action(SiteURL.previewRegionImport(model.plan.id).path), .attribute(named: "enctype", value: "multipart/form-data"),
                  .class("stack"),
                .csrfField(),
                .label(.text("区划文件"), .input(.type(.file), .name("file"), .required(true),
                                               .attribute(named: "accept", value: ".csv,.xlsx,text/csv"))),
                .button(.type(.submit), .text("检查并预览"))))
    }

    private func addTownshipForm() -> Node<HTML.BodyContext> {
        let form = "add"
        return .element(named: "details", nodes: [
            .if(model.refusedForm == form, .attribute(named: "open", value: "open")),
            .element(named: "summary", text: "增加乡镇（街道）"),
            .form(.method(.post), .action(SiteURL.regionAdmin(model.plan.id).path), .class("stack card"), .id("add-township"),
                .csrfField(),
                .input(.type(.hidden), .name("form"), .value(attr(form))),
                model.parents.count > 1
                    ? .label(.text("上级"), .select(.attribute(named: "name", value: "parent"),
                        .forEach(model.parents) { r in .choice(r.id.uuidString, r.name, selected: model.shown(form, "parent", nil) == r.id.uuidString) }))
                    : .input(.type(.hidden), .name("parent"), .value(attr(model.place.id.uuidString))),
                .label(.text("名称"), .input(.type(.text), .name("name"), .required(true), .attribute(named: "maxlength", value: "40"),
                                           .value(attr(model.shown(form, "name", nil))))),
                .label(.text("区划代码（可空）"), .input(.type(.text), .name("code"), .attribute(named: "inputmode", value: "numeric"),
                                                   .value(attr(model.shown(form, "code", nil))))),
                .button(.type(.submit), .text("增加乡镇")))])
    }

    /// A township: its own name and code, its villages each editable in place, and a form to add a village.
    private func group(in group: Model.Group) -> Node<HTML.BodyContext> {
        let township = group.region
        let addForm = "add-\(township.id.uuidString.lowercased())"
        let opened = model.refusedForm == township.id.uuidString.lowercased() || model.refusedForm == addForm
            || group.villages.contains { model.refusedForm == $0.id.uuidString.lowercased() }
        return .element(named: "details", nodes: [
            .class("region-group"),
            .if(opened, .attribute(named: "open", value: "open")),
            .element(named: "summary", nodes: [
                .text("\(township.name)"), .span(.class("muted"), .text(([township.level == .township || township.level == .town ? nil : township.level.chineseName,
                                                  township.code.map { "代码 \($0)" }, "\(group.villages.count) 个村（社区）"] as [String?])
                    .compactMap { $0 }.map { " · " + $0 }.joined()))]),
            editForm(township),
            group.villages.isEmpty ? .p(.class("empty"), .text("还没有村（社区）。")) : .ul(.class("region-list"),
                .forEach(group.villages) { .li(editForm($0)) }),
            .form(.method(.post), .action(SiteURL.regionAdmin(model.plan.id).path), .class("toolbar"),
                .csrfField(),
                .input(.type(.hidden), .name("form"), .value(attr(addForm))),
                .input(.type(.hidden), .name("parent"), .value(attr(township.id.uuidString))),
                .input(.type(.text), .name("name"), .required(true), .attribute(named: "aria-label", value: "新村（社区）名称"),
                       .attribute(named: "placeholder", value: "新村（社区）名称"), .value(attr(model.shown(addForm, "name", nil)))),
                .input(.type(.text), .name("code"), .attribute(named: "aria-label", value: "区划代码（可空）"),
                       .attribute(named: "placeholder", value: "区划代码（可空）"), .value(attr(model.shown(addForm, "code", nil)))),
                .button(.type(.submit), .class("secondary"), .text("增加村（社区）")))])
    }

    /// Rename or recode one region; the fingerprint refuses a save over someone else's change.
    private func editForm(_ region: Region) -> Node<HTML.BodyContext> {
        let form = region.id.uuidString.lowercased()
        return .form(.method(.post), .action(SiteURL.saveRegion(plan: model.plan.id, id: region.id).path), .class("toolbar region-edit"),
            .csrfField(),
            .input(.type(.hidden), .name("fingerprint"), .value(attr(model.refusedForm == form ? model.typed["fingerprint"] ?? "" : EditConflict.fingerprint(region)))),
            .span(.class("tag"), .text(region.level.chineseName)),
            .input(.type(.text), .name("name"), .required(true), .attribute(named: "aria-label", value: attr("\(region.name)的名称")),
                   .attribute(named: "maxlength", value: "40"), .value(attr(model.shown(form, "name", region.name)))),
            .input(.type(.text), .name("code"), .attribute(named: "aria-label", value: attr("\(region.name)的区划代码")),
                   .attribute(named: "placeholder", value: "区划代码"), .value(attr(model.shown(form, "code", region.code)))),
            .button(.type(.submit), .class("secondary"), .text("保存")))
    }
}

/// The preview of an import: every row and what it will do, and the button that imports them.
struct RegionImportView {
    var model: Model

    func render() -> String {
        let p = model.plan
        let shown = model.rows.prefix(500)
        return Layout(title: "导入区划：预览", crumbs: runningCrumbs(p, "区划管理", .regionAdmin(p.id), "导入预览"), content: .group(
            .h1(.text("导入区划：\(model.fileName)")),
            .notice("文件已通过检查，尚未导入。将新增 \(model.result.added) 个、更新 \(model.result.updated) 个区划（均在\(model.place.name)之内）。", .info),
            .form(.method(.post), .action(SiteURL.confirmRegionImport(p.id).path), .class("toolbar"),
                .csrfField(),
                .input(.type(.hidden), .name("rows"), .value(attr(model.payload))),
                .button(.type(.submit), .text("确认导入")),
                .a(.class("button secondary"), .href(SiteURL.regionAdmin(p.id).path), .text("取消"))),
            .table(.class("stack"),
                .thead(.tr(.th("行"), .th("名称"), .th("级别"), .th("代码"), .th("上级"), .th("导入后"))),
                .tbody(.forEach(Array(shown)) { row in
                    .tr(.cell("行", numeric: true, text: String(row.line)), .cell("名称", text: row.name),
                        .cell("级别", text: row.level.chineseName), .cell("代码", text: row.code ?? "—"), .cell("上级", text: row.parent),
                        .cell("导入后", row.updates.map { old in
                            .span(.class("tag"), .text(old.name == row.name && old.code == (row.code ?? old.code) ? "已有，不变" : "更新（原为「\(old.name)」\(old.code.map { "，\($0)" } ?? "")）"))
                        } ?? .span(.class("tag warn"), .text("新增"))))
                })),
            .if(model.rows.count > shown.count, .p(.class("muted"), .text("只列出前 \(shown.count) 行，共 \(model.rows.count) 行。")))
        )).render()
    }
}

extension RegionPlansView {
    func render() -> String {
        Layout(title: "区划管理", crumbs: [.init(title: "区划管理", url: nil)], content: .group(
            .h1("区划管理"),
            .p(.class("muted"), .text("选择创建方案，导入或修改其地区内的乡镇（街道）和村（社区）。")),
            programmes.isEmpty ? .p(.class("empty"), .text("还没有创建方案。")) : .ul(
                .forEach(programmes) { .li(.a(.href(SiteURL.regionAdmin($0.id).path), .text($0.title))) })
        )).render()
    }
}
