import Foundation

/// What a unit says about its part of a task. Overdue is not among them: it follows from the date
/// (see `TaskStatus`), so it can never be stale or forgotten.
public enum TaskProgress: String, Sendable, StrictEnum {
    case notStarted, inProgress, done

    public var chineseName: String {
        switch self {
        case .notStarted: "未开始"
        case .inProgress: "推进中"
        case .done: "已完成"
        }
    }
}

/// The status shown for a unit's part of a task on a given day.
public enum TaskStatus: String, Sendable, StrictEnum {
    case notStarted, inProgress, done, overdue

    public var chineseName: String {
        switch self {
        case .notStarted: "未开始"
        case .inProgress: "推进中"
        case .done: "已完成"
        case .overdue: "逾期"
        }
    }
}

public enum TrafficLight: String, Sendable, StrictEnum {
    /// Not finished and not due soon (or without a due date).
    case green
    /// Not finished and due within the warning window.
    case yellow
    /// Not finished and past its due date.
    case red
    /// Finished: no longer needs attention.
    case done

    public var chineseName: String {
        switch self {
        case .green: "正常"
        case .yellow: "临期"
        case .red: "逾期"
        case .done: "已完成"
        }
    }
}

/// When a light turns yellow: the office sets the window, 15 days unless it says otherwise.
public struct TrafficLightPolicy: Codable, Sendable, Equatable {
    public var warningDays: Int

    public init(warningDays: Int = 15) { self.warningDays = warningDays }

    public static let standard = TrafficLightPolicy()

    public func light(dueDate: LocalDate?, finished: Bool, on today: LocalDate) -> TrafficLight {
        if finished { return .done }
        guard let dueDate else { return .green }
        let left = today.days(until: dueDate)
        if left < 0 { return .red }
        return left <= warningDays ? .yellow : .green
    }
}

/// Where a due date comes from, so the page can say why a task is due when it is.
public struct DueDate: Codable, Sendable, Equatable {
    public enum Source: String, Sendable, StrictEnum {
        /// A deadline set for the task itself (the document's 于…前完成, or the office's).
        case taskDeadline
        /// The end of the phase the task belongs to.
        case phaseEnd
        /// Neither is known: everything is due when the programme's last phase ends (验收).
        case programmeEnd
        /// A task repeated every month, quarter or year: due at the end of the current one.
        case recurring
    }

    public var date: LocalDate
    public var source: Source
    public var phase: String?
    public var recurrence: Recurrence?

    public init(date: LocalDate, source: Source, phase: String? = nil, recurrence: Recurrence? = nil) {
        self.date = date; self.source = source; self.phase = phase; self.recurrence = recurrence
    }

    public var explanation: String {
        switch source {
        case .taskDeadline: "任务期限 \(date.chinese)"
        case .phaseEnd: "阶段「\(phase ?? "")」结束 \(date.chinese)"
        case .programmeEnd: "实施期结束 \(date.chinese)"
        case .recurring: "\(recurrence?.chineseName ?? "定期")一次，本期截止 \(date.chinese)"
        }
    }
}

extension PlanTask {
    /// When the task is due: its own deadline (a date, its phase's end, or the end of the current period of a
    /// recurring task), else the end of the programme.
    public func dueDate(in plan: Plan, on today: LocalDate) -> DueDate? {
        switch deadline {
        case .date(let date)?:
            return DueDate(date: date, source: .taskDeadline)
        case .phase(let name)?:
            if let match = plan.phases.first(where: { $0.name == name }) {
                return DueDate(date: match.end, source: .phaseEnd, phase: match.name)
            }
        case .recurring(let every)?:
            return DueDate(date: every.currentPeriodEnd(containing: today), source: .recurring, recurrence: every)
        case nil:
            break
        }
        if let end = plan.programmeSpan?.upperBound { return DueDate(date: end, source: .programmeEnd) }
        return nil
    }
}

/// A dated entry in a task's progress: what was done, by whom, with what evidence.
public struct ProgressNote: Codable, Sendable, Equatable {
    public var date: LocalDate
    public var author: String
    public var text: String
    public var progress: TaskProgress
    public var evidence: [EvidenceRef]

    public init(date: LocalDate, author: String, text: String, progress: TaskProgress, evidence: [EvidenceRef] = []) {
        self.date = date; self.author = author; self.text = text; self.progress = progress; self.evidence = evidence
    }
}

/// One responsible unit's part of one plan task.
public struct TaskAssignment: Codable, Sendable, Equatable {
    public var planID: String
    /// The task's id (`PlanTask.id`, its position when the plan was first stored): task numbers repeat across
    /// sections or are absent, and positions move when the office edits the plan; ids do not.
    public var taskIndex: Int
    /// The subtask this part belongs to, if it is one.
    public var subtaskID: Int?
    /// The number the document gives the task, for display.
    public var taskNumber: String?
    /// The unit's canonical name in the plan.
    public var unit: String
    public var progress: TaskProgress
    public var dueDate: DueDate?
    public var completedOn: LocalDate?
    public var notes: [ProgressNote]

    public init(planID: String, taskIndex: Int, taskNumber: String? = nil, unit: String, progress: TaskProgress = .notStarted,
                dueDate: DueDate? = nil, completedOn: LocalDate? = nil, notes: [ProgressNote] = [], subtaskID: Int? = nil) {
        self.planID = planID; self.taskIndex = taskIndex; self.taskNumber = taskNumber; self.unit = unit
        self.progress = progress; self.dueDate = dueDate; self.completedOn = completedOn; self.notes = notes
        self.subtaskID = subtaskID
    }

    /// The task, or the task and subtask (`3.1`), as links name the part.
    public var partKey: String { subtaskID.map { "\(taskIndex).\($0)" } ?? String(taskIndex) }

    /// One light for a task from its parts: red if any part is overdue, else amber if any is due soon, else green;
    /// done when every part is done.
    public static func light(of parts: [TaskAssignment], on today: LocalDate, policy: TrafficLightPolicy = .standard) -> TrafficLight {
        let lights = Set(parts.map { $0.trafficLight(on: today, policy: policy) })
        for light in [TrafficLight.red, .yellow, .green] where lights.contains(light) { return light }
        return .done
    }

    /// Overdue is a not-finished assignment past its due date; the due day itself is still on time.
    public func status(on today: LocalDate) -> TaskStatus {
        if progress == .done { return .done }
        if let due = dueDate?.date, today > due { return .overdue }
        return progress == .notStarted ? .notStarted : .inProgress
    }

    public func trafficLight(on today: LocalDate, policy: TrafficLightPolicy = .standard) -> TrafficLight {
        policy.light(dueDate: dueDate?.date, finished: progress == .done, on: today)
    }

    /// Days left until the due date (negative: days overdue); nil without a due date.
    public func daysUntilDue(on today: LocalDate) -> Int? { dueDate.map { today.days(until: $0.date) } }

    /// Finished, but after the due date: counted as done, shown as late in the annual assessment.
    public var finishedLate: Bool {
        guard let completedOn, let due = dueDate?.date else { return false }
        return completedOn > due
    }

    public var evidence: [EvidenceRef] { notes.flatMap(\.evidence) }

    /// Records a progress update. Every change carries a note; a finished task may be reopened (with
    /// a note saying why) but a started one does not go back to 未开始.
    public mutating func record(_ progress: TaskProgress, note: String, author: String, on date: LocalDate,
                                evidence: [EvidenceRef] = [], today: LocalDate,
                                source: String = "任务进展") throws(InputRejected) {
        var issues = IssueList(source)
        issues.requireText(note, ["note"], "请填写进展情况")
        if date > today { issues.add(["date"], "进展日期 \(date.chinese) 晚于今天") }
        if let last = notes.last?.date, date < last {
            issues.add(["date"], "进展日期 \(date.chinese) 早于上一条进展（\(last.chinese)）")
        }
        if progress == .notStarted && self.progress != .notStarted {
            issues.add(["progress"], "任务已\(self.progress.chineseName)，不能改回未开始")
        }
        try issues.throwIfAny()
        let wasDone = self.progress == .done
        notes.append(ProgressNote(date: date, author: author, text: note, progress: progress, evidence: evidence))
        self.progress = progress
        // A note on a finished task keeps its completion date; reopening clears it.
        if progress != .done { completedOn = nil } else if !wasDone { completedOn = date }
    }

    /// Every unit's part of every task and subtask still in the plan, all 未开始, each due when its task or subtask
    /// is: what a programme starts with.
    public static func initial(for plan: Plan, on today: LocalDate) -> [TaskAssignment] {
        let directory = UnitDirectory(plan)
        var result: [TaskAssignment] = []
        for unit in plan.units where unit.kind != .group && !unit.archived {
            for assignment in directory.assignments(for: unit) {
                result.append(TaskAssignment(planID: plan.id, taskIndex: assignment.taskIndex, taskNumber: assignment.task.number,
                                             unit: unit.name, dueDate: assignment.dueDate(in: plan, on: today),
                                             subtaskID: assignment.subtask?.id))
            }
        }
        return result.sorted { ($0.taskIndex, $0.subtaskID ?? -1, $0.unit) < ($1.taskIndex, $1.subtaskID ?? -1, $1.unit) }
    }

    /// A unit's list in order of urgency: earliest due first (so the longest overdue lead), done last.
    public static func byUrgency(_ assignments: [TaskAssignment]) -> [TaskAssignment] {
        func key(_ a: TaskAssignment) -> (Int, Int, Int) {
            let finished = a.progress == .done ? 1 : 0
            return (finished, a.dueDate?.date.dayNumber ?? Int.max, a.taskIndex)
        }
        return assignments.sorted { key($0) < key($1) }
    }
}

/// The office's view of every unit's tasks on a day: counts by status and light.
public struct TaskBoard: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        public var unit: String
        public var byStatus: [TaskStatus: Int]
        public var byLight: [TrafficLight: Int]
        public var total: Int

        public func count(_ status: TaskStatus) -> Int { byStatus[status] ?? 0 }
        public func count(_ light: TrafficLight) -> Int { byLight[light] ?? 0 }
    }

    public var today: LocalDate
    /// Units with any red first (most red first), then by name.
    public var rows: [Row]
    /// Each task's one light from all its parts (red when any unit's part is overdue), by task id.
    public var taskLights: [Int: TrafficLight]

    public init(_ assignments: [TaskAssignment], on today: LocalDate, policy: TrafficLightPolicy = .standard) {
        self.today = today
        var rowsByUnit: [String: Row] = [:]
        for assignment in assignments {
            var row = rowsByUnit[assignment.unit] ?? Row(unit: assignment.unit, byStatus: [:], byLight: [:], total: 0)
            row.byStatus[assignment.status(on: today), default: 0] += 1
            row.byLight[assignment.trafficLight(on: today, policy: policy), default: 0] += 1
            row.total += 1
            rowsByUnit[assignment.unit] = row
        }
        rows = rowsByUnit.values.sorted {
            $0.count(.red) != $1.count(.red) ? $0.count(.red) > $1.count(.red) : $0.unit < $1.unit
        }
        taskLights = Dictionary(grouping: assignments, by: \.taskIndex).mapValues { TaskAssignment.light(of: $0, on: today, policy: policy) }
    }

    /// Tasks (not unit × task parts) whose one light is `light`: what the board's headline and the homes count.
    public func tasks(_ light: TrafficLight) -> Int { taskLights.values.filter { $0 == light }.count }

    public func total(_ status: TaskStatus) -> Int { rows.reduce(0) { $0 + $1.count(status) } }
    public func total(_ light: TrafficLight) -> Int { rows.reduce(0) { $0 + $1.count(light) } }
}
