import Domain
import Foundation
import Plot

/// One task's editor: its text and responsible units, its deadline (a date, a phase, or every month/quarter/year),
/// its subtasks with their own units and deadlines, and archiving.
struct TaskEditView {
    var model: Model

    func render() -> String {
        let p = model.plan
        let title = model.taskID == nil ? "新增任务" : "编辑任务"
        return Layout(title: title, crumbs: [.init(title: p.title, url: .plan(p.id)), .init(title: "调整方案", url: .planEdit(p.id)),
                                             .init(title: title, url: nil)], content: .group(
            .h1(.text(title)),
            .problemList(model.problems),
            .form(.method(.post), .action(SiteURL.planTaskEdit(plan: p.id, task: model.taskID.map(String.init) ?? "new").path),
                  .class("stack card wide-form"),
                .csrfField(), .revisionField(model.revision),
                basics(), responsible(), deadline(model.task.deadline), subtasks(), archiveAndWhy(),
                .button(.type(.submit), .text("保存任务"))),
            .p(.a(.href(attr(SiteURL.planEdit(p.id).path + "#tasks")), .text("返回调整方案")))
        )).render()
    }

    private func basics() -> Node<HTML.FormContext> {
        let t = model.task
        let sections = Array(Set(model.plan.tasks.compactMap(\.section))).sorted()
        return .group(
            .label(.text("编号"), .input(.type(.text), .name("number"), .value(attr(t.number ?? "")))),
            .label(.text("所在部分"), .input(.type(.text), .name("section"), .value(attr(t.section ?? "")),
                                           .attribute(named: "list", value: "sections"))),
            .element(named: "datalist", nodes: [.id("sections")] + sections.map { Node<HTML.BodyContext>.element(named: "option", nodes: [.attribute(named: "value", value: attr($0))]) }),
            .label(.text("标题"), .input(.type(.text), .name("title"), .value(attr(t.title ?? "")))),
            .label(.text("任务内容"), .textarea(.name("text"), .attribute(named: "rows", value: "4"), .text(t.text))))
    }

    private func responsible() -> Node<HTML.FormContext> {
        let chosen = Set(model.task.responsible)
        let boxes: [Node<HTML.FormContext>] = model.choosable.map { name in
            .label(.class("check"), .input(.type(.checkbox), .name(attr("resp.\(name)")), .value("1"),
                                           chosen.contains(name) ? .attribute(named: "checked", value: "checked") : .empty),
                   .text(" \(name)"))
        }
        return .element(named: "fieldset", nodes: [.element(named: "legend", text: "责任单位"), .div(.class("checks"), .group(boxes))])
    }

    private func deadline(_ deadline: TaskDeadline?) -> Node<HTML.FormContext> {
        var kind = "", date = "", phase = "", every: Recurrence?
        switch deadline {
        case .date(let d)?: kind = "date"; date = d.iso
        case .phase(let name)?: kind = "phase"; phase = name
        case .recurring(let r)?: kind = "recurring"; every = r
        case nil: break
        }
        let kinds: [(String, String)] = [("", "不单独设定（按所在阶段或实施期结束）"), ("date", "具体日期"), ("phase", "某阶段结束时"),
                                         ("recurring", "定期（每月、每季度或每年）")]
        let phases: [Node<HTML.SelectContext>] = [.choice("", "—", selected: phase.isEmpty)]
            + model.plan.phases.map { .choice($0.name, $0.name, selected: $0.name == phase) }
        let periods: [Node<HTML.SelectContext>] = [.choice("", "—", selected: every == nil)]
            + Recurrence.allCases.map { .choice($0.rawValue, $0.chineseName, selected: $0 == every) }
        return .element(named: "fieldset", nodes: [
            .element(named: "legend", text: "期限"),
            .label(.text("期限方式"), .select(.attribute(named: "name", value: "deadlineKind"),
                                          .group(kinds.map { .choice($0.0, $0.1, selected: $0.0 == kind) }))),
            .label(.text("日期"), .input(.type(.date), .name("deadlineDate"), .value(attr(date)))),
            .label(.text("阶段"), .select(.attribute(named: "name", value: "deadlinePhase"), .group(phases))),
            .label(.text("周期"), .select(.attribute(named: "name", value: "deadlineEvery"), .group(periods))),
        ])
    }

    private func subtasks() -> Node<HTML.FormContext> {
        let existing: [Node<HTML.FormContext>] = model.task.subtasks.enumerated().map { index, subtask in subtaskFields("sub\(index)", subtask) }
        let units: [Node<HTML.BodyContext>] = model.choosable.map { .element(named: "option", nodes: [.attribute(named: "value", value: attr($0))]) }
        return .element(named: "fieldset", nodes: [
            .element(named: "legend", text: "子任务（每项有自己的责任单位和期限，乡镇也可承担）"),
            .group(existing),
            .element(named: "h3", text: "新增子任务"),
            subtaskFields("new", nil),
            .element(named: "datalist", nodes: [.id("units")] + units),
        ])
    }

    private func subtaskFields(_ prefix: String, _ subtask: Subtask?) -> Node<HTML.FormContext> {
        .div(.class("subtask"),
            .unwrap(subtask) { .input(.type(.hidden), .name(attr("\(prefix).id")), .value(String($0.id))) },
            .label(.text("内容"), .input(.type(.text), .name(attr("\(prefix).title")), .value(attr(subtask?.title ?? "")))),
            .label(.text("责任单位（多个用顿号分隔）"), .input(.type(.text), .name(attr("\(prefix).responsible")),
                                                  .attribute(named: "list", value: "units"),
                                                  .value(attr(subtask?.responsible.joined(separator: "、") ?? "")))),
            .label(.text("期限"), .input(.type(.date), .name(attr("\(prefix).deadline")), .value(attr(subtask?.deadline?.iso ?? "")))),
            .unwrap(subtask) { s in
                .label(.class("check"), .input(.type(.checkbox), .name(attr("\(prefix).archived")), .value("1"),
                                               s.archived ? .attribute(named: "checked", value: "checked") : .empty),
                       .text(" 归档"))
            })
    }

    private func archiveAndWhy() -> Node<HTML.FormContext> {
        .group(
            .if(model.taskID != nil, .label(.class("check"), .input(.type(.checkbox), .name("archived"), .value("1"),
                                                                    model.task.archived ? .attribute(named: "checked", value: "checked") : .empty),
                                           .text(" 归档（不再要求完成，已有进展仍可查看）"))),
            .label(.text("修改原因"), .input(.type(.text), .name("why"), .attribute(named: "placeholder", value: "如：按联席会议决定细化分解"))))
    }
}
