import Domain
import Foundation
import Plot

/// A liaison's home: what the unit must do now, then its tasks and its contact card.
struct LiaisonHomeView {
    var model: Model

    func render() -> String {
        let plan = model.plan, unit = model.unit.name
        let open = model.assignments.filter { $0.progress != .done }.count
        return Layout(title: "\(unit) · 我的工作", content: .group(
            .h1(.text("\(unit) · 我的工作")),
            .p(.class("sub"), .a(.href(SiteURL.plan(plan.id).path), .text(plan.title))),
            .workList(model.work, today: model.today),
            .figures(
                .figure(model.nextReport.map { "\($0.dueDate.month)月\($0.dueDate.day)日" } ?? "—",
                        model.nextReport.map { "\($0.month.chineseName)月报截止（还有 \(model.today.days(until: $0.dueDate)) 天）" }
                            ?? "方案未设月报日程"),
                .figure("\(open)/\(model.assignments.count)", "未完成的任务"),
                .figure(model.contact?.liaison.nilIfEmpty ?? "未填写", "联络员")),
            .section(.class("card"),
                .h3("我的任务"),
                model.assignments.isEmpty ? .p(.class("empty"), "方案未给本单位分配任务。") :
                .ul(.class("task-list"), .forEach(model.assignments) { part in
                    .li(.trafficLight(part.trafficLight(on: model.today)), .text(" "),
                        .text(Self.summary(part, in: plan)),
                        .unwrap(part.dueDate) { due in .span(.class("muted"), .text(" · 期限 \(due.date.chinese)")) })
                }),
                .p(.a(.href(SiteURL.tasks(plan.id, unit: unit).path), .text("记录任务进展 ›")), .text(" · "),
                   .a(.href(SiteURL.unit(plan: plan.id, name: unit).path), .text("任务分解表与联络员信息 ›")))
            )
        )).render()
    }
}

extension LiaisonHomeView {
    /// A task in one line: its number and title (or the start of its text), a subtask after it.
    static func summary(_ task: PlanTask) -> String {
        let head = task.title ?? (task.text.count > 50 ? String(task.text.prefix(50)) + "…" : task.text)
        return [task.number, head].compactMap { $0 }.joined(separator: " ")
    }

    static func summary(_ part: TaskAssignment, in plan: Plan) -> String {
        guard let task = plan.task(id: part.taskIndex)?.task else { return part.taskNumber ?? "任务" }
        let subtask = part.subtaskID.flatMap { id in task.subtasks.first { $0.id == id } }
        return summary(task) + (subtask.map { " › \($0.title)" } ?? "")
    }
}
