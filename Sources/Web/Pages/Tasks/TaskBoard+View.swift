import Core
import Domain
import Foundation
import Plot

struct TaskBoardView {
    var model: Model

    func render() -> String {
        let p = model.plan, b = model.board
        return Layout(title: "任务进展", crumbs: runningCrumbs(p, "任务进展", .tasks(p.id, unit: nil), model.unit), content: .group(
            .h1(.text(model.unit.map { "\($0)的任务" } ?? "任务进展")),
            .p(.class("sub"), .text("绿灯按期推进，黄灯 15 天内到期，红灯已逾期；期限取子任务或任务自身的期限（日期、阶段结束或定期），没有时取实施期的结束日期。")),
            .flash(model.notice),
            headline(),
            .unwrap(model.unit) { unit in .group(
                .h2("任务清单（按紧迫程度）"),
                model.assignments.isEmpty ? .p(.class("empty"), .text("\(unit)没有承担任务。")) : .group(.forEach(model.assignments) { stored in
                    taskCard(stored, unit: unit)
                }))
            },
            .h2("各单位"),
            .table(.class("stack"),
                .thead(.tr(.th("单位"), .th("红灯"), .th("黄灯"), .th("绿灯"), .th("已完成"), .th("合计"))),
                .tbody(.forEach(b.rows) { row in
                    .tr(.td(.a(.href(SiteURL.tasks(p.id, unit: row.unit).path), .text(row.unit))),
                        .td(.class("num"), .text("\(row.count(.red))")), .td(.class("num"), .text("\(row.count(.yellow))")),
                        .td(.class("num"), .text("\(row.count(.green))")), .td(.class("num"), .text("\(row.count(TrafficLight.done))")),
                        .td(.class("num"), .text("\(row.total)")))
                }))
        )).render()
    }

    /// The programme's tasks by their one light (a task with one overdue part is red), or the unit's own parts.
    private func headline() -> Node<HTML.BodyContext> {
        let b = model.board
        guard model.unit != nil else {
            return .group(
                .figures(.figure(b.tasks(.red), "红灯任务（逾期）"), .figure(b.tasks(.yellow), "黄灯任务（将到期）"),
                         .figure(b.tasks(.green), "绿灯任务"), .figure(b.tasks(TrafficLight.done), "已完成任务")),
                .p(.class("muted"), .text("共 \(b.taskLights.count) 项任务，按任务计：任一责任单位逾期即为红灯。下表按单位列出各自承担的部分。")))
        }
        let lights = model.assignments.map { $0.value.trafficLight(on: model.today) }
        func count(_ light: TrafficLight) -> Int { lights.filter { $0 == light }.count }
        return .figures(.figure(count(.red), "红灯（逾期）"), .figure(count(.yellow), "黄灯（将到期）"),
                        .figure(count(.green), "绿灯"), .figure(count(TrafficLight.done), "已完成"))
    }

    private func taskCard(_ stored: Stored<TaskAssignment>, unit: String) -> Node<HTML.BodyContext> {
        let a = stored.value, p = model.plan
        let task = p.task(id: a.taskIndex)?.task
        let subtask = a.subtaskID.flatMap { id in task?.subtasks.first { $0.id == id } }
        return .div(.class("card"),
            .unwrap(task?.section) { .p(.class("muted task-section"), .text($0)) },
            .h3(.text("\(a.taskNumber ?? "") \(task?.title ?? task?.text.prefix(40).description ?? "")")),
            .unwrap(subtask) { .p(.b(.text("子任务：\($0.title)"))) },
            .p(.trafficLight(a.trafficLight(on: model.today)), .text(Self.statusSuffix(a, on: model.today)),
               .unwrap(a.dueDate) { due in .text(" · 期限 \(due.date.chinese)（\(due.explanation)）") }),
            .unwrap(task?.text) { .p(.class("task-text muted"), .text($0)) },
            .if(!a.notes.isEmpty, .ul(.forEach(a.notes.reversed()) { note in
                .li(.text("\(note.date.chinese) \(note.author)：\(note.progress.chineseName) · \(note.text)"),
                    .forEach(note.evidence) { ref in .group(.text(" "), .a(.href(SiteURL.taskFile(plan: p.id, part: a.partKey, unit: unit, sha256: ref.sha256).path),
                                                                             .text(ref.fileName))) })
            })),
            .if(model.canUpdate, .form(.method(.post), .action(SiteURL.taskRecord(plan: p.id, part: a.partKey, unit: unit).path),
                                       .attribute(named: "enctype", value: "multipart/form-data"), .class("toolbar"),
                .csrfField(), .revisionField(stored.revision),
                .select(.attribute(named: "name", value: "progress"), .attribute(named: "aria-label", value: "进展状态"),
                        .forEach(TaskProgress.allCases) { p in .choice(p.rawValue, p.chineseName, selected: p == (a.progress == .notStarted ? .inProgress : a.progress)) }),
                .input(.type(.text), .name("note"), .attribute(named: "placeholder", value: "进展情况"), .attribute(named: "aria-label", value: "进展情况"),
                       .required(true)),
                .input(.type(.file), .name("evidence"), .attribute(named: "multiple", value: "multiple"), .attribute(named: "aria-label", value: "佐证材料")),
                .button(.type(.submit), .text("记录进展")))))
    }
}

extension TaskBoardView {
    /// The status beside the light, unless the light already says it (红灯 is 逾期, done is done).
    static func statusSuffix(_ a: TaskAssignment, on today: LocalDate) -> String {
        let status = a.status(on: today)
        return status == .overdue || status == .done ? "" : " · \(status.chineseName)"
    }
}

extension Node where Context: HTML.BodyContext {
    static func trafficLight(_ light: TrafficLight) -> Node {
        let colour: String = switch light {
        case .green: "green"
        case .yellow: "yellow"
        case .red: "red"
        case .done: "grey"
        }
        return .span(.span(.class(attr("light \(colour)")), .attribute(named: "aria-hidden", value: "true")), .text(light.chineseName))
    }
}
