import Crypto
import Core
import Domain
import Foundation
import Persistence
import Vapor

extension Request {

    /// The programme named by `:id` with its indicators, after checking the principal may see it.
    func visibleIndicatorProgramme() async throws -> (IndicatorWorkflow.Programme, ProgrammeScope) {
        let id = try requireParameter("id")
        let scope = try await programmeScope(id)
        try authorize(.viewProgramme(scope))
        do {
            return (try await indicatorWorkflow.programme(id), scope)
        } catch let error as IndicatorWorkflowError {
            throw Abort(.notFound, reason: error.description)
        }
    }
}

/// 指标与目标: the indicator board, data entry per unit, review, import, reference values, settings,
/// one indicator across regions and years, and the composite index.
struct IndicatorController: RouteCollection {
    static let uploadBodyLimit = TableFile.maximumBytes + (1 << 20)

    func boot(routes: any RoutesBuilder) throws {
        routes.register(.indicators, use: board)
        routes.register(.indicatorBoardXLSX, use: boardWorkbook)
        routes.register(.indicatorEntry, use: entryForm)
        routes.register(.saveIndicatorEntry, use: saveEntry)
        routes.register(.indicatorReview, use: reviewList)
        routes.register(.reviewIndicators, use: review)
        routes.register(.indicatorImport, use: importForm)
        routes.register(.importIndicators, use: importTable)
        routes.register(.indicatorReferences, use: references)
        routes.register(.saveIndicatorReference, use: saveReference)
        routes.register(.indicatorSettings, use: settingsForm)
        routes.register(.saveIndicatorSettings, use: saveSettings)
        routes.register(.compositeIndex, use: compositeIndex)
        routes.register(.indicator, use: indicator)
        routes.register(.observation, use: observation)
        routes.register(.transitionObservation, use: transition)
        routes.register(.observationEvidence, use: evidence)

        routes.register(.apiEvaluation, use: apiEvaluation)
        routes.register(.apiIndicators, use: apiIndicators)
        routes.register(.apiObservations, use: apiObservations)
        routes.register(.apiRecordObservations, use: apiRecord)
        routes.register(.apiObservationsImport, use: apiImport)
        routes.register(.apiCompositeIndex, use: apiCompositeIndex)
    }

    // MARK: Board

    func board(req: Request) async throws -> Response {
        let (programme, scope) = try await req.visibleIndicatorProgramme()
        return .html(IndicatorBoardView(model: try await .query(req, programme: programme, scope: scope)).render())
    }

    func boardWorkbook(req: Request) async throws -> Response {
        let (programme, _) = try await req.visibleIndicatorProgramme()
        let workbook = IndicatorBoardWorkbook.make(try await req.indicatorWorkflow.judge(programme, years: .all))
        return .download(.init(data: try workbook.data()), contentType: Response.xlsxType,
                         fileName: "\(programme.plan.id)-indicators.xlsx")
    }

    // MARK: One indicator

    func indicator(req: Request) async throws -> Response {
        let (programme, scope) = try await req.visibleIndicatorProgramme()
        return .html(IndicatorView(model: try await .query(req, programme: programme, scope: scope)).render())
    }

    // MARK: Entry

    func entryForm(req: Request) async throws -> Response {
        let (programme, scope) = try await req.visibleIndicatorProgramme()
        let unit = try IndicatorEntryView.Model.unit(req)
        try req.authorize(.enterIndicatorData(scope, unit: unit ?? ""))
        return .html(IndicatorEntryView(model: try await .query(req, programme: programme, unit: unit,
                                                                 periodText: req.query[String.self, at: "period"],
                                                                 regionText: req.query[String.self, at: "region"])).render())
    }

    func saveEntry(req: Request) async throws -> Response {
        let (programme, scope) = try await req.visibleIndicatorProgramme()
        let form = try await IndicatorEntryForm.read(req)
        let principal = try req.requirePrincipal()
        let unit = principal.role == .liaison ? principal.unit : form.unit
        try req.authorize(.enterIndicatorData(scope, unit: unit ?? ""))
        let state = form.state
        if state == .approved { try req.authorize(.reviewIndicatorData(scope)) }
        let model = try await IndicatorEntryView.Model.query(req, programme: programme, unit: unit, periodText: form.period,
                                                             regionText: form.region)
        var kept: [String: KeptUpload] = [:]
        func fail(_ problem: String, errors: [String: String] = [:], _ status: HTTPResponseStatus) -> Response {
            var page = model.refused(problem, errors: errors, typed: form.fields.values)
            page.section = form.section
            page.keptFiles = kept
            return .html(IndicatorEntryView(model: page).render(), status: status)
        }
        let refused = form.placeProblems(model)
        if !refused.isEmpty { return fail("未保存任何数据：" + refused.joined(separator: "；"), .unprocessableEntity) }
        if let section = form.section, !model.sections.contains(where: { $0.key == section }) {
            return fail("未保存任何数据：本单位的指标中没有「\(section.prefix(40))」这一部分，请刷新页面后再填", .unprocessableEntity)
        }
        let prepared: [PreparedObservation]
        let errors: [String: String]
        (prepared, errors, kept) = try await form.prepare(req, model, unit: unit)
        let part = form.section.map { "「\($0)」部分" } ?? ""
        if !errors.isEmpty || prepared.isEmpty {
            return fail(errors.isEmpty ? "\(part)没有填写任何数值" : "\(part)有 \(errors.count) 项需要更正，全部未保存", errors: errors,
                        .unprocessableEntity)
        }
        do {
            _ = try await req.indicatorStore.record(prepared, references: [], planID: programme.plan.id, state: state,
                                                    action: .created, by: principal.name)
        } catch let error as IndicatorStoreError {
            return fail(error.description, .conflict)
        }
        var saved = try await IndicatorEntryView.Model.query(req, programme: programme, unit: unit, periodText: model.period.description,
                                                             regionText: model.region.id.uuidString)
        let names = Dictionary(model.indicators.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        let warnings = prepared.flatMap { figure in figure.warnings.map { "\(names[figure.key.indicator] ?? figure.key.indicator)：\($0)" } }
        saved.section = form.section
        saved.notice = "\(part)已\(state == .draft ? "保存草稿" : state == .submitted ? "提交审核" : "保存并审核通过")：\(prepared.count) 项"
            + (warnings.isEmpty ? "" : "；请核实：" + warnings.joined(separator: "；"))
        return .html(IndicatorEntryView(model: saved).render())
    }

    // MARK: Review

    func reviewList(req: Request) async throws -> Response {
        let (programme, scope) = try await req.visibleIndicatorProgramme()
        try req.authorize(.manageIndicatorData(scope))
        return .html(IndicatorReviewView(model: try await .query(req, programme: programme)).render())
    }

    struct ReviewForm: Content {
        var ids: [UUID]?
        var action: String
        var note: String?
    }

    func review(req: Request) async throws -> Response {
        let (programme, scope) = try await req.visibleIndicatorProgramme()
        let principal = try req.authorize(.reviewIndicatorData(scope))
        let form = try await req.decodeBody(ReviewForm.self)
        let ids = form.ids ?? []
        let pending = try await IndicatorReviewView.Model.query(req, programme: programme).observations
        var notice: String
        if ids.isEmpty { notice = "请先勾选要审核的数据" }
        else if ids.contains(where: { id in !pending.contains { $0.id == id } }) { notice = "所选数据已不在待审核状态，请刷新后再试" }
        else if form.action == "return" && (form.note ?? "").trimmingCharacters(in: .whitespaces).isEmpty { notice = "退回时请写明原因" }
        else {
            let approve = form.action == "approve"
            _ = try await req.indicatorStore.transition(ids, planID: programme.plan.id, to: approve ? .approved : .returned,
                                                        action: approve ? .approved : .returned, note: form.note?.nilIfEmpty,
                                                        by: principal.name)
            notice = "已\(approve ? "审核通过" : "退回") \(ids.count) 条"
        }
        return .html(IndicatorReviewView(model: try await .query(req, programme: programme, notice: notice)).render())
    }

    // MARK: One observation

    func observation(req: Request) async throws -> Response {
        let (programme, scope) = try await req.visibleIndicatorProgramme()
        let observation = try await ObservationView.Model.observation(req, programme)
        return .html(ObservationView(model: try await .query(req, programme: programme, scope: scope, observation: observation)).render())
    }

    struct TransitionForm: Content {
        var action: String
        var note: String?
    }

    func transition(req: Request) async throws -> Response {
        let (programme, scope) = try await req.visibleIndicatorProgramme()
        let observation = try await ObservationView.Model.observation(req, programme)
        let form = try await req.decodeBody(TransitionForm.self)
        let principal = try req.requirePrincipal()
        let note = form.note?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
        let (target, action): (ReviewState, ObservationRevision.Action) = switch form.action {
        case "submit": (.submitted, .submitted)
        case "approve": (.approved, .approved)
        case "return": (.returned, .returned)
        case "reopen": (.returned, .reopened)
        default: throw Abort(.badRequest, reason: "不认识的操作「\(form.action)」")
        }
        let unit = observation.sourceUnit ?? programme.indicators.sourceUnits[observation.indicator] ?? ""
        let isOffice = AccessPolicy.allows(principal, .reviewIndicatorData(scope))
        if action == .submitted { try req.authorize(.enterIndicatorData(scope, unit: unit)) } else { try req.authorize(.reviewIndicatorData(scope)) }
        func page(_ observation: Observation, _ notice: String, _ status: HTTPResponseStatus = .ok) async throws -> Response {
            .html(ObservationView(model: try await .query(req, programme: programme, scope: scope, observation: observation,
                                                          notice: notice)).render(), status: status)
        }
        guard ReviewWorkflow.allows(from: observation.state, to: target, asOffice: isOffice) else {
            return try await page(observation, IndicatorStoreError.notAllowed(from: observation.state, to: target).description, .conflict)
        }
        if (action == .returned || action == .reopened) && note == nil {
            return try await page(observation, "退回或解锁时请写明原因", .unprocessableEntity)
        }
        let changed = try await req.indicatorStore.transition([observation.id], planID: programme.plan.id, to: target,
                                                              action: action, note: note, by: principal.name)
        return try await page(changed[0], "已\(action.chineseName)")
    }

    func evidence(req: Request) async throws -> Response {
        let (programme, _) = try await req.visibleIndicatorProgramme()
        let observation = try await ObservationView.Model.observation(req, programme)
        guard let ref = observation.evidence, let file = try await req.indicatorStore.evidence(sha256: ref.sha256) else {
            throw Abort(.notFound, reason: "这条数据没有附件")
        }
        // Served as a download, never rendered inline: an uploaded file must not run on our origin.
        return EvidenceUpload.download(file.data, fileName: ref.fileName)
    }

    // MARK: Import

    func importForm(req: Request) async throws -> Response {
        let (programme, scope) = try await req.visibleIndicatorProgramme()
        try req.authorize(.manageIndicatorData(scope))
        return .html(IndicatorImportView(model: .init(programme: programme)).render())
    }

    struct ImportForm: Content {
        var file: File?
        var submit: String?
    }

    func importTable(req: Request) async throws -> Response {
        let (programme, scope) = try await req.visibleIndicatorProgramme()
        let principal = try req.authorize(.manageIndicatorData(scope))
        func fail(_ problem: String) -> Response {
            .html(IndicatorImportView(model: .init(programme: programme, problem: [problem])).render(), status: .badRequest)
        }
        guard let form = try? await req.decodeBody(ImportForm.self) else { return fail("无法读取上传的表单，请重新选择文件") }
        guard let file = form.file, file.data.readableBytes > 0 else { return fail("请选择 CSV 或 xlsx 文件") }
        let state: ReviewState = form.submit == "approved" ? .approved : .submitted
        if state == .approved { try req.authorize(.reviewIndicatorData(scope)) }
        let (model, status) = try await IndicatorImportView.Model.importing(
            req, programme: programme, file: file, fileName: ImportController.cleanFileName(file.filename) ?? "上传的文件",
            state: state, actor: principal.name)
        return .html(IndicatorImportView(model: model).render(), status: status)
    }

    // MARK: References and settings

    func references(req: Request) async throws -> Response {
        let (programme, scope) = try await req.visibleIndicatorProgramme()
        return .html(ReferenceValuesView(model: try await .query(req, programme: programme, scope: scope)).render())
    }

    func saveReference(req: Request) async throws -> Response {
        let (programme, scope) = try await req.visibleIndicatorProgramme()
        let principal = try req.authorize(.manageIndicatorData(scope))
        let fields = try await req.formFields()
        let form = IndicatorReferenceForm(fields, programme: programme)
        if form.delete, let indicator = form.indicator, let kind = form.kind, let year = form.year {
            try await req.indicatorStore.deleteReference(indicator: indicator.code, kind: kind, year: year, planID: programme.plan.id)
            return req.redirect(to: SiteURL.indicatorReferences(programme.plan.id).path)
        }
        guard form.problems.isEmpty, let indicator = form.indicator, let kind = form.kind, let year = form.year, let value = form.value else {
            let page = try await ReferenceValuesView.Model.query(req, programme: programme, scope: scope)
            return .html(ReferenceValuesView(model: page.refused(form.problems, typed: fields)).render(), status: .unprocessableEntity)
        }
        try await req.indicatorStore.saveReference(ReferenceValue(indicator: indicator.code, kind: kind, year: year, value: value,
                                                                  source: form.source),
                                                   planID: programme.plan.id, by: principal.name)
        return req.redirect(to: SiteURL.indicatorReferences(programme.plan.id).path)
    }

    func settingsForm(req: Request) async throws -> Response {
        let (programme, scope) = try await req.visibleIndicatorProgramme()
        try req.authorize(.manageIndicatorData(scope))
        return .html(IndicatorSettingsView(model: .init(programme: programme)).render())
    }

    func saveSettings(req: Request) async throws -> Response {
        let (programme, scope) = try await req.visibleIndicatorProgramme()
        let principal = try req.authorize(.manageIndicatorData(scope))
        let fields = try await req.formFields()
        var form = IndicatorSettingsForm(fields, programme: programme)
        do {
            try await req.requireUnchanged(fields.text("fingerprint"), current: programme.indicators.settings, entity: "indicator-settings",
                                           entityID: programme.plan.id)
        } catch let conflict as EditConflict {
            form.problems.insert(conflict.description, at: 0)
        }
        guard form.problems.isEmpty else {
            let page = try await IndicatorSettingsView.Model.query(req, programme: programme)
            return .html(IndicatorSettingsView(model: page.refused(form.problems, typed: form.settings)).render(), status: .unprocessableEntity)
        }
        try await req.indicatorStore.saveSettings(form.settings, planID: programme.plan.id, by: principal.name)
        return .html(IndicatorSettingsView(model: try await .query(req, programme: programme, notice: "设置已保存")).render())
    }

    // MARK: Composite index

    func compositeIndex(req: Request) async throws -> Response {
        let (programme, _) = try await req.visibleIndicatorProgramme()
        return .html(CompositeIndexView(model: try await .query(req, programme: programme)).render())
    }
}
