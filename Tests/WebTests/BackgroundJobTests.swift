import Domain
import Foundation
import Persistence
import Testing
import TestSupport
import VaporTesting
@testable import Web

/// Background imports are rows: any server shows them, and one cut off by a stopped server shows as failed
/// with the reason and an audit entry, instead of a page that no longer exists.
@Suite struct BackgroundJobTests {
    static let plan = "pianguan-2023"

    @Test(arguments: TestEngine.available)
    func aJobCutOffByAStoppedServerShowsAsFailed(engine: TestEngine) async throws {
        try await withTestSite(engine, plans: [Self.plan]) { site in
            let office = try await site.browser("office")
            let store = FluentJobStore(database: site.app.db)
            let now = site.app.clock()
            // One left running by a server that stopped ten minutes ago; one whose server is alive.
            let dead = BackgroundJob(kind: CellImportJobs.kind, planID: Self.plan, fileName: "登记册.csv", startedBy: "测试创建办",
                                     startedByID: nil, startedAt: now.addingTimeInterval(-600))
            var alive = BackgroundJob(kind: CellImportJobs.kind, planID: Self.plan, fileName: "另一个.csv", startedBy: "测试创建办",
                                      startedByID: nil, startedAt: now.addingTimeInterval(-600))
            alive.heartbeatAt = now.addingTimeInterval(-5)
            try await store.create(dead)
            try await store.create(alive)

            let page = try await site.page("/plans/\(Self.plan)/cells/import/\(dead.id.uuidString)", as: office)
            #expect(page.contains("服务器在导入过程中停止"))
            #expect(try await store.job(id: dead.id)?.state == .failed)
            #expect(try await store.job(id: alive.id)?.state == .running, "a job that still beats is left alone")
            let audit = try await FluentAuditStore(database: site.app.db).entries(planID: Self.plan, limit: 20, offset: 0)
            #expect(audit.filter { $0.action == "job.interrupted" && $0.entityID == dead.id.uuidString }.count == 1)

            // A server starting fails what was left silent, once.
            var second = BackgroundJob(kind: CellImportJobs.kind, planID: Self.plan, fileName: "第三个.csv", startedBy: "测试创建办",
                                       startedByID: nil, startedAt: now.addingTimeInterval(-900))
            second.heartbeatAt = now.addingTimeInterval(-800)
            try await store.create(second)
            try await WebApp.prepare(site.app, database: .sqliteMemory, seedPlans: [])
            #expect(try await store.job(id: second.id)?.state == .failed)
            #expect(try await store.failSilent(before: now.addingTimeInterval(-60), reason: "x", at: now).isEmpty, "nothing is failed twice")
        }
    }
}
