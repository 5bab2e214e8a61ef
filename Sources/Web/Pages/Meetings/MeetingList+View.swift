import Core
import Domain
import Foundation
import Plot

/// 会议: every meeting from its notice to its minutes, with what the score sheet asks of meetings this year.
struct MeetingListView {
    var model: Model

    func render() -> String {
        let p = model.plan
        return Layout(title: "会议", crumbs: runningCrumbs(p, "会议", .meetings(p.id), nil), content: .group(
            .h1("会议"),
            .flash(model.notice),
            .unwrap(model.ownUnit) { .p(.class("muted"), .text("这里列出\($0)受邀参加的会议。")) },
            .figures(
                .figure(model.meetings.count, "会议"),
                .figure(model.meetings.filter { $0.state == .notified }.count, "已通知待召开"),
                .figure(model.meetings.filter { $0.state == .minuted }.count, "已形成纪要"),
                .figure(model.meetings.flatMap(\.decisions).count, "议定事项")),
            requirement(),
            .if(model.canManage, noticeForm()),
            .h2("会议记录"),
            model.meetings.isEmpty ? .p(.class("empty"), .text("还没有会议。")) : .table(.class("stack"),
                .thead(.tr(.th("日期"), .th("类型"), .th("会议名称"), .th("状态"), .th("参会单位"), .th("出席"))),
                .tbody(.forEach(model.meetings) { m in
                    .tr(.cell("日期", text: "\(m.date.chinese) \(m.time)"), .cell("类型", text: m.kind.chineseName),
                        .cell("会议名称", .a(.href(SiteURL.meeting(plan: p.id, id: m.id).path), .text(m.title))),
                        .cell("状态", .span(.class(attr("verdict \(m.state == .minuted ? "met" : "warn")")), .text(m.state.chineseName))),
                        .cell("参会单位", numeric: true, text: "\(m.invited.count)"),
                        .cell("出席", numeric: true, text: m.state == .notified ? "—" : "\(m.attendingUnits.count)"))
                }))
        )).render()
    }

    /// 全年召开协调会议不少于2次: this year's count against the sheet's item.
    private func requirement() -> Node<HTML.BodyContext> {
        // A liaison sees only its invitations, so the programme's count is not shown to it.
        .unwrap(model.ownUnit == nil ? model.requirement : nil) { r in
            let held = r.held(in: model.year, meetings: model.meetings)
            return .p(.text("评分表 \(r.itemID)「\(r.itemTitle)」要求全年召开\(r.meetingName)不少于 \(r.minimumPerYear) 次；\(model.year)年已召开领导小组会议和工作推进会 \(held.count) 次 "),
                      held.count >= r.minimumPerYear ? .span(.class("verdict met"), .text("已达到"))
                                                     : .span(.class("verdict not_met"), .text("还差 \(r.minimumPerYear - held.count) 次")))
        }
    }

    private func noticeForm() -> Node<HTML.BodyContext> {
        let values = model.values
        return .group(
            .problemList(model.problems),
            .element(named: "details", nodes: [.attribute(named: model.problems.isEmpty ? "data-closed" : "open", value: "open"),
                .element(named: "summary", text: "发会议通知"),
                .form(.method(.post), .action(SiteURL.meetings(model.plan.id).path), .class("stack card wide-form"),
                    .csrfField(),
                    MeetingForms.noticeFields(units: model.units, today: model.today) { values[$0] ?? "" },
                    .button(.type(.submit), .text("保存会议通知")))]))
    }
}
