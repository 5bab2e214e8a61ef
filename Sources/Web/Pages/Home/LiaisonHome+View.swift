import Domain
import Foundation
import Plot

/// A liaison's home: the unit's report due date, its tasks, its contact details.
struct LiaisonHomeView {
    var model: Model

    func render() -> String {
        let plan = model.plan
        let due = plan.reporting.map { ReportingCalendar.nextDue(after: model.today, dueDay: $0.monthlyDueDay) }
        let daysLeft = due.map { $0.dayNumber - model.today.dayNumber }
        return Layout(title: "\(model.unit.name) · 我的工作", content: .group(
            .h1(.text("\(model.unit.name) · 我的工作")),
            .p(.class("sub"), .a(.href(SiteURL.plan(plan.id).path), .text(plan.title))),
            .figures(
                .figure(due.map { "\($0.month)月\($0.day)日" } ?? "—", daysLeft.map { "本期月报截止（还有 \($0) 天）" } ?? "方案未规定月报"),
                .figure(model.assignments.count, "本单位承担的任务"),
                .figure(model.contact?.liaison.nilIfEmpty ?? "未填写", "联络员")),
            .unwrap(plan.reporting?.text) { .notice($0) },
            .section(.class("card"),
                .h3("我的任务"),
                model.assignments.isEmpty ? .p(.class("empty"), "方案未给本单位分配任务。") :
                .ol(.forEach(model.assignments.prefix(12)) { assignment in
                    .li(.text(Self.summary(assignment.task)),
                        .span(.class("tag"), .text(UnitView.describe(assignment.route))))
                }),
                .p(.a(.href(SiteURL.unit(plan: plan.id, name: model.unit.name).path), .text("完整任务分解表与联络员信息 ›")))
            )
        )).render()
    }
}

extension LiaisonHomeView {
    /// A task in one line: its number and title, or the start of its text when it has no title.
    static func summary(_ task: PlanTask) -> String {
        let head = task.title ?? (task.text.count > 50 ? String(task.text.prefix(50)) + "…" : task.text)
        return [task.number, head].compactMap { $0 }.joined(separator: " ")
    }
}
