@testable import Domain
import Foundation
import Testing

/// Health impact assessment of policies: steps, transitions, roles, screening experts, adoption feedback.
@Suite struct RunningPolicyTests {
    typealias F = RunningFixtures

    static func registered() throws -> PolicyReview {
        try PolicyReview.register(planID: F.plan.id, title: "关于加强中小学校园周边管理的通知", kind: .normativeDocument,
                                  draftingUnit: "县教育局", on: F.day("2024-05-06"), by: .draftingDepartment, plan: F.plan,
                                  today: F.day("2024-05-06"))
    }

    @Test func namesInChinese() {
        #expect(PolicyReviewStage.allCases.map(\.chineseName) == ["登记", "筛选", "分析评估", "报告与建议", "采纳反馈", "备案", "监测评价"])
        #expect(ScreeningDecision.allCases.map(\.chineseName) == ["无需评估", "简易评估", "全面评估"])
        #expect(AdoptionDecision.allCases.map(\.chineseName) == ["采纳", "部分采纳", "不采纳"])
        #expect(PolicyKind.majorProject.chineseName == "重大工程项目")
    }

    @Test func transitionsAsAFunction() {
        #expect(PolicyReview.allowedNext(from: .registered, decision: nil) == [.screening])
        #expect(PolicyReview.allowedNext(from: .screening, decision: nil).isEmpty)
        #expect(PolicyReview.allowedNext(from: .screening, decision: .noAssessment) == [.filed])
        #expect(PolicyReview.allowedNext(from: .screening, decision: .rapid) == [.analysis])
        #expect(PolicyReview.allowedNext(from: .screening, decision: .full) == [.analysis])
        #expect(PolicyReview.allowedNext(from: .analysis, decision: .full) == [.reporting])
        #expect(PolicyReview.allowedNext(from: .reporting, decision: .full) == [.adoptionFeedback])
        #expect(PolicyReview.allowedNext(from: .adoptionFeedback, decision: .full) == [.filed])
        #expect(PolicyReview.allowedNext(from: .filed, decision: .full) == [.monitoring])
        #expect(PolicyReview.allowedNext(from: .monitoring, decision: .full) == [.monitoring])
    }

    @Test func whoMayDoWhichStep() {
        #expect(PolicyReview.roles(for: .registered) == [.draftingDepartment, .office])
        #expect(PolicyReview.roles(for: .screening) == [.expert, .office])
        #expect(PolicyReview.roles(for: .adoptionFeedback) == [.draftingDepartment])
        #expect(PolicyReview.roles(for: .filed) == [.office])
        #expect(!PolicyReview.may(.expert, .adoptionFeedback))
        #expect(!PolicyReview.may(.draftingDepartment, .screening))
    }

    @Test func rolesOfPrincipals() throws {
        let review = try Self.registered()
        #expect(PolicyReviewRole.of(F.principal(.liaison, unit: "县教育局"), in: review) == .draftingDepartment)
        #expect(PolicyReviewRole.of(F.principal(.liaison, unit: "县卫健委"), in: review) == nil)
        #expect(PolicyReviewRole.of(F.principal(.assessor), in: review) == .expert)
        #expect(PolicyReviewRole.of(F.principal(.office), in: review) == .office)
        #expect(PolicyReviewRole.of(F.principal(.admin), in: review) == .office)
        #expect(PolicyReviewRole.of(F.principal(.assessor, planID: "other"), in: review) == nil)
        #expect(PolicyReviewRole.of(F.principal(.leader), in: review) == nil)
    }

    @Test func registrationChecks() throws {
        let review = try Self.registered()
        #expect(review.stage == .registered && review.draftingUnit == "县教育局")
        let bad = runningRejection {
            _ = try PolicyReview.register(planID: F.plan.id, title: " ", kind: .majorProject, draftingUnit: "某局",
                                          on: F.day("2024-06-01"), by: .expert, plan: F.plan, today: F.day("2024-05-06"))
        }
        #expect(bad?.fields == ["(根)", "title", "draftingUnit", "registeredOn"])
        #expect(bad?.messages.first == "评估专家不能登记政策")
        #expect(bad?.issues.first?.location.file == "政策登记")
    }

    @Test func aFullAssessmentFromRegistrationToMonitoring() throws {
        var review = try Self.registered()
        try review.screen(Screening(experts: ["专家甲", " 专家乙 ", ""], decision: .full, date: F.day("2024-05-10")), by: .office)
        #expect(review.stage == .screening && review.screening?.experts == ["专家甲", "专家乙"])
        try review.recordAnalysis("周边食品摊点对学生饮食影响较大", by: .expert)
        try review.recordReport("评估报告", recommendations: ["增设饮水点", "限制周边高糖饮料售卖", "增加体育设施"],
                                evidence: [F.evidence("报告.pdf")], by: .expert)
        #expect(review.stage == .reporting && review.recommendations.count == 3)

        try review.respond(to: 0, AdoptionResponse(decision: .adopted, date: F.day("2024-06-01")), by: .draftingDepartment)
        try review.respond(to: 1, AdoptionResponse(decision: .partlyAdopted, reason: "仅限校门100米内", date: F.day("2024-06-01")),
                           by: .draftingDepartment)
        let early = runningRejection { try review.completeFeedback(by: .draftingDepartment) }
        #expect(early?.fields == ["recommendations[2]"])
        try review.respond(to: 2, AdoptionResponse(decision: .notAdopted, reason: "经费不足，列入明年计划", date: F.day("2024-06-02")),
                           by: .draftingDepartment)
        try review.completeFeedback(by: .draftingDepartment)
        #expect(review.stage == .adoptionFeedback)
        #expect(review.adoptionRate == Double(2) / 3)

        #expect(runningRejection { try review.file(on: F.day("2024-06-05"), by: .draftingDepartment) }?.messages
                == ["起草部门不能进行「备案」"])
        try review.file(on: F.day("2024-06-05"), by: .office)
        try review.recordMonitoring(MonitoringNote(date: F.day("2024-12-01"), text: "学生含糖饮料消费下降"), by: .office)
        try review.recordMonitoring(MonitoringNote(date: F.day("2025-06-01"), text: "持续下降"), by: .draftingDepartment)
        #expect(review.stage == .monitoring && review.monitoring.count == 2)
        let data = try JSONEncoder().encode(review)
        #expect(try JSONDecoder().decode(PolicyReview.self, from: data) == review)
    }

    @Test func noAssessmentGoesStraightToFiling() throws {
        var review = try Self.registered()
        let noReason = runningRejection {
            try review.screen(Screening(experts: ["专家甲", "专家乙"], decision: .noAssessment, date: F.day("2024-05-10")), by: .expert)
        }
        #expect(noReason?.fields == ["reason"])
        try review.screen(Screening(experts: ["专家甲", "专家乙"], decision: .noAssessment, date: F.day("2024-05-10"),
                                    reason: "内部管理文件，与健康无直接关联"), by: .expert)
        #expect(review.allowedNext == [.filed])
        let analysis = runningRejection { try review.recordAnalysis("x", by: .expert) }
        #expect(analysis?.messages == ["当前处于「筛选」，不能进行「分析评估」（下一步：备案）"])
        try review.file(on: F.day("2024-05-11"), by: .office)
        #expect(review.stage == .filed && review.recommendations.isEmpty)
    }

    @Test(arguments: [[String](), ["专家甲"], ["专家甲", "专家乙", "专家丙", "专家丁"]])
    func screeningNeedsTwoOrThreeExperts(experts: [String]) throws {
        var review = try Self.registered()
        let rejected = runningRejection {
            try review.screen(Screening(experts: experts, decision: .rapid, date: F.day("2024-05-10")), by: .expert)
        }
        #expect(rejected?.fields == ["experts"])
        #expect(rejected?.messages.first?.contains("2–3 名专家") == true)
    }

    @Test func screeningRefusesRepeatsEarlyDatesAndTheDraftingDepartment() throws {
        var review = try Self.registered()
        let rejected = runningRejection {
            try review.screen(Screening(experts: ["专家甲", "专家甲"], decision: .rapid, date: F.day("2024-05-01")),
                              by: .draftingDepartment)
        }
        #expect(rejected?.fields == ["(根)", "experts", "date"])
        #expect(review.stage == .registered && review.screening == nil)
    }

    @Test func adoptionFeedbackRules() throws {
        var review = try Self.registered()
        try review.screen(Screening(experts: ["甲", "乙", "丙"], decision: .rapid, date: F.day("2024-05-10")), by: .expert)
        // Not yet at the report: no feedback.
        #expect(runningRejection {
            try review.respond(to: 0, AdoptionResponse(decision: .adopted, date: F.day("2024-05-11")), by: .draftingDepartment)
        }?.fields == ["stage", "recommendations[0]"])
        try review.recordAnalysis("简易评估结论", by: .office)
        #expect(runningRejection { try review.recordReport(" ", recommendations: [], by: .expert) }?.fields == ["report", "recommendations"])
        #expect(runningRejection { try review.recordReport("报告", recommendations: ["a", " "], by: .expert) }?.fields
                == ["recommendations[1]"])
        try review.recordReport("报告", recommendations: ["建议一", "建议二"], by: .expert)

        let noReason = runningRejection {
            try review.respond(to: 1, AdoptionResponse(decision: .notAdopted, reason: " ", date: F.day("2024-05-20")), by: .draftingDepartment)
        }
        #expect(noReason?.fields == ["recommendations[1].reason"])
        #expect(noReason?.messages == ["不采纳时请说明理由"])
        let partly = runningRejection {
            try review.respond(to: 0, AdoptionResponse(decision: .partlyAdopted, date: F.day("2024-05-20")), by: .draftingDepartment)
        }
        #expect(partly?.messages == ["部分采纳时请说明理由"])
        let byExpert = runningRejection {
            try review.respond(to: 0, AdoptionResponse(decision: .adopted, date: F.day("2024-05-20")), by: .expert)
        }
        #expect(byExpert?.messages == ["只有起草部门能反馈采纳情况"])
        #expect(runningRejection {
            try review.respond(to: 5, AdoptionResponse(decision: .adopted, date: F.day("2024-05-20")), by: .draftingDepartment)
        }?.fields == ["recommendations[5]"])
        #expect(review.adoptionRate == nil)
    }

    @Test func eachUnitsInventory() throws {
        let a = try Self.registered()
        var b = try Self.registered()
        b.title = "学生体质健康促进办法"
        b.registeredOn = F.day("2024-03-01")
        var c = try Self.registered()
        c.draftingUnit = "县卫健委"
        let inventory = PolicyInventory([a, b, c])
        #expect(inventory.units.map(\.unit) == ["县卫健委", "县教育局"])
        #expect(inventory.reviews(of: "县教育局").map(\.title) == ["学生体质健康促进办法", "关于加强中小学校园周边管理的通知"])
        #expect(inventory.reviews(of: "县财政局").isEmpty)
    }
}
