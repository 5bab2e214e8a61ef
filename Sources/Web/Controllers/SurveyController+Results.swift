import Core
import Domain
import Foundation
import Persistence
import Vapor

/// Weighted results, their workbooks, publishing to indicators, and the survey API.
extension SurveyController {
    // MARK: Results

    func computeResults(_ req: Request, _ c: SurveyContext) async throws -> (Questionnaire, SurveyResults, [SurveyResponse]) {
        let q = try requireQuestionnaire(c)
        let responses = try await req.surveyStore.responses(surveyID: c.survey.id)
        let names = Dictionary(c.programme.regions.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let results = SurveyResultsCalculator.compute(survey: c.survey, questionnaire: q, responses: responses,
                                                      townshipName: { names[$0] ?? $0.uuidString })
        return (q, results, responses)
    }

    func results(req: Request) async throws -> Response {
        let c = try await context(req)
        let principal = try req.requirePrincipal()
        let (q, results, _) = try await computeResults(req, c)
        let programme = try await req.indicatorWorkflow.programme(c.programme.plan.id)
        let references = try await req.indicatorStore.references(planID: c.programme.plan.id)
        return .html(SurveyResultsView(model: .init(
            context: c, questionnaire: q, results: results, indicators: programme.indicators.indicators,
            references: references, canPublish: AccessPolicy.allows(principal, .manageSurveys(c.scope)),
            notice: req.query[String.self, at: "notice"], problem: req.query[String.self, at: "problem"])).render())
    }

    func resultsWorkbook(req: Request) async throws -> Response {
        let c = try await context(req)
        let (_, results, _) = try await computeResults(req, c)
        return try Self.xlsx(SurveyWorkbooks.results(c, results), name: "survey-results.xlsx")
    }

    func respondentsWorkbook(req: Request) async throws -> Response {
        let c = try await context(req)
        try req.authorize(.manageSurveys(c.scope))
        let (q, _, responses) = try await computeResults(req, c)
        return try Self.xlsx(SurveyWorkbooks.respondents(c, questionnaire: q, responses: responses), name: "survey-respondents.xlsx")
    }

    static func xlsx(_ workbook: XLSXWorkbook, name: String) throws -> Response {
        .download(.init(data: try workbook.data()), contentType: Response.xlsxType, fileName: name)
    }

    struct PublishForm: Content { var indicator: [String: String]? }

    /// Writes the chosen overall estimates as the programme's figures for the survey's year at its place,
    /// each with its confidence interval, waiting for the office's review like any submitted figure.
    func publish(req: Request) async throws -> Response {
        let c = try await context(req)
        let principal = try req.authorize(.manageSurveys(c.scope))
        let (_, results, _) = try await computeResults(req, c)
        let form = try await req.decodeBody(PublishForm.self)
        let back = SiteURL.surveyResults(plan: c.programme.plan.id, id: c.survey.id).path
        guard results.failure == nil else {
            return req.redirect(to: back + "?problem=" + SiteURL.escapeQuery(results.failure!))
        }
        let programme = try await req.indicatorWorkflow.programme(c.programme.plan.id)
        let codes = Set(programme.indicators.indicators.map(\.code))
        var figures: [PreparedObservation] = []
        for (variable, code) in (form.indicator ?? [:]).sorted(by: { $0.key < $1.key }) where !code.isEmpty {
            guard codes.contains(code), let row = results.overall(variable) else {
                return req.redirect(to: back + "?problem=" + SiteURL.escapeQuery("指标「\(code)」或变量「\(variable)」不存在"))
            }
            let method = "95% CI，\(row.parameter == "proportion" && c.survey.intervalMethod == .logit ? "logit" : "Wald")，n=\(row.n)"
                + (row.deff.map { String(format: "，deff=%.2f", $0) } ?? "")
            let scale = row.parameter == "proportion" ? 100.0 : 1.0
            let note = "来自调查「\(c.survey.name)」：\(row.label) \(String(format: "%.2f", row.estimate * scale))"
                + "（\(String(format: "%.2f–%.2f", row.ciLow * scale, row.ciHigh * scale))，\(method)；\(results.weighting)）"
            figures.append(PreparedObservation(
                key: ObservationKey(indicator: code, regionID: c.programme.place.id, period: .year(c.survey.year)), line: nil,
                value: row.estimate * scale, numerator: nil, denominator: nil, note: note, sourceUnit: nil, warnings: [],
                interval: ObservationInterval(low: row.ciLow * scale, high: row.ciHigh * scale, method: method)))
        }
        guard !figures.isEmpty else {
            return req.redirect(to: back + "?problem=" + SiteURL.escapeQuery("请至少为一项结果选择要写入的指标"))
        }
        do {
            _ = try await req.indicatorStore.record(figures, references: [], planID: c.programme.plan.id, state: .submitted,
                                                    action: .imported, by: principal.name)
        } catch let error as IndicatorStoreError {
            return req.redirect(to: back + "?problem=" + SiteURL.escapeQuery("\(error)：已审核的数字须先在指标审核页解锁"))
        }
        var survey = c.survey
        survey.publishedAt = req.now
        try await req.surveyStore.save(survey, by: req.surveyActor)
        try await req.audit.record(AuditEntry(
            actor: principal.name, actorID: principal.userID, action: "survey.publish", entity: "survey",
            entityID: survey.id.uuidString.lowercased(), planID: survey.planID, before: nil,
            after: AuditEntry.snapshot(figures.map { ["indicator": $0.key.indicator, "value": String($0.value)] })))
        return req.redirect(to: back + "?notice=" + SiteURL.escapeQuery(
            "已把 \(figures.count) 项结果写入 \(c.survey.year) 年的指标数据（待审核）：\(figures.map(\.key.indicator).joined(separator: "、"))"))
    }

    // MARK: API



    func apiList(req: Request) async throws -> Response {
        let (programme, _) = try await req.visibleCellProgramme()
        var out: [SurveyDTO] = []
        for s in try await req.surveyStore.surveys(planID: programme.plan.id) {
            let progress = Dictionary(try await req.surveyStore.progress(surveyID: s.id).map { ($0.regionID, $0.completed) }, uniquingKeysWith: +)
            out.append(SurveyDTO(id: s.id, name: s.name, questionnaire: s.questionnaireID, year: s.year, status: s.status.rawValue,
                                 layout: s.layout.rawValue, planned: s.plannedTotal, completed: progress.values.reduce(0, +),
                                 townships: s.quotas.map { quota in
                                     TownshipDTO(regionID: quota.regionID, name: programme.region(quota.regionID)?.name ?? "",
                                                 planned: quota.planned, completed: progress[quota.regionID] ?? 0, population: quota.population)
                                 }))
        }
        return try IndicatorController.json(["surveys": out])
    }

    func apiResults(req: Request) async throws -> Response {
        let c = try await context(req)
        let (_, results, _) = try await computeResults(req, c)
        return try IndicatorController.json(results)
    }


    /// Interviews from another system (or a device catching up): all or none, each problem named by its
    /// position in the list and its question.
    func apiAddResponses(req: Request) async throws -> Response {
        let c = try await context(req)
        let principal = try req.requirePrincipal()
        let q = try requireQuestionnaire(c)
        // Unreadable JSON is refused like the figures' API: 422 with issues naming the line and column of a syntax
        // error or the field (`responses[0].answers`), in Chinese — not the decoder's English.
        let data = req.body.data.map { Data(buffer: $0) } ?? Data()
        let body: APIResponsesBody
        do { body = try await req.offload { try JSONInput.decode(APIResponsesBody.self, from: data, file: "responses") } }
        catch let rejected as InputRejected { return try IndicatorController.rejected(rejected) }
        let townships = c.collectable(by: principal)
        guard !townships.isEmpty else { throw Abort(.forbidden, reason: "您的账号（令牌）不能为这项调查提交答卷") }
        let intake = SurveyIntake(survey: c.survey, questionnaire: q, townships: townships)
        var existing = try await req.surveyStore.respondents(surveyID: c.survey.id)
        var issues: [InputIssue] = []
        var responses: [SurveyResponse] = []
        for (index, item) in body.responses.enumerated() {
            let township = UUID(uuidString: item.township).flatMap { id in townships.first { $0.id == id } } ?? intake.township(named: item.township)
            do {
                let response = try intake.check(respondent: item.respondent, regionID: township?.id, village: item.village,
                                                answers: item.answers, submissionKey: item.submissionKey, existing: existing,
                                                actor: principal.name)
                existing.insert(response.respondent)
                responses.append(response)
            } catch {
                issues += error.issues.map { issue in
                    InputIssue(SourceLocation(file: "responses", line: nil, column: nil,
                                              field: FieldPath([.index(index)] + (issue.location.field?.components ?? []))), issue.message)
                }
            }
        }
        if !issues.isEmpty { return try IndicatorController.rejected(InputRejected(issues)) }
        do {
            let outcome = try await req.surveyStore.add(responses, to: c.survey.id, by: req.surveyActor)
            return try IndicatorController.json(["added": outcome.added, "resent": outcome.resent])
        } catch let error as SurveyStoreError {
            throw Abort(.conflict, reason: error.description)
        }
    }
}
