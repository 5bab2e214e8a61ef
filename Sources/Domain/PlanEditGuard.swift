import Foundation

/// What the programme's records hang on a plan's items: figures on indicators, progress on tasks, reports and
/// progress on units. An item with something attached is never dropped silently.
public struct AttachedData: Equatable, Sendable {
    /// Figures entered per indicator code.
    public var figures: [String: Int]
    /// Progress notes per task id.
    public var taskProgress: [Int: Int]
    /// Monthly reports and progress notes per unit name.
    public var unitRecords: [String: Int]

    public init(figures: [String: Int] = [:], taskProgress: [Int: Int] = [:], unitRecords: [String: Int] = [:]) {
        self.figures = figures; self.taskProgress = taskProgress; self.unitRecords = unitRecords
    }
}

/// An item a new version drops although data hangs on it.
public struct BlockedRemoval: Equatable, Sendable, Codable, CustomStringConvertible {
    public var area: String
    public var item: String
    public var attached: String

    public var description: String { "\(area)「\(item)」\(attached)" }
}

/// A plan version refused because it drops items that carry data; archiving them instead keeps the data reachable.
public struct PlanEditRefused: Error, Equatable, Sendable, CustomStringConvertible {
    public var removals: [BlockedRemoval]

    public init(removals: [BlockedRemoval]) { self.removals = removals }

    public var description: String {
        "未保存：新版本删去了已有数据的项目——" + removals.map(\.description).joined(separator: "；")
            + "。请保留这些项目，或选择“归档”（不再考核，数据仍可查看）。"
    }
}

public enum PlanEditGuard {
    /// Carries what the office added to the stored plan into a new version that lacks it (a document read again
    /// knows nothing of deadlines, subtasks or township units): task ids by matching, their deadlines and subtasks,
    /// units tied to regions, the period, the reporting rule and the duties.
    public static func carryOver(from old: Plan, into new: Plan) -> Plan {
        var result = new
        var unmatched = old.tasks.filter { $0.id != nil }
        func take(_ predicate: (PlanTask) -> Bool) -> PlanTask? {
            guard let index = unmatched.firstIndex(where: predicate) else { return nil }
            return unmatched.remove(at: index)
        }
        let claimed = Set(new.tasks.compactMap(\.id))
        unmatched.removeAll { claimed.contains($0.id!) }
        for index in result.tasks.indices where result.tasks[index].id == nil {
            let task = result.tasks[index]
            let match = take { $0.number == task.number && $0.section == task.section && $0.title == task.title && $0.text == task.text }
                ?? take { $0.text == task.text }
                ?? take { $0.title != nil && $0.title == task.title && $0.number == task.number && $0.section == task.section }
            guard let match else { continue }
            result.tasks[index].id = match.id
            if result.tasks[index].deadline == nil { result.tasks[index].deadline = match.deadline }
            if result.tasks[index].subtasks.isEmpty { result.tasks[index].subtasks = match.subtasks }
        }
        let names = Set(result.units.flatMap(\.spellings))
        result.units += old.units.filter { $0.region != nil && !names.contains($0.name) }
        if result.period == nil { result.period = old.period }
        if result.reporting == nil { result.reporting = old.reporting }
        if result.duties.isEmpty { result.duties = old.duties }
        return result
    }

    /// The items `new` drops (or archives nothing of) that carry data in `old`.
    public static func blockedRemovals(from old: Plan, to new: Plan, attached: AttachedData) -> [BlockedRemoval] {
        var blocked: [BlockedRemoval] = []
        let codes = Set(new.indicators.map(\.code))
        for indicator in old.indicators where !codes.contains(indicator.code) {
            if let n = attached.figures[indicator.code], n > 0 {
                blocked.append(BlockedRemoval(area: "指标", item: indicator.name, attached: "已有 \(n) 条数据"))
            }
        }
        let taskIDs = Set(new.tasks.compactMap(\.id))
        for task in old.tasks {
            guard let id = task.id, !taskIDs.contains(id), let n = attached.taskProgress[id], n > 0 else { continue }
            blocked.append(BlockedRemoval(area: "任务", item: PlanDiff.taskLabel(task), attached: "已有 \(n) 条进展记录"))
        }
        let spellings = Set(new.units.flatMap(\.spellings))
        for unit in old.units where !spellings.contains(unit.name) {
            if let n = attached.unitRecords[unit.name], n > 0 {
                blocked.append(BlockedRemoval(area: "单位", item: unit.name, attached: "已有 \(n) 份月报或进展记录"))
            }
        }
        return blocked
    }

    /// `new` with the blocked items of `old` put back, archived: no longer judged or due, their data reachable.
    public static func archiving(_ blocked: [BlockedRemoval], from old: Plan, into new: Plan) -> Plan {
        var result = new
        let names = Set(blocked.map { "\($0.area)|\($0.item)" })
        for var indicator in old.indicators where names.contains("指标|\(indicator.name)") {
            indicator.archived = true
            result.indicators.append(indicator)
        }
        for var task in old.tasks where names.contains("任务|\(PlanDiff.taskLabel(task))") {
            task.archived = true
            result.tasks.append(task)
        }
        for var unit in old.units where names.contains("单位|\(unit.name)") {
            unit.archived = true
            // Its tasks and reports still name it, so the archived unit must still resolve.
            result.units.append(unit)
        }
        return result
    }
}
