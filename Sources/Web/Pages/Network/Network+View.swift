import Domain
import Foundation
import Plot

/// 健康促进网络: each unit's and township's health-promotion staff, and the health expert committee.
struct NetworkView {
    var model: Model

    func render() -> String {
        let p = model.plan
        let s = model.summary
        return Layout(title: "健康促进网络", crumbs: runningCrumbs(p, "健康促进网络", .network(p.id), nil), content: .group(
            .h1("健康促进网络"),
            .flash(model.notice),
            .problemList(model.problems),
            .figures(.figure(s.fullTime, "专职人员"), .figure(s.partTime, "兼职人员"),
                     .figure("\(s.unitsCovered.count)/\(s.unitsCovered.count + s.unitsWithout.count)", "单位有专兼职人员"),
                     .figure(s.townshipsCovered, "乡镇（街道）有专兼职人员"), .figure(s.experts, "专家委员会委员")),
            .if(!s.unitsWithout.isEmpty, .notice("尚无专兼职人员的单位：\(s.unitsWithout.joined(separator: "、"))", .warn)),
            .toolbar(
                .buttonLink("下载名册（Excel）", to: .networkXLSX(p.id), secondary: true),
                .if(model.canSupervise, .form(.method(.post), .action(SiteURL.fileNetwork(p.id).path), .class("inline"),
                    .csrfField(), .button(.type(.submit), .class("secondary"), .text("名册归入迎检资料"))))),
            .h2("专兼职健康促进人员"),
            .if(model.canAddStaff, staffForm()),
            staffTable(model.currentStaff, empty: "还没有登记专兼职健康促进人员。"),
            .if(!model.formerStaff.isEmpty, .group(.h3("已离任（保留记录）"), staffTable(model.formerStaff, empty: ""))),
            .h2("健康专家委员会"),
            .if(model.canSupervise, expertForm()),
            expertTable(model.currentExperts, empty: "还没有登记专家委员会委员。"),
            .if(!model.formerExperts.isEmpty, .group(.h3("已离任（保留记录）"), expertTable(model.formerExperts, empty: "")))
        )).render()
    }

    private func staffTable(_ rows: [Stored<PromotionStaff>], empty: String) -> Node<HTML.BodyContext> {
        rows.isEmpty ? .p(.class("empty"), .text(empty)) : .table(.class("stack"),
            .thead(.tr(.th("单位或乡镇（街道）"), .th("姓名"), .th("职务"), .th("电话"), .th("专职/兼职"), .th("状态"))),
            .tbody(.forEach(rows) { stored in
                let s = stored.value
                return .tr(.cell("单位或乡镇（街道）", text: s.placeName),
                           .cell("姓名", .a(.href(SiteURL.networkMember(plan: model.plan.id, kind: NetworkKind.staff.rawValue, id: s.id).path), .text(s.name))),
                           .cell("职务", text: s.post), .cell("电话", text: s.phone), .cell("专职/兼职", text: s.employment.chineseName),
                           .cell("状态", text: s.leftOn.map { "\($0.chinese)离任" } ?? "在任"))
            }))
    }

    private func expertTable(_ rows: [Stored<ExpertMember>], empty: String) -> Node<HTML.BodyContext> {
        rows.isEmpty ? .p(.class("empty"), .text(empty)) : .table(.class("stack"),
            .thead(.tr(.th("姓名"), .th("委员会职务"), .th("专业领域"), .th("工作单位"), .th("职称"), .th("电话"), .th("状态"))),
            .tbody(.forEach(rows) { stored in
                let e = stored.value
                return .tr(.cell("姓名", .a(.href(SiteURL.networkMember(plan: model.plan.id, kind: NetworkKind.experts.rawValue, id: e.id).path), .text(e.name))),
                           .cell("委员会职务", text: e.roleName), .cell("专业领域", text: e.fields.joined(separator: "、")),
                           .cell("工作单位", text: e.employer), .cell("职称", text: e.title), .cell("电话", text: e.phone),
                           .cell("状态", text: e.leftOn.map { "\($0.chinese)离任" } ?? "在任"))
            }))
    }

    private func staffForm() -> Node<HTML.BodyContext> {
        let form = NetworkKind.staff.rawValue
        func value(_ field: String) -> String { model.shown(form, field) }
        return .element(named: "details", nodes: [
            .if(model.refusedForm == form, .attribute(named: "open", value: "open")),
            .element(named: "summary", text: "登记专兼职人员"),
            .form(.method(.post), .action(SiteURL.addNetworkMember(plan: model.plan.id, kind: form).path), .class("stack card wide-form"),
                  .id("add-staff"),
                .csrfField(),
                NetworkFormParts.staffFields(units: model.canSupervise ? model.units : [], townships: model.canSupervise ? model.townships : [],
                                             fixedUnit: model.canSupervise ? nil : model.ownUnit, value: value),
                .button(.type(.submit), .text("登记")))])
    }

    private func expertForm() -> Node<HTML.BodyContext> {
        let form = NetworkKind.experts.rawValue
        return .element(named: "details", nodes: [
            .if(model.refusedForm == form, .attribute(named: "open", value: "open")),
            .element(named: "summary", text: "登记专家委员会委员"),
            .form(.method(.post), .action(SiteURL.addNetworkMember(plan: model.plan.id, kind: form).path), .class("stack card wide-form"),
                  .id("add-expert"),
                .csrfField(),
                NetworkFormParts.expertFields { model.shown(form, $0) },
                .button(.type(.submit), .text("登记")))])
    }
}

/// The fields of a staff member's and an expert's forms, shared by adding and editing.
enum NetworkFormParts {
    static func staffFields(units: [String], townships: [Region], fixedUnit: String?, value: (String) -> String) -> Node<HTML.FormContext> {
        .group(
            fixedUnit.map { unit in .p(.text("所在单位：\(unit)")) } ?? .label(.text("所在单位或乡镇（街道）"), .select(.attribute(named: "name", value: "place"),
                .choice("", "—请选择—"),
                .forEach(units) { u in .choice("unit:\(u)", u, selected: value("place") == "unit:\(u)") },
                .forEach(townships) { t in
                    .choice("township:\(t.id.uuidString.lowercased())", t.name, selected: value("place") == "township:\(t.id.uuidString.lowercased())")
                })),
            .label(.text("姓名"), .input(.type(.text), .name("name"), .required(true), .attribute(named: "maxlength", value: "40"), .value(attr(value("name"))))),
            .label(.text("职务"), .input(.type(.text), .name("post"), .required(true), .attribute(named: "maxlength", value: "40"), .value(attr(value("post"))))),
            .label(.text("联系电话"), .input(.type(.tel), .name("phone"), .required(true), .attribute(named: "maxlength", value: "30"), .value(attr(value("phone"))))),
            .label(.text("专职/兼职"), .select(.attribute(named: "name", value: "employment"),
                .forEach(NetworkEmployment.allCases) { e in .choice(e.rawValue, e.chineseName, selected: value("employment") == e.rawValue) })))
    }

    static func expertFields(_ value: (String) -> String) -> Node<HTML.FormContext> {
        .group(
            .label(.text("姓名"), .input(.type(.text), .name("name"), .required(true), .attribute(named: "maxlength", value: "40"), .value(attr(value("name"))))),
            .label(.text("委员会职务"), .select(.attribute(named: "name", value: "committeeRole"),
                .forEach(ExpertMember.roles) { r in .choice(r == "委员" ? "" : r, r, selected: value("committeeRole") == (r == "委员" ? "" : r)) })),
            .label(.text("专业领域（用顿号分隔）"), .input(.type(.text), .name("fields"), .required(true), .value(attr(value("fields"))))),
            .label(.text("工作单位"), .input(.type(.text), .name("employer"), .required(true), .attribute(named: "maxlength", value: "60"), .value(attr(value("employer"))))),
            .label(.text("职称"), .input(.type(.text), .name("title"), .attribute(named: "maxlength", value: "30"), .value(attr(value("title"))))),
            .label(.text("联系电话"), .input(.type(.tel), .name("phone"), .required(true), .attribute(named: "maxlength", value: "30"), .value(attr(value("phone"))))))
    }
}
