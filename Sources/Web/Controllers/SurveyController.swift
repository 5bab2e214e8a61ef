import Core
import Domain
import Foundation
import Persistence
import Vapor

struct SurveyController: RouteCollection {
    static let uploadBodyLimit = TableFile.maximumBytes + (1 << 20)

    func boot(routes: any RoutesBuilder) throws {
        routes.register(.surveys, use: list)
        routes.register(.newSurvey, use: newForm)
        routes.register(.createSurvey, use: create)
        routes.register(.survey, use: page)
        routes.register(.surveySettings, use: settingsForm)
        routes.register(.saveSurveySettings, use: saveSettings)
        routes.register(.surveyForm, use: interviewForm)
        routes.register(.surveyResponses, use: responses)
        routes.register(.saveSurveyResponse, use: saveResponse)
        routes.register(.surveyDeleteResponse, use: deleteResponse)
        routes.register(.surveyImport, use: importForm)
        routes.register(.importSurveyResponses, use: importResponses)
        routes.register(.surveyResults, use: results)
        routes.register(.surveyResultsXLSX, use: resultsWorkbook)
        routes.register(.surveyRespondentsXLSX, use: respondentsWorkbook)
        routes.register(.surveyPublish, use: publish)

        routes.register(.apiSurveys, use: apiList)
        routes.register(.apiSurveyResults, use: apiResults)
        routes.register(.apiSurveyResponses, use: apiAddResponses)
    }

    // MARK: Loading

    func context(_ req: Request) async throws -> SurveyContext {
        let (programme, scope) = try await req.visibleCellProgramme()
        guard let raw = req.parameters.get("sid"), let id = UUID(uuidString: raw),
              let survey = try await req.surveyStore.survey(id: id), survey.planID == programme.plan.id else {
            throw Abort(.notFound, reason: "本方案中没有这项调查")
        }
        let quotaIDs = Set(survey.quotas.map(\.regionID))
        return SurveyContext(programme: programme, scope: scope, survey: survey,
                             questionnaire: req.application.questionnaires?.questionnaire(id: survey.questionnaireID),
                             townships: programme.townships.filter { quotaIDs.contains($0.id) })
    }

    func requireQuestionnaire(_ c: SurveyContext) throws -> Questionnaire {
        guard let q = c.questionnaire else {
            throw Abort(.notFound, reason: "找不到问卷「\(c.survey.questionnaireID)」（questionnaires/ 目录）")
        }
        return q
    }

    // MARK: List and set-up

    func list(req: Request) async throws -> Response {
        let (programme, scope) = try await req.visibleCellProgramme()
        let principal = try req.requirePrincipal()
        let surveys = try await req.surveyStore.surveys(planID: programme.plan.id)
        var completed: [UUID: Int] = [:]
        for s in surveys { completed[s.id] = try await req.surveyStore.progress(surveyID: s.id).reduce(0) { $0 + $1.completed } }
        return .html(SurveyListView(model: .init(
            programme: programme, surveys: surveys, completed: completed,
            questionnaires: req.application.questionnaires?.questionnaires ?? [],
            canManage: AccessPolicy.allows(principal, .manageSurveys(scope)))).render())
    }

    struct SettingsForm: Content {
        var name: String?
        var questionnaire: String?
        var year: String?
        var layout: String?
        var interval: String?
        var singleton: String?
        var status: String?
        var note: String?
        var totals: String?
        var quotas: [String: String]?
        var population: [String: String]?
        var fingerprint: String?
    }

    func newForm(req: Request) async throws -> Response {
        let (programme, scope) = try await req.visibleCellProgramme()
        try req.authorize(.manageSurveys(scope))
        let year = req.today.year
        let survey = Survey(planID: programme.plan.id, name: "\(year)年居民健康素养调查",
                            questionnaireID: req.application.questionnaires?.questionnaires.first?.id ?? "", year: year,
                            quotas: programme.townships.map { SurveyQuota(regionID: $0.id, planned: 0) }, createdBy: "")
        return .html(SurveySettingsView(model: .init(programme: programme, survey: survey, isNew: true,
                                                     questionnaires: req.application.questionnaires?.questionnaires ?? [],
                                                     totalsText: "", problems: [])).render())
    }

    func create(req: Request) async throws -> Response {
        let (programme, scope) = try await req.visibleCellProgramme()
        let principal = try req.authorize(.manageSurveys(scope))
        let base = Survey(planID: programme.plan.id, name: "", questionnaireID: "", year: 0, createdBy: principal.name)
        return try await applySettings(req, programme: programme, survey: base, isNew: true)
    }

    func settingsForm(req: Request) async throws -> Response {
        let c = try await context(req)
        try req.authorize(.manageSurveys(c.scope))
        // Townships added to the region list after the survey was set up appear with no quota.
        var survey = c.survey
        for t in c.programme.townships where survey.quota(for: t.id) == nil { survey.quotas.append(SurveyQuota(regionID: t.id, planned: 0)) }
        return .html(SurveySettingsView(model: .init(programme: c.programme, survey: survey, isNew: false,
                                                     questionnaires: req.application.questionnaires?.questionnaires ?? [],
                                                     totalsText: Self.totalsText(c.survey.populationTotals, req.application.questionnaires?.questionnaires
                                                        .first { $0.id == c.survey.questionnaireID }), problems: [],
                                                     fingerprint: EditConflict.fingerprint(c.survey))).render())
    }

    func saveSettings(req: Request) async throws -> Response {
        let c = try await context(req)
        try req.authorize(.manageSurveys(c.scope))
        return try await applySettings(req, programme: c.programme, survey: c.survey, isNew: false)
    }

    /// The questionnaire's groupings by the names people read (性别, 城乡, 年龄组) and by their ids.
    static func groupingNames(_ q: Questionnaire) -> [(id: String, name: String)] {
        q.questions.filter { $0.kind == .choice || $0.kind == .text }.map { ($0.id, $0.text) } + q.bands.map { ($0.id, $0.name) }
    }

    /// The totals' first line with the groupings' names (性别) replaced by the ids the reader knows them by (sex).
    static func totalsHeaderAsIDs(_ text: String, _ q: Questionnaire) -> String {
        var lines = text.components(separatedBy: "\n")
        guard let header = lines.first else { return text }
        let names = groupingNames(q)
        lines[0] = header.components(separatedBy: ",").map { cell in
            let name = cell.trimmingCharacters(in: .whitespacesAndNewlines)
            return names.first { $0.name == name }?.id ?? cell
        }.joined(separator: ",")
        return lines.joined(separator: "\n")
    }

    static func totalsText(_ totals: PopulationTotals?, _ q: Questionnaire?) -> String {
        guard var totals else { return "" }
        if let q {
            let names = groupingNames(q)
            totals.variables = totals.variables.map { id in names.first { $0.id == id }?.name ?? id }
        }
        let lines = totals.totals.sorted { $0.key.compare($1.key, options: .numeric) == .orderedAscending }.map { key, value in
            (key.components(separatedBy: "|") + [value.shortestText]).joined(separator: ",")
        }
        return ([(totals.variables + ["人数"]).joined(separator: ",")] + lines).joined(separator: "\n")
    }

    /// Reads the settings form into `survey`; every problem is listed and nothing is saved if there is any.
    func applySettings(_ req: Request, programme: CellWorkflow.Programme, survey original: Survey, isNew: Bool) async throws -> Response {
        let form = try await req.decodeBody(SettingsForm.self)
        let library = req.application.questionnaires?.questionnaires ?? []
        var survey = original
        var problems: [String] = []
        survey.name = (form.name ?? "").trimmingCharacters(in: .whitespaces)
        if survey.name.isEmpty { problems.append("调查名称：请填写") }
        if isNew {
            survey.questionnaireID = form.questionnaire ?? ""
            if !library.contains(where: { $0.id == survey.questionnaireID }) { problems.append("问卷：请选择 questionnaires/ 中的一份问卷") }
        }
        if let year = Int((form.year ?? "").trimmingCharacters(in: .whitespaces)), (2000...2100).contains(year) {
            survey.year = year
        } else {
            problems.append("调查年度：「\(form.year ?? "")」不是 2000–2100 之间的年份")
        }
        if let layout = SurveyLayout(rawValue: form.layout ?? "") { survey.layout = layout } else { problems.append("抽样设计：请选择") }
        if let interval = IntervalMethod(rawValue: form.interval ?? "") { survey.interval = interval.rawValue } else { problems.append("置信区间：请选择") }
        if SingletonMethod(name: form.singleton ?? "") != nil { survey.singleton = form.singleton! } else { problems.append("单一初级抽样单位的层：请选择处理方法") }
        if let status = form.status {
            if let s = SurveyStatus(rawValue: status) { survey.status = s } else { problems.append("状态：无效") }
        }
        survey.note = form.note?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
        var quotas: [SurveyQuota] = []
        for township in programme.townships {
            let key = township.id.uuidString.lowercased()
            let plannedText = (form.quotas?[key] ?? "").trimmingCharacters(in: .whitespaces)
            let populationText = (form.population?[key] ?? "").trimmingCharacters(in: .whitespaces)
            let planned: Int
            if plannedText.isEmpty { planned = 0 } else if let n = Int(plannedText), n >= 0 { planned = n } else {
                problems.append("\(township.name) 计划调查人数：「\(plannedText)」不是非负整数"); continue
            }
            var population: Double?
            if !populationText.isEmpty {
                if let p = TableFile.number(populationText), p.isFinite, p > 0 { population = p } else {
                    problems.append("\(township.name) 人口数：「\(populationText)」须为大于 0 的数"); continue
                }
            }
            if planned > 0 || population != nil { quotas.append(SurveyQuota(regionID: township.id, planned: planned, population: population)) }
        }
        // A township that already has responses keeps its place in the survey.
        let answered = isNew ? [] : try await req.surveyStore.progress(surveyID: survey.id).filter { $0.completed > 0 }.map(\.regionID)
        for id in answered where !quotas.contains(where: { $0.regionID == id }) {
            quotas.append(SurveyQuota(regionID: id, planned: 0, population: original.quota(for: id)?.population))
        }
        if quotas.isEmpty { problems.append("样本分配：至少为一个乡镇填写计划调查人数") }
        survey.quotas = quotas
        let totalsText = (form.totals ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if totalsText.isEmpty {
            survey.populationTotals = nil
        } else if let q = library.first(where: { $0.id == survey.questionnaireID }) {
            do {
                let rows = try TableFile.rows(data: Data(Self.totalsHeaderAsIDs(totalsText, q).utf8), fileName: "总体人数.csv")
                survey.populationTotals = try PopulationTotals.read(rows: rows, file: "总体人数", questionnaire: q)
            } catch {
                problems += error.issues.map { "总体人数 \($0.location.line.map { "第 \($0) 行" } ?? "")\($0.location.field.map { "「\($0)」" } ?? "")：\($0.message)" }
            }
        }
        let fingerprint = isNew ? nil : EditConflict.fingerprint(original)
        if !problems.isEmpty {
            return .html(SurveySettingsView(model: .init(programme: programme, survey: survey, isNew: isNew, questionnaires: library,
                                                         totalsText: form.totals ?? "", problems: problems, fingerprint: form.fingerprint ?? fingerprint)).render(),
                         status: .badRequest)
        }
        if !isNew {
            do {
                try await req.requireUnchanged(form.fingerprint, current: original, entity: "survey", entityID: original.id.uuidString.lowercased())
            } catch let conflict as EditConflict {
                // What was typed stays; the form now carries the current version, so saving again is deliberate.
                return .html(SurveySettingsView(model: .init(programme: programme, survey: survey, isNew: isNew, questionnaires: library,
                                                             totalsText: form.totals ?? "", problems: [conflict.description],
                                                             fingerprint: fingerprint)).render(), status: .conflict)
            }
        }
        try await req.surveyStore.save(survey, by: req.surveyActor)
        return req.redirect(to: SiteURL.survey(plan: programme.plan.id, id: survey.id).path)
    }

    // MARK: Progress

    func page(req: Request) async throws -> Response {
        let c = try await context(req)
        let principal = try req.requirePrincipal()
        let progress = try await req.surveyStore.progress(surveyID: c.survey.id)
        return .html(SurveyPageView(model: .init(
            context: c, completed: Dictionary(progress.map { ($0.regionID, $0.completed) }, uniquingKeysWith: +),
            canManage: AccessPolicy.allows(principal, .manageSurveys(c.scope)),
            canCollect: !c.collectable(by: principal).isEmpty, notice: req.query[String.self, at: "notice"])).render())
    }

    // MARK: Interviews

    func interviewForm(req: Request) async throws -> Response {
        let c = try await context(req)
        let principal = try req.requirePrincipal()
        let townships = c.collectable(by: principal)
        guard !townships.isEmpty else {
            throw Abort(.forbidden, reason: "您的账号（\(principal.role.chineseName)）不能为这项调查填报答卷")
        }
        let q = try requireQuestionnaire(c)
        return .html(InterviewFormView(model: .init(context: c, questionnaire: q, townships: townships, values: [:],
                                                    problems: [], notice: nil)).render())
    }

    /// One interview from the form. With `Accept: application/json` (the form's script, which keeps unsent
    /// interviews on the device) the answer is JSON; otherwise the form again with a notice or the problems.
    func saveResponse(req: Request) async throws -> Response {
        let c = try await context(req)
        let principal = try req.requirePrincipal()
        let q = try requireQuestionnaire(c)
        let fields = try await req.decodeBody(IndicatorController.EntryFields.self).texts
        let wantsJSON = req.headers.accept.contains { $0.mediaType == .json }
        // A device resending an interview whose first sending arrived (the answer was lost on the way back).
        let key = fields["submission"]?.trimmingCharacters(in: .whitespaces).nilIfEmpty
        if let key, try await req.surveyStore.hasSubmission(key: key, surveyID: c.survey.id) {
            if wantsJSON { return try IndicatorController.json(SavedDTO(saved: true, resent: true, respondent: fields["respondent"] ?? "")) }
            return req.redirect(to: SiteURL.surveyForm(plan: c.programme.plan.id, id: c.survey.id).path)
        }
        var answers: [String: String] = [:]
        for (key, value) in fields where key.hasPrefix("a.") {
            answers[String(key.dropFirst(2)), default: ""] += value
        }
        // Multiple-choice boxes arrive as a.q05.A, a.q05.C …: joined to "AC".
        var multiple: [String: [String]] = [:]
        for (key, value) in fields where key.hasPrefix("m.") {
            let parts = key.dropFirst(2).split(separator: ".", maxSplits: 1)
            if parts.count == 2, !value.isEmpty { multiple[String(parts[0]), default: []].append(String(parts[1])) }
        }
        for (id, labels) in multiple { answers[id] = labels.sorted().joined() }
        let regionID = fields["township"].flatMap(UUID.init(uuidString:))
        let townships = c.collectable(by: principal)
        guard let regionID, townships.contains(where: { $0.id == regionID }) else {
            if !townships.isEmpty || regionID == nil {
                return try failure(req, c, q, townships, fields, ["乡镇：请选择您负责的、本次调查的乡镇"], wantsJSON: wantsJSON)
            }
            throw Abort(.forbidden, reason: "您的账号不能为这个乡镇填报答卷")
        }
        let intake = SurveyIntake(survey: c.survey, questionnaire: q, townships: townships)
        let existing = try await req.surveyStore.respondents(surveyID: c.survey.id)
        let response: SurveyResponse
        do {
            response = try intake.check(respondent: fields["respondent"] ?? "", regionID: regionID, village: fields["village"],
                                        answers: answers, submissionKey: key, existing: existing, actor: principal.name)
        } catch {
            let messages = error.issues.map { issue in
                "\(Self.questionLabel(issue.location.field?.description ?? "", in: q))：\(issue.message)"
            }
            return try failure(req, c, q, townships, fields, messages, wantsJSON: wantsJSON)
        }
        do {
            let outcome = try await req.surveyStore.add([response], to: c.survey.id, by: req.surveyActor)
            if wantsJSON { return try IndicatorController.json(SavedDTO(saved: true, resent: outcome.resent > 0, respondent: response.respondent)) }
        } catch let error as SurveyStoreError {
            return try failure(req, c, q, townships, fields, [error.description], wantsJSON: wantsJSON)
        }
        return .html(InterviewFormView(model: .init(context: c, questionnaire: q, townships: townships,
                                                    values: ["township": regionID.uuidString.lowercased(), "village": response.village ?? ""],
                                                    problems: [], notice: "已保存问卷 \(response.respondent)。可以填下一份。")).render())
    }


    func failure(_ req: Request, _ c: SurveyContext, _ q: Questionnaire, _ townships: [Region], _ fields: [String: String],
                         _ problems: [String], wantsJSON: Bool) throws -> Response {
        if wantsJSON { return try IndicatorController.json(FailedDTO(saved: false, problems: problems), status: .unprocessableEntity) }
        return .html(InterviewFormView(model: .init(context: c, questionnaire: q, townships: townships, values: fields,
                                                    problems: problems, notice: nil)).render(), status: .unprocessableEntity)
    }

    static func questionLabel(_ id: String, in q: Questionnaire) -> String {
        if id == "respondent" { return "问卷编号" }
        if id == "township" { return "乡镇" }
        if let question = q.question(id: id) { return "\(id) \(question.text)" }
        return id.isEmpty ? "答卷" : "第 \(id) 题"
    }

    func responses(req: Request) async throws -> Response {
        let c = try await context(req)
        let principal = try req.requirePrincipal()
        let canManage = AccessPolicy.allows(principal, .manageSurveys(c.scope))
        let townships = Set(c.collectable(by: principal).map(\.id))
        guard canManage || !townships.isEmpty else { throw Abort(.forbidden, reason: "您的账号无权查看答卷") }
        let all = try await req.surveyStore.responses(surveyID: c.survey.id)
        let visible = canManage ? all : all.filter { townships.contains($0.regionID) }
        let scored = c.questionnaire.map { SurveyResultsCalculator.score(visible, questionnaire: $0).scored } ?? []
        return .html(SurveyResponsesView(model: .init(context: c, responses: visible,
                                                      scored: Dictionary(scored.map { ($0.response.id, $0.scored) }, uniquingKeysWith: { a, _ in a }),
                                                      canDelete: canManage)).render())
    }

    func deleteResponse(req: Request) async throws -> Response {
        let c = try await context(req)
        try req.authorize(.manageSurveys(c.scope))
        guard let id = req.parameters.get("rid").flatMap(UUID.init(uuidString:)),
              try await req.surveyStore.deleteResponse(id: id, surveyID: c.survey.id, by: req.surveyActor) else {
            throw Abort(.notFound, reason: "没有这份答卷")
        }
        return req.redirect(to: SiteURL.surveyResponses(plan: c.programme.plan.id, id: c.survey.id).path)
    }

    // MARK: Import

    struct UploadForm: Content { var file: File? }

    func importForm(req: Request) async throws -> Response {
        let c = try await context(req)
        try req.authorize(.manageSurveys(c.scope))
        return .html(SurveyImportView(model: .init(context: c, problems: [], notice: nil)).render())
    }

    func importResponses(req: Request) async throws -> Response {
        let c = try await context(req)
        try req.authorize(.manageSurveys(c.scope))
        let q = try requireQuestionnaire(c)
        guard let form = try? await req.decodeBody(UploadForm.self), let file = form.file, file.data.readableBytes > 0 else {
            return .html(SurveyImportView(model: .init(context: c, problems: ["请选择要导入的 CSV 或 xlsx 文件"], notice: nil)).render(),
                         status: .badRequest)
        }
        let fileName = ImportController.cleanFileName(file.filename) ?? "答卷"
        do {
            let data = Data(buffer: file.data)
            let rows = try await req.offload { try TableFile.rows(data: data, fileName: fileName) }
            let existing = try await req.surveyStore.respondents(surveyID: c.survey.id)
            let intake = SurveyIntake(survey: c.survey, questionnaire: q, townships: c.townships)
            let responses = try intake.read(rows: rows, file: fileName, existing: existing, actor: try req.requirePrincipal().name)
            let outcome = try await req.surveyStore.add(responses, to: c.survey.id, by: req.surveyActor)
            return req.redirect(to: SiteURL.survey(plan: c.programme.plan.id, id: c.survey.id).path
                                + "?notice=" + SiteURL.escapeQuery("已从「\(fileName)」导入 \(outcome.added) 份答卷"))
        } catch let rejected as InputRejected {
            let shown = rejected.issues.prefix(200).map(\.description)
                + (rejected.issues.count > 200 ? ["……另有 \(rejected.issues.count - 200) 处错误"] : [])
            return .html(SurveyImportView(model: .init(context: c, problems: shown, notice: nil)).render(), status: .unprocessableEntity)
        } catch let error as SurveyStoreError {
            return .html(SurveyImportView(model: .init(context: c, problems: [error.description], notice: nil)).render(),
                         status: .unprocessableEntity)
        }
    }
}
