import Core
import Domain
import Foundation
import Plot

/// One meeting: its notice, who came, the minutes and the decisions (each of which the office may make a plan task).
struct MeetingView {
    var model: Model

    func render() -> String {
        let p = model.plan, m = model.meeting
        return Layout(title: m.title, crumbs: runningCrumbs(p, "会议", .meetings(p.id), m.title), content: .group(
            .h1(.text(m.title)),
            .flash(model.notice),
            .if(model.form != nil, .problemList(model.problems)),
            .dl(.class("facts"),
                .dt("类型"), .dd(.text(m.kind.chineseName)),
                .dt("状态"), .dd(.span(.class(attr("verdict \(m.state == .minuted ? "met" : "warn")")), .text(m.state.chineseName))),
                .dt("时间"), .dd(.text("\(m.date.chinese) \(m.time)")),
                .dt("地点"), .dd(.text(m.place)),
                .dt("主持"), .dd(.text(m.chair.isEmpty ? "—" : m.chair)),
                .dt("议程"), .dd(.ol(.forEach(m.agenda) { .li(.text($0)) })),
                .dt("参会单位"), .dd(.text(m.invited.joined(separator: "、")))),
            .toolbar(
                .buttonLink("下载会议通知（Word）", to: .meetingNoticeDocx(plan: p.id, id: m.id), secondary: true),
                .if(m.state == .minuted, .buttonLink("下载会议纪要（Word）", to: .meetingMinutesDocx(plan: p.id, id: m.id), secondary: true))),
            .if(model.canManage, section("notice", "修改会议通知", action: .meetingNotice(plan: p.id, id: m.id), multipart: false,
                MeetingForms.noticeFields(units: model.units, today: model.today) { value("notice", MeetingForms.values(of: m), $0) }, button: "保存会议通知")),
            .h2("出席情况"),
            m.state == .notified ? .p(.class("empty"), .text("会议召开后登记出席情况。")) : .table(.class("stack"),
                .thead(.tr(.th("单位"), .th("出席人员"))),
                .tbody(.forEach(m.attendance) { a in
                    .tr(.cell("单位", text: a.unit),
                        .cell("出席人员", a.attended ? .text(a.people.joined(separator: "、")) : .span(.class("verdict not_met"), .text("缺席"))))
                })),
            .if(model.canManage && m.date <= model.today, section("attendance", m.state == .notified ? "登记出席情况" : "修改出席情况",
                action: .meetingAttendance(plan: p.id, id: m.id), multipart: false, attendanceFields(m), button: "保存出席情况")),
            .h2("会议纪要"),
            m.state != .minuted ? .p(.class("empty"), .text("还没有形成纪要。")) : .group(
                .p(.class("task-text"), .text(m.minutes)),
                .evidenceList(m.files) { .meetingFile(plan: p.id, id: m.id, sha256: $0.sha256) }),
            .h3("议定事项"),
            m.decisions.isEmpty ? .p(.class("empty"), .text("没有议定事项。")) : decisions(m),
            .if(model.canManage && m.state != .notified, section("minutes", m.state == .minuted ? "修改会议纪要" : "形成会议纪要",
                action: .meetingMinutes(plan: p.id, id: m.id), multipart: true, minutesFields(m), button: "保存会议纪要"))
        )).render()
    }

    /// What the form shows: what was typed if this form was refused, else the stored values.
    private func value(_ form: String, _ stored: [String: String], _ key: String) -> String {
        model.form == form ? model.values[key] ?? "" : stored[key] ?? ""
    }

    private func section(_ form: String, _ title: String, action: SiteURL, multipart: Bool, _ fields: Node<HTML.FormContext>,
                         button: String) -> Node<HTML.BodyContext> {
        let refused = model.form == form
        return .group(
            .element(named: "details", nodes: [.attribute(named: refused ? "open" : "data-closed", value: "open"), .id(attr("form-\(form)")),
                .element(named: "summary", text: title),
                .form(.method(.post), .action(action.path), .class("stack card wide-form"),
                      multipart ? .attribute(named: "enctype", value: "multipart/form-data") : .empty,
                    .csrfField(), .revisionField(model.stored.revision),
                    fields, .button(.type(.submit), .text(button)))]))
    }

    private func attendanceFields(_ m: Meeting) -> Node<HTML.FormContext> {
        let stored = Dictionary(m.attendance.map { ("attend.\($0.unit)", $0.people.joined(separator: "、")) }, uniquingKeysWith: { a, _ in a })
        return .group(
            .p(.class("muted"), .text("每个单位填写出席人员姓名（用顿号分隔），未出席的单位留空。")),
            .forEach(m.invited) { unit in
                .label(.text(unit), .input(.type(.text), .name(attr("attend.\(unit)")), .value(attr(model.form == "attendance" ? model.values["attend.\(unit)"] ?? "" : stored["attend.\(unit)"] ?? ""))))
            })
    }

    private func minutesFields(_ m: Meeting) -> Node<HTML.FormContext> {
        let open = m.decisions.filter { $0.taskID == nil }
        var stored: [String: String] = ["minutes": m.minutes]
        for (i, d) in open.enumerated() {
            stored["d\(i).id"] = String(d.id); stored["d\(i).text"] = d.text
            stored["d\(i).units"] = d.responsible.joined(separator: "、"); stored["d\(i).deadline"] = d.deadline?.iso ?? ""
        }
        let refused = model.form == "minutes"
        let rows = refused ? MeetingController.decisionRowCount(model.values) + 1 : open.count + 3
        func v(_ key: String) -> String { refused ? model.values[key] ?? "" : stored[key] ?? "" }
        return .group(
            .label(.text("纪要内容"), .textarea(.name("minutes"), .attribute(named: "rows", value: "6"), .text(v("minutes")))),
            .if(m.decisions.contains { $0.taskID != nil }, .p(.class("muted"), .text("已转为任务的议定事项不在这里修改。"))),
            .forEach(0..<max(rows, 1)) { i in
                .element(named: "fieldset", nodes: [
                    .element(named: "legend", text: "议定事项"),
                    .input(.type(.hidden), .name(attr("d\(i).id")), .value(attr(v("d\(i).id")))),
                    .label(.text("决定内容"), .input(.type(.text), .name(attr("d\(i).text")), .value(attr(v("d\(i).text"))))),
                    .label(.text("责任单位（用顿号分隔）"), .input(.type(.text), .name(attr("d\(i).units")), .value(attr(v("d\(i).units"))))),
                    .label(.text("完成时限"), .input(.type(.date), .name(attr("d\(i).deadline")), .value(attr(v("d\(i).deadline"))))),
                ])
            },
            .label(.text("签到表、照片、签发的纪要（可多选）"), .input(.type(.file), .name("files"), .attribute(named: "multiple", value: "multiple"))))
    }

    private func decisions(_ m: Meeting) -> Node<HTML.BodyContext> {
        let p = model.plan
        return .table(.class("stack"),
            .thead(.tr(.th("序号"), .th("议定事项"), .th("责任单位"), .th("完成时限"), .th("任务"))),
            .tbody(.forEach(m.decisions) { d in
                .tr(.cell("序号", numeric: true, text: String(d.id)), .cell("议定事项", text: d.text),
                    .cell("责任单位", text: d.responsible.joined(separator: "、")), .cell("完成时限", text: d.deadline?.chinese ?? "—"),
                    .cell("任务", d.taskID != nil ? .a(.href(SiteURL.tasks(p.id, unit: nil).path), .text("已转为任务，查看任务进展"))
                        : model.canManage
                            ? .form(.method(.post), .action(SiteURL.meetingDecisionTask(plan: p.id, id: m.id, decision: d.id).path), .class("inline"),
                                    .csrfField(), .revisionField(model.stored.revision),
                                    .button(.type(.submit), .class("secondary"), .text("转为方案任务")))
                            : .span(.class("muted"), .text("未转为任务"))))
            }))
    }
}
