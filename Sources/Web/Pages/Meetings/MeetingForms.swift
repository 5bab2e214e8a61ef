import Core
import Domain
import Foundation
import Plot

/// The notice's fields, shared by the new-meeting form and the notice's edit form; `value` gives what to show
/// (what was typed after a refusal, else the stored notice).
enum MeetingForms {
    static func noticeFields(units: [String], today: LocalDate, _ value: @escaping (String) -> String) -> Node<HTML.FormContext> {
        .group(
            .label(.text("会议类型"), .select(.attribute(named: "name", value: "kind"),
                .forEach(MeetingKind.allCases) { k in .choice(k.rawValue, k.chineseName, selected: value("kind") == k.rawValue) })),
            .label(.text("会议名称"), .input(.type(.text), .name("title"), .required(true), .value(attr(value("title"))),
                                          .attribute(named: "placeholder", value: "健康县创建工作领导小组第一次会议"))),
            .label(.text("会议日期"), .input(.type(.date), .name("date"), .required(true),
                                          .value(attr(value("date").isEmpty ? today.iso : value("date"))))),
            .label(.text("会议时间（如 09:00）"), .input(.type(.text), .name("time"), .required(true), .value(attr(value("time"))),
                                                  .attribute(named: "inputmode", value: "numeric"))),
            .label(.text("会议地点"), .input(.type(.text), .name("place"), .required(true), .value(attr(value("place"))))),
            .label(.text("主持人（可空）"), .input(.type(.text), .name("chair"), .value(attr(value("chair"))))),
            .label(.text("会议议程（每行一项）"), .textarea(.name("agenda"), .attribute(named: "rows", value: "4"), .text(value("agenda")))),
            .element(named: "fieldset", nodes: [
                .element(named: "legend", text: "参会单位"),
                .forEach(units) { unit in
                    .label(.class("check"), .input(.type(.checkbox), .name(attr("invite.\(unit)")), .value("1"), .checked(value("invite.\(unit)") == "1")),
                           .text(" \(unit)"))
                },
            ]))
    }

    /// The notice fields of a stored meeting, as the edit form shows them.
    static func values(of meeting: Meeting) -> [String: String] {
        var values = ["kind": meeting.kind.rawValue, "title": meeting.title, "date": meeting.date.iso, "time": meeting.time,
                      "place": meeting.place, "chair": meeting.chair, "agenda": meeting.agenda.joined(separator: "\n")]
        for unit in meeting.invited { values["invite.\(unit)"] = "1" }
        return values
    }
}
