import Domain
import Foundation
import Plot

/// One person of the network: their details, the form to correct them, marking them as left, and every saved version.
struct NetworkMemberView {
    var model: Model

    func render() -> String {
        let p = model.plan
        let kind = NetworkKind(rawValue: model.kind) ?? .staff
        return Layout(title: model.name, crumbs: runningCrumbs(p, "健康促进网络", .network(p.id), model.name), content: .group(
            .h1(.text("\(model.name) · \(kind.chineseName)")),
            .problemList(model.problems),
            .unwrap(model.leftOn) { .notice("已于 \($0.chinese) 离任；记录保留，不再计入网络人数。", .warn) },
            facts(),
            .if(model.canEdit && model.leftOn == nil, .group(editForm(), leaveForm())),
            .h2("修改记录"),
            .table(.class("stack"),
                .thead(.tr(.th("版本"), .th("操作"), .th("操作人"), .th("时间"))),
                .tbody(.forEach(model.history) { change in
                    .tr(.cell("版本", numeric: true, text: String(change.revision)), .cell("操作", text: Self.actionName(change.action)),
                        .cell("操作人", text: change.actor), .cell("时间", text: Display.dateTime(change.at)))
                }))
        )).render()
    }

    static func actionName(_ action: String) -> String {
        ["network.staff-add": "登记", "network.staff-update": "修改", "network.staff-leave": "标记离任",
         "network.expert-add": "登记", "network.expert-update": "修改", "network.expert-leave": "标记离任"][action] ?? "修改"
    }

    private func facts() -> Node<HTML.BodyContext> {
        switch model.member {
        case .staff(let stored):
            let s = stored.value
            return .dl(.class("facts"),
                .dt("单位或乡镇（街道）"), .dd(.text(s.placeName)), .dt("职务"), .dd(.text(s.post)),
                .dt("联系电话"), .dd(.text(s.phone)), .dt("专职/兼职"), .dd(.text(s.employment.chineseName)),
                .unwrap(s.leftReason) { .group(.dt("离任原因"), .dd(.text($0))) })
        case .expert(let stored):
            let e = stored.value
            return .dl(.class("facts"),
                .dt("委员会职务"), .dd(.text(e.roleName)), .dt("专业领域"), .dd(.text(e.fields.joined(separator: "、"))),
                .dt("工作单位"), .dd(.text(e.employer)), .dt("职称"), .dd(.text(e.title.isEmpty ? "—" : e.title)),
                .dt("联系电话"), .dd(.text(e.phone)),
                .unwrap(e.leftReason) { .group(.dt("离任原因"), .dd(.text($0))) })
        }
    }

    /// The stored values, or what was typed into a refused form.
    private func value(_ field: String) -> String {
        if let typed = model.typed { return typed[field] ?? "" }
        switch model.member {
        case .staff(let stored):
            let s = stored.value
            return ["place": s.unit.map { "unit:\($0)" } ?? s.townshipID.map { "township:\($0.uuidString.lowercased())" } ?? "",
                    "name": s.name, "post": s.post, "phone": s.phone, "employment": s.employment.rawValue][field] ?? ""
        case .expert(let stored):
            let e = stored.value
            return ["name": e.name, "committeeRole": e.committeeRole, "fields": e.fields.joined(separator: "、"), "employer": e.employer,
                    "title": e.title, "phone": e.phone][field] ?? ""
        }
    }

    private var action: String { SiteURL.networkMember(plan: model.plan.id, kind: model.kind, id: memberID).path }

    private var memberID: UUID {
        switch model.member {
        case .staff(let s): s.value.id
        case .expert(let e): e.value.id
        }
    }

    private func editForm() -> Node<HTML.BodyContext> {
        .form(.method(.post), .action(attr(action)), .class("stack card wide-form"), .id("edit-member"),
            .h2("修改"),
            .csrfField(),
            .revisionField(model.revision),
            .input(.type(.hidden), .name("do"), .value("save")),
            model.kind == NetworkKind.staff.rawValue
                ? NetworkFormParts.staffFields(units: model.unitFixed ? [] : model.units, townships: model.unitFixed ? [] : model.townships,
                                               fixedUnit: model.unitFixed ? value("place").replacingOccurrences(of: "unit:", with: "") : nil,
                                               value: value)
                : NetworkFormParts.expertFields(value),
            .button(.type(.submit), .text("保存")))
    }

    /// Leaving keeps the person in the lists' history rather than deleting them.
    private func leaveForm() -> Node<HTML.BodyContext> {
        .element(named: "details", nodes: [
            .element(named: "summary", text: "标记为离任"),
            .form(.method(.post), .action(attr(action)), .class("stack card"), .id("leave-member"),
                .csrfField(),
                .revisionField(model.revision),
                .input(.type(.hidden), .name("do"), .value("leave")),
                .label(.text("离任日期"), .input(.type(.date), .name("leftOn"), .required(true), .value(attr(model.typed?["leftOn"] ?? "")))),
                .label(.text("离任原因（可空）"), .input(.type(.text), .name("leftReason"), .attribute(named: "maxlength", value: "200"),
                                                 .value(attr(model.typed?["leftReason"] ?? "")))),
                .button(.type(.submit), .class("secondary"), .text("标记离任")))])
    }
}

extension UnitView {
    /// The unit's current health-promotion staff, on the unit page.
    func networkSection(_ staff: [PromotionStaff]) -> Node<HTML.BodyContext> {
        .section(.class("card"), .id("network"),
            .h3("专兼职健康促进人员"),
            staff.isEmpty ? .p(.class("empty"), .text("尚未登记。")) : .ul(.forEach(staff) { s in
                .li(.text("\(s.name)（\(s.post)，\(s.employment.chineseName)）\(s.phone)"))
            }),
            .p(.a(.href(SiteURL.network(model.plan.id).path), .text("健康促进网络"))))
    }
}
