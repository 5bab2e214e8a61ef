import Foundation

/// What changed between two versions of a plan, item by item, in the office's words: shown before a replacement is
/// saved and between any two revisions of the history.
public struct PlanDiff: Equatable, Sendable {
    public enum Kind: String, Sendable, Codable {
        case added, removed, changed, archived, restored

        public var chineseName: String {
            switch self {
            case .added: "新增"
            case .removed: "删除"
            case .changed: "修改"
            case .archived: "归档"
            case .restored: "恢复"
            }
        }
    }

    public struct Change: Equatable, Sendable, Codable {
        public var kind: Kind
        /// 基本信息, 组织, 单位, 阶段, 任务, 细胞目标, 指标, 工作要求.
        public var area: String
        public var item: String
        /// What differs, one line each (修改 only): 「期限：无 → 2024年6月20日」.
        public var details: [String]
    }

    public var changes: [Change]

    public var isEmpty: Bool { changes.isEmpty }

    public init(from old: Plan, to new: Plan) {
        var changes: [Change] = []
        func field(_ label: String, _ a: String?, _ b: String?, into details: inout [String]) {
            if a != b { details.append("\(label)：\(a.flatMap { $0.isEmpty ? nil : $0 } ?? "无") → \(b.flatMap { $0.isEmpty ? nil : $0 } ?? "无")") }
        }
        func list(_ items: [String]) -> String { items.joined(separator: "、") }

        var basics: [String] = []
        field("标题", old.title, new.title, into: &basics)
        field("类别", old.programme.chineseName, new.programme.chineseName, into: &basics)
        field("地区", old.place.name, new.place.name, into: &basics)
        field("文号", old.document.number, new.document.number, into: &basics)
        field("发文日期", old.document.date?.chinese, new.document.date?.chinese, into: &basics)
        field("目标", list(old.goals), list(new.goals), into: &basics)
        field("月报期限", old.reporting.map { "每月\($0.monthlyDueDay)日前" }, new.reporting.map { "每月\($0.monthlyDueDay)日前" }, into: &basics)
        field("实施期", old.period.map { "\($0.start.chinese)至\($0.end.chinese)" }, new.period.map { "\($0.start.chinese)至\($0.end.chinese)" }, into: &basics)
        if !basics.isEmpty { changes.append(Change(kind: .changed, area: "基本信息", item: new.title, details: basics)) }

        var organisation: [String] = []
        field("领导小组", old.organisation.leadingGroup?.name, new.organisation.leadingGroup?.name, into: &organisation)
        field("办公室", old.organisation.office?.name, new.organisation.office?.name, into: &organisation)
        field("办公室设在", old.organisation.office?.unit, new.organisation.office?.unit, into: &organisation)
        field("成员单位", list(old.organisation.memberUnits), list(new.organisation.memberUnits), into: &organisation)
        if !organisation.isEmpty { changes.append(Change(kind: .changed, area: "组织", item: "领导小组与办公室", details: organisation)) }

        changes += Self.compare("工作组", old.organisation.workingGroups, new.organisation.workingGroups, key: \.name, label: \.name,
                                archived: { _ in false }) { a, b in
            var d: [String] = []
            field("牵头", a.lead, b.lead, into: &d)
            field("参与", list(a.participants), list(b.participants), into: &d)
            return d
        }
        changes += Self.compare("单位", old.units, new.units, key: \.name, label: \.name, archived: \.archived) { a, b in
            var d: [String] = []
            field("类型", a.kind.chineseName, b.kind.chineseName, into: &d)
            field("简称", list(a.aliases), list(b.aliases), into: &d)
            field("对应区划", a.region, b.region, into: &d)
            return d
        }
        changes += Self.compare("阶段", old.phases, new.phases, key: \.name, label: \.name, archived: { _ in false }) { a, b in
            var d: [String] = []
            field("开始", a.start.chinese, b.start.chinese, into: &d)
            field("结束", a.end.chinese, b.end.chinese, into: &d)
            field("节点", list(a.milestones.map(Self.milestoneText)), list(b.milestones.map(Self.milestoneText)), into: &d)
            return d
        }
        changes += Self.compare("任务", old.tasks, new.tasks, key: { $0.id.map(String.init) ?? $0.text }, label: Self.taskLabel,
                                archived: \.archived) { a, b in
            var d: [String] = []
            field("编号", a.number, b.number, into: &d)
            field("标题", a.title, b.title, into: &d)
            field("内容", a.text, b.text, into: &d)
            field("责任单位", list(a.responsible), list(b.responsible), into: &d)
            field("牵头单位", a.lead, b.lead, into: &d)
            field("配合单位", list(a.participants), list(b.participants), into: &d)
            field("期限", a.deadline?.chineseDescription, b.deadline?.chineseDescription, into: &d)
            field("子任务", list(a.subtasks.filter { !$0.archived }.map(Self.subtaskText)),
                  list(b.subtasks.filter { !$0.archived }.map(Self.subtaskText)), into: &d)
            return d
        }
        changes += Self.compare("细胞目标", old.cellTargets, new.cellTargets, key: { "\($0.cell)|\($0.per?.rawValue ?? "")" },
                                label: \.displayName, archived: { _ in false }) { a, b in
            var d: [String] = []
            field("比例", a.atLeastPercent.map { "≥" + NumberText.percent($0) }, b.atLeastPercent.map { "≥" + NumberText.percent($0) }, into: &d)
            field("数量", a.atLeastCount.map { "≥\($0)个" }, b.atLeastCount.map { "≥\($0)个" }, into: &d)
            return d
        }
        changes += Self.compare("指标", old.indicators, new.indicators, key: \.code, label: \.name, archived: \.archived) { a, b in
            var d: [String] = []
            field("名称", a.name, b.name, into: &d)
            field("目标表述", a.text, b.text, into: &d)
            field("目标", a.target, b.target, into: &d)
            return d
        }
        changes += Self.compare("工作要求", old.duties, new.duties, key: \.activity, label: { ActivityKind(rawValue: $0.activity)?.chineseName ?? $0.activity },
                                archived: { _ in false }) { a, b in
            var d: [String] = []
            field("要求", a.requirement.chineseDescription, b.requirement.chineseDescription, into: &d)
            return d
        }
        self.changes = changes
    }

    /// Items matched by key: added, removed, archived or restored, or changed in the fields `details` compares.
    private static func compare<T>(_ area: String, _ old: [T], _ new: [T], key: (T) -> String, label: (T) -> String,
                                   archived: (T) -> Bool, details: (T, T) -> [String]) -> [Change] {
        let oldByKey = Dictionary(old.map { (key($0), $0) }, uniquingKeysWith: { first, _ in first })
        let newKeys = Set(new.map(key))
        var changes: [Change] = []
        for item in new {
            guard let before = oldByKey[key(item)] else {
                changes.append(Change(kind: .added, area: area, item: label(item), details: []))
                continue
            }
            if archived(item) != archived(before) {
                changes.append(Change(kind: archived(item) ? .archived : .restored, area: area, item: label(item), details: []))
            }
            let d = details(before, item)
            if !d.isEmpty { changes.append(Change(kind: .changed, area: area, item: label(item), details: d)) }
        }
        for item in old where !newKeys.contains(key(item)) {
            changes.append(Change(kind: .removed, area: area, item: label(item), details: []))
        }
        return changes
    }

    public static func taskLabel(_ task: PlanTask) -> String {
        let name = task.title ?? String(task.text.prefix(30))
        return task.number.map { "\($0) \(name)" } ?? name
    }

    static func subtaskText(_ subtask: Subtask) -> String {
        "\(subtask.title)（\(subtask.responsible.joined(separator: "、"))\(subtask.deadline.map { "，\($0.chinese)前" } ?? "")）"
    }

    static func milestoneText(_ milestone: Milestone) -> String {
        milestone.title + (milestone.date.map { "（\($0.chinese)）" } ?? "")
    }
}
