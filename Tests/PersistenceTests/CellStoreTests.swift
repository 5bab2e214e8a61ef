import Domain
import Fluent
import Foundation
import Persistence
import SQLKit
import Testing
import TestSupport
import VaporTesting

/// The healthy-cell register on every engine: imports whole or not at all, counts kept in step with every
/// change, the lifecycle, assessments, and each seed plan's cell targets judged from a register.
@Suite struct CellStoreTests {
    /// A programme's place with two townships of two villages each, and the stores.
    struct Setup {
        let app: Application
        let plan: Plan
        let workflow: CellWorkflow
        var store: any CellStore { workflow.cells }

        func programme() async throws -> CellWorkflow.Programme { try await workflow.programme(plan.id) }

        func importCSV(_ text: String, file: String = "cells.csv") async throws -> CellImportResult {
            let rows = try TableFile.rows(data: Data(text.utf8), fileName: file)
            return try await workflow.importRegister(TableRowSource(rows: rows, fileName: file), into: try await programme(), actor: "测试")
        }

        func coverage() async throws -> [CoverageEntry] { try await workflow.coverage(try await programme()) }

        func places() async throws -> [CellPlace] {
            try await store.places(CellQuery(limit: 10_000)).places
        }
    }

    static func withSetup(_ engine: TestEngine, plan id: String = "pianguan-2023", _ body: (Setup) async throws -> Void) async throws {
        try await withTestApp(engine) { app, _ in
            let plan = try Fixtures.plan(id)
            let plans = FluentPlanStore(database: app.db)
            try await plans.save(plan)
            let place = plan.place.name
            let regions = """
            code,name,level,parent
            ,甲镇,township,\(place)
            ,甲一村,village,甲镇
            ,甲二村,village,甲镇
            ,乙乡,township,\(place)
            ,乙一村,village,乙乡
            ,乙二村,village,乙乡
            """
            // A town's programme has villages directly below it.
            let townRegions = """
            code,name,level,parent
            ,甲村,village,\(place)
            ,乙村,village,\(place)
            """
            let text = plan.place.level == .town ? townRegions : regions
            _ = try await FluentRegionStore(database: app.db).importRegions(try RegionCSV.parse(text, file: "r.csv"), file: "r.csv", under: id)
            let workflow = CellWorkflow(plans: plans, regions: FluentRegionStore(database: app.db), cells: FluentCellStore(database: app.db))
            try await body(Setup(app: app, plan: plan, workflow: workflow))
        }
    }

    static let header = "type,name,region,subkind,eligible,status,certified_on,code\n"

    // MARK: Import

    @Test(arguments: TestEngine.available)
    func importKeepsCountsForEveryLevel(engine: TestEngine) async throws {
        try await Self.withSetup(engine) { s in
            let result = try await s.importCSV(Self.header + """
            school,甲镇小学,偏关县/甲镇,primary,,certified,2024-05-01,
            school,甲镇中学,甲镇,secondary,,applied,,
            school,甲镇幼儿园,甲镇,kindergarten,,certified,2024-05-01,
            school,乙乡小学,乙乡,primary,,none,,
            family,张三,甲镇/甲一村,,,certified,2024-06-01,001
            family,张三,甲镇/甲一村,,,none,,002
            family,李四,乙乡/乙二村,,,certified,2024-06-01,
            """)
            #expect(result == CellImportResult(rows: 7, added: 7, updated: 0, unchanged: 0))
            let p = try await s.programme()
            let town = try #require(p.townships.first { $0.name == "甲镇" })
            let counts = try await s.store.counts(regionIDs: [p.place.id, town.id])
            func total(_ region: Region, _ cell: String) -> (Int, Int, Int) {
                counts.filter { $0.regionID == region.id && $0.cell == cell }.reduce((0, 0, 0)) { ($0.0 + $1.places, $0.1 + $1.eligible, $0.2 + $1.certified) }
            }
            // The kindergarten is registered but does not count towards HC19.
            #expect(total(p.place, "school") == (4, 3, 1))
            #expect(total(town, "school") == (3, 2, 1))
            #expect(total(p.place, "family") == (3, 3, 2))
            // The city and province above the county are counted too (a province's board reads them).
            let path = try await FluentRegionStore(database: s.app.db).path(to: p.place.id)
            let province = try #require(path.first)
            #expect(try await s.store.counts(regionIDs: [province.id]).filter { $0.cell == "family" }.map(\.certified) == [2])
            let history = try await s.store.history(of: try #require(try await s.places().first { $0.name == "李四" }).id)
            #expect(history.map(\.to) == [.certified])
        }
    }

    @Test(arguments: TestEngine.available)
    func aBadFileChangesNothing(engine: TestEngine) async throws {
        try await Self.withSetup(engine) { s in
            _ = try await s.importCSV(Self.header + "community,甲一村,甲镇/甲一村,village,,certified,2024-01-02,\n")
            var text = Self.header
            for i in 1...100 { text += "family,户主\(i),甲镇/甲二村,,,applied,,\(i)\n" }
            text += "family,户主x,丙镇,,,applied,,x1\n"          // unknown region (line 102)
            text += "hotel,某宾馆,甲镇,,,,,\n"                     // unknown type (line 103)
            text += "family,户主5,甲镇/甲二村,,,applied,,5\n"      // the same household again (line 104)
            text += "community,甲一村,甲镇/甲一村,village,,none,,\n" // would change a stored place
            await #expect(throws: InputRejected.self) { try await s.importCSV(text) }
            do { _ = try await s.importCSV(text) } catch let rejected as InputRejected {
                #expect(rejected.issues.map(\.location.line) == [102, 103, 104])
                #expect(rejected.issues.map { $0.location.field?.description ?? "" } == ["region", "type", "code"])
                #expect(rejected.issues[2].message.contains("第 6 行"))
            }
            let places = try await s.places()
            #expect(places.count == 1)
            #expect(places[0].status == .certified)
            let p = try await s.programme()
            #expect(try await s.store.counts(regionIDs: [p.place.id]).map(\.places) == [1])
        }
    }

    @Test(arguments: TestEngine.available)
    func reimportUpdatesAndKeepsCountsRight(engine: TestEngine) async throws {
        try await Self.withSetup(engine) { s in
            _ = try await s.importCSV(Self.header + """
            enterprise,甲厂,甲镇,large,,certified,2023-03-01,91140932AAA
            enterprise,乙厂,乙乡,medium,,applied,,91140932BBB
            """)
            let again = try await s.importCSV(Self.header + """
            enterprise,甲厂（更名）,甲镇,large,,revoked,2023-03-01,91140932AAA
            enterprise,乙厂,乙乡,medium,,applied,,91140932BBB
            enterprise,丙厂,乙乡,small,,certified,2024-01-01,91140932CCC
            """)
            #expect(again == CellImportResult(rows: 3, added: 1, updated: 1, unchanged: 1))
            let p = try await s.programme()
            let counts = try await s.store.counts(regionIDs: [p.place.id]).filter { $0.cell == "enterprise" }
            #expect(counts.reduce(0) { $0 + $1.places } == 3)
            #expect(counts.reduce(0) { $0 + $1.eligible } == 2)   // the small one is not eligible
            #expect(counts.reduce(0) { $0 + $1.certified } == 0)  // 甲厂 was revoked, 丙厂 is small
        }
    }

    // MARK: Lifecycle and assessments

    @Test(arguments: TestEngine.available)
    func lifecycleAssessmentAndCertification(engine: TestEngine) async throws {
        try await Self.withSetup(engine) { s in
            let p = try await s.programme()
            let town = try #require(p.townships.first)
            let place = try await s.store.add(CellPlace(cell: "agency", subkind: "organ", name: "县卫体局", regionID: town.id), actor: "办公室")
            await #expect(throws: CellStoreError.self) {
                try await s.store.add(CellPlace(cell: "agency", name: "县卫体局", regionID: town.id), actor: "办公室")
            }
            let assessment = CellAssessment(placeID: place.id, sheetID: "agency", assessor: "专家", assessedOn: LocalDate(year: 2025, month: 3, day: 1)!,
                                            entriesJSON: "{}", resultJSON: "{}", total: 88, proposal: .pass, reasons: [])
            // Not yet applied: nothing to assess.
            await #expect(throws: CellStoreError.self) { try await s.store.saveAssessments([assessment]) }
            _ = try await s.store.transition(place.id, to: .applied, on: nil, reason: nil, actor: "乡镇")
            await #expect(throws: CellStoreError.self) {
                try await s.store.transition(place.id, to: .certified, on: nil, reason: nil, actor: "乡镇")
            }
            try await s.store.saveAssessments([assessment])
            let decided = try await s.store.decide(assessment.id, confirm: true, on: LocalDate(year: 2025, month: 3, day: 5)!, note: nil, actor: "办公室")
            #expect(decided.state == .confirmed)
            let named = try #require(try await s.store.place(id: place.id))
            #expect(named.status == .certified && named.certifiedOn == LocalDate(year: 2025, month: 3, day: 5))
            await #expect(throws: CellStoreError.self) {
                try await s.store.decide(assessment.id, confirm: true, on: LocalDate(year: 2025, month: 3, day: 5)!, note: nil, actor: "办公室")
            }
            #expect(try await s.store.counts(regionIDs: [p.place.id]).first { $0.cell == "agency" }?.certified == 1)
            // Revoking needs a reason, takes the name away, and a revoked place cannot be scored.
            await #expect(throws: CellStoreError.self) { try await s.store.transition(place.id, to: .revoked, on: nil, reason: " ", actor: "办公室") }
            _ = try await s.store.transition(place.id, to: .revoked, on: LocalDate(year: 2026, month: 1, day: 1), reason: "复审不合格", actor: "办公室")
            #expect(try await s.store.counts(regionIDs: [p.place.id]).first { $0.cell == "agency" }?.certified == 0)
            let second = CellAssessment(placeID: place.id, sheetID: "agency", assessor: "专家", assessedOn: LocalDate(year: 2026, month: 2, day: 1)!,
                                        entriesJSON: "{}", resultJSON: "{}", total: 90, proposal: .pass, reasons: [])
            await #expect(throws: CellStoreError.self) { try await s.store.saveAssessments([second]) }
            let history = try await s.store.history(of: place.id)
            #expect(history.map(\.to) == [.applied, .certified, .revoked])
            #expect(history.last?.reason == "复审不合格")
            // Taking the place out of the denominator follows into the counts.
            var changed = try #require(try await s.store.place(id: place.id))
            changed.eligible = false
            let opened = changed.updatedAt.timeIntervalSince1970
            _ = try await s.store.update(changed, actor: "办公室", expectedVersion: opened)
            #expect(try await s.store.counts(regionIDs: [p.place.id]).first { $0.cell == "agency" }?.eligible == 0)
            // A second save from the same opened form is refused: the place changed since it was shown.
            changed.note = "另一个标签页"
            await #expect(throws: CellStoreError.self) { _ = try await s.store.update(changed, actor: "乡镇", expectedVersion: opened) }
            #expect(try await s.store.place(id: place.id)?.note != "另一个标签页")
        }
    }

    @Test(arguments: TestEngine.available)
    func registerQueriesFilterAndPage(engine: TestEngine) async throws {
        try await Self.withSetup(engine) { s in
            var text = Self.header
            for i in 1...30 { text += "family,王\(i),甲镇/甲一村,,,\(i % 3 == 0 ? "certified,2024-01-01" : "applied,"),\(i)\n" }
            text += "family,李_1,乙乡/乙一村,,,none,,x\n"
            _ = try await s.importCSV(text)
            let p = try await s.programme()
            let town = try #require(p.townships.first { $0.name == "甲镇" })
            let certified = try await s.store.places(CellQuery(cell: "family", status: .certified, regionIDs: p.regionIDs(inside: town.id), limit: 5))
            #expect(certified.total == 10 && certified.places.count == 5)
            // `_` is a literal, not a wildcard.
            #expect(try await s.store.places(CellQuery(text: "李_")).total == 1)
            #expect(try await s.store.places(CellQuery(text: "_")).total == 1)
        }
    }

    /// The register speaks for the coverage indicators, counted as at the end of each year: a school named in
    /// a later year does not count toward an earlier year's verdict, and one revoked stops counting from then.
    /// Without the register the same workflow has no figure for them.
    @Test(arguments: TestEngine.available)
    func registerFeedsTheIndicatorVerdicts(engine: TestEngine) async throws {
        try await Self.withSetup(engine) { s in
            func flow(cells: (any CellStore)?) -> IndicatorWorkflow {
                IndicatorWorkflow(plans: FluentPlanStore(database: s.app.db), regions: FluentRegionStore(database: s.app.db),
                                  store: FluentIndicatorStore(database: s.app.db), today: .endOfYear(2030), cells: cells)
            }
            let programme = try await flow(cells: s.store).programme(s.plan.id)
            let last = programme.indicators.evaluationYears.upperBound
            _ = try await s.importCSV(Self.header + """
            school,甲镇小学,甲镇,primary,,certified,\(last)-05-01,
            school,乙乡小学,乙乡,primary,,applied,,
            school,乙乡中学,乙乡,secondary,,certified,\(last)-05-01,
            school,乙乡幼儿园,乙乡,kindergarten,,none,,
            """)
            func hc19(_ year: Int) async throws -> EvaluationEntry {
                let judged = try await flow(cells: s.store).evaluate(s.plan.id, year: year)
                return try #require(judged.first { $0.indicator == "HC19" && $0.regionID == programme.place.id })
            }
            let named = try await hc19(last)
            #expect(named.verdict == .met, "\(named.reason)")          // 2 of 3 schools: 66.7% ≥ 50%
            #expect(named.value.map { ($0 * 10).rounded() / 10 } == 66.7)
            #expect(named.source == .register && named.sourceNote.contains("截至\(last)年底"), "\(named.sourceNote)")
            let before = try await hc19(last - 1)
            #expect(before.value == 0 && before.verdict == .notMet, "named in \(last) does not count for \(last - 1)")

            // Revoked in the last year: it counts no more for that year.
            let school = try #require(try await s.store.places(CellQuery(text: "乙乡中学")).places.first)
            _ = try await s.store.transition(school.id, to: .revoked, on: LocalDate(year: last, month: 11, day: 1), reason: "复审", actor: "办公室")
            #expect(try await hc19(last).value.map { ($0 * 10).rounded() / 10 } == 33.3)

            let without = try await flow(cells: nil).evaluate(s.plan.id, year: last)
            #expect(without.first { $0.indicator == "HC19" && $0.region == s.plan.place.name }?.verdict == .noData)
        }
    }

    // MARK: Seed programmes

    /// Each seed plan's cell targets, judged from a register built for the test: for a share of p%, 50 eligible
    /// places of which p/2 are named (exactly p%: met); for a count of c, c named in the first township and c−1
    /// in the second. Then one named place of each kind in the first township is revoked.
    @Test(arguments: Fixtures.seedPlanIDs)
    func seedPlanTargetsFromARegister(id: String) async throws {
        try await Self.withSetup(.sqlite, plan: id) { s in
            let p = try await s.programme()
            let plan = s.plan
            guard !plan.cellTargets.isEmpty else {
                #expect(try await s.coverage().isEmpty)
                return
            }
            let first = try #require(p.townships.first), second = try #require(p.townships.last)
            var text = Self.header
            var n = 0
            func row(_ cell: String, in region: Region, certified: Bool, eligible: Bool = true) {
                n += 1
                text += "\(cell),\(cell)\(n),\(region.code ?? region.name),,\(eligible),\(certified ? "certified,2024-06-01" : "applied,"),c\(n)\n"
            }
            let kinds = Set(plan.cellTargets.map(\.cell))
            var shareOf: [String: Double] = [:]
            for target in plan.cellTargets { if let share = target.atLeastPercent { shareOf[target.cell] = share } }
            // Count kinds: the county-wide count in the first township, one short of the per-township count in the second.
            var named: [String: (first: Int, second: Int)] = [:]
            for cell in kinds.sorted() {
                if let share = shareOf[cell] {
                    let count = Int(share / 2)
                    for i in 0..<50 { row(cell, in: i < 30 ? first : second, certified: i < count) }
                    row(cell, in: second, certified: true, eligible: false) // named but outside the denominator
                } else {
                    let targets = plan.cellTargets.filter { $0.cell == cell }
                    let perTownship = targets.first { $0.per == .township }?.atLeastCount
                    let wide = targets.filter { $0.per == nil }.compactMap(\.atLeastCount).max()
                    let counts = (first: wide ?? perTownship!, second: (perTownship ?? wide!) - 1)
                    named[cell] = counts
                    for _ in 0..<counts.first { row(cell, in: first, certified: true) }
                    for _ in 0..<counts.second { row(cell, in: second, certified: true) }
                }
            }
            _ = try await s.importCSV(text)
            let entries = try await s.coverage()
            for (index, target) in plan.cellTargets.enumerated() {
                let atPlace = try #require(entries.first { $0.targetIndex == index && $0.regionID == p.place.id })
                let label = "\(id) \(target.label ?? target.cell)"
                if let share = target.atLeastPercent {
                    #expect(atPlace.eligible == 50 && atPlace.certified == Int(share / 2), "\(label)")
                    #expect(atPlace.met == true && atPlace.gap == 0, "\(label)")
                } else if let c = target.atLeastCount, let counts = named[target.cell] {
                    if target.per == .township {
                        let each = entries.filter { $0.targetIndex == index && $0.regionID != p.place.id }
                        #expect(each.map(\.certified) == [counts.first, counts.second], "\(label)")
                        #expect(each.map(\.met) == [counts.first >= c, counts.second >= c], "\(label)")
                        #expect(atPlace.met == (counts.first >= c && counts.second >= c), "\(label)")
                        #expect(atPlace.gap == max(0, c - counts.first) + max(0, c - counts.second), "\(label)")
                    } else {
                        #expect(atPlace.certified == counts.first + counts.second, "\(label)")
                        #expect(atPlace.met == (counts.first + counts.second >= c), "\(label)")
                    }
                } else {
                    // A count target for a kind that also has a share target: the named places of that kind.
                    let total = Int(shareOf[target.cell]! / 2)
                    #expect(atPlace.certified == total && atPlace.met == (total >= target.atLeastCount!), "\(label)")
                }
            }
            // One fewer named place of every kind in the first township: every share target now falls short by one.
            for cell in kinds where shareOf[cell] != nil {
                let named = try await s.store.places(CellQuery(cell: cell, status: .certified, regionIDs: p.regionIDs(inside: first.id), limit: 1)).places
                _ = try await s.store.transition(try #require(named.first).id, to: .revoked, on: nil, reason: "测试", actor: "测试")
            }
            let after = try await s.coverage()
            for (index, target) in plan.cellTargets.enumerated() where target.atLeastPercent != nil {
                let atPlace = try #require(after.first { $0.targetIndex == index && $0.regionID == p.place.id })
                #expect(atPlace.met == false && atPlace.gap == 1, "\(id) \(target.cell)")
            }
        }
    }
}
