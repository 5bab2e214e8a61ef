import Core
import Domain
import Foundation
import Plot

/// A course's fields, for a new course and for editing one.
enum TrainingForm {
    static func fields(units: [String], today: LocalDate, _ value: @escaping (String) -> String) -> Node<HTML.FormContext> {
        .group(
            .label(.text("培训类别"), .select(.attribute(named: "name", value: "kind"),
                .forEach(TrainingKind.allCases) { k in .choice(k.rawValue, k.chineseName, selected: value("kind") == k.rawValue) })),
            .label(.text("培训层级"), .select(.attribute(named: "name", value: "tier"),
                .forEach(TrainingTier.allCases) { t in .choice(t.rawValue, t.chineseName, selected: value("tier") == t.rawValue) })),
            .label(.text("培训名称"), .input(.type(.text), .name("title"), .required(true), .value(attr(value("title"))))),
            .label(.text("培训对象"), .input(.type(.text), .name("audience"), .required(true), .value(attr(value("audience"))),
                                          .attribute(named: "placeholder", value: "成员单位健康促进网络人员"))),
            .label(.text("举办单位"), .select(.attribute(named: "name", value: "organiser"), .choice("", "请选择"),
                .forEach(units) { u in .choice(u, u, selected: value("organiser") == u) })),
            .label(.text("培训日期"), .input(.type(.date), .name("date"), .required(true),
                                          .value(attr(value("date").isEmpty ? today.iso : value("date"))))),
            .label(.text("培训地点"), .input(.type(.text), .name("place"), .required(true), .value(attr(value("place"))))),
            .label(.text("学时"), .input(.type(.text), .name("hours"), .required(true), .value(attr(value("hours"))),
                                      .attribute(named: "inputmode", value: "decimal"))),
            .element(named: "fieldset", nodes: [
                .element(named: "legend", text: "各单位参训人数（未参加的留空）"),
                .forEach(units) { unit in
                    .label(.text(unit), .input(.type(.text), .name(attr("count.\(unit)")), .value(attr(value("count.\(unit)"))),
                                               .attribute(named: "inputmode", value: "numeric")))
                },
            ]),
            .label(.text("课件、签到表、照片（可多选）"), .input(.type(.file), .name("materials"), .attribute(named: "multiple", value: "multiple"))),
            .label(.text("备注（可空）"), .textarea(.name("note"), .text(value("note")))))
    }

    static func values(of t: Training) -> [String: String] {
        var values = ["kind": t.kind.rawValue, "tier": t.tier.rawValue, "title": t.title, "audience": t.audience,
                      "organiser": t.organiser, "date": t.date.iso, "place": t.place, "hours": "\(t.hours)", "note": t.note ?? ""]
        for row in t.attendees { values["count.\(row.unit)"] = String(row.count) }
        return values
    }
}
