import Core
import Domain
import Foundation
import Plot

struct PlaceView {
    var model: Model

    func render() -> String {
        let p = model.programme
        let place = model.place
        let edited = model.typed ?? place
        let id = p.plan.id
        let steps = place.status.nextSteps.filter { $0 != .revoked ? model.canEdit : model.canCertify }
        return Layout(title: place.name, crumbs: cellCrumbs(p, place.name), content: .group(
            .h1(.text(place.name), .text(" "), .cellStatus(place.status)),
            .p(.class("sub"), .text("\(p.kindName(place.cell)) · \(p.regionLabel(place.regionID))")),
            .unwrap(model.notice) { .notice($0) },
            .unwrap(model.problem) { .notice($0, .error) },
            .section(.class("card"),
                .dl(.class("facts"),
                    .dt("类型"), .dd(.text(p.kindName(place.cell) + (place.subkind.map { "（\(CellKinds.subkindName($0, of: place.cell))）" } ?? ""))),
                    .dt("编码"), .dd(.text(place.code ?? "—")),
                    .dt("纳入统计"), .dd(.text(place.eligible ? "是（计入覆盖率分母）" : "否")),
                    .dt("状态"), .dd(.cellStatus(place.status)),
                    .dt("命名日期"), .dd(.text(place.certifiedOn?.iso ?? "—")),
                    .dt("摘牌日期"), .dd(.text(place.revokedOn?.iso ?? "—")),
                    .dt("联系人"), .dd(.text(place.contact ?? "—")),
                    .dt("备注"), .dd(.text(place.note ?? "—")))),
            .if(!steps.isEmpty || (model.canAssess && place.status.isAssessable), .section(.class("card no-print"),
                .h3("办理"),
                .if(model.canAssess && place.status.isAssessable && model.sheet != nil,
                    .p(.a(.class("button"), .href(SiteURL.cellAssess(plan: id, id: place.id).path),
                          .text(place.status == .certified ? "复审评分" : "按评分表评分")))),
                .if(model.canAssess && place.status.isAssessable && model.sheet == nil,
                    .p(.class("muted"), .text("还没有「\(p.kindName(place.cell))」的评分表，无法在线评分；请系统管理员添加。"))),
                .forEach(steps) { step in
                    .form(.method(.post), .action(SiteURL.cellPlaceTransition(plan: id, id: place.id).path), .class("toolbar"),
                        step == .revoked ? .attribute(named: "data-confirm", value: "确定摘牌？") : .empty,
                        .csrfField(),
                        .input(.type(.hidden), .name("to"), .value(attr(step.rawValue))),
                        .input(.type(.date), .name("date"), .attribute(named: "aria-label", value: "日期")),
                        .input(.type(.text), .name("reason"), .placeholder(attr(step == .revoked ? "摘牌原因（必填）" : "说明（可空）")),
                               .required(step == .revoked)),
                        .button(.type(.submit), .class(attr(step == .revoked ? "danger" : "secondary")), .text(Self.label(from: place.status, to: step))))
                })),
            .h2("评审记录"),
            model.assessments.isEmpty ? .p(.class("empty"), .text("尚无评审。")) :
            .table(.class("stack"),
                .thead(.tr(.th("日期"), .th("评分表"), .th("得分"), .th("建议"), .th("状态"), .th("评审人"))),
                .tbody(.forEach(model.assessments) { a in
                    .tr(.cell("日期", .a(.href(SiteURL.cellAssessment(plan: id, id: a.id).path), .text(a.assessedOn.iso))),
                        // The sheet's title, never its identifier (an old assessment may be on another sheet than today's).
                        .cell("评分表", text: model.sheet?.id == a.sheetID ? model.sheet!.title : "评分表（已更换）"),
                        .cell("得分", numeric: true, text: NumberText.format(a.total)),
                        .cell("建议", text: a.proposal.chineseName),
                        .cell("状态", text: a.state.chineseName),
                        .cell("评审人", text: a.assessor))
                })),
            .h2("历程"),
            model.history.isEmpty ? .p(.class("empty"), .text("登记后尚未办理。")) :
            .table(.class("stack"),
                .thead(.tr(.th("时间"), .th("变更"), .th("日期"), .th("办理人"), .th("说明"))),
                .tbody(.forEach(model.history) { h in
                    .tr(.cell("时间", text: Self.time(h.at)),
                        .cell("变更", text: "\(h.from?.chineseName ?? "登记") → \(h.to.chineseName)"),
                        .cell("日期", text: h.on?.iso ?? ""),
                        .cell("办理人", text: h.actor),
                        .cell("说明", text: h.reason ?? ""))
                })),
            .if(model.canEdit, .details(.class("card no-print"), .if(model.typed != nil, .open(true)), .summary("修改登记信息"),
                .form(.method(.post), .action(SiteURL.cellPlaceEdit(plan: id, id: place.id).path), .class("stack"),
                    .csrfField(),
                    // The version the form was opened at: a save after someone else's is refused, not silently applied.
                    .input(.type(.hidden), .name("version"), .value(String(edited.updatedAt.timeIntervalSince1970))),
                    .label(.text("名称"), .input(.type(.text), .name("name"), .required(true), .value(attr(edited.name)))),
                    .label(.text("编码"), .input(.type(.text), .name("code"), .value(attr(edited.code ?? "")))),
                    .label(.text("子类"), .input(.type(.text), .name("subkind"), .value(attr(edited.subkind.map { CellKinds.subkindName($0, of: edited.cell) } ?? "")))),
                    .label(.class("check"), .input(.type(.checkbox), .name("eligible"), .value("true"), .checked(edited.eligible)), .text(" 纳入覆盖率统计")),
                    .label(.text("联系人"), .input(.type(.text), .name("contact"), .value(attr(edited.contact ?? "")))),
                    .label(.text("备注"), .textarea(.name("note"), .text(edited.note ?? ""))),
                    .button(.type(.submit), .class("secondary"), .text("保存")))))
        )).render()
    }

    static func label(from: CellStatus, to: CellStatus) -> String {
        switch (from, to) {
        case (_, .applied) where from == .revoked: "重新申报"
        case (_, .applied) where from != .none: "退回申报"
        case (_, .applied): "申报"
        case (_, .none): "撤回申报"
        case (_, .preliminary) where from == .onsite: "退回初评"
        case (_, .preliminary): "通过初评"
        case (_, .onsite): "进入现场评审"
        case (_, .revoked): "摘牌"
        default: to.chineseName
        }
    }

    static func time(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
        return formatter.string(from: date)
    }
}
