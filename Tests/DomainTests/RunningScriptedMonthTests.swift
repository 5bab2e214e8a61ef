@testable import Domain
import Foundation
import Testing

/// April 2024 in the test county, on the pure rules alone: tasks move, units report (one late, one sent back,
/// one missing), the office inspects, problems are rectified and closed or escalate, lectures are counted.
@Suite struct RunningScriptedMonthTests {
    typealias F = RunningFixtures

    @Test func aMonthOfRunningTheProgramme() throws {
        let plan = F.plan
        let schedule = F.schedule
        let units = MonthlyReportRules.reportingUnits(of: plan)
        let april = YearMonth(year: 2024, month: 4)!

        // Tasks: every unit starts with its share; 县卫健委 gets going on task 1.
        var scheduled = plan
        scheduled.tasks[0].deadline = .date(F.day("2024-04-30"))
        var tasks = TaskAssignment.initial(for: scheduled, on: F.day("2024-04-01"))
        let i = try #require(tasks.firstIndex { $0.taskIndex == 0 && $0.unit == "县卫健委" })
        try tasks[i].record(.inProgress, note: "制定整治方案", author: "张三", on: F.day("2024-04-08"), today: F.day("2024-04-08"))
        #expect(tasks[i].trafficLight(on: F.day("2024-04-20")) == .yellow)

        // Reports: a liaison files its own unit's April report, not another's, not May's.
        let healthLiaison = F.principal(.liaison, unit: "县卫健委")
        func file(_ unit: String, by principal: Principal, on day: String, _ month: YearMonth = april) throws -> MonthlyReport {
            let canonical = try MonthlyReportRules.checkSubmission(unit: unit, month: month, by: principal, plan: plan,
                                                                   schedule: schedule, today: F.day(day))
            return MonthlyReport(planID: plan.id, unit: canonical, month: month, updatedBy: principal.name)
        }
        #expect(runningRejection { _ = try file("县教育局", by: healthLiaison, on: "2024-04-20") }?.fields == ["unit"])
        #expect(runningRejection { _ = try file("县卫健委", by: healthLiaison, on: "2024-04-20", YearMonth(year: 2024, month: 5)!) }?
            .fields == ["month"])

        var reports: [MonthlyReport] = []
        func submit(_ unit: String, _ day: String, _ hour: Int = 16) throws {
            var report = try file(unit, by: F.principal(.liaison, unit: unit), on: day)
            try report.revise(workDone: "\(unit)四月工作", activities: "健康讲座", problems: "", nextSteps: "继续推进",
                              attachments: [F.evidence("\(unit).jpg")], by: unit, at: F.instant(day, hour))
            try report.submit(by: unit, at: F.instant(day, hour))
            reports.append(report)
        }
        try submit("县卫健委", "2024-04-28")
        try submit("县融媒体中心", "2024-04-30", 22)
        try submit("县教育局", "2024-05-02")
        // 新关镇 never reports. The office sends 县融媒体中心's back; it resubmits after the due day.
        let media = try #require(reports.firstIndex { $0.unit == "县融媒体中心" })
        try reports[media].returnForRevision(reason: "缺少活动照片", by: "创建办", at: F.instant("2024-05-01", 9))
        let returnedRollUp = MonthlyRollUp(month: april, units: units, reports: reports, schedule: schedule, today: F.day("2024-05-01"))
        #expect(returnedRollUp.returned == ["县融媒体中心"])
        try reports[media].submit(by: "县融媒体中心", at: F.instant("2024-05-03"))

        let rollUp = MonthlyRollUp(month: april, units: units, reports: reports, schedule: schedule, today: F.day("2024-05-06"))
        #expect(rollUp.onTime == ["县卫健委", "县融媒体中心"])
        #expect(rollUp.late == ["县教育局"])
        #expect(rollUp.missing == ["新关镇"])
        #expect(rollUp.reminders().map(\.unit) == ["新关镇"])

        // Supervision: the office inspects the two laggards.
        let inspection = Inspection(planID: plan.id, date: F.day("2024-05-08"), inspectors: ["王五", "赵六"],
                                    subjects: [.unit("县教育局"), .unit("新关镇")], findings: "月报滞后，环境整治不到位")
        try inspection.check(plan: plan, today: F.day("2024-05-08"))
        var problems = try [("县教育局", "学校健康教育课时不足"), ("新关镇", "集镇垃圾清运不及时")].map { unit, text in
            let canonical = try InspectionProblem.checkNew(text: text, unit: unit, deadline: F.day("2024-05-20"),
                                                           inspection: inspection, plan: plan)
            return InspectionProblem(planID: plan.id, inspectionID: inspection.id, text: text, unit: canonical,
                                     deadline: F.day("2024-05-20"))
        }
        // 县教育局 rectifies with evidence; the office re-checks and closes. Closing early is refused.
        #expect(runningRejection { try problems[0].close(by: "创建办", on: F.day("2024-05-10")) } != nil)
        try problems[0].startRectification()
        try problems[0].submitRectification(note: "每周增加一节健康教育课", evidence: [F.evidence("课表.pdf")], on: F.day("2024-05-15"))
        try problems[0].recheck(Recheck(date: F.day("2024-05-17"), by: "王五", passed: true))
        try problems[0].close(by: "创建办", on: F.day("2024-05-17"))

        // 新关镇 does nothing and escalates.
        #expect(problems[1].escalation(on: F.day("2024-05-20")).level == 0)
        #expect(problems[1].escalation(on: F.day("2024-05-31")).measure == "提醒")
        #expect(problems[1].escalation(on: F.day("2024-06-10")).measure == "通报、约谈")
        let summary = InspectionSummary(inspection: inspection, problems: problems, today: F.day("2024-06-10"))
        #expect(summary.closed == 1 && summary.overdue.map(\.problem.unit) == ["新关镇"])

        // Lectures: 县卫健委 held one in March and one in April since the programme began.
        let lectures = [
            Activity(planID: plan.id, kind: .lecture, title: "高血压讲座", organisers: ["县卫健委"], date: F.day("2024-03-20"),
                     place: "县政府", participants: 60, beneficiaries: 60),
            Activity(planID: plan.id, kind: .lecture, title: "控烟讲座", organisers: ["县卫健委", "县教育局"], date: F.day("2024-04-16"),
                     place: "一中", participants: 300, beneficiaries: 300),
        ].map { try? $0.checked(plan: plan, today: F.day("2024-05-06")) }.compactMap { $0 }
        #expect(lectures.count == 2)
        let requirement = try #require(RecurringRequirement(parsing: plan.tasks[2].text))
        let tally = RecurringTally(requirement, occurrences: Activity.dates(of: .lecture, organisedBy: "县卫健委", in: lectures),
                                   asOf: F.day("2024-05-06"), from: schedule.start)
        #expect(tally.expectedSoFar == 2 && tally.doneSoFar == 2 && tally.isOnTrack)
        let education = RecurringTally(requirement, occurrences: Activity.dates(of: .lecture, organisedBy: "县教育局", in: lectures),
                                       asOf: F.day("2024-05-06"), from: schedule.start)
        #expect(education.shortfall == 1 && education.missedPeriods.map(\.description) == ["2024-03"])

        // By the end of April 县卫健委's task 1 is red.
        #expect(tasks[i].status(on: F.day("2024-05-01")) == .overdue)
        #expect(TaskBoard(tasks, on: F.day("2024-05-01")).rows.first?.unit == "县卫健委")
    }
}
