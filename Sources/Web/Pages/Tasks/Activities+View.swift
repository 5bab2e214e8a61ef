import Core
import Domain
import Foundation
import Plot

struct ActivitiesView {
    var model: Model

    func render() -> String {
        let p = model.plan
        let lectures = model.activities.filter { $0.kind == .lecture }
        func value(_ key: String) -> String { model.values[key] ?? "" }
        return Layout(title: "健康活动", crumbs: runningCrumbs(p, "健康活动", .activities(p.id, year: nil), nil), content: .group(
            .h1(.text("\(model.year)年健康活动")),
            .flash(model.notice),
            .figures(
                .figure(model.activities.count, "活动"),
                .figure(model.activities.reduce(0) { $0 + $1.beneficiaries }, "受益人次"),
                .figure(lectures.count, "健康讲座"),
                .figure(model.coverage.uncovered.count, "未开展活动的卫生日")),
            beneficiaries(),
            .if(model.canAdd, addForm(value)),
            .h2("卫生日"),
            .table(.class("stack"),
                .thead(.tr(.th("卫生日"), .th("日期"), .th("活动"), .th("组织单位"))),
                .tbody(.forEach(model.coverage.entries) { e in
                    .tr(.td(.text(e.day.name)), .td(.text(e.day.dateText)),
                        .td(e.isCovered ? .text("\(e.activityIDs.count) 项") : .span(.class("muted"), .text("未开展"))),
                        .td(.text(e.organisers.joined(separator: "、")), .if(e.isCovered && !e.isJoint, .span(.class("tag warn"), .text("非多部门联合"))))) })),
            .forEach(model.duties) { duties($0) },
            .h2("活动记录"),
            model.activities.isEmpty ? .p(.class("empty"), .text("还没有活动记录。")) : .table(.class("stack"),
                .thead(.tr(.th("日期"), .th("类型"), .th("名称"), .th("组织单位"), .th("受益人次"), .th("照片和材料"))),
                .tbody(.forEach(model.activities) { a in
                    .tr(.td(.text(a.date.chinese)), .td(.text(a.kind.chineseName)), .td(.text(a.title + (a.healthDay.map { "（\($0)）" } ?? ""))),
                        .td(.text(a.organisers.joined(separator: "、"))), .td(.class("num"), .text("\(a.beneficiaries)")),
                        .td(.evidenceList(a.evidence) { .activityFile(plan: p.id, id: a.id, sha256: $0.sha256) }))
                }))
        )).render()
    }

    /// One of the plan's duties, every unit that owes it listed (those that held none too), behind first.
    private func duties(_ standing: DutyStanding) -> Node<HTML.BodyContext> {
        let rows = standing.behind + standing.rows.filter(\.tally.isOnTrack)
        return .group(
            .h2(.text(standing.title)),
            .unwrap(standing.duty.text) { .p(.class("muted"), .text("方案原文：\($0)")) },
            rows.isEmpty ? .p(.class("empty"), .text("方案没有列出承担这项工作的单位。")) : .table(.class("stack"),
                .thead(.tr(.th("单位"), .th("已开展"), .th("应开展（至今）"), .th("缺"), .th("未达到的月份或季度"))),
                .tbody(.forEach(rows) { row in
                    let tally = row.tally
                    return .tr(.td(.text(row.unit)), .td(.class("num"), .text("\(tally.doneSoFar)")),
                               .td(.class("num"), .text("\(tally.expectedSoFar)")),
                               .td(.class("num"), tally.shortfall > 0 ? .span(.class("verdict not_met"), .text("\(tally.shortfall)")) : .text("0")),
                               .td(.text(tally.missedPeriods.map(\.chineseName).joined(separator: "、"))))
                })))
    }

    /// The year's beneficiaries against the share of the population the plan sets, and the office's form for it.
    private func beneficiaries() -> Node<HTML.BodyContext> {
        let p = model.plan
        return .group(
            .unwrap(model.progress) { b in
                .p(.coverageBar(percent: b.achievedPercent.map { NSDecimalNumber(decimal: $0).doubleValue } ?? 0,
                                verdict: b.isMet ? .met : .notMet, target: NSDecimalNumber(decimal: b.targetPercent).doubleValue),
                   .text(" 受益 \(b.beneficiaries) 人次，占常住人口 \(b.population) 的 \(b.achievedPercent.map { "\($0)" } ?? "—")%；目标 \(b.targetPercent)%（\(b.target) 人次）"),
                   b.isMet ? .span(.class("verdict met"), .text(" 已达到")) : .span(.class("verdict not_met"), .text(" 还差 \(b.gap) 人次")))
            },
            .if(model.canSetTarget, .form(.method(.post), .action(SiteURL.beneficiaryTarget(p.id).path), .class("toolbar no-print"),
                .csrfField(), .input(.type(.hidden), .name("year"), .value(String(model.year))),
                .input(.type(.text), .name("population"), .attribute(named: "placeholder", value: attr("\(model.year)年常住人口")),
                       .attribute(named: "aria-label", value: "常住人口"), .value(attr(model.progress.map { String($0.population) } ?? ""))),
                .input(.type(.text), .name("targetPercent"), .attribute(named: "aria-label", value: "目标比例（%）"),
                       .value(attr(model.progress.map { "\($0.targetPercent)" } ?? "30"))),
                .button(.type(.submit), .class("secondary"), .text("设定受益人群目标")))))
    }

    private func addForm(_ value: (String) -> String) -> Node<HTML.BodyContext> {
        let p = model.plan
        let days = HealthDayCalendar().days(in: model.year)
        return .group(
            .problemList(model.problems),
            .element(named: "details", nodes: [.attribute(named: model.problems.isEmpty ? "data-closed" : "open", value: "open"),
                .element(named: "summary", text: "登记活动"),
                .form(.method(.post), .action(SiteURL.activities(p.id, year: nil).path), .attribute(named: "enctype", value: "multipart/form-data"),
                      .class("stack card wide-form"),
                    .csrfField(),
                    .label(.text("类型"), .select(.attribute(named: "name", value: "kind"),
                        .forEach(ActivityKind.allCases) { k in .choice(k.rawValue, k.chineseName, selected: value("kind") == k.rawValue) })),
                    .label(.text("名称"), .input(.type(.text), .name("title"), .required(true), .value(attr(value("title"))))),
                    .label(.text(model.ownUnit.map { "联合组织单位（\($0)之外，可空）" } ?? "组织单位（用顿号分隔）"),
                           .input(.type(.text), .name("organisers"), .value(attr(value("organisers"))))),
                    .label(.text("日期"), .input(.type(.date), .name("date"), .required(true), .value(attr(value("date").isEmpty ? model.today.iso : value("date"))))),
                    .label(.text("地点（媒体专栏填媒体名称）"), .input(.type(.text), .name("place"), .required(true), .value(attr(value("place"))))),
                    .label(.text("参加人数"), .input(.type(.text), .name("participants"), .value(attr(value("participants"))), .attribute(named: "inputmode", value: "numeric"))),
                    .label(.text("受益人次"), .input(.type(.text), .name("beneficiaries"), .value(attr(value("beneficiaries"))), .attribute(named: "inputmode", value: "numeric"))),
                    .label(.text("卫生日（主题日活动选择）"), .select(.attribute(named: "name", value: "healthDay"), .choice("", "—"),
                        .forEach(days) { d in .choice(d.name, "\(d.name)（\(d.dateText)）", selected: value("healthDay") == d.name) })),
                    .label(.text("照片和材料（可多选）"), .input(.type(.file), .name("evidence"), .attribute(named: "multiple", value: "multiple"))),
                    .button(.type(.submit), .text("登记")))]))
    }
}
