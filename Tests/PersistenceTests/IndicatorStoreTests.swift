import Domain
import Fluent
import Foundation
import Persistence
import SQLKit
import Testing
import TestSupport
import VaporTesting

/// Indicator figures, their review history, reference values, evidence and settings, on every engine.
@Suite struct IndicatorStoreTests {
    static let planID = "pianguan-2023"

    /// 偏关县 with two townships, and the store.
    struct Setup {
        let app: Application
        let store: FluentIndicatorStore
        let place: Region
        let township: Region

        var sql: any SQLDatabase { app.db as! any SQLDatabase }

        func figure(_ code: String, _ period: Period, _ value: Double, in region: Region? = nil, note: String? = nil,
                    warnings: [String] = []) -> PreparedObservation {
            PreparedObservation(key: ObservationKey(indicator: code, regionID: (region ?? place).id, period: period), line: nil,
                                value: value, numerator: nil, denominator: nil, note: note, sourceUnit: "县卫体局",
                                warnings: warnings)
        }

        @discardableResult
        func record(_ figures: [PreparedObservation], references: [ReferenceValue] = [], _ state: ReviewState,
                    action: ObservationRevision.Action = .created, by actor: String = "测试") async throws -> RecordOutcome {
            try await store.record(figures, references: references, planID: IndicatorStoreTests.planID, state: state,
                                   action: action, by: actor)
        }

        func all() async throws -> [Observation] {
            try await store.observations(planID: IndicatorStoreTests.planID, indicator: nil, regionIDs: nil)
        }

        func only(_ code: String) async throws -> Observation {
            let found = try await store.observations(planID: IndicatorStoreTests.planID, indicator: code, regionIDs: nil)
            try #require(found.count == 1, "\(code): \(found)")
            return found[0]
        }

        func count(_ table: String) async throws -> Int {
            struct Row: Decodable { var n: Int }
            return try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first(decoding: Row.self)?.n ?? -1
        }
    }

    static func withStore(_ engine: TestEngine, _ body: (Setup) async throws -> Void) async throws {
        try await withTestApp(engine) { app, _ in
            try await FluentPlanStore(database: app.db).save(try Fixtures.plan(planID))
            let regions = FluentRegionStore(database: app.db)
            let rows = try RegionCSV.parse("code,name,level,parent\n140932100,新关镇,township,偏关县\n", file: "r.csv")
            _ = try await regions.importRegions(rows, file: "r.csv", under: planID)
            let all = try await regions.regions(underPlan: planID)
            try await body(Setup(app: app, store: FluentIndicatorStore(database: app.db), place: all[0],
                                 township: try #require(all.first { $0.name == "新关镇" })))
        }
    }

    @Test(arguments: TestEngine.available)
    func recordCreatesThenUpdatesWithHistory(engine: TestEngine) async throws {
        try await Self.withStore(engine) { s in
            let first = try await s.record([s.figure("HC38", .year(2023), 30, note: "抽样调查")], .draft, by: "王五")
            #expect(first == RecordOutcome(created: 1, updated: 0))
            let created = try await s.only("HC38")
            #expect(created.value == 30 && created.state == .draft && created.revision == 1 && created.updatedBy == "王五")
            #expect(created.note == "抽样调查" && created.sourceUnit == "县卫体局" && created.period == .year(2023))

            let second = try await s.record([s.figure("HC38", .year(2023), 32, warnings: ["变化大"])], .submitted, by: "李四")
            #expect(second == RecordOutcome(created: 0, updated: 1))
            let updated = try await s.only("HC38")
            #expect(updated.id == created.id, "the same figure, not a second row")
            #expect(updated.value == 32 && updated.state == .submitted && updated.revision == 2 && updated.updatedBy == "李四")
            #expect(updated.note == "抽样调查", "a figure without a note keeps the earlier one")
            #expect(updated.warnings == ["变化大"])

            _ = try await s.record([s.figure("HC38", .year(2023), 33)], .submitted, action: .imported, by: "导入")
            let history = try await s.store.history(observationID: created.id)
            #expect(history.map(\.revision) == [1, 2, 3])
            #expect(history.map(\.action) == [.created, .edited, .imported])
            #expect(history.map(\.value) == [30, 32, 33])
            #expect(history.map(\.state) == [.draft, .submitted, .submitted])
            #expect(history.map(\.actor) == ["王五", "李四", "导入"])
            #expect(history.first?.note == "抽样调查")
            #expect(try await s.all().count == 1)
        }
    }

    @Test(arguments: TestEngine.available)
    func anApprovedFigureIsLockedAndTheBatchIsWholeOrNothing(engine: TestEngine) async throws {
        try await Self.withStore(engine) { s in
            try await s.record([s.figure("HC38", .year(2023), 30)], .approved)
            try await s.record([s.figure("HC39", .year(2023), 25)], .draft)
            let before = try await s.all()
            let reference = ReferenceValue(indicator: "HC40", kind: .province, year: 2023, value: 35)
            // An update and a reference are written before the locked figure is reached: both must be undone.
            let batch = [s.figure("HC39", .year(2023), 20), s.figure("HC40", .year(2023), 40),
                         s.figure("HC38", .year(2023), 31)]
            await #expect(throws: IndicatorStoreError.locked(batch[2].key)) {
                try await s.record(batch, references: [reference], .submitted)
            }
            #expect(try await s.all() == before, "nothing in the batch was written")
            #expect(try await s.store.references(planID: Self.planID) == ReferenceValue.national)
            #expect(try await s.count("observation_revisions") == 2)
            #expect(IndicatorStoreError.locked(batch[2].key).description.contains("已审核锁定"))
        }
    }

    @Test(arguments: TestEngine.available)
    func transitionsApproveReturnAndReopenWithHistory(engine: TestEngine) async throws {
        try await Self.withStore(engine) { s in
            try await s.record([s.figure("HC38", .year(2023), 30), s.figure("HC40", .year(2023), 35, in: s.township)], .submitted)
            let ids = try await s.all().map(\.id)
            let approved = try await s.store.transition(ids, planID: Self.planID, to: .approved, action: .approved, note: nil,
                                                        by: "创建办")
            #expect(approved.map(\.state) == [.approved, .approved])
            #expect(approved.allSatisfy { $0.revision == 2 && $0.updatedBy == "创建办" })

            let hc38 = try await s.only("HC38")
            let reopened = try await s.store.transition([hc38.id], planID: Self.planID, to: .returned, action: .reopened,
                                                        note: "抽样口径有误", by: "创建办")
            #expect(reopened.map(\.state) == [.returned])
            // Reopened, it may be corrected and submitted again.
            try await s.record([s.figure("HC38", .year(2023), 29)], .submitted, by: "联络员")
            _ = try await s.store.transition([hc38.id], planID: Self.planID, to: .returned, action: .returned,
                                             note: "请附调查报告", by: "创建办")

            let history = try await s.store.history(observationID: hc38.id)
            #expect(history.map(\.action) == [.created, .approved, .reopened, .edited, .returned])
            #expect(history.map(\.state) == [.submitted, .approved, .returned, .submitted, .returned])
            #expect(history.map(\.note) == [nil, nil, "抽样口径有误", nil, "请附调查报告"])
            #expect(history.last?.value == 29)
            #expect(try await s.only("HC40").state == .approved, "only the figure named moved")

            // An unknown id moves nothing, not even the known ones beside it.
            let unknown = UUID()
            await #expect(throws: IndicatorStoreError.notFound(unknown)) {
                try await s.store.transition([hc38.id, unknown], planID: Self.planID, to: .approved, action: .approved,
                                             note: nil, by: "创建办")
            }
            // Nor does another programme's id reach this programme's figures.
            await #expect(throws: IndicatorStoreError.notFound(hc38.id)) {
                try await s.store.transition([hc38.id], planID: "longnan-2024", to: .approved, action: .approved,
                                             note: nil, by: "创建办")
            }
            #expect(try await s.only("HC38").state == .returned)
            #expect(try await s.store.history(observationID: hc38.id).count == 5)
        }
    }

    @Test(arguments: TestEngine.available)
    func annualValuesUseOnlySubmittedAndApprovedYears(engine: TestEngine) async throws {
        try await Self.withStore(engine) { s in
            try await s.record([s.figure("HC38", .year(2022), 20)], .draft)
            try await s.record([s.figure("HC38", .year(2023), 30), s.figure("HC38", Period(year: 2023, kind: .quarter, index: 1), 99),
                                s.figure("HC38", Period(year: 2023, kind: .month, index: 3), 98)], .submitted)
            try await s.record([s.figure("HC40", .year(2023), 35, in: s.township)], .approved)
            try await s.record([s.figure("HC39", .year(2023), 25)], .submitted)
            let hc39 = try await s.only("HC39")
            _ = try await s.store.transition([hc39.id], planID: Self.planID, to: .returned, action: .returned, note: "有误", by: "办")

            let annual = try await s.store.annualValues(planID: Self.planID)
            #expect(annual == ["HC38": [s.place.id: [2023: 30]], "HC40": [s.township.id: [2023: 35]]])
            #expect(try await s.store.annualValues(planID: "longnan-2024").isEmpty)

            let states = try await s.store.states(planID: Self.planID)
            #expect(states.count == 6)
            #expect(states[ObservationKey(indicator: "HC38", regionID: s.place.id, period: .year(2022))] == .draft)
            #expect(states[ObservationKey(indicator: "HC39", regionID: s.place.id, period: .year(2023))] == .returned)
            #expect(states[ObservationKey(indicator: "HC38", regionID: s.place.id,
                                          period: Period(year: 2023, kind: .quarter, index: 1))] == .submitted)

            // Filters of the observation list.
            #expect(try await s.store.observations(planID: Self.planID, indicator: "HC38", regionIDs: nil).count == 4)
            #expect(try await s.store.observations(planID: Self.planID, indicator: nil, regionIDs: [s.township.id])
                .map(\.indicator) == ["HC40"])
        }
    }

    @Test(arguments: TestEngine.available)
    func referencesMergeShippedNationalFiguresWithTheProgrammes(engine: TestEngine) async throws {
        try await Self.withStore(engine) { s in
            let shipped = try #require(ReferenceValue.national.first { $0.indicator == "HC38" && $0.year == 2023 })
            #expect(shipped.value == 29.70)
            #expect(try await s.store.references(planID: Self.planID) == ReferenceValue.national)

            let own = ReferenceValue(indicator: "HC38", kind: .national, year: 2023, value: 30.1, source: "本地公报")
            try await s.store.saveReference(own, planID: Self.planID, by: "创建办")
            try await s.store.saveReference(ReferenceValue(indicator: "HC38", kind: .province, year: 2023, value: 27),
                                            planID: Self.planID, by: "创建办")
            // Saving the same key again changes the figure rather than adding a row.
            try await s.store.saveReference(ReferenceValue(indicator: "HC38", kind: .province, year: 2023, value: 28, source: "省公报"),
                                            planID: Self.planID, by: "创建办")
            let merged = try await s.store.references(planID: Self.planID)
            let hc38in2023 = merged.filter { $0.indicator == "HC38" && $0.year == 2023 }
            #expect(hc38in2023.count == 2)
            #expect(hc38in2023.first { $0.kind == .national } == own, "the programme's figure wins for the same year")
            #expect(hc38in2023.first { $0.kind == .province }?.value == 28)
            #expect(hc38in2023.first { $0.kind == .province }?.source == "省公报")
            #expect(merged.contains { $0.indicator == "HC38" && $0.kind == .national && $0.year == 2024 && $0.value == 31.87 },
                    "other shipped years stay")
            #expect(merged.count == ReferenceValue.national.count + 1)
            #expect(try await s.store.references(planID: "longnan-2024") == ReferenceValue.national,
                    "another programme sees only the shipped figures")

            try await s.store.deleteReference(indicator: "HC38", kind: .national, year: 2023, planID: Self.planID)
            #expect(try await s.store.references(planID: Self.planID).first { $0.indicator == "HC38" && $0.kind == .national
                && $0.year == 2023 } == shipped, "deleting the programme's figure brings the shipped one back")
        }
    }

    @Test(arguments: TestEngine.available)
    func evidenceIsStoredOnceByHash(engine: TestEngine) async throws {
        try await Self.withStore(engine) { s in
            let bytes = Data("调查报告 2023".utf8)
            let digest = String(repeating: "ab", count: 32)
            let first = try await s.store.storeEvidence(bytes, sha256: digest, fileName: "报告.pdf", contentType: "application/pdf")
            let second = try await s.store.storeEvidence(bytes, sha256: digest, fileName: "副本.pdf", contentType: "text/plain")
            #expect(first == EvidenceRef(sha256: digest, fileName: "报告.pdf", size: bytes.count))
            #expect(second == EvidenceRef(sha256: digest, fileName: "副本.pdf", size: bytes.count), "each figure keeps its own name")
            #expect(try await s.count("evidence_files") == 1)
            let stored = try #require(try await s.store.evidence(sha256: digest))
            #expect(stored.data == bytes && stored.contentType == "application/pdf")
            #expect(try await s.store.evidence(sha256: String(repeating: "0", count: 64)) == nil)

            var figure = s.figure("HC38", .year(2023), 30)
            figure.evidence = second
            try await s.record([figure], .draft)
            #expect(try await s.only("HC38").evidence == second)
            // A later figure without a file keeps the evidence.
            try await s.record([s.figure("HC38", .year(2023), 31)], .draft)
            #expect(try await s.only("HC38").evidence == second)
        }
    }

    @Test(arguments: TestEngine.available)
    func settingsRoundTrip(engine: TestEngine) async throws {
        try await Self.withStore(engine) { s in
            #expect(try await s.store.settings(planID: Self.planID) == ProgrammeSettings())
            let settings = ProgrammeSettings(baselineYear: 2021, endYear: 2025, sourceUnits: ["HC38": "县疾控中心"],
                                             expertWeights: ["HC38": 2, "HC40": 0.5],
                                             validation: ValidationSettings(jumpThreshold: 0.3, ratioTolerance: 0.1),
                                             substitution: [.reference])
            try await s.store.saveSettings(settings, planID: Self.planID, by: "创建办")
            #expect(try await s.store.settings(planID: Self.planID) == settings)
            var changed = settings
            changed.baselineYear = nil
            changed.sourceUnits = [:]
            try await s.store.saveSettings(changed, planID: Self.planID, by: "创建办")
            #expect(try await s.store.settings(planID: Self.planID) == changed)
            #expect(try await s.store.settings(planID: "longnan-2024") == ProgrammeSettings())
            #expect(try await s.count("indicator_settings") == 1)
        }
    }

    @Test(arguments: TestEngine.available)
    func replacingThePlanKeepsItsData(engine: TestEngine) async throws {
        try await Self.withStore(engine) { s in
            try await s.record([s.figure("HC38", .year(2023), 30), s.figure("HC40", .year(2023), 35, in: s.township)], .approved)
            try await s.store.saveReference(ReferenceValue(indicator: "HC38", kind: .province, year: 2023, value: 28),
                                            planID: Self.planID, by: "创建办")
            try await s.store.saveSettings(ProgrammeSettings(baselineYear: 2022), planID: Self.planID, by: "创建办")
            let observations = try await s.all()

            var plan = try Fixtures.plan(Self.planID)
            plan.title = "偏关县创建省级健康促进县工作实施方案（修订）"
            plan.indicators.removeLast()
            #expect(try await FluentPlanStore(database: s.app.db).save(plan) == .replaced)

            #expect(try await s.all() == observations)
            #expect(try await s.store.annualValues(planID: Self.planID).count == 2)
            #expect(try await s.store.references(planID: Self.planID).contains { $0.kind == .province && $0.value == 28 })
            #expect(try await s.store.settings(planID: Self.planID).baselineYear == 2022)
            #expect(try await FluentRegionStore(database: s.app.db).regions(underPlan: Self.planID).map(\.id)
                    == [s.place.id, s.township.id], "the place and its townships are the same rows")
        }
    }

    /// A programme of a township (乡, 街道: the importer gives such a place the township level) compares the
    /// regions below it, never the township itself; a county's programme its townships.
    @Test(arguments: TestEngine.available)
    func aProgrammesPlaceIsNeverOneOfItsTownships(engine: TestEngine) async throws {
        try await Self.withStore(engine) { s in
            var plan = try Fixtures.plan("jiafeng-2023")
            plan.id = "xiangzhen-2023"
            plan.place = Place(name: "某某乡", level: .township, code: "140521201", parents: plan.place.parents)
            let plans = FluentPlanStore(database: s.app.db)
            try await plans.save(plan)
            let flow = IndicatorWorkflow(plans: plans, regions: FluentRegionStore(database: s.app.db), store: s.store,
                                         today: .endOfYear(2024))
            let township = try await flow.programme(plan.id)
            #expect(township.place.name == "某某乡" && township.place.level == .township)
            #expect(township.townships.isEmpty, "\(township.townships.map(\.name))")
            let county = try await flow.programme(Self.planID)
            #expect(county.townships.map(\.name) == ["新关镇"])
        }
    }

    /// Before 0010 `plan_indicators.target` held the document's wording; the migration moves it to `target_text`.
    @Test(arguments: TestEngine.available)
    func migration0010MovesTheWordingToTargetText(engine: TestEngine) async throws {
        try await withTestApp(engine) { app, _ in
            try await FluentPlanStore(database: app.db).save(try Fixtures.plan(Self.planID))
            let migration = try #require(SchemaMigrations.all.first { $0.name == "0010-create-indicator-data" })
            // A later migration that changes 0010's tables is undone first and done again after it.
            let intervals = try #require(SchemaMigrations.all.first { $0.name == "0013-add-observation-intervals" })
            let sql = app.db as! any SQLDatabase
            // Back to the schema of 0009, with a row as it was written then. One connection throughout, as the
            // migrator uses: on the in-memory engine a pooled connection could see the schema of before the drop.
            try await app.db.withConnection { db in
                let sql = db as! any SQLDatabase
                try await intervals.revert(on: db)
                try await migration.revert(on: db)
                try await sql.raw("UPDATE plan_indicators SET target = \(bind: "高于全省平均水平20%") WHERE code = \(bind: "HC38")").run()
                try await sql.raw("UPDATE plan_indicators SET target = NULL WHERE code <> \(bind: "HC38")").run()
                // Plans were not yet kept as revisions then: the relational tables were the plan.
                try await sql.raw("DELETE FROM plan_revisions").run()
                try await migration.prepare(on: db)
                try await intervals.prepare(on: db)
            }

            struct Row: Decodable { var code: String; var target: String?; var target_text: String? }
            let rows = try await sql.raw("SELECT code, target, target_text FROM plan_indicators ORDER BY position")
                .all(decoding: Row.self)
            #expect(rows.count == 7)
            #expect(rows.first { $0.code == "HC38" }.map { [$0.target, $0.target_text] } == [nil, "高于全省平均水平20%"])
            #expect(rows.allSatisfy { $0.target == nil })
            let plan = try #require(try await FluentPlanStore(database: app.db).plan(id: Self.planID))
            let hc38 = try #require(plan.indicators.first { $0.code == "HC38" })
            #expect(hc38.text == "高于全省平均水平20%" && hc38.target == nil)
            // The new tables are there and usable.
            #expect(try await FluentIndicatorStore(database: app.db).observations(planID: Self.planID, indicator: nil,
                                                                                   regionIDs: nil).isEmpty)
        }
    }
}
