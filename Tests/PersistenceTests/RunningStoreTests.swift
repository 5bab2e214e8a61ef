import Domain
import Fluent
import Foundation
import Persistence
import Testing
import TestSupport
import VaporTesting

/// The records of running a programme on every engine: created once, changed only from the revision read,
/// listed by owner and state, with every version in the history and the audit log.
@Suite struct RunningStoreTests {
    static let plan = "pianguan-2023"

    static func report(_ unit: String, _ month: String) -> MonthlyReport {
        MonthlyReport(planID: plan, unit: unit, month: YearMonth(parsing: month)!, workDone: "开展讲座", updatedBy: "联络员")
    }

    @Test(arguments: TestEngine.available)
    func recordsKeepRevisionsHistoryAndAudit(engine: TestEngine) async throws {
        try await withTestApp(engine) { app, _ in
            let store = FluentRunningStore(database: app.db)
            var march = Self.report("县卫体局", "2025-03")
            #expect(try await store.save(march, expectedRevision: 0, action: "report.save", actor: "联络员", actorID: nil) == 1)
            await #expect(throws: RunningStoreError.duplicate(kind: "monthly-report", key: march.naturalKey)) {
                try await store.save(march, expectedRevision: 0, action: "report.save", actor: "联络员", actorID: nil)
            }
            try march.submit(by: "联络员", at: Date())
            #expect(try await store.save(march, expectedRevision: 1, action: "report.submit", actor: "联络员", actorID: nil) == 2)
            // A save from the revision read before someone else's is refused.
            // A save from the revision read before someone else's is refused, naming who saved last.
            let refusal = await #expect(throws: RunningStoreError.self) {
                try await store.save(march, expectedRevision: 1, action: "report.save", actor: "创建办", actorID: nil)
            }
            guard case .stale(let kind, let key, let by, let at)? = refusal else { Issue.record("not stale: \(String(describing: refusal))"); return }
            #expect(kind == "monthly-report" && key == march.naturalKey && by == "联络员" && at != nil)
            #expect(refusal?.description.contains("「联络员」") == true)
            try await store.save(Self.report("县教育局", "2025-03"), expectedRevision: 0, action: "report.save", actor: "联络员", actorID: nil)
            try await store.save(Self.report("县卫体局", "2025-02"), expectedRevision: 0, action: "report.save", actor: "联络员", actorID: nil)

            let stored = try #require(try await store.record(MonthlyReport.self, planID: Self.plan, key: march.naturalKey))
            #expect(stored.revision == 2 && stored.value.state == .submitted && stored.value.month == march.month)
            let own = try await store.records(MonthlyReport.self, planID: Self.plan, owner: "县卫体局", state: nil)
            #expect(own.map(\.value.month.description) == ["2025-02", "2025-03"])
            let submitted = try await store.records(MonthlyReport.self, planID: Self.plan, owner: nil, state: "submitted")
            #expect(submitted.map(\.value.unit) == ["县卫体局"])
            #expect(try await store.records(MonthlyReport.self, planID: "other").isEmpty)
            let history = try await store.history(MonthlyReport.self, planID: Self.plan, key: march.naturalKey)
            #expect(history.map(\.action) == ["report.save", "report.submit"] && history.map(\.revision) == [1, 2])
            let audit = try await FluentAuditStore(database: app.db).entries(planID: Self.plan, limit: 10, offset: 0)
            #expect(audit.count == 4 && audit.first?.entity == "monthly-report")
        }
    }

    @Test(arguments: TestEngine.available)
    func anInspectionAndItsProblemsAreSavedTogetherOrNotAtAll(engine: TestEngine) async throws {
        try await withTestApp(engine) { app, _ in
            let store = FluentRunningStore(database: app.db)
            let inspection = Inspection(planID: Self.plan, date: LocalDate(iso: "2025-04-10")!, inspectors: ["张三"],
                                        subjects: [.unit("县卫体局")], findings: "资料不全")
            let problem = InspectionProblem(planID: Self.plan, inspectionID: inspection.id, text: "讲座记录缺照片", unit: "县卫体局",
                                            deadline: LocalDate(iso: "2025-04-30")!)
            try await store.save(problem, expectedRevision: 0, action: "problem.create", actor: "创建办", actorID: nil)
            // The second problem is the first again (same key): the whole batch is refused, the inspection not kept.
            await #expect(throws: RunningStoreError.self) {
                try await store.saveAll([(problem, 0)], action: "problem.create", actor: "创建办", actorID: nil)
            }
            try await store.save(inspection, expectedRevision: 0, action: "inspection.create", actor: "创建办", actorID: nil)
            #expect(try await store.records(Inspection.self, planID: Self.plan).map(\.value) == [inspection])
            #expect(try await store.records(InspectionProblem.self, planID: Self.plan, owner: "县卫体局", state: "pending").count == 1)
        }
    }
}
