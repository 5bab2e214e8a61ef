import Core
import Domain
import Foundation
import Persistence
import Testing
import TestSupport
import VaporTesting
@testable import Web

/// 偏关's lecture and beneficiary indicators counted from the activity log (not typed in again), the source shown
/// with its reason, and the plan's lecture duty listing every unit, those that held none too.
@Suite struct ActivityFedIndicatorTests {
    static let plan = "pianguan-2023"

    static func at(_ iso: String, _ site: TestSite) {
        site.app.clock = { ISO8601DateFormatter().date(from: iso + "T10:00:00+08:00")! }
    }

    static func logLectures(_ site: TestSite) async throws {
        let store = FluentRunningStore(database: site.app.db)
        for (i, (iso, unit)) in [("2023-04-12", "县卫体局"), ("2023-05-09", "县卫体局"), ("2023-05-20", "县疾控中心")].enumerated() {
            let lecture = Activity(planID: plan, kind: .lecture, title: "健康讲座\(i + 1)", organisers: [unit], date: LocalDate(iso: iso)!,
                                   place: "县医院", participants: 100, beneficiaries: 100)
            try await store.save(lecture, expectedRevision: 0, action: "activity.add", actor: "测试", actorID: nil)
        }
        try await store.save(BeneficiaryTarget(planID: plan, year: 2023, population: 1000, targetPercent: 30), expectedRevision: 0,
                             action: "beneficiary.target", actor: "测试", actorID: nil)
    }

    @Test(arguments: TestEngine.available)
    func theWorkflowCountsLecturesAndBeneficiariesFromTheLog(engine: TestEngine) async throws {
        try await withTestSite(engine, plans: [Self.plan]) { site in
            Self.at("2024-03-01", site)
            let db = site.app.db
            let workflow = IndicatorWorkflow(plans: FluentPlanStore(database: db), regions: FluentRegionStore(database: db),
                                             store: FluentIndicatorStore(database: db), today: LocalDate(iso: "2024-03-01")!,
                                             running: FluentRunningStore(database: db))
            let before = try await workflow.judge(try await workflow.programme(Self.plan), years: .only(2023))
            #expect(before.entries.filter { $0.indicator == "LECTURES" }.allSatisfy { $0.source == .submitted })

            try await Self.logLectures(site)
            let judged = try await workflow.judge(try await workflow.programme(Self.plan), years: .only(2023))
            let lectures = try #require(judged.entries.first { $0.indicator == "LECTURES" })
            #expect(lectures.source == .activities && lectures.value == 3 && lectures.verdict == .notMet)
            #expect(lectures.sourceNote.contains("由健康活动记录统计"))
            let reached = try #require(judged.entries.first { $0.indicator == "BENEFICIARIES" })
            // 300 reached of 1,000 people: 30%, the target.
            #expect(reached.source == .activities && reached.value == 30 && reached.verdict == .met)
        }
    }

    @Test(arguments: TestEngine.available)
    func theBoardShowsTheLogAsTheSourceAndTheDutyListsEveryUnit(engine: TestEngine) async throws {
        try await withTestSite(engine, plans: [Self.plan]) { site in
            Self.at("2024-03-01", site)
            try await Self.logLectures(site)
            let office = try await site.browser("office")
            let board = try await site.get("/plans/\(Self.plan)/indicators?year=2023", as: office)
            #expect(board.status == .ok)
            let html = board.body.string
            #expect(html.contains("健康活动记录") && html.contains("由健康活动记录统计：2023年全年登记的健康讲座次数"))

            let page = try await site.get("/plans/\(Self.plan)/activities?year=2023", as: office)
            let text = page.body.string
            #expect(text.contains("健康讲座（每月至少1次，全年不少于12次）"))
            // Every unit that owes the duty is listed, 县财政局 with none.
            for unit in ["县卫体局", "县疾控中心", "县财政局", "县教科局"] { #expect(text.contains("<td>\(unit)</td>") || text.contains(unit), "\(unit)") }
            #expect(text.contains("2023年4月"), "the months a unit missed are named")
        }
    }
}
