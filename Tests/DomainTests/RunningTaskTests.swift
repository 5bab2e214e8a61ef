@testable import Domain
import Foundation
import Testing

/// Task tracking: due dates, derived overdue status, traffic lights, progress notes, the office's board.
@Suite struct RunningTaskTests {
    typealias F = RunningFixtures

    static func assignment(progress: TaskProgress = .notStarted, due: String? = "2024-06-30") -> TaskAssignment {
        TaskAssignment(planID: F.plan.id, taskIndex: 0, taskNumber: "1", unit: "县卫健委", progress: progress,
                       dueDate: due.map { DueDate(date: F.day($0), source: .taskDeadline) })
    }

    @Test func dueDateFromTheTaskElseItsPhaseElseTheProgrammeEnd() {
        let today = F.day("2024-05-10")
        func due(_ deadline: TaskDeadline?, in plan: Plan = F.plan) -> DueDate? {
            PlanTask(text: "任务", deadline: deadline).dueDate(in: plan, on: today)
        }
        #expect(due(.date(F.day("2024-05-15"))) == DueDate(date: F.day("2024-05-15"), source: .taskDeadline))
        let phase = due(.phase("启动阶段"))
        #expect(phase == DueDate(date: F.day("2024-03-31"), source: .phaseEnd, phase: "启动阶段"))
        #expect(phase?.explanation == "阶段「启动阶段」结束 2024年3月31日")
        #expect(due(nil) == DueDate(date: F.day("2025-09-30"), source: .programmeEnd))
        // Recurring: due at the end of the current month, quarter or year.
        #expect(due(.recurring(.monthly))?.date == F.day("2024-05-31"))
        #expect(due(.recurring(.quarterly))?.date == F.day("2024-06-30"))
        #expect(due(.recurring(.yearly))?.date == F.day("2024-12-31"))
        var undated = F.plan
        undated.phases = []
        #expect(due(nil, in: undated) == nil)
        // The office sets the period of a plan without dated phases: its end is then the programme's end.
        undated.period = ProgrammePeriod(start: F.day("2024-01-01"), end: F.day("2026-12-31"))
        #expect(due(nil, in: undated)?.date == F.day("2026-12-31"))
    }

    @Test func deadlineChecksNameTheField() {
        var plan = F.plan
        plan.tasks[1].deadline = .phase("实施阶段")
        #expect(PlanValidator.problems(in: plan).isEmpty)
        plan.tasks[0].deadline = .phase("巩固阶段")
        plan.tasks[1].deadline = .date(F.day("2026-01-01"))
        plan.tasks[2].subtasks = [Subtask(id: 1, title: "入户宣传", responsible: [])]
        let problems = PlanValidator.problems(in: plan)
        #expect(problems.map(\.field.description) == ["tasks[0].deadline", "tasks[1].deadline", "tasks[2].subtasks[0].responsible"])
        #expect(problems[0].message.contains("「启动阶段」、「实施阶段」、「验收阶段」"))
        #expect(problems[1].message.contains("不在实施期"))
    }

    @Test func overdueIsDerivedFromTheDateNotStored() {
        let open = Self.assignment(progress: .inProgress)
        #expect(open.status(on: F.day("2024-06-30")) == .inProgress)   // the due day itself is on time
        #expect(open.status(on: F.day("2024-07-01")) == .overdue)
        #expect(Self.assignment().status(on: F.day("2024-05-01")) == .notStarted)
        #expect(Self.assignment().status(on: F.day("2024-07-01")) == .overdue)
        #expect(Self.assignment(progress: .done).status(on: F.day("2030-01-01")) == .done)
        #expect(Self.assignment(due: nil).status(on: F.day("2030-01-01")) == .notStarted)
        #expect(TaskStatus.overdue.chineseName == "逾期")
        #expect(TaskStatus.allCases.map(\.chineseName) == ["未开始", "推进中", "已完成", "逾期"])
    }

    @Test(arguments: [
        ("2024-06-01", TrafficLight.green),   // 29 days left
        ("2024-06-14", .green),              // 16 days left
        ("2024-06-15", .yellow),             // 15 days left: within the window
        ("2024-06-30", .yellow),             // due today
        ("2024-07-01", .red),
    ])
    func trafficLightsWithTheDefaultWindow(today: String, light: TrafficLight) {
        #expect(Self.assignment(progress: .inProgress).trafficLight(on: F.day(today)) == light)
    }

    @Test func trafficLightWindowIsConfigurableAndDoneIsDone() {
        let policy = TrafficLightPolicy(warningDays: 3)
        #expect(Self.assignment().trafficLight(on: F.day("2024-06-26"), policy: policy) == .green)
        #expect(Self.assignment().trafficLight(on: F.day("2024-06-27"), policy: policy) == .yellow)
        #expect(Self.assignment(progress: .done).trafficLight(on: F.day("2024-08-01")) == .done)
        #expect(Self.assignment(due: nil).trafficLight(on: F.day("2024-08-01")) == .green)
        #expect(TrafficLight.yellow.chineseName == "临期")
        #expect(Self.assignment().daysUntilDue(on: F.day("2024-07-03")) == -3)
    }

    @Test func progressNotesMoveTheTaskAndRecordCompletion() throws {
        var task = Self.assignment()
        try task.record(.inProgress, note: "已召开部署会", author: "张三", on: F.day("2024-04-10"), today: F.day("2024-04-10"))
        #expect(task.progress == .inProgress && task.completedOn == nil)
        try task.record(.done, note: "整治完成", author: "张三", on: F.day("2024-07-05"),
                        evidence: [F.evidence("照片.jpg")], today: F.day("2024-07-06"))
        #expect(task.status(on: F.day("2024-08-01")) == .done)
        #expect(task.completedOn == F.day("2024-07-05"))
        #expect(task.finishedLate)
        #expect(task.evidence.map(\.fileName) == ["照片.jpg"])
        // A further note on a finished task keeps the completion date.
        try task.record(.done, note: "补充材料", author: "李四", on: F.day("2024-07-08"), today: F.day("2024-07-08"))
        #expect(task.completedOn == F.day("2024-07-05"))
        // Reopening clears it.
        try task.record(.inProgress, note: "督导发现需返工", author: "创建办", on: F.day("2024-07-09"), today: F.day("2024-07-09"))
        #expect(task.completedOn == nil && task.status(on: F.day("2024-07-09")) == .overdue)
        #expect(task.notes.count == 4)
    }

    @Test func badProgressUpdatesAreRejectedWithTheirFields() throws {
        var task = Self.assignment(progress: .inProgress)
        task.notes = [ProgressNote(date: F.day("2024-05-01"), author: "张三", text: "开始", progress: .inProgress)]
        let before = task
        let bad = runningRejection {
            try task.record(.notStarted, note: "  ", author: "张三", on: F.day("2024-04-01"), today: F.day("2024-05-02"))
        }
        #expect(bad?.fields == ["note", "date", "progress"])
        let future = runningRejection {
            try task.record(.inProgress, note: "计划", author: "张三", on: F.day("2024-05-03"), today: F.day("2024-05-02"))
        }
        #expect(future?.fields == ["date"])
        #expect(task == before)
    }

    @Test func initialAssignmentsFollowTheUnitDirectory() {
        var plan = F.plan
        plan.tasks[1].deadline = .phase("启动阶段")
        let all = TaskAssignment.initial(for: plan, on: F.day("2024-05-01"))
        let pairs = all.map { "\($0.taskIndex):\($0.unit)" }
        // Task 3 names 各乡镇, which reaches 新关镇 through the collective; the collective itself gets nothing.
        #expect(pairs == ["0:县卫健委", "0:新关镇", "1:县教育局", "2:县卫健委", "2:新关镇"])
        #expect(all.allSatisfy { $0.progress == .notStarted })
        #expect(all.first { $0.taskIndex == 1 }?.dueDate?.date == F.day("2024-03-31"))
        #expect(all.first { $0.taskIndex == 0 }?.dueDate?.source == .programmeEnd)
        #expect(all.first { $0.taskIndex == 2 }?.taskNumber == "3")
    }

    @Test func urgencyOrderAndTheOfficeBoard() {
        let today = F.day("2024-06-20")
        var list = [
            TaskAssignment(planID: "p", taskIndex: 0, unit: "县教育局", progress: .done, dueDate: DueDate(date: F.day("2024-03-01"), source: .taskDeadline)),
            TaskAssignment(planID: "p", taskIndex: 1, unit: "县教育局", progress: .inProgress, dueDate: DueDate(date: F.day("2024-06-25"), source: .taskDeadline)),
            TaskAssignment(planID: "p", taskIndex: 2, unit: "县卫健委", dueDate: DueDate(date: F.day("2024-05-01"), source: .taskDeadline)),
            TaskAssignment(planID: "p", taskIndex: 3, unit: "县卫健委", progress: .inProgress, dueDate: nil),
            TaskAssignment(planID: "p", taskIndex: 4, unit: "新关镇", dueDate: DueDate(date: F.day("2024-12-31"), source: .phaseEnd)),
        ]
        list = TaskAssignment.byUrgency(list)
        #expect(list.map(\.taskIndex) == [2, 1, 4, 3, 0])

        let board = TaskBoard(list, on: today)
        // Red first, then by name (in code-point order, as the rest of the platform sorts names).
        #expect(board.rows.map(\.unit) == ["县卫健委", "县教育局", "新关镇"])
        let health = board.rows[0]
        #expect(health.count(.overdue) == 1 && health.count(.inProgress) == 1 && health.total == 2)
        #expect(health.count(.red) == 1 && health.count(.green) == 1)
        #expect(board.rows[1].count(TrafficLight.yellow) == 1 && board.rows[1].count(TaskStatus.done) == 1)
        #expect(board.total(.overdue) == 1 && board.total(TaskStatus.done) == 1 && board.total(.notStarted) == 1)
        #expect(board.total(TrafficLight.red) == 1 && board.total(TrafficLight.green) == 2)
    }

    @Test func assignmentsRoundTripAsJSON() throws {
        var task = Self.assignment()
        task.notes = [ProgressNote(date: F.day("2024-05-01"), author: "张三", text: "开始", progress: .inProgress,
                                   evidence: [F.evidence("a.pdf")])]
        let data = try JSONEncoder().encode(task)
        #expect(try JSONDecoder().decode(TaskAssignment.self, from: data) == task)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"notStarted\"") && text.contains("\"taskDeadline\"") && !text.contains("overdue"))
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(TaskProgress.self, from: Data("\"overdue\"".utf8))
        }
    }
}

/// Recurring duties: 每月至少一次，全年不少于12次, counted against the calendar.
@Suite struct RunningRecurringDutyTests {
    typealias F = RunningFixtures
    static let monthly = RecurringRequirement(minimumPerPeriod: 1, period: .month, minimumPerYear: 12)

    @Test func readsTheSeedWording() throws {
        let text = try #require(F.plan.tasks[2].text as String?)
        let requirement = try #require(RecurringRequirement(parsing: text))
        #expect(requirement.minimumPerPeriod == 1 && requirement.period == .month && requirement.minimumPerYear == 12)
        #expect(requirement.chineseDescription == "每月至少1次，全年不少于12次")
        #expect(requirement.text == text)
    }

    @Test(arguments: [
        ("每季度不少于2次专题培训", 2, Period.Kind.quarter, nil as Int?),
        ("每季度至少开展两场义诊", 2, .quarter, nil),
        ("每年至少4期健康专栏，全年不少于4次", 4, .year, nil),
        ("每月开展１次健康讲座", 1, .month, nil),
        ("每月至少一次，每年至少十二次", 1, .month, 12),
    ])
    func readsOtherWordings(text: String, count: Int, kind: Period.Kind, yearly: Int?) throws {
        let requirement = try #require(RecurringRequirement(parsing: text))
        #expect(requirement.minimumPerPeriod == count && requirement.period == kind && requirement.minimumPerYear == yearly)
    }

    @Test(arguments: ["开展健康讲座", "每月，开展一次讲座", "全年不少于12次", "每月至少零次"])
    func refusesTextWithoutAPerPeriodCount(text: String) {
        #expect(RecurringRequirement(parsing: text) == nil)
    }

    @Test func countsExpectedSoFarAgainstDone() {
        let lectures = ["2024-01-12", "2024-02-20", "2024-04-03", "2024-04-28", "2024-05-09", "2023-12-30", "2024-05-30"].map(F.day)
        let tally = RecurringTally(Self.monthly, occurrences: lectures, asOf: F.day("2024-05-20"))
        // Jan–Apr ended: 4 expected; Jan, Feb, Apr ×2 and May 9 done (Dec 2023 and May 30 do not count).
        #expect(tally.expectedSoFar == 4)
        #expect(tally.doneSoFar == 5)
        #expect(tally.shortfall == 0)
        // March had none: the year's total does not hide a missed month.
        #expect(tally.missedPeriods == [Period(year: 2024, kind: .month, index: 3)])
        #expect(!tally.isOnTrack)
        #expect(tally.yearTarget == 12 && tally.yearRemaining == 7)
        #expect(tally.periods.count == 5)
        #expect(tally.periods.last?.isComplete == false && tally.periods.last?.done == 1)
    }

    @Test func aShortfallAndTheProgrammeStart() {
        let lectures = ["2024-03-15", "2024-06-15"].map(F.day)
        let fromStart = RecurringTally(Self.monthly, occurrences: lectures, asOf: F.day("2024-07-01"), from: F.day("2024-03-01"))
        // March–June ended since the programme began: 4 expected, 2 done.
        #expect(fromStart.expectedSoFar == 4 && fromStart.doneSoFar == 2 && fromStart.shortfall == 2)
        #expect(fromStart.missedPeriods.map(\.description) == ["2024-04", "2024-05"])
        #expect(fromStart.periods.first?.period.description == "2024-03")
        // Without a start, January and February count too.
        #expect(RecurringTally(Self.monthly, occurrences: lectures, asOf: F.day("2024-07-01")).expectedSoFar == 6)
        // A programme starting after the day counted owes nothing yet.
        let early = RecurringTally(Self.monthly, occurrences: [], asOf: F.day("2024-02-01"), from: F.day("2024-03-01"))
        #expect(early.expectedSoFar == 0 && early.periods.isEmpty && early.isOnTrack)
    }

    @Test func aYearlyOnlyDutyIsExpectedProRata() {
        let yearly = RecurringRequirement(minimumPerPeriod: 4, period: .year)
        let tally = RecurringTally(yearly, occurrences: [F.day("2024-02-01")], asOf: F.day("2024-07-15"))
        // The year has not ended, so no period has failed; the minimum itself is only due at year end.
        #expect(tally.expectedSoFar == 0 && tally.missedPeriods.isEmpty && tally.yearRemaining == 3)
        let withYearly = RecurringRequirement(minimumPerPeriod: 1, period: .quarter, minimumPerYear: 12)
        let t = RecurringTally(withYearly, occurrences: [F.day("2024-02-01"), F.day("2024-05-01")], asOf: F.day("2024-07-15"))
        // Two quarters ended (2 expected by quarters) but six months gone of twelve-a-year (6 expected).
        #expect(t.expectedSoFar == 6 && t.shortfall == 4 && t.missedPeriods.isEmpty)
        #expect(t.yearTarget == 12)
    }

    @Test func countsTheLecturesAUnitOrganised() {
        let activities = [
            Activity(planID: "p", kind: .lecture, title: "高血压讲座", organisers: ["县卫健委"], date: F.day("2024-02-01"), place: "县政府"),
            Activity(planID: "p", kind: .lecture, title: "营养讲座", organisers: ["县教育局", "县卫健委"], date: F.day("2024-01-10"), place: "一中"),
            Activity(planID: "p", kind: .consultation, title: "义诊", organisers: ["县卫健委"], date: F.day("2024-01-20"), place: "广场"),
            Activity(planID: "p", kind: .lecture, title: "禁毒讲座", organisers: ["县教育局"], date: F.day("2024-03-01"), place: "二中"),
        ]
        #expect(Activity.dates(of: .lecture, organisedBy: "县卫健委", in: activities).map(\.iso) == ["2024-01-10", "2024-02-01"])
    }
}
