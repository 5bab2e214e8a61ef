import Domain
import Fluent
import Foundation
import Persistence
import Testing
import TestSupport
import VaporTesting

/// Every save of a plan is a revision: listed with who, when and why, readable whole, and a save made after someone
/// else's is refused naming them.
@Suite struct PlanRevisionTests {
    @Test(arguments: TestEngine.available)
    func savesAreRevisionsAndAStaleSaveIsRefused(engine: TestEngine) async throws {
        try await withTestApp(engine) { app, _ in
            let instant = Date(timeIntervalSince1970: 1_700_000_000)
            let store = FluentPlanStore(database: app.db, clock: .frozen(at: instant))
            var plan = try Fixtures.plan("pianguan-2023")
            try await store.save(plan, note: RevisionNote(by: "王主任", why: "导入方案"), expectedRevision: 0)
            plan.tasks[0].deadline = .date(LocalDate(iso: "2023-06-20")!)
            try await store.save(plan, note: RevisionNote(by: "李干事", why: "设定期限"), expectedRevision: 1)

            let history = try await store.revisions(planID: plan.id)
            #expect(history.map(\.revision) == [1, 2])
            #expect(history.map(\.by) == ["王主任", "李干事"])
            #expect(history.map(\.why) == ["导入方案", "设定期限"])
            #expect(history.allSatisfy { $0.at == instant })
            #expect(try await store.plan(id: plan.id, revision: 1)?.tasks[0].deadline == nil)
            #expect(try await store.plan(id: plan.id)?.tasks[0].deadline == .date(LocalDate(iso: "2023-06-20")!))

            // Someone who opened revision 1 saves after 李干事: refused, naming who saved since; nothing changes.
            plan.title = "过时的修改"
            await #expect(throws: EditConflict(updatedBy: "李干事", updatedAt: instant)) {
                try await store.save(plan, note: RevisionNote(by: "张三", why: "改标题"), expectedRevision: 1)
            }
            #expect(try await store.revisions(planID: plan.id).count == 2)
            #expect(try await store.plan(id: plan.id)?.title == "偏关县创建省级健康促进县工作实施方案")
        }
    }

    /// Task ids are given once and kept: a task added later takes the next number, however the list is reordered.
    @Test(arguments: TestEngine.available)
    func taskIDsSurviveEdits(engine: TestEngine) async throws {
        try await withTestApp(engine) { app, _ in
            let store = FluentPlanStore(database: app.db)
            try await store.save(try Fixtures.plan("pianguan-2023"))
            var plan = try #require(try await store.plan(id: "pianguan-2023"))
            let count = plan.tasks.count
            #expect(plan.tasks.map(\.id) == (0..<count).map { $0 })
            let first = plan.tasks.removeFirst()
            plan.tasks.append(first)
            plan.tasks.insert(PlanTask(text: "新增：各乡镇建立健康促进工作台账", responsible: ["县卫体局"]), at: 0)
            try await store.save(plan)
            let stored = try #require(try await store.plan(id: "pianguan-2023"))
            #expect(stored.tasks.first?.id == count)
            #expect(stored.tasks.last?.id == 0)
            #expect(stored.task(id: 0)?.task.text == first.text)
        }
    }
}
