import Core
import Domain
import Foundation
import Plot

struct PlaceFormView {
    var model: Model

    func render() -> String {
        let p = model.programme
        let f = model.form
        let kinds = p.kinds
        let subkinds = CellKinds.subkinds.sorted { $0.key < $1.key }
        return Layout(title: "登记场所", crumbs: cellCrumbs(p, "登记场所"), content: .group(
            .h1("登记场所"),
            .if(!model.problems.isEmpty, .noticeBlock(.error, .p(.text("未保存，请更正：")), .ul(.forEach(model.problems) { .li(.text($0)) }))),
            .form(.method(.post), .action(SiteURL.newCellPlace(p.plan.id).path), .class("stack card"),
                .csrfField(),
                .label(.text("类型"), .select(.attribute(named: "name", value: "type"), .attribute(named: "required", value: "required"),
                    .forEach(kinds) { k in .choice(k.slug, k.name, selected: f.type == k.slug) },
                    .if(model.canNameKind, .choice(CellController.newKindChoice, "其他类型（在下面填写名称）", selected: f.type == CellController.newKindChoice)))),
                .if(model.canNameKind, .element(named: "fieldset", nodes: [
                    .element(named: "legend", text: "其他类型（上面选择「其他类型」时填写）"),
                    .input(.type(.hidden), .name("kindsRevision"), .value(attr(f.kindsRevision ?? "0"))),
                    .label(.text("类型名称（如 健康商场、健康养老机构）"), .input(.type(.text), .name("newKindLabel"), .value(attr(f.newKindLabel ?? "")))),
                    .label(.text("类型标识（常见类型可不填；评分表按它对应）"), .input(.type(.text), .name("newKindSlug"), .value(attr(f.newKindSlug ?? "")),
                                                                    .attribute(named: "autocapitalize", value: "off")))])),
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
