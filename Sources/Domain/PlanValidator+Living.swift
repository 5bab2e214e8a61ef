import Foundation

/// The checks of what the office adds while the programme runs: deadlines, subtasks, task ids, the period, duties.
extension PlanValidator {
    static func livingProblems(in plan: Plan, owner: [String: String]) -> [Problem] {
        var problems: [Problem] = []
        func report(_ field: FieldPath, _ message: String) { problems.append(Problem(field: field, message: message)) }
        let span = plan.programmeSpan
        func checkDate(_ date: LocalDate, _ field: FieldPath, _ what: String) {
            guard let span, !span.contains(date) else { return }
            report(field, "\(what) \(date.chinese) 不在实施期（\(span.lowerBound.chinese)至\(span.upperBound.chinese)）内")
        }
        if let period = plan.period, period.end < period.start {
            report(["period", "end"], "实施期的结束日期 \(period.end.chinese) 早于开始日期 \(period.start.chinese)")
        }
        var ids = Set<Int>()
        for (i, task) in plan.tasks.enumerated() {
            let field = FieldPath(["tasks"]).index(i)
            if let id = task.id, !ids.insert(id).inserted { report(field.key("id"), "任务标识 \(id) 重复") }
            guard !task.archived else { continue }
            let phaseOfTask = task.section.flatMap { name in plan.phases.first { $0.name == name } }
            switch task.deadline {
            case .date(let date)?:
                checkDate(date, field.key("deadline"), "期限")
                if let phase = phaseOfTask, date < phase.start {
                    report(field.key("deadline"), "期限 \(date.chinese) 早于所在阶段「\(phase.name)」的开始（\(phase.start.chinese)）")
                }
            case .phase(let name)?:
                if !plan.phases.contains(where: { $0.name == name }) {
                    let names = plan.phases.map { "「\($0.name)」" }.joined(separator: "、")
                    report(field.key("deadline"), "方案中没有阶段「\(name)」；可选：\(names.isEmpty ? "（方案未设阶段）" : names)")
                }
            case .recurring?, nil: break
            }
            var subtaskIDs = Set<Int>()
            for (j, subtask) in task.subtasks.enumerated() where !subtask.archived {
                let sub = field.key("subtasks").index(j)
                if !subtaskIDs.insert(subtask.id).inserted { report(sub.key("id"), "子任务标识 \(subtask.id) 重复") }
                if subtask.title.trimmingCharacters(in: .whitespaces).isEmpty { report(sub.key("title"), "请填写子任务内容") }
                if subtask.responsible.isEmpty { report(sub.key("responsible"), "子任务「\(subtask.title)」须有责任单位") }
                for (k, name) in subtask.responsible.enumerated() where owner[name] == nil {
                    report(sub.key("responsible").index(k), "「\(name)」不在本方案的单位列表或工作组中")
                }
                if let deadline = subtask.deadline { checkDate(deadline, sub.key("deadline"), "子任务期限") }
            }
        }
        for (i, duty) in plan.duties.enumerated() where ActivityKind(rawValue: duty.activity) == nil {
            let allowed = ActivityKind.allCases.map(\.chineseName).joined(separator: "、")
            report(FieldPath(["duties"]).index(i).key("activity"), "活动类型「\(duty.activity)」不可用；可用：\(allowed)")
        }
        return problems
    }
}

/// A plan edit refused by the plan's rules, each problem at its field.
public struct PlanEditInvalid: Error, Equatable, Sendable, CustomStringConvertible {
    public var problems: [PlanValidator.Problem]

    public var description: String { "未保存：" + problems.map { "\($0.field)：\($0.message)" }.joined(separator: "；") }
}

public enum PlanEditChecks {
    public static func check(_ plan: Plan) throws {
        let problems = PlanValidator.problems(in: plan)
        if !problems.isEmpty { throw PlanEditInvalid(problems: problems) }
    }
}
