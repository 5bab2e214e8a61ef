import Domain
import Foundation
import Persistence

// Each part counts exactly what its module page lists, so a home's number and the page behind its link agree.
extension WorkParts {
    // MARK: Monthly reports

    /// The office's part: the units that owe the latest month whose due date has passed (the report board of that month).
    func officeReports() async throws -> [WorkItem] {
        guard let schedule = ReportingSchedule(plan: plan),
              let month = schedule.reportableMonths(on: today).last(where: { schedule.dueDate(for: $0) < today }) else { return [] }
        let reports = try await core.running.records(MonthlyReport.self, planID: planID).map(\.value)
        let rollUp = MonthlyRollUp(month: month, units: MonthlyReportRules.reportingUnits(of: plan), reports: reports,
                                   schedule: schedule, today: today)
        guard !rollUp.missing.isEmpty else { return [] }
        return [item(.reportLate, "\(month.chineseName)月报：\(rollUp.missing.count) 个单位逾期未报", count: rollUp.missing.count,
                     due: rollUp.dueDate, .monthlyReports(plan: planID, month: month), scope: month.description)]
    }

    /// A unit's part: months past due with nothing submitted, months returned for revision, and the month due next.
    func unitReports(_ unit: String) async throws -> [WorkItem] {
        guard let schedule = ReportingSchedule(plan: plan) else { return [] }
        let reports = try await core.running.records(MonthlyReport.self, planID: planID, owner: unit, state: nil).map(\.value)
        let byMonth = Dictionary(reports.map { ($0.month, $0) }, uniquingKeysWith: { a, b in a.updatedAt >= b.updatedAt ? a : b })
        var late: [ReportStanding] = [], returned: [ReportStanding] = [], open: [ReportStanding] = []
        for month in schedule.reportableMonths(on: today) {
            let standing = ReportStanding(unit: unit, month: month, report: byMonth[month], dueDate: schedule.dueDate(for: month), today: today)
            switch standing.status {
            case .returned: returned.append(standing)
            case .notSubmitted, .draft: standing.isOverdue ? late.append(standing) : open.append(standing)
            case .onTime, .late: break
            }
        }
        var items: [WorkItem] = []
        if let first = late.first, let last = late.last {
            let title = late.count == 1 ? "\(first.month.chineseName)工作月报逾期未报"
                : "\(late.count) 个月的工作月报逾期未报（最早 \(first.month.chineseName)）"
            items.append(item(.reportLate, title, count: late.count, due: first.dueDate,
                              .monthlyReport(plan: planID, unit: unit, month: last.month), scope: unit))
        }
        if let first = returned.first {
            items.append(item(.reportReturned, "\(returned.map(\.month.chineseName).joined(separator: "、"))工作月报被退回修改",
                              count: returned.count, due: first.dueDate, .monthlyReport(plan: planID, unit: unit, month: first.month),
                              urgency: first.isOverdue ? .overdue : .soon, scope: unit))
        }
        if let next = open.first {
            items.append(item(.reportDue, "\(next.month.chineseName)工作月报待报送", count: 1, due: next.dueDate,
                              .monthlyReport(plan: planID, unit: unit, month: next.month), scope: unit))
        }
        return items
    }

    // MARK: Supervision

    /// The office's part: rectifications waiting for its re-check, and problems past their deadline.
    func officeProblems() async throws -> [WorkItem] {
        let problems = try await core.running.records(InspectionProblem.self, planID: planID).map(\.value)
        var items: [WorkItem] = []
        let submitted = problems.filter { $0.state == .submitted }
        if !submitted.isEmpty {
            items.append(item(.problemsToRecheck, "\(submitted.count) 个问题已提交整改，待复查", count: submitted.count, due: nil,
                              .inspections(plan: planID), urgency: .soon))
        }
        let overdue = problems.filter { $0.state.awaitsUnit && $0.deadline < today }
        if let earliest = overdue.map(\.deadline).min() {
            items.append(item(.problemsToRectify, "\(overdue.count) 个督导问题逾期未整改", count: overdue.count, due: earliest,
                              .inspections(plan: planID)))
        }
        return items
    }

    /// A unit's open problems (待整改, 整改中), due by the earliest deadline.
    func unitProblems(_ unit: String) async throws -> [WorkItem] {
        let open = try await core.running.records(InspectionProblem.self, planID: planID).map(\.value)
            .filter { $0.unit == unit && $0.state.awaitsUnit }
        guard let earliest = open.map(\.deadline).min() else { return [] }
        return [item(.problemsToRectify, "\(open.count) 个督导问题待整改", count: open.count, due: earliest,
                     .inspections(plan: planID), scope: unit)]
    }

    // MARK: Indicator figures

    /// The figures submitted and waiting for the office's review.
    func officeFigures() async throws -> [WorkItem] {
        let submitted = try await core.indicators.observations(planID: planID, indicator: nil, regionIDs: nil, state: .submitted)
        guard !submitted.isEmpty else { return [] }
        return [item(.figuresToReview, "\(submitted.count) 条指标数据待审核", count: submitted.count, due: nil,
                     .indicatorReview(plan: planID), urgency: .soon)]
    }

    /// The figures a unit supplies for the last full year, as its entry page offers them: not yet submitted, or returned.
    func unitFigures(_ unit: String) async throws -> [WorkItem] {
        guard let duty = try await IndicatorDuty.of(unit, in: planID, core: core) else { return [] }
        var items: [WorkItem] = []
        if !duty.returned.isEmpty {
            items.append(item(.figuresReturned, "\(duty.returned.count) 条指标数据被退回，请修改后重新提交", count: duty.returned.count,
                              due: nil, .indicatorEntry(plan: planID, unit: unit), urgency: .soon, scope: unit))
        }
        if !duty.missing.isEmpty {
            items.append(item(.figuresToEnter, "\(duty.year)年 \(duty.missing.count) 项指标待报送", count: duty.missing.count,
                              due: nil, .indicatorEntry(plan: planID, unit: unit), scope: unit))
        }
        return items
    }

    // MARK: Healthy cells

    /// Scorings waiting for the office's decision (命名).
    func officeCells() async throws -> [WorkItem] {
        guard let programme = try? await core.cellWorkflow.programme(planID) else { return [] }
        let pending = try await core.cells.assessments(regionIDs: programme.regions.map(\.id), state: .proposed, limit: 500)
        guard !pending.isEmpty else { return [] }
        return [item(.scoringsToConfirm, "\(pending.count) 个评审结果待确认命名", count: pending.count, due: nil,
                     .cellReview(plan: planID), urgency: .soon)]
    }

    /// Places that applied (申报) and wait to be scored: in a township for its officer, in the programme for an assessor.
    func placesToAssess(under regionID: UUID?) async throws -> [WorkItem] {
        guard let programme = try? await core.cellWorkflow.programme(planID) else { return [] }
        let regionIDs = regionID.map { programme.regionIDs(inside: $0) } ?? programme.regions.map(\.id)
        let applied = try await core.cells.places(CellQuery(status: .applied, regionIDs: regionIDs, limit: 1)).total
        guard applied > 0 else { return [] }
        let destination: WorkItem.Destination = regionID.map { .cellBatch(plan: planID, region: $0) }
            ?? .cellRegister(plan: planID, status: CellStatus.applied.rawValue, region: nil)
        return [item(.placesToAssess, "\(applied) 个已申报的健康细胞待评审", count: applied, due: nil, destination,
                     scope: regionID?.uuidString ?? "")]
    }

    // MARK: Tasks

    /// Tasks (not unit × task parts) whose light is red or amber: a task is red when any part is overdue.
    func programmeTasks() async throws -> [WorkItem] {
        let parts = try await core.taskAssignments(of: plan).map(\.value)
        let lights = TaskBoard(parts, on: today).taskLights
        return taskItems(red: parts.filter { lights[$0.taskIndex] == .red && $0.trafficLight(on: today) == .red },
                         amber: parts.filter { lights[$0.taskIndex] == .yellow && $0.trafficLight(on: today) == .yellow },
                         countTasks: true, unit: nil)
    }

    /// A unit's own parts whose light is red or amber.
    func unitTasks(_ unit: String) async throws -> [WorkItem] {
        let parts = try await core.taskAssignments(of: plan).map(\.value).filter { $0.unit == unit }
        return taskItems(red: parts.filter { $0.trafficLight(on: today) == .red },
                         amber: parts.filter { $0.trafficLight(on: today) == .yellow }, countTasks: false, unit: unit)
    }

    private func taskItems(red: [TaskAssignment], amber: [TaskAssignment], countTasks: Bool, unit: String?) -> [WorkItem] {
        func count(_ parts: [TaskAssignment]) -> Int { countTasks ? Set(parts.map(\.taskIndex)).count : parts.count }
        var items: [WorkItem] = []
        if let earliest = red.compactMap(\.dueDate?.date).min() {
            items.append(item(.tasksRed, "\(count(red)) 项任务逾期未完成（红灯）", count: count(red), due: earliest,
                              .tasks(plan: planID, unit: unit), urgency: .overdue, scope: unit ?? ""))
        }
        if let earliest = amber.compactMap(\.dueDate?.date).min() {
            items.append(item(.tasksAmber, "\(count(amber)) 项任务临近期限（黄灯）", count: count(amber), due: earliest,
                              .tasks(plan: planID, unit: unit), urgency: .soon, scope: unit ?? ""))
        }
        return items
    }

    // MARK: Policy reviews, meetings, training, accounts

    /// Reviews whose next step is `role`'s to take (a drafting department's only for its own policies).
    func policySteps(role: PolicyReviewRole, unit: String?) async throws -> [WorkItem] {
        let waiting = try await core.running.records(PolicyReview.self, planID: planID).map(\.value).filter { review in
            (unit == nil || review.draftingUnit == unit)
                && review.allowedNext.contains { $0 != .monitoring && PolicyReview.may(role, $0) }
        }
        guard !waiting.isEmpty else { return [] }
        return [item(.policySteps, "\(waiting.count) 项健康影响评价待\(role.chineseName)办理", count: waiting.count, due: nil,
                     .policies(plan: planID), scope: unit ?? role.rawValue)]
    }

    /// Meetings notified and not yet held within the look-ahead: a unit's when it is invited, every one for the office.
    func meetings(unit: String?) async throws -> [WorkItem] {
        let horizon = today.adding(days: WorkQueue.lookAheadDays)
        return try await core.running.records(Meeting.self, planID: planID).map(\.value)
            .filter { $0.state == .notified && $0.date >= today && $0.date <= horizon && (unit.map($0.invited.contains) ?? true) }
            .sorted { $0.date < $1.date }
            .map { meeting in
                item(.meetings, "参加会议：\(meeting.title)（\(meeting.date.chinese) \(meeting.time) \(meeting.place)）", count: 1,
                     due: meeting.date, .meeting(plan: planID, id: meeting.id), urgency: meeting.date <= today.adding(days: 3) ? .soon : .normal,
                     scope: meeting.id.uuidString + (unit ?? ""))
            }
    }

    /// Trainings of the programme within the look-ahead.
    func trainings() async throws -> [WorkItem] {
        let horizon = today.adding(days: WorkQueue.lookAheadDays)
        let coming = try await core.running.records(Training.self, planID: planID).map(\.value)
            .filter { $0.date >= today && $0.date <= horizon }
        guard let first = coming.map(\.date).min() else { return [] }
        return [item(.trainings, "\(coming.count) 场培训即将举办（最近 \(first.chinese)）", count: coming.count, due: first,
                     .trainings(plan: planID), urgency: .normal)]
    }

    /// Member units and townships without an account that reports for them: nobody there can file a report.
    func accountsMissing() async throws -> [WorkItem] {
        let missing = MonthlyReportRules.unitsWithoutAccounts(of: plan, covered: try await core.unitsWithAccounts(planID: planID))
        guard !missing.isEmpty else { return [] }
        return [item(.accountsMissing, "\(missing.count) 个责任单位尚无联络员账号，无法填报", count: missing.count, due: nil,
                     .planUnits(plan: planID))]
    }
}
