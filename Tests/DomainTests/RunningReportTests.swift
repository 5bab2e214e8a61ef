@testable import Domain
import Foundation
import Testing

/// Monthly reports: due dates, reportable months, who may file what, status per unit and the month's roll-up.
@Suite struct RunningReportTests {
    typealias F = RunningFixtures
    static let schedule = F.schedule

    static func month(_ text: String) -> YearMonth { YearMonth(parsing: text)! }

    @Test(arguments: [
        (30, "2024-04", "2024-04-30"), (30, "2024-02", "2024-02-29"), (30, "2023-02", "2023-02-28"),
        (30, "2024-05", "2024-05-30"), (31, "2024-04", "2024-04-30"), (31, "2024-05", "2024-05-31"),
        (31, "2023-02", "2023-02-28"), (29, "2023-02", "2023-02-28"), (1, "2024-06", "2024-06-01"),
    ])
    func dueDateOfAMonth(dueDay: Int, month: String, due: String) {
        let schedule = ReportingSchedule(dueDay: dueDay, start: F.day("2020-01-01"), end: F.day("2030-12-31"))
        #expect(schedule.dueDate(for: Self.month(month)).iso == due)
    }

    @Test func scheduleFromThePlan() throws {
        #expect(Self.schedule == ReportingSchedule(dueDay: 30, start: F.day("2024-03-01"), end: F.day("2025-09-30")))
        var plan = F.plan
        plan.reporting = nil
        #expect(ReportingSchedule(plan: plan)?.dueDay == 30)
        #expect(ReportingSchedule(plan: plan, dueDay: 25)?.dueDay == 25)
        plan.phases = []
        #expect(ReportingSchedule(plan: plan) == nil)
        #expect(Self.schedule.months.count == 19)
        #expect(Self.schedule.months.first?.description == "2024-03" && Self.schedule.months.last?.description == "2025-09")
        #expect(runningRejection { try ReportingSchedule.checkDueDay(32) }?.fields == ["reporting.monthlyDueDay"])
        #expect(runningRejection { try ReportingSchedule.checkDueDay(31) } == nil)
    }

    @Test func reportableMonthsAndTheNextDue() {
        #expect(Self.schedule.reportableMonths(on: F.day("2024-02-29")).isEmpty)
        #expect(Self.schedule.reportableMonths(on: F.day("2024-05-01")).map(\.description) == ["2024-03", "2024-04", "2024-05"])
        #expect(Self.schedule.reportableMonths(on: F.day("2026-01-01")).count == 19)

        func next(_ today: String) -> String? { Self.schedule.nextDue(on: F.day(today)).map { "\($0.month) \($0.dueDate)" } }
        #expect(next("2024-01-10") == "2024-03 2024-03-30")
        #expect(next("2024-05-10") == "2024-05 2024-05-30")
        #expect(next("2024-05-30") == "2024-05 2024-05-30")
        #expect(next("2024-05-31") == "2024-06 2024-06-30")
        #expect(next("2025-01-31") == "2025-02 2025-02-28")
        #expect(next("2025-09-30") == "2025-09 2025-09-30")
        #expect(next("2025-10-01") == nil)
        // Agrees with the shell's calendar inside the programme.
        for today in ["2024-04-15", "2024-12-31", "2025-01-31", "2025-02-28"] {
            #expect(Self.schedule.nextDue(on: F.day(today))?.dueDate == ReportingCalendar.nextDue(after: F.day(today), dueDay: 30))
        }
    }

    @Test func aMonthNotYetBegunOrOutsideTheProgrammeIsRefused() {
        let today = F.day("2024-05-10")
        #expect(runningRejection { try Self.schedule.checkReportable(Self.month("2024-05"), on: today) } == nil)
        let future = runningRejection { try Self.schedule.checkReportable(Self.month("2024-06"), on: today) }
        #expect(future?.fields == ["month"])
        #expect(future?.messages == ["2024年6月尚未开始，不能报送该月月报"])
        let before = runningRejection { try Self.schedule.checkReportable(Self.month("2024-02"), on: today) }
        #expect(before?.messages == ["2024年2月不在方案实施期（2024年3月至2025年9月）内"])
        #expect(before?.issues.first?.location.file == "月报")
        let after = runningRejection { try Self.schedule.checkReportable(Self.month("2025-10"), on: F.day("2026-01-01")) }
        #expect(after?.fields == ["month"])
    }

    func check(_ unit: String, _ month: String = "2024-05", by principal: Principal, today: String = "2024-05-10") throws -> String {
        try MonthlyReportRules.checkSubmission(unit: unit, month: Self.month(month), by: principal, plan: F.plan,
                                               schedule: Self.schedule, today: F.day(today))
    }

    @Test func whoMayFileWhichUnitsReport() throws {
        let liaison = F.principal(.liaison, unit: "县卫健委")
        #expect(try check("县卫健委", by: liaison) == "县卫健委")
        #expect(try check("县卫生健康委员会", by: liaison) == "县卫健委")   // an alias names the same unit
        #expect(try check("新关镇", by: F.principal(.office)) == "新关镇")
        #expect(try check("县融媒体中心", by: F.principal(.admin)) == "县融媒体中心")

        let other = runningRejection { _ = try check("县教育局", by: liaison) }
        #expect(other?.fields == ["unit"])
        #expect(other?.messages == ["联络员只能报送本单位（县卫健委）的月报，不能报送「县教育局」的"])
        #expect(runningRejection { _ = try check("县财政局", by: F.principal(.office)) }?.messages
                == ["「县财政局」不是需要报送月报的成员单位"])
        #expect(runningRejection { _ = try check("各乡镇", by: F.principal(.office)) }?.messages == ["「各乡镇」是统称，请选择具体单位"])
        #expect(runningRejection { _ = try check("县林业局", by: F.principal(.office)) }?.messages == ["「县林业局」不是本方案的单位"])
        #expect(runningRejection { _ = try check("县卫健委", by: F.principal(.leader)) }?.messages == ["领导账号不能报送月报"])
        #expect(runningRejection { _ = try check("县卫健委", by: F.principal(.assessor)) } != nil)
        #expect(runningRejection { _ = try check("县卫健委", by: F.principal(.office, planID: "other-2024")) }?.fields == ["unit"])
        var token = F.principal(.office)
        token.kind = .token(UUID())
        #expect(runningRejection { _ = try check("县卫健委", by: token) } != nil)

        // Every problem at once: another unit and a month not yet begun.
        let both = runningRejection { _ = try check("县教育局", "2024-07", by: liaison) }
        #expect(both?.fields == ["unit", "month"])
    }

    static func report(_ unit: String, state: MonthlyReportState = .draft, first: Date? = nil, submitted: Date? = nil,
                       returned: Date? = nil, month: String = "2024-04") -> MonthlyReport {
        MonthlyReport(planID: F.plan.id, unit: unit, month: Self.month(month), workDone: "开展环境整治", state: state,
                      firstSubmittedAt: first, submittedAt: submitted ?? first, returnedAt: returned, updatedBy: unit,
                      updatedAt: submitted ?? first ?? F.instant("2024-04-01"))
    }

    @Test func submitReturnAndResubmit() throws {
        var report = MonthlyReport(planID: F.plan.id, unit: "县卫健委", month: Self.month("2024-04"), updatedBy: "张三")
        let empty = runningRejection { try report.submit(by: "张三", at: F.instant("2024-04-20")) }
        #expect(empty?.fields == ["workDone"])
        try report.revise(workDone: "完成环境整治", activities: "讲座1次", problems: "", nextSteps: "继续整治",
                          attachments: [F.evidence("照片.jpg")], by: "张三", at: F.instant("2024-04-20"))
        try report.submit(by: "张三", at: F.instant("2024-04-29", 18))
        #expect(report.state == .submitted && report.firstSubmittedAt == F.instant("2024-04-29", 18))
        #expect(runningRejection { try report.submit(by: "张三", at: F.instant("2024-04-29", 19)) }?.fields == ["state"])
        #expect(runningRejection {
            try report.revise(workDone: "x", activities: "", problems: "", nextSteps: "", attachments: [], by: "张三", at: Date())
        }?.fields == ["state"])

        #expect(runningRejection { try report.returnForRevision(reason: " ", by: "创建办", at: F.instant("2024-05-02")) }?.fields
                == ["returnReason"])
        try report.returnForRevision(reason: "缺少活动照片", by: "创建办", at: F.instant("2024-05-02"))
        #expect(report.state == .returned && report.returnReason == "缺少活动照片" && report.isEditable)
        #expect(runningRejection { try report.returnForRevision(reason: "再退", by: "创建办", at: F.instant("2024-05-03")) }?.fields
                == ["state"])
        try report.submit(by: "张三", at: F.instant("2024-05-05"))
        // Timeliness is the first submission's: the report sent on the 29th stays on time.
        #expect(report.firstSubmittedAt == F.instant("2024-04-29", 18) && report.submittedAt == F.instant("2024-05-05"))
        let standing = ReportStanding(unit: "县卫健委", month: report.month, report: report, dueDate: F.day("2024-04-30"),
                                      today: F.day("2024-05-06"))
        #expect(standing.status == .onTime && !standing.isOverdue && standing.daysLate == 0)
    }

    @Test func statusPerUnitReadsChinaTime() {
        let due = F.day("2024-04-30")
        let today = F.day("2024-05-03")
        func status(_ report: MonthlyReport?) -> ReportStanding {
            ReportStanding(unit: "u", month: Self.month("2024-04"), report: report, dueDate: due, today: today)
        }
        // 23:30 Beijing time on the due day is on time, 00:10 the next day is late.
        let lastMinute = status(Self.report("u", state: .submitted, first: F.instant("2024-04-30", 23, 30)))
        #expect(lastMinute.status == .onTime && lastMinute.submittedOn == due)
        let late = status(Self.report("u", state: .submitted, first: F.instant("2024-05-01", 0, 10)))
        #expect(late.status == .late && late.daysLate == 1 && !late.isOverdue)
        let returned = status(Self.report("u", state: .returned, first: F.instant("2024-04-28"), returned: F.instant("2024-04-29")))
        #expect(returned.status == .returned && returned.isOverdue)
        let draft = status(Self.report("u"))
        #expect(draft.status == .draft && draft.isOverdue && draft.daysLate == 3)
        let none = status(nil)
        #expect(none.status == .notSubmitted && none.isOverdue && none.daysLate == 3)
        let early = ReportStanding(unit: "u", month: Self.month("2024-04"), report: nil, dueDate: due, today: F.day("2024-04-30"))
        #expect(early.status == .notSubmitted && !early.isOverdue && early.daysLate == 0)
        #expect(ReportStatus.allCases.map(\.chineseName) == ["按时", "逾期", "未提交", "退回修改", "草稿"])
    }

    @Test func theMonthsRollUp() {
        let units = MonthlyReportRules.reportingUnits(of: F.plan)
        #expect(units == ["县卫健委", "县教育局", "县融媒体中心", "新关镇"])   // not 县财政局, not the collective 各乡镇
        let reports = [
            Self.report("县卫健委", state: .submitted, first: F.instant("2024-04-25")),
            Self.report("县教育局", state: .submitted, first: F.instant("2024-05-02")),
            Self.report("县融媒体中心", state: .returned, first: F.instant("2024-04-26"), returned: F.instant("2024-04-27")),
            Self.report("县卫健委", state: .submitted, first: F.instant("2024-03-25"), month: "2024-03"),   // another month
        ]
        // On the 28th, 县教育局 has not yet sent its (late) report.
        let before = MonthlyRollUp(month: Self.month("2024-04"), units: units, reports: reports.filter { $0.unit != "县教育局" },
                                   schedule: Self.schedule, today: F.day("2024-04-28"))
        #expect(before.onTime == ["县卫健委"] && before.pending == ["县教育局", "新关镇"] && before.missing.isEmpty)
        #expect(!before.isPastDue)
        #expect(before.reminders().map { "\($0.unit):\($0.kind)" } == ["县教育局:dueSoon", "县融媒体中心:returned", "新关镇:dueSoon"])
        #expect(before.reminders(daysBefore: 1).map(\.unit) == ["县融媒体中心"])

        let after = MonthlyRollUp(month: Self.month("2024-04"), units: units, reports: reports, schedule: Self.schedule,
                                  today: F.day("2024-05-06"))
        #expect(after.expected == units)
        #expect(after.onTime == ["县卫健委"])
        #expect(after.late == ["县教育局"])
        #expect(after.returned == ["县融媒体中心"])
        #expect(after.missing == ["新关镇"])
        #expect(after.pending.isEmpty && after.isPastDue)
        #expect(after.submissionRate == 0.5)
        let reminders = after.reminders()
        #expect(reminders.map(\.kind) == [.returned, .overdue])
        #expect(reminders.last?.message == "2024年4月工作进展月报已逾期（应于2024年4月30日前报送），请尽快报送")
    }

    @Test func theYongchuanSeedReportsOnThe30th() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("plans/yongchuan-2023.yaml").path
        let plan = try PlanFile.load(path: path)
        let schedule = try #require(ReportingSchedule(plan: plan))
        #expect(schedule.dueDay == 30 && schedule.start.iso == "2022-10-01" && schedule.end.iso == "2023-12-31")
        #expect(schedule.months.count == 15)
        #expect(schedule.dueDate(for: Self.month("2023-02")).iso == "2023-02-28")
        let units = MonthlyReportRules.reportingUnits(of: plan)
        #expect(!units.contains("各镇街"))
        #expect(units.count == plan.organisation.memberUnits.count - 1)
    }

    @Test func reportsRoundTripAsJSON() throws {
        let report = Self.report("县卫健委", state: .submitted, first: F.instant("2024-04-25"))
        let data = try JSONEncoder().encode(report)
        #expect(try JSONDecoder().decode(MonthlyReport.self, from: data) == report)
        #expect(String(decoding: data, as: UTF8.self).contains("\"month\":\"2024-04\""))
    }
}
