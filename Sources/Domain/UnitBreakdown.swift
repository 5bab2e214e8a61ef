/// Answers "which unit is this name, and what is it responsible for" within one plan.
///
/// Plans write the same unit in several ways (市卫健委 / 市卫生健康委员会), assign work to working
/// groups (健康服务专业工作组负责) and to collective references (各成员单位); a liaison needs all of it.
public struct UnitDirectory: Sendable {
    public let plan: Plan
    private let unitBySpelling: [String: PlanUnit]

    public init(_ plan: Plan) {
        self.plan = plan
        var map: [String: PlanUnit] = [:]
        for unit in plan.units { for spelling in unit.spellings where map[spelling] == nil { map[spelling] = unit } }
        unitBySpelling = map
    }

    public func unit(named name: String) -> PlanUnit? { unitBySpelling[name] }

    public func workingGroup(named name: String) -> WorkingGroup? {
        plan.organisation.workingGroups.first { $0.name == name }
    }

    /// The canonical name of whatever `name` refers to, if anything.
    public func canonicalName(_ name: String) -> String? {
        unit(named: name)?.name ?? workingGroup(named: name)?.name
    }

    public func isMember(_ unit: PlanUnit) -> Bool {
        plan.organisation.memberUnits.contains { self.unit(named: $0)?.name == unit.name }
    }

    /// The member units (成员单位), in the order the plan lists its units; each reports monthly
    /// and needs a liaison.
    public var memberUnits: [PlanUnit] { plan.units.filter(isMember) }

    /// The units that report progress and need a liaison: the member units, or, when a plan lists
    /// none (some name only 各成员单位), every named unit that carries a task.
    public var reportingUnits: [PlanUnit] {
        let members = memberUnits.filter { !$0.archived }
        // Townships tied to the region tree report like member units do (各乡镇 carry much of the ground work).
        let townships = plan.units.filter { $0.kind == .township && $0.region != nil && !$0.archived && !isMember($0) }
        if !members.isEmpty { return members + townships }
        return plan.units.filter { $0.kind != .group && !$0.archived && !assignments(for: $0).isEmpty }
    }

    /// How a unit comes to be responsible for a task.
    public enum Route: Equatable, Sendable {
        /// Named in the task itself, in the given role.
        case named(role: Role)
        /// Through a working group the task names, in which the unit leads or takes part.
        case workingGroup(name: String, leads: Bool)
        /// Through a collective reference the unit belongs to (各成员单位, 各乡镇人民政府).
        case collective(name: String)
    }

    public enum Role: String, Sendable { case lead, participant, responsible }

    public struct Assignment: Equatable, Sendable {
        /// The task's id (its position where the plan has not given ids).
        public var taskIndex: Int
        public var task: PlanTask
        public var route: Route
        /// Set when the unit's part is a subtask rather than the task itself.
        public var subtask: Subtask? = nil

        /// The subtask's own deadline, else the task's.
        public func dueDate(in plan: Plan, on today: LocalDate) -> DueDate? {
            if let deadline = subtask?.deadline { return DueDate(date: deadline, source: .taskDeadline) }
            return task.dueDate(in: plan, on: today)
        }
    }

    /// Every task and subtask the unit is responsible for, directly or through a group, in document order; archived
    /// tasks and subtasks are no longer anyone's work.
    public func assignments(for unit: PlanUnit) -> [Assignment] {
        let groups = workingGroups(of: unit)
        let groupsLed = Set(groups.filter(\.leads).map(\.name))
        let groupsJoined = Set(groups.filter { !$0.leads }.map(\.name))
        let collectives = collectiveNames(containing: unit, inWorkingGroup: !groups.isEmpty)

        var result: [Assignment] = []
        for (index, task) in plan.tasks.enumerated() where !task.archived {
            let id = task.id ?? index
            if let route = route(of: unit, in: task, groupsLed: groupsLed, groupsJoined: groupsJoined,
                                 collectives: collectives) {
                result.append(Assignment(taskIndex: id, task: task, route: route))
            }
            for subtask in task.subtasks where !subtask.archived {
                let part = PlanTask(text: subtask.title, responsible: subtask.responsible)
                if let route = route(of: unit, in: part, groupsLed: groupsLed, groupsJoined: groupsJoined, collectives: collectives) {
                    result.append(Assignment(taskIndex: id, task: task, route: route, subtask: subtask))
                }
            }
        }
        return result
    }

    /// The working groups the unit leads or takes part in, in document order.
    public func workingGroups(of unit: PlanUnit) -> [(name: String, leads: Bool)] {
        plan.organisation.workingGroups.compactMap { group in
            if group.lead.flatMap(canonicalName) == unit.name { return (group.name, true) }
            if group.participants.contains(where: { canonicalName($0) == unit.name }) { return (group.name, false) }
            return nil
        }
    }

    private func route(of unit: PlanUnit, in task: PlanTask, groupsLed: Set<String>, groupsJoined: Set<String>,
                       collectives: Set<String>) -> Route? {
        let canonical = task.responsible.map { canonicalName($0) ?? $0 }
        if canonical.contains(unit.name) {
            if task.lead.flatMap(canonicalName) == unit.name { return .named(role: .lead) }
            if task.participants.contains(where: { canonicalName($0) == unit.name }) { return .named(role: .participant) }
            return .named(role: .responsible)
        }
        if let group = canonical.first(where: { groupsLed.contains($0) }) { return .workingGroup(name: group, leads: true) }
        if let group = canonical.first(where: { groupsJoined.contains($0) }) { return .workingGroup(name: group, leads: false) }
        if let group = canonical.first(where: { collectives.contains($0) }) { return .collective(name: group) }
        return nil
    }

    /// The collective references (kind group) whose coverage includes the unit.
    private func collectiveNames(containing unit: PlanUnit, inWorkingGroup: Bool) -> Set<String> {
        guard unit.kind != .group else { return [] }
        let member = isMember(unit)
        return Set(plan.units.filter { group in
            switch group.covers {
            case .memberUnits: member
            case .townships: unit.kind == .township
            case .workingGroups: inWorkingGroup
            case .none: false
            }
        }.map(\.name))
    }

    /// Units that carry at least one task, most tasks first: the office's overview of who does what.
    public func workload() -> [(unit: PlanUnit, tasks: Int)] {
        plan.units.map { ($0, assignments(for: $0).count) }
            .filter { $0.1 > 0 }
            .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0.name < $1.0.name }
    }
}
