@testable import Domain
import Foundation
import Testing

/// Supervision: inspections, the problem list's lifecycle to closure (销号), escalation of overdue problems.
@Suite struct RunningSupervisionTests {
    typealias F = RunningFixtures

    static let inspection = Inspection(planID: F.plan.id, date: F.day("2024-06-05"), inspectors: ["王五", "赵六"],
                                       subjects: [.unit("县教育局"), .region(id: UUID(), name: "新关镇")],
                                       findings: "部分学校健康教育课时不足")

    static func problem(deadline: String = "2024-06-30") -> InspectionProblem {
        InspectionProblem(planID: F.plan.id, inspectionID: inspection.id, text: "健康教育课时不足", unit: "县教育局",
                          deadline: F.day(deadline))
    }

    @Test func inspectionChecks() {
        #expect(runningRejection { try Self.inspection.check(plan: F.plan, today: F.day("2024-06-05")) } == nil)
        let bad = Inspection(planID: F.plan.id, date: F.day("2024-07-01"), inspectors: ["王五", "王五", " "],
                             subjects: [.unit("县林业局")], findings: "")
        let rejected = runningRejection { try bad.check(plan: F.plan, today: F.day("2024-06-05")) }
        #expect(rejected?.fields == ["date", "inspectors", "subjects[0]", "findings"])
        #expect(rejected?.issues.first?.location.file == "督导检查")
        let nobody = Inspection(planID: F.plan.id, date: F.day("2024-06-01"), inspectors: [], subjects: [], findings: "x")
        #expect(runningRejection { try nobody.check(plan: F.plan, today: F.day("2024-06-05")) }?.fields == ["inspectors", "subjects"])
    }

    @Test func newProblemChecks() throws {
        let unit = try InspectionProblem.checkNew(text: "课时不足", unit: "县卫生健康委员会", deadline: F.day("2024-06-30"),
                                                  inspection: Self.inspection, plan: F.plan)
        #expect(unit == "县卫健委")
        let bad = runningRejection {
            _ = try InspectionProblem.checkNew(text: "", unit: "某局", deadline: F.day("2024-06-01"), inspection: Self.inspection, plan: F.plan)
        }
        #expect(bad?.fields == ["text", "unit", "deadline"])
        #expect(bad?.issues.first?.location.file == "问题清单")
        let noDeadline = runningRejection {
            _ = try InspectionProblem.checkNew(text: "x", unit: "县教育局", deadline: nil, inspection: Self.inspection, plan: F.plan)
        }
        #expect(noDeadline?.messages == ["请设定整改期限"])
    }

    @Test func theWholeLifecycle() throws {
        var problem = Self.problem()
        #expect(problem.state == .pending && InspectionProblem.allowedActions(in: .pending) == [.startRectification, .submitRectification])
        try problem.startRectification()
        #expect(problem.state == .rectifying)
        try problem.submitRectification(note: "已增加课时", evidence: [F.evidence("课表.pdf")], on: F.day("2024-06-20"))
        #expect(problem.state == .submitted && problem.submittedOn == F.day("2024-06-20"))
        try problem.recheck(Recheck(date: F.day("2024-06-25"), by: "王五", passed: false, note: "两所学校仍未落实"),
                            newDeadline: F.day("2024-07-15"))
        #expect(problem.state == .rectifying && problem.deadline == F.day("2024-07-15"))
        try problem.submitRectification(note: "全部落实", evidence: [F.evidence("照片.jpg"), F.evidence("课表.pdf")], on: F.day("2024-07-10"))
        #expect(problem.evidence.map(\.fileName) == ["课表.pdf", "照片.jpg"])   // the same file is kept once
        try problem.recheck(Recheck(date: F.day("2024-07-12"), by: "王五", passed: true))
        #expect(problem.state == .recheckPassed)
        try problem.close(by: "创建办", on: F.day("2024-07-12"))
        #expect(problem.state == .closed && problem.closedOn == F.day("2024-07-12") && problem.closedBy == "创建办")
        #expect(problem.rechecks.map(\.chineseName) == ["复查未通过", "复查通过"])
        #expect(runningRejection { try problem.close(by: "创建办", on: F.day("2024-07-13")) }?.messages == ["问题已销号"])
        #expect(ProblemState.allCases.map(\.chineseName) == ["待整改", "整改中", "已提交整改", "复查通过", "已销号"])
    }

    @Test func closingNeedsEvidenceAndAPassedRecheck() throws {
        // Straight from 待整改: neither evidence nor re-check.
        var problem = Self.problem()
        let early = runningRejection { try problem.close(by: "创建办", on: F.day("2024-06-10")) }
        #expect(early?.fields == ["evidence", "rechecks"])
        #expect(early?.messages.first == "没有整改佐证材料，不能销号：请先上传整改照片或文件")
        #expect(early?.issues.first?.location.file == "问题销号")

        // Submitted without evidence and passed on site: still no closure without evidence.
        try problem.submitRectification(note: "已整改", evidence: [], on: F.day("2024-06-20"))
        let unrechecked = runningRejection { try problem.close(by: "创建办", on: F.day("2024-06-21")) }
        #expect(unrechecked?.fields == ["evidence", "rechecks"])
        try problem.recheck(Recheck(date: F.day("2024-06-22"), by: "王五", passed: true))
        let noEvidence = runningRejection { try problem.close(by: "创建办", on: F.day("2024-06-23")) }
        #expect(noEvidence?.fields == ["evidence"])
        problem.addEvidence([F.evidence("整改照片.jpg")])
        try problem.close(by: "创建办", on: F.day("2024-06-23"))
        #expect(problem.state == .closed)
    }

    @Test func actionsOutOfTurnAreRefused() throws {
        var problem = Self.problem()
        #expect(runningRejection { try problem.recheck(Recheck(date: F.day("2024-06-10"), by: "王五", passed: true)) }?.messages
                == ["问题当前为「待整改」，不能复查"])
        #expect(runningRejection { try problem.submitRectification(note: " ", evidence: [], on: F.day("2024-06-10")) }?.fields
                == ["rectificationNote"])
        try problem.submitRectification(note: "已整改", evidence: [F.evidence("a.jpg")], on: F.day("2024-06-20"))
        #expect(runningRejection { try problem.startRectification() }?.fields == ["state"])
        let failedWithoutReason = runningRejection {
            try problem.recheck(Recheck(date: F.day("2024-06-19"), by: "王五", passed: false), newDeadline: F.day("2024-06-01"))
        }
        #expect(failedWithoutReason?.fields == ["note", "date", "newDeadline"])
        let passedWithDeadline = runningRejection {
            try problem.recheck(Recheck(date: F.day("2024-06-21"), by: "王五", passed: true), newDeadline: F.day("2024-07-01"))
        }
        #expect(passedWithDeadline?.fields == ["newDeadline"])
        #expect(problem.state == .submitted && problem.rechecks.isEmpty)
    }

    @Test func whoActs() {
        let problem = Self.problem()
        #expect(ProblemActor.of(F.principal(.liaison, unit: "县教育局"), problem: problem) == .responsibleUnit)
        #expect(ProblemActor.of(F.principal(.liaison, unit: "县卫健委"), problem: problem) == nil)
        #expect(ProblemActor.of(F.principal(.office), problem: problem) == .office)
        #expect(ProblemActor.of(F.principal(.office, planID: "other"), problem: problem) == nil)
        #expect(ProblemActor.of(F.principal(.leader), problem: problem) == nil)
        #expect(ProblemActor.of(F.principal(.admin), problem: problem) == .office)
        #expect(InspectionProblem.may(.responsibleUnit, .submitRectification))
        #expect(!InspectionProblem.may(.responsibleUnit, .recheck))
        #expect(!InspectionProblem.may(.responsibleUnit, .close))
        #expect(InspectionProblem.may(.office, .submitRectification) && InspectionProblem.may(.office, .close))
    }

    @Test(arguments: [
        ("2024-06-30", 0, 0, "按期"), ("2024-07-01", 1, 1, "提醒"), ("2024-07-15", 15, 1, "提醒"),
        ("2024-07-16", 16, 2, "通报、约谈"), ("2024-12-31", 184, 2, "通报、约谈"),
    ])
    func escalationByDaysOverdue(today: String, days: Int, level: Int, measure: String) {
        let escalation = Self.problem().escalation(on: F.day(today))
        #expect(escalation.daysOverdue == days && escalation.level == level && escalation.measure == measure)
    }

    @Test func escalationThresholdsAreConfigurableAndStopOnceSubmitted() throws {
        let policy = EscalationPolicy(steps: [
            EscalationPolicy.Step(fromDaysOverdue: 31, measure: "约谈"),
            EscalationPolicy.Step(fromDaysOverdue: 1, measure: "提醒"),
            EscalationPolicy.Step(fromDaysOverdue: 8, measure: "通报"),
        ])
        #expect(policy.steps.map(\.fromDaysOverdue) == [1, 8, 31])
        #expect(policy.level(daysOverdue: 7).measure == "提醒")
        #expect(policy.level(daysOverdue: 8) == EscalationLevel(level: 2, measure: "通报", daysOverdue: 8))
        #expect(policy.level(daysOverdue: 40).level == 3)
        #expect(runningRejection { try policy.check() } == nil)
        let bad = EscalationPolicy(steps: [EscalationPolicy.Step(fromDaysOverdue: 0, measure: ""),
                                           EscalationPolicy.Step(fromDaysOverdue: 0, measure: "通报")])
        #expect(runningRejection { try bad.check() }?.fields
                == ["steps[0].fromDaysOverdue", "steps[0].measure", "steps[1].fromDaysOverdue", "steps[1].fromDaysOverdue"])

        var problem = Self.problem()
        try problem.submitRectification(note: "已整改", evidence: [], on: F.day("2024-07-20"))
        #expect(problem.daysOverdue(on: F.day("2024-08-30")) == 0)   // waiting for the office, not the unit
    }

    @Test func anInspectionsSummaryForTheCircular() throws {
        var closed = Self.problem()
        closed.unit = "新关镇"
        try closed.submitRectification(note: "已整改", evidence: [F.evidence("a.jpg")], on: F.day("2024-06-10"))
        try closed.recheck(Recheck(date: F.day("2024-06-11"), by: "王五", passed: true))
        try closed.close(by: "创建办", on: F.day("2024-06-12"))
        let late = Self.problem(deadline: "2024-06-10")
        let veryLate = Self.problem(deadline: "2024-06-01")
        let onTime = Self.problem(deadline: "2024-09-01")
        let elsewhere = InspectionProblem(planID: F.plan.id, inspectionID: UUID(), text: "另一次检查", unit: "县卫健委",
                                          deadline: F.day("2024-06-01"))
        let summary = InspectionSummary(inspection: Self.inspection, problems: [closed, late, veryLate, onTime, elsewhere],
                                        today: F.day("2024-06-20"))
        #expect(summary.total == 4 && summary.closed == 1 && summary.closureRate == 0.25)
        #expect(summary.byState[.pending] == 3)
        #expect(summary.overdue.map(\.escalation.daysOverdue) == [19, 10])
        #expect(summary.overdue.map(\.escalation.measure) == ["通报、约谈", "提醒"])
        #expect(summary.units == [InspectionSummary.UnitCount(unit: "县教育局", open: 3, closed: 0),
                                  InspectionSummary.UnitCount(unit: "新关镇", open: 0, closed: 1)])
    }

    @Test func problemsAndInspectionsRoundTripAsJSON() throws {
        var problem = Self.problem()
        try problem.submitRectification(note: "已整改", evidence: [F.evidence("a.jpg")], on: F.day("2024-06-10"))
        #expect(try JSONDecoder().decode(InspectionProblem.self, from: JSONEncoder().encode(problem)) == problem)
        #expect(try JSONDecoder().decode(Inspection.self, from: JSONEncoder().encode(Self.inspection)) == Self.inspection)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        #expect(String(decoding: try encoder.encode(InspectionSubject.unit("县教育局")), as: UTF8.self) == #"{"unit":"县教育局"}"#)
        let id = UUID(uuidString: "00000000-0000-0000-0000-000000000001")!
        #expect(String(decoding: try encoder.encode(InspectionSubject.region(id: id, name: "新关镇")), as: UTF8.self)
                == #"{"name":"新关镇","regionID":"00000000-0000-0000-0000-000000000001"}"#)
    }
}
