import Domain
import Fluent
import Foundation
import Persistence
import Testing
import TestSupport
import VaporTesting

/// Surveys and responses on every engine: settings round-trip, batches whole or not at all, resent interviews
/// recognised, progress by township, deletion in the audit log, and a figure's confidence interval kept.
@Suite struct SurveyStoreTests {
    struct Setup {
        let app: Application
        let store: FluentSurveyStore
        let towns: [Region]
        let place: Region
    }

    static func withSetup(_ engine: TestEngine, _ body: (Setup) async throws -> Void) async throws {
        try await withTestApp(engine) { app, _ in
            let plan = try Fixtures.plan("pianguan-2023")
            try await FluentPlanStore(database: app.db).save(plan)
            let text = """
            code,name,level,parent
            ,甲镇,township,\(plan.place.name)
            ,乙乡,township,\(plan.place.name)
            """
            let regions = FluentRegionStore(database: app.db)
            _ = try await regions.importRegions(try RegionCSV.parse(text, file: "r.csv"), file: "r.csv", under: plan.id)
            let all = try await regions.regions(underPlan: plan.id)
            let towns = all.filter { $0.level == .township }.sorted { $0.name < $1.name }
            let place = try #require(all.first { $0.name == plan.place.name })
            try await body(Setup(app: app, store: FluentSurveyStore(database: app.db), towns: towns, place: place))
        }
    }

    static let actor = SurveyActor(name: "创建办", id: nil)

    static func survey(_ s: Setup) -> Survey {
        Survey(planID: "pianguan-2023", name: "2025年健康素养调查", questionnaireID: "health-literacy", year: 2025,
               quotas: [SurveyQuota(regionID: s.towns[0].id, planned: 3, population: 12000), SurveyQuota(regionID: s.towns[1].id, planned: 2)],
               populationTotals: PopulationTotals(variables: ["sex"], totals: ["男": 100, "女": 90]), createdBy: "创建办")
    }

    static func response(_ survey: Survey, _ code: String, _ town: Region, key: String? = nil, source: ResponseSource = .form) -> SurveyResponse {
        SurveyResponse(surveyID: survey.id, respondent: code, regionID: town.id, village: "一村", weight: source == .file ? 1.5 : nil,
                       answers: ["sex": "男", "q01": "对"], source: source, submissionKey: key, enteredBy: "专干")
    }

    @Test(arguments: TestEngine.available)
    func settingsAndResponsesRoundTrip(engine: TestEngine) async throws {
        try await Self.withSetup(engine) { s in
            var survey = Self.survey(s)
            try await s.store.save(survey, by: Self.actor)
            #expect(try await s.store.survey(id: survey.id) == survey.withStoredDates(from: try await s.store.survey(id: survey.id)))
            survey.status = .closed
            survey.quotas[1].planned = 5
            try await s.store.save(survey, by: Self.actor)
            let loaded = try #require(try await s.store.survey(id: survey.id))
            #expect(loaded.status == .closed && loaded.quotas.map(\.planned) == [3, 5] && loaded.quotas[0].population == 12000)
            #expect(loaded.populationTotals?.totals["女"] == 90)
            #expect(try await s.store.surveys(planID: "pianguan-2023").map(\.id) == [survey.id])
            let audit = try await FluentAuditStore(database: s.app.db).entries(planID: "pianguan-2023", limit: 10, offset: 0)
            #expect(audit.map(\.action).sorted() == ["survey.create", "survey.update"])
        }
    }

    @Test(arguments: TestEngine.available)
    func batchesGoInWholeOrNotAtAll(engine: TestEngine) async throws {
        try await Self.withSetup(engine) { s in
            let survey = Self.survey(s)
            try await s.store.save(survey, by: Self.actor)
            let first = try await s.store.add([Self.response(survey, "A1", s.towns[0], source: .file),
                                               Self.response(survey, "A2", s.towns[0], source: .file),
                                               Self.response(survey, "B1", s.towns[1], source: .file)], to: survey.id, by: Self.actor)
            #expect(first.added == 3 && first.resent == 0)
            // One code already taken, one repeated inside the batch: nothing of the batch is kept.
            await #expect(throws: SurveyStoreError.duplicateRespondents(["A2", "C1"])) {
                try await s.store.add([Self.response(survey, "C1", s.towns[1]), Self.response(survey, "C1", s.towns[1]),
                                       Self.response(survey, "A2", s.towns[0])], to: survey.id, by: Self.actor)
            }
            #expect(try await s.store.respondents(surveyID: survey.id) == ["A1", "A2", "B1"])
            let progress = Dictionary(uniqueKeysWithValues: try await s.store.progress(surveyID: survey.id).map { ($0.regionID, $0.completed) })
            #expect(progress == [s.towns[0].id: 2, s.towns[1].id: 1])
            let stored = try await s.store.responses(surveyID: survey.id)
            #expect(stored.count == 3 && stored[0].answers == ["sex": "男", "q01": "对"] && stored[0].weight == 1.5 && stored[0].village == "一村")
            let audit = try await FluentAuditStore(database: s.app.db).entries(planID: "pianguan-2023", limit: 10, offset: 0)
            #expect(audit.filter { $0.action == "survey.import" }.count == 1)
        }
    }

    @Test(arguments: TestEngine.available)
    func aResentInterviewIsKeptOnce(engine: TestEngine) async throws {
        try await Self.withSetup(engine) { s in
            let survey = Self.survey(s)
            try await s.store.save(survey, by: Self.actor)
            let one = Self.response(survey, "T1", s.towns[0], key: "device-key-1")
            #expect(try await s.store.add([one], to: survey.id, by: Self.actor) == (1, 0))
            #expect(try await s.store.hasSubmission(key: "device-key-1", surveyID: survey.id))
            #expect(try await !s.store.hasSubmission(key: "other", surveyID: survey.id))
            // The device sends it again (its first answer was lost): recognised, not refused, not doubled.
            var again = one
            again.id = UUID()
            #expect(try await s.store.add([again], to: survey.id, by: Self.actor) == (0, 1))
            #expect(try await s.store.responses(surveyID: survey.id).count == 1)
        }
    }

    @Test(arguments: TestEngine.available)
    func closedSurveysTakeNothingAndDeletionsAreAudited(engine: TestEngine) async throws {
        try await Self.withSetup(engine) { s in
            var survey = Self.survey(s)
            try await s.store.save(survey, by: Self.actor)
            _ = try await s.store.add([Self.response(survey, "A1", s.towns[0])], to: survey.id, by: Self.actor)
            let stored = try await s.store.responses(surveyID: survey.id)
            #expect(try await s.store.deleteResponse(id: stored[0].id, surveyID: survey.id, by: Self.actor))
            #expect(try await !s.store.deleteResponse(id: stored[0].id, surveyID: survey.id, by: Self.actor))
            let audit = try await FluentAuditStore(database: s.app.db).entries(planID: "pianguan-2023", limit: 10, offset: 0)
            #expect(audit.first?.action == "survey.delete-response" && (audit.first?.before ?? "").contains("A1"))
            survey.status = .closed
            try await s.store.save(survey, by: Self.actor)
            await #expect(throws: SurveyStoreError.closed(survey.name)) {
                try await s.store.add([Self.response(survey, "A2", s.towns[0])], to: survey.id, by: Self.actor)
            }
            await #expect(throws: SurveyStoreError.notFound(UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1)))) {
                try await s.store.add([], to: UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1)), by: Self.actor)
            }
        }
    }

    @Test(arguments: TestEngine.available)
    func aFigureKeepsItsConfidenceInterval(engine: TestEngine) async throws {
        try await Self.withSetup(engine) { s in
            let store = FluentIndicatorStore(database: s.app.db)
            let key = ObservationKey(indicator: "HC38", regionID: s.place.id, period: .year(2025))
            let interval = ObservationInterval(low: 21.5, high: 30.25, method: "95% CI，logit，n=300")
            _ = try await store.record([PreparedObservation(key: key, line: nil, value: 25.5, numerator: nil, denominator: nil, note: nil,
                                                            sourceUnit: nil, warnings: [], interval: interval)],
                                       references: [], planID: "pianguan-2023", state: .submitted, action: .imported, by: "创建办")
            let saved = try #require(try await store.observations(planID: "pianguan-2023", indicator: "HC38", regionIDs: nil).first)
            #expect(saved.interval == interval && saved.value == 25.5)
            // A later figure without an interval (entered by hand) clears it.
            _ = try await store.record([PreparedObservation(key: key, line: nil, value: 26, numerator: nil, denominator: nil, note: nil,
                                                            sourceUnit: nil, warnings: [])],
                                       references: [], planID: "pianguan-2023", state: .submitted, action: .edited, by: "创建办")
            #expect(try await store.observations(planID: "pianguan-2023", indicator: "HC38", regionIDs: nil).first?.interval == nil)
        }
    }
}

extension Survey {
    /// The survey with the stored dates (databases keep fewer fractional digits than `Date`).
    func withStoredDates(from stored: Survey?) -> Survey {
        var copy = self
        copy.createdAt = stored?.createdAt ?? createdAt
        copy.publishedAt = stored?.publishedAt ?? publishedAt
        return copy
    }
}
