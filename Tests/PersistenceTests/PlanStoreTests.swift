import Domain
import Fluent
import Persistence
import Testing
import TestSupport
import VaporTesting

/// Storage round trips on every engine: what is saved is what comes back.
@Suite struct PlanStoreTests {
    @Test(arguments: TestEngine.available)
    func everySeedPlanRoundTrips(engine: TestEngine) async throws {
        try await withTestApp(engine) { app, _ in
            let store = FluentPlanStore(database: app.db)
            for plan in try Fixtures.allSeedPlans() {
                #expect(try await store.save(plan) == .created)
                let stored = try #require(try await store.plan(id: plan.id))
                #expect(stored == plan.withStableTaskIDs(), "\(plan.id) changed in storage")
            }
            #expect(try await store.count() == 5)
            let summaries = try await store.summaries()
            #expect(summaries.map(\.id) == Fixtures.seedPlanIDs)
            // Counted in SQL, they must agree with counting the plans themselves.
            #expect(summaries == (try Fixtures.allSeedPlans()).map(PlanSummary.init))
            #expect(summaries.first { $0.id == "longnan-2024" }?.counts.tasks == 18)
        }
    }

    @Test(arguments: TestEngine.available)
    func savingAgainReplacesThePlan(engine: TestEngine) async throws {
        try await withTestApp(engine) { app, _ in
            let store = FluentPlanStore(database: app.db)
            var plan = try Fixtures.plan("longnan-2024")
            try await store.save(plan)
            plan.title = "龙南市创建健康市工作实施方案（修订）"
            plan.tasks.removeLast()
            #expect(try await store.save(plan) == .replaced)
            let stored = try #require(try await store.plan(id: plan.id))
            #expect(stored == plan.withStableTaskIDs())
            #expect(try await store.count() == 1)
        }
    }

    @Test(arguments: TestEngine.available)
    func aFailedSaveChangesNothing(engine: TestEngine) async throws {
        try await withTestApp(engine) { app, _ in
            let store = FluentPlanStore(database: app.db)
            let original = try Fixtures.plan("pianguan-2023")
            try await store.save(original)
            var broken = original
            broken.title = "不应保存"
            // A task naming a unit the plan does not have: the validator would catch it; the store
            // must still refuse it whole, after it has already deleted and rewritten most rows.
            broken.tasks.append(PlanTask(text: "x", responsible: ["不存在的单位"]))
            await #expect(throws: (any Error).self) { try await store.save(broken) }
            #expect(try await store.plan(id: original.id) == original.withStableTaskIDs())
        }
    }

    @Test(arguments: TestEngine.available)
    func deletingRemovesEveryPart(engine: TestEngine) async throws {
        try await withTestApp(engine) { app, _ in
            let store = FluentPlanStore(database: app.db)
            try await store.save(try Fixtures.plan("shanting-2019"))
            #expect(try await store.delete(id: "shanting-2019"))
            #expect(try await store.plan(id: "shanting-2019") == nil)
            #expect(try await store.delete(id: "shanting-2019") == false)
            // The place stays: regions outlive programmes.
            try await store.save(try Fixtures.plan("shanting-2019"))
            #expect(try await store.count() == 1)
        }
    }

    @Test(arguments: TestEngine.available)
    func plansShareTheirRegions(engine: TestEngine) async throws {
        try await withTestApp(engine) { app, _ in
            let store = FluentPlanStore(database: app.db)
            try await store.save(try Fixtures.plan("pianguan-2023"))
            try await store.save(try Fixtures.plan("jiafeng-2023"))
            // Both hang below 山西省 (140000): one province row, not two.
            let regions = try await FluentRegionStore(database: app.db).regions(underPlan: "pianguan-2023")
            #expect(regions.map(\.name) == ["偏关县"])
            let stored = try #require(try await store.plan(id: "jiafeng-2023"))
            #expect(stored.place.parents.map(\.name) == ["山西省", "晋城市", "沁水县"])
        }
    }

    @Test(arguments: TestEngine.available)
    func migrationsRevertAndReapply(engine: TestEngine) async throws {
        try await withTestApp(engine) { app, _ in
            try await app.autoRevert()
            try await app.autoMigrate()
            let store = FluentPlanStore(database: app.db)
            try await store.save(try Fixtures.plan("yongchuan-2023"))
            #expect(try await store.count() == 1)
        }
    }
}

@Suite struct RegionStoreTests {
    let csv = """
    code,name,level,parent
    140932100,新关镇,镇,偏关县
    140932101,天峰坪镇,township,140932
    ,城关村,村,新关镇
    ,南堡村,village,140932100
    """

    @Test(arguments: TestEngine.available)
    func importsTownshipsAndVillagesBelowAPlace(engine: TestEngine) async throws {
        try await withTestApp(engine) { app, _ in
            try await FluentPlanStore(database: app.db).save(try Fixtures.plan("pianguan-2023"))
            let store = FluentRegionStore(database: app.db)
            let rows = try RegionCSV.parse(csv, file: "r.csv")
            #expect(try await store.importRegions(rows, file: "r.csv", under: "pianguan-2023") == .init(added: 4, updated: 0))
            let regions = try await store.regions(underPlan: "pianguan-2023")
            #expect(regions.count == 5)
            let town = try #require(regions.first { $0.name == "新关镇" })
            #expect(regions.filter { $0.parentID == town.id }.map(\.name).sorted() == ["南堡村", "城关村"])
            // Importing the same file again updates, never duplicates.
            #expect(try await store.importRegions(rows, file: "r.csv", under: nil) == .init(added: 0, updated: 4))
            #expect(try await store.regions(underPlan: "pianguan-2023").count == 5)
        }
    }

    @Test(arguments: TestEngine.available)
    func oneBadRowRejectsTheWholeFile(engine: TestEngine) async throws {
        try await withTestApp(engine) { app, _ in
            try await FluentPlanStore(database: app.db).save(try Fixtures.plan("pianguan-2023"))
            let store = FluentRegionStore(database: app.db)
            let rows = try RegionCSV.parse(csv + "\n,某村,村,不存在的镇\n,重复村,村,新关镇\n,重复村,村,新关镇", file: "r.csv")
            do {
                _ = try await store.importRegions(rows, file: "r.csv", under: "pianguan-2023")
                Issue.record("expected rejection")
            } catch let rejected as InputRejected {
                #expect(rejected.issues.map(\.location.line) == [6, 8])
                #expect(rejected.issues.first?.message.contains("不存在的镇") == true)
            }
            #expect(try await store.regions(underPlan: "pianguan-2023").count == 1)
        }
    }

    @Test(arguments: TestEngine.available)
    func parentsOutsideEveryProgrammeAreRefused(engine: TestEngine) async throws {
        try await withTestApp(engine) { app, _ in
            try await FluentPlanStore(database: app.db).save(try Fixtures.plan("pianguan-2023"))
            let rows = try RegionCSV.parse("code,name,level,parent\n,某镇,镇,忻州市\n", file: "r.csv")
            await #expect(throws: InputRejected.self) {
                try await FluentRegionStore(database: app.db).importRegions(rows, file: "r.csv", under: nil)
            }
        }
    }
}

@Suite struct DatabaseLocationTests {
    @Test func argumentThenEnvironmentThenDefault() {
        #expect(DatabaseLocation.resolve(argument: "x.sqlite", environment: ["DATABASE_URL": "postgres://h/db"]) == .sqliteFile("x.sqlite"))
        #expect(DatabaseLocation.resolve(argument: nil, environment: ["DATABASE_URL": "postgres://h/db"]) == .postgres("postgres://h/db"))
        #expect(DatabaseLocation.resolve(argument: "postgresql://u@h/db", environment: [:]) == .postgres("postgresql://u@h/db"))
        #expect(DatabaseLocation.resolve(argument: nil, environment: [:]) == .sqliteFile("healthcity.sqlite"))
        #expect(DatabaseLocation.resolve(argument: ":memory:", environment: [:]) == .sqliteMemory)
        #expect(!DatabaseLocation.postgres("postgres://u:secret@h/db").description.contains("secret"))
    }
}

@Suite struct PlanCacheTests {
    /// A cached plan is served until its stored revision changes, also when another process
    /// (here: a store without the cache) replaces it.
    @Test(arguments: TestEngine.available)
    func cachedPlansFollowTheirRevision(engine: TestEngine) async throws {
        try await withTestApp(engine) { app, _ in
            let cached = FluentPlanStore(database: app.db, cache: PlanCache())
            var plan = try Fixtures.plan("pianguan-2023")
            try await cached.save(plan)
            #expect(try await cached.plan(id: plan.id) == plan.withStableTaskIDs())
            plan.title = "偏关县（修订）"
            try await FluentPlanStore(database: app.db).save(plan)
            #expect(try await cached.plan(id: plan.id)?.title == "偏关县（修订）")
            #expect(try await cached.delete(id: plan.id))
            #expect(try await cached.plan(id: plan.id) == nil)
        }
    }

    @Test(arguments: TestEngine.available)
    func regionPathsRunFromTheProvinceDown(engine: TestEngine) async throws {
        try await withTestApp(engine) { app, _ in
            try await FluentPlanStore(database: app.db).save(try Fixtures.plan("pianguan-2023"))
            let store = FluentRegionStore(database: app.db)
            let rows = try RegionCSV.parse("code,name,level,parent\n140932100,新关镇,township,偏关县\n,东关村,village,新关镇\n", file: "r.csv")
            _ = try await store.importRegions(rows, file: "r.csv", under: "pianguan-2023")
            let village = try #require(try await store.find("东关村", underPlan: "pianguan-2023").first)
            #expect(try await store.path(to: village.id).map(\.name) == ["山西省", "忻州市", "偏关县", "新关镇", "东关村"])
            let scopes = try await store.programmeScopes()
            #expect(scopes.map(\.planID) == ["pianguan-2023"])
            #expect(scopes[0].regionPath.count == 3)
        }
    }
}
