import Crypto
import Domain
import Foundation
import Persistence
import Vapor

extension Request {
    var indicatorStore: any IndicatorStore { FluentIndicatorStore(database: db, clock: appClock) }

    var indicatorWorkflow: IndicatorWorkflow {
        IndicatorWorkflow(plans: plans, regions: regions, store: indicatorStore,
                          today: .inChina(application.clock()), cells: cellStore)
    }

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
        let plan = routes.grouped("plans", ":id")
        plan.get("indicators", use: board)
        plan.get("indicators", "board.xlsx", use: boardWorkbook)
        plan.get("indicators", "entry", use: entryForm)
        plan.on(.POST, "indicators", "entry", bodyLimit: ByteCount(value: Self.uploadBodyLimit), use: saveEntry)
        plan.get("indicators", "review", use: reviewList)
        plan.post("indicators", "review", use: review)
        plan.get("indicators", "import", use: importForm)
        plan.on(.POST, "indicators", "import", bodyLimit: ByteCount(value: Self.uploadBodyLimit), use: importTable)
        plan.get("indicators", "references", use: references)
        plan.post("indicators", "references", use: saveReference)
        plan.get("indicators", "settings", use: settingsForm)
        plan.post("indicators", "settings", use: saveSettings)
        plan.get("indicators", "index", use: compositeIndex)
        plan.get("indicators", ":code", use: indicator)
        plan.get("observations", ":oid", use: observation)
        plan.post("observations", ":oid", use: transition)
        plan.get("observations", ":oid", "evidence", use: evidence)

        let api = routes.grouped("api", "v1", "plans", ":id")
        api.get("evaluation", use: apiEvaluation)
        api.get("indicators", use: apiIndicators)
        api.get("observations", use: apiObservations)
        // A year's figures for every township run to many kilobytes: more than the default 16 KB body.
        api.on(.POST, "observations", bodyLimit: ByteCount(value: Self.uploadBodyLimit), use: apiRecord)
        api.on(.POST, "observations", "import", bodyLimit: ByteCount(value: Self.uploadBodyLimit), use: apiImport)
        api.get("composite-index", use: apiCompositeIndex)
    }

    // MARK: Board

    func board(req: Request) async throws -> Response {
        let (programme, scope) = try await req.visibleIndicatorProgramme()
        let model = try await boardModel(req, programme, scope: scope)
        return .html(IndicatorBoardView(model: model).render())
    }

    func boardModel(_ req: Request, _ programme: IndicatorWorkflow.Programme, scope: ProgrammeScope) async throws
        -> IndicatorBoardView.Model {
        let principal = try req.requirePrincipal()
        let years = programme.indicators.evaluationYears
        let requested = (try? req.query.get(Int.self, at: "year")).flatMap { years.contains($0) ? $0 : nil }
        let judgement = try await req.indicatorWorkflow.judge(programme, years: requested.map { .only($0) } ?? .judged)
        let pending = try await req.indicatorStore.observations(planID: programme.plan.id, indicator: nil, regionIDs: nil,
                                                                state: .submitted).count
        return IndicatorBoardView.Model(programme: programme, year: judgement.years[0], entries: judgement.entries,
                                        data: judgement.data, pendingReview: pending,
                                        canManage: AccessPolicy.allows(principal, .manageIndicatorData(scope)),
                                        ownUnit: principal.role == .liaison ? principal.unit : nil)
    }

    func boardWorkbook(req: Request) async throws -> Response {
        let (programme, _) = try await req.visibleIndicatorProgramme()
        let workbook = IndicatorBoardWorkbook.make(try await req.indicatorWorkflow.judge(programme, years: .all))
        let response = Response(status: .ok, body: .init(data: try workbook.data()))
        response.headers.contentType = HTTPMediaType(type: "application", subType: "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response.headers.contentDisposition = .init(.attachment, filename: "\(programme.plan.id)-indicators.xlsx")
        return response
    }

    // MARK: One indicator

    func indicator(req: Request) async throws -> Response {
        let (programme, scope) = try await req.visibleIndicatorProgramme()
        let code = try req.requireParameter("code")
        guard let indicator = programme.indicators.indicator(matching: code) else {
            throw Abort(.notFound, reason: "本方案没有指标「\(code)」")
        }
        let principal = try req.requirePrincipal()
        let observations = try await req.indicatorStore.observations(planID: programme.plan.id, indicator: indicator.code, regionIDs: nil)
        let judgement = try await req.indicatorWorkflow.judge(programme, years: .all, indicator: indicator.code)
        return .html(IndicatorView(model: .init(programme: programme, indicator: indicator, observations: observations,
                                                 references: judgement.data.references.filter { $0.indicator == indicator.code },
                                                 entries: judgement.entries, data: judgement.data,
                                                 canManage: AccessPolicy.allows(principal, .manageIndicatorData(scope)))).render())
    }

    // MARK: Entry

    /// The unit whose indicators the form shows: a liaison's own; for the office, the one asked for.
    private func entryUnit(_ req: Request) throws -> String? {
        let principal = try req.requirePrincipal()
        if principal.role == .liaison { return principal.unit }
        let asked = (try? req.query.get(String.self, at: "unit"))?.nilIfEmpty
        return asked ?? (try? req.content.get(String.self, at: "unit"))?.nilIfEmpty
    }

    func entryForm(req: Request) async throws -> Response {
        let (programme, scope) = try await req.visibleIndicatorProgramme()
        let unit = try entryUnit(req)
        try req.authorize(.enterIndicatorData(scope, unit: unit ?? ""))
        let model = try await entryModel(req, programme, unit: unit, periodText: try? req.query.get(String.self, at: "period"),
                                         regionText: try? req.query.get(String.self, at: "region"))
        return .html(IndicatorEntryView(model: model).render())
    }

    private func entryModel(_ req: Request, _ programme: IndicatorWorkflow.Programme, unit: String?, periodText: String?,
                            regionText: String?) async throws -> IndicatorEntryView.Model {
        let years = programme.indicators.dataYears
        let period = periodText.flatMap(Period.init(parsing:)).flatMap { years.contains($0.year) ? $0 : nil }
            ?? .year(years.lastFullYear(asOf: req.indicatorWorkflow.currentYear))
        let regions = [programme.place] + programme.townships
        let region = regions.first { $0.id.uuidString.lowercased() == regionText?.lowercased() } ?? programme.place
        let offered = unit.map { programme.indicators.indicators(suppliedBy: $0) } ?? programme.indicators.indicators
        // The form does not ask for what the register counts.
        let sources = try await req.indicatorWorkflow.sources(for: programme)
        let indicators = offered.filter { sources.isEntered($0.code) }
        let stored = try await req.indicatorStore.observations(planID: programme.plan.id, indicator: nil, regionIDs: [region.id])
            .filter { $0.period == period }
        let principal = try req.requirePrincipal()
        let units = Array(Set(programme.indicators.sourceUnits.values)).sorted()
        return IndicatorEntryView.Model(programme: programme, unit: unit, units: units, period: period, region: region,
                                        regions: regions, indicators: indicators,
                                        fromRegister: offered.filter { !sources.isEntered($0.code) },
                                        stored: Dictionary(stored.map { ($0.indicator, $0) }, uniquingKeysWith: { a, _ in a }),
                                        isOffice: principal.role == .office || principal.role == .admin)
    }

    struct EntryForm: Content {
        var unit: String?
        var period: String?
        var region: String?
        var action: String?
    }

    /// Every field of the entry form by name (`value.HC38`), and the files chosen (`evidence.HC38`).
    struct EntryFields: Decodable {
        var texts: [String: String] = [:]
        var files: [String: File] = [:]

        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Key.self)
            for key in container.allKeys {
                // A file part has a file name (empty when none was chosen); a text field has none.
                if let file = try? container.decode(File.self, forKey: key) { files[key.stringValue] = file }
                else if let text = try? container.decode(String.self, forKey: key) { texts[key.stringValue] = text }
            }
        }
    }

    func saveEntry(req: Request) async throws -> Response {
        let (programme, scope) = try await req.visibleIndicatorProgramme()
        // Every field read from one decoding of the body: asking `req.content` per field parses the whole
        // multipart body again each time (five fields for each of some fifty indicators, with the files in it).
        let fields = try await req.decodeBody(EntryFields.self)
        let form = EntryForm(unit: fields.texts["unit"], period: fields.texts["period"], region: fields.texts["region"],
                             action: fields.texts["action"])
        let principal = try req.requirePrincipal()
        let unit = principal.role == .liaison ? principal.unit : form.unit?.nilIfEmpty
        try req.authorize(.enterIndicatorData(scope, unit: unit ?? ""))
        var model = try await entryModel(req, programme, unit: unit, periodText: form.period, regionText: form.region)
        let action = form.action ?? "save"
        let state: ReviewState
        switch action {
        case "submit": state = .submitted
        case "approve":
            try req.authorize(.reviewIndicatorData(scope))
            state = .approved
        default: state = .draft
        }
        // The form's region and period are read as sent: one that is not the programme's is refused, never
        // replaced by the county or the last full year (which filed figures where nobody meant them).
        var refused: [String] = []
        let regionText = (form.region ?? "").trimmingCharacters(in: .whitespaces)
        if !model.regions.contains(where: { $0.id.uuidString.lowercased() == regionText.lowercased() }) {
            refused.append(regionText.isEmpty ? "地区：请选择本方案的县（区）或乡镇（街道）"
                           : "地区：「\(regionText.prefix(60))」不是本方案的县（区）或乡镇（街道）")
        }
        let periodText = (form.period ?? "").trimmingCharacters(in: .whitespaces)
        if Period(parsing: periodText).map({ programme.indicators.dataYears.contains($0.year) }) != true {
            let years = programme.indicators.dataYears
            refused.append("期间：「\(periodText.prefix(20))」不是本方案数据年份（\(years.lowerBound)–\(years.upperBound)年）内的期间（如 2023、2023Q1、2023-03）")
        }
        if !refused.isEmpty {
            model.problem = "未保存任何数据：" + refused.joined(separator: "；")
            model.typed = fields.texts
            return .html(IndicatorEntryView(model: model).render(), status: .unprocessableEntity)
        }

        let context = try await req.indicatorWorkflow.context(for: programme)
        var prepared: [PreparedObservation] = []
        var errors: [String: String] = [:]
        for indicator in model.indicators {
            func field(_ name: String) -> String {
                (fields.texts["\(name).\(indicator.code)"] ?? "").trimmingCharacters(in: .whitespaces)
            }
            let texts = (value: field("value"), numerator: field("numerator"), denominator: field("denominator"))
            let note = field("note")
            let file = fields.files["evidence.\(indicator.code)"]
            let hasFile = file.map { $0.data.readableBytes > 0 } ?? false
            if texts.value.isEmpty && texts.numerator.isEmpty && texts.denominator.isEmpty {
                if !note.isEmpty || hasFile { errors[indicator.code] = "填写了说明或附件，但没有填写数值" }
                continue
            }
            let key = ObservationKey(indicator: indicator.code, regionID: model.region.id, period: model.period)
            if model.stored[indicator.code]?.state == .approved {
                errors[indicator.code] = "已审核锁定，不能修改"; continue
            }
            // The figure changed since the form showed it (revision 0: there was none): refuse, naming who and when.
            if let opened = fields.texts["revision.\(indicator.code)"].flatMap(Int.init),
               opened != (model.stored[indicator.code]?.revision ?? 0) {
                let current = model.stored[indicator.code]
                errors[indicator.code] = EditConflict(updatedBy: current?.updatedBy, updatedAt: current?.updatedAt).description
                continue
            }
            var input = ObservationInput(value: nil)
            var unreadable: [String] = []
            for (text, path, label) in [(texts.value, \ObservationInput.value, "数值"), (texts.numerator, \.numerator, "分子"),
                                        (texts.denominator, \.denominator, "分母")] where !text.isEmpty {
                if let number = TableFile.number(text) { input[keyPath: path] = number } else { unreadable.append("\(label)「\(text)」不是数字") }
            }
            if !unreadable.isEmpty { errors[indicator.code] = unreadable.joined(separator: "；"); continue }
            let previous = model.period.kind == .year
                ? context.annualValues[ObservationKey(indicator: indicator.code, regionID: model.region.id, period: .year(model.period.year - 1))]
                : nil
            let outcome = ValidationRules.check(input, indicator: indicator, previousYear: previous, settings: context.settings)
            if !outcome.errors.isEmpty { errors[indicator.code] = outcome.errors.map(\.message).joined(separator: "；"); continue }
            var evidence: EvidenceRef?
            if let file, hasFile {
                // Checked by its content like every other evidence file, and named after what it is.
                let accepted: EvidenceUpload.Accepted
                do { accepted = try EvidenceUpload.accept(file) } catch { errors[indicator.code] = error.message; continue }
                evidence = try await req.indicatorStore.storeEvidence(accepted.data, sha256: accepted.sha256, fileName: accepted.name,
                                                                      contentType: accepted.kind)
            }
            prepared.append(PreparedObservation(key: key, line: nil, value: outcome.value!, numerator: input.numerator,
                                                denominator: input.denominator, note: note.nilIfEmpty,
                                                sourceUnit: unit ?? programme.indicators.sourceUnits[indicator.code],
                                                warnings: outcome.warnings.map(\.message), evidence: evidence))
        }
        if !errors.isEmpty || prepared.isEmpty {
            model.errors = errors
            model.problem = errors.isEmpty ? "没有填写任何数值" : "有 \(errors.count) 项需要更正，全部未保存"
            model.typed = fields.texts
            return .html(IndicatorEntryView(model: model).render(), status: .unprocessableEntity)
        }
        do {
            _ = try await req.indicatorStore.record(prepared, references: [], planID: programme.plan.id, state: state,
                                                    action: .created, by: principal.name)
        } catch let error as IndicatorStoreError {
            model.problem = error.description
            return .html(IndicatorEntryView(model: model).render(), status: .conflict)
        }
        var saved = try await entryModel(req, programme, unit: unit, periodText: model.period.description,
                                         regionText: model.region.id.uuidString)
        let warnings = prepared.flatMap { figure in figure.warnings.map { "\(figure.key.indicator)：\($0)" } }
        saved.notice = "已\(state == .draft ? "保存草稿" : state == .submitted ? "提交审核" : "保存并审核通过")：\(prepared.count) 项"
            + (warnings.isEmpty ? "" : "；请核实：" + warnings.joined(separator: "；"))
        return .html(IndicatorEntryView(model: saved).render())
    }

    // MARK: Review

    func reviewList(req: Request) async throws -> Response {
        let (programme, scope) = try await req.visibleIndicatorProgramme()
        try req.authorize(.manageIndicatorData(scope))
        let observations = try await req.indicatorStore.observations(planID: programme.plan.id, indicator: nil, regionIDs: nil,
                                                                     state: .submitted)
        return .html(IndicatorReviewView(model: .init(programme: programme, observations: observations, notice: nil)).render())
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
        let pending = try await req.indicatorStore.observations(planID: programme.plan.id, indicator: nil, regionIDs: nil,
                                                                     state: .submitted)
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
        let remaining = try await req.indicatorStore.observations(planID: programme.plan.id, indicator: nil, regionIDs: nil,
                                                                     state: .submitted)
        return .html(IndicatorReviewView(model: .init(programme: programme, observations: remaining, notice: notice)).render())
    }

    // MARK: One observation

    private func requireObservation(_ req: Request, _ programme: IndicatorWorkflow.Programme) async throws -> Observation {
        guard let raw = req.parameters.get("oid"), let id = UUID(uuidString: raw),
              let observation = try await req.indicatorStore.observation(id: id), observation.planID == programme.plan.id else {
            throw Abort(.notFound, reason: "没有这条数据")
        }
        return observation
    }

    func observation(req: Request) async throws -> Response {
        let (programme, scope) = try await req.visibleIndicatorProgramme()
        let observation = try await requireObservation(req, programme)
        return .html(try await observationPage(req, programme, scope: scope, observation, notice: nil))
    }

    private func observationPage(_ req: Request, _ programme: IndicatorWorkflow.Programme, scope: ProgrammeScope,
                                 _ observation: Observation, notice: String?) async throws -> String {
        let principal = try req.requirePrincipal()
        let unit = programme.indicators.sourceUnits[observation.indicator] ?? ""
        return ObservationView(model: .init(
            programme: programme, observation: observation,
            history: try await req.indicatorStore.history(observationID: observation.id),
            region: programme.regions.first { $0.id == observation.regionID },
            canManage: AccessPolicy.allows(principal, .manageIndicatorData(scope)),
            canSubmit: AccessPolicy.allows(principal, .enterIndicatorData(scope, unit: observation.sourceUnit ?? unit)),
            notice: notice)).render()
    }

    struct TransitionForm: Content {
        var action: String
        var note: String?
    }

    func transition(req: Request) async throws -> Response {
        let (programme, scope) = try await req.visibleIndicatorProgramme()
        let observation = try await requireObservation(req, programme)
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
        guard ReviewWorkflow.allows(from: observation.state, to: target, asOffice: isOffice) else {
            let page = try await observationPage(req, programme, scope: scope, observation,
                                                 notice: IndicatorStoreError.notAllowed(from: observation.state, to: target).description)
            return .html(page, status: .conflict)
        }
        if (action == .returned || action == .reopened) && note == nil {
            return .html(try await observationPage(req, programme, scope: scope, observation, notice: "退回或解锁时请写明原因"),
                         status: .unprocessableEntity)
        }
        let changed = try await req.indicatorStore.transition([observation.id], planID: programme.plan.id, to: target,
                                                              action: action, note: note, by: principal.name)
        return .html(try await observationPage(req, programme, scope: scope, changed[0], notice: "已\(action.chineseName)"))
    }

    func evidence(req: Request) async throws -> Response {
        let (programme, _) = try await req.visibleIndicatorProgramme()
        let observation = try await requireObservation(req, programme)
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
        let form: ImportForm
        do { form = try await req.decodeBody(ImportForm.self) } catch {
            return .html(IndicatorImportView(model: .init(programme: programme, problem: ["无法读取上传的表单，请重新选择文件"])).render(),
                         status: .badRequest)
        }
        guard let file = form.file, file.data.readableBytes > 0 else {
            return .html(IndicatorImportView(model: .init(programme: programme, problem: ["请选择 CSV 或 xlsx 文件"])).render(),
                         status: .badRequest)
        }
        let fileName = ImportController.cleanFileName(file.filename) ?? "上传的文件"
        let state: ReviewState = form.submit == "approved" ? .approved : .submitted
        if state == .approved { try req.authorize(.reviewIndicatorData(scope)) }
        do {
            let data = Data(buffer: file.data)
            let rows = try await req.offload { try TableFile.rows(data: data, fileName: fileName) }
            let result = try await req.indicatorWorkflow.importRows(rows, file: fileName, into: programme, state: state,
                                                                    actor: principal.name)
            return .html(IndicatorImportView(model: .init(programme: programme, result: result, fileName: fileName)).render())
        } catch let rejected as InputRejected {
            return .html(IndicatorImportView(model: .init(programme: programme, problem: rejected.issues.map(\.description))).render(),
                         status: .unprocessableEntity)
        } catch let error as IndicatorStoreError {
            return .html(IndicatorImportView(model: .init(programme: programme, problem: [error.description])).render(),
                         status: .conflict)
        }
    }

    // MARK: References and settings

    func references(req: Request) async throws -> Response {
        let (programme, scope) = try await req.visibleIndicatorProgramme()
        let principal = try req.requirePrincipal()
        return .html(ReferenceValuesView(model: .init(
            programme: programme, references: try await req.indicatorStore.references(planID: programme.plan.id),
            canManage: AccessPolicy.allows(principal, .manageIndicatorData(scope)))).render())
    }

    struct ReferenceForm: Content {
        var indicator: String?
        var kind: String?
        var year: String?
        var value: String?
        var source: String?
        var delete: String?
    }

    func saveReference(req: Request) async throws -> Response {
        let (programme, scope) = try await req.visibleIndicatorProgramme()
        let principal = try req.authorize(.manageIndicatorData(scope))
        let form = try await req.decodeBody(ReferenceForm.self)
        var problems: [String] = []
        let indicator = programme.indicators.indicator(matching: form.indicator ?? "")
        if indicator == nil { problems.append("指标：请选择本方案的指标") }
        let kind = TargetExpression.ReferenceKind(rawValue: form.kind ?? "")
        if kind == nil { problems.append("层级：请选择全国、全省、全市或全县") }
        let year = Int((form.year ?? "").trimmingCharacters(in: .whitespaces)).flatMap { (1900...2100).contains($0) ? $0 : nil }
        if year == nil { problems.append("年份：请填写四位年份") }
        if form.delete == "1", let indicator, let kind, let year {
            try await req.indicatorStore.deleteReference(indicator: indicator.code, kind: kind, year: year, planID: programme.plan.id)
            return req.redirect(to: SiteURL.indicatorReferences(programme.plan.id).path)
        }
        let value = TableFile.number(form.value ?? "")
        if value == nil { problems.append("数值：「\(form.value ?? "")」不是数字") }
        if let indicator, let value, let problem = ValidationRules.check(.init(value: value), indicator: indicator, previousYear: nil).errors.first {
            problems.append("数值：\(problem.message)")
        }
        guard problems.isEmpty, let indicator, let kind, let year, let value else {
            return .html(ReferenceValuesView(model: .init(
                programme: programme, references: try await req.indicatorStore.references(planID: programme.plan.id),
                canManage: true, problem: problems.joined(separator: "；"))).render(), status: .unprocessableEntity)
        }
        try await req.indicatorStore.saveReference(ReferenceValue(indicator: indicator.code, kind: kind, year: year, value: value,
                                                                  source: form.source?.nilIfEmpty),
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
        var settings = programme.indicators.settings
        var problems: [String] = []
        func text(_ key: String) -> String { ((try? req.content.get(String.self, at: key)) ?? "").trimmingCharacters(in: .whitespaces) }
        func year(_ key: String, _ label: String) -> Int? {
            let raw = text(key)
            guard !raw.isEmpty else { return nil }
            guard let y = Int(raw), (1900...2100).contains(y) else { problems.append("\(label)：「\(raw)」不是年份"); return nil }
            return y
        }
        settings.baselineYear = year("baselineYear", "基线年")
        settings.endYear = year("endYear", "评价截止年")
        if let b = settings.baselineYear, let e = settings.endYear, e < b { problems.append("评价截止年不能早于基线年") }
        if let threshold = TableFile.number(text("jumpThreshold")), threshold > 0, threshold <= 1000 {
            settings.validation.jumpThreshold = threshold / 100
        } else { problems.append("与上年相比的提示幅度：请填写 0–1000 之间的百分数") }
        let units = Set(programme.plan.units.map(\.name))
        for indicator in programme.indicators.indicators {
            // The weight first: an indicator no unit supplies yet still has one. An emptied field is the default again.
            let weight = text("weight.\(indicator.code)")
            if weight.isEmpty { settings.expertWeights[indicator.code] = nil }
            else if let w = TableFile.number(weight), w > 0 { settings.expertWeights[indicator.code] = w }
            else { problems.append("\(indicator.code) 专家权重：应为正数") }
            let unit = text("source.\(indicator.code)")
            if unit.isEmpty { continue }
            if !units.contains(unit) { problems.append("\(indicator.code) 数据来源单位：方案中没有单位「\(unit)」"); continue }
            if unit != programme.indicators.sourceUnits[indicator.code] || settings.sourceUnits[indicator.code] != nil {
                settings.sourceUnits[indicator.code] = unit
            }
        }
        do {
            try await req.requireUnchanged(text("fingerprint"), current: programme.indicators.settings, entity: "indicator-settings",
                                           entityID: programme.plan.id)
        } catch let conflict as EditConflict {
            problems.insert(conflict.description, at: 0)
        }
        guard problems.isEmpty else {
            return .html(IndicatorSettingsView(model: .init(programme: programme, problem: problems.joined(separator: "；"),
                                                            typed: settings)).render(),
                         status: .unprocessableEntity)
        }
        try await req.indicatorStore.saveSettings(settings, planID: programme.plan.id, by: principal.name)
        let saved = try await req.indicatorWorkflow.programme(programme.plan.id)
        return .html(IndicatorSettingsView(model: .init(programme: saved, notice: "设置已保存")).render())
    }

    // MARK: Composite index

    /// The programme's townships compared with each other (the comparison group), for one year.
    func compositeResult(_ req: Request, _ programme: IndicatorWorkflow.Programme, year: Int) async throws
        -> Result<CompositeIndexResult, CompositeIndexError> {
        let values = try await req.indicatorStore.annualValues(planID: programme.plan.id)
        let references = try await req.indicatorStore.references(planID: programme.plan.id)
        let input = CompositeIndexing.input(programme: programme, values: values, references: references, year: year)
        return Result { () throws(CompositeIndexError) in try CompositeIndex.compute(input) }
    }

    func compositeIndex(req: Request) async throws -> Response {
        let (programme, _) = try await req.visibleIndicatorProgramme()
        let years = Array(programme.indicators.dataYears)
        let year = (try? req.query.get(Int.self, at: "year")).flatMap { years.contains($0) ? $0 : nil }
            ?? programme.indicators.dataYears.lastFullYear(asOf: req.indicatorWorkflow.currentYear)
        let result = try await compositeResult(req, programme, year: year)
        return .html(CompositeIndexView(model: .init(programme: programme, year: year, result: result)).render())
    }

    // MARK: API

    func apiEvaluation(req: Request) async throws -> Response {
        let (programme, _) = try await req.visibleIndicatorProgramme()
        var years = IndicatorWorkflow.Years.all
        if let raw = req.query[String.self, at: "year"] {
            guard let year = Int(raw), programme.indicators.evaluationYears.contains(year) else {
                throw Abort(.badRequest, reason: "year「\(raw)」不在本方案的评价年份（\(programme.indicators.evaluationYears.lowerBound)–\(programme.indicators.evaluationYears.upperBound)）内")
            }
            years = .only(year)
        }
        return try Self.json(try await req.indicatorWorkflow.judge(programme, years: years).entries)
    }

    struct IndicatorDTO: Content {
        var indicator: Indicator
        var sourceUnit: String?
        var targets: [TargetDTO]
    }

    struct TargetDTO: Content {
        var id: String
        var target: String
        var text: String?
        var scope: ProgrammeTarget.Scope
    }

    func apiIndicators(req: Request) async throws -> [IndicatorDTO] {
        let (programme, _) = try await req.visibleIndicatorProgramme()
        return programme.indicators.indicators.map { indicator in
            IndicatorDTO(indicator: indicator, sourceUnit: programme.indicators.sourceUnits[indicator.code],
                         targets: programme.indicators.targets.filter { $0.indicator == indicator.code }.map {
                             TargetDTO(id: $0.id, target: $0.expression.description, text: $0.text, scope: $0.scope)
                         })
        }
    }

    func apiObservations(req: Request) async throws -> Response {
        let (programme, _) = try await req.visibleIndicatorProgramme()
        let indicator = req.query[String.self, at: "indicator"]
        var regionIDs: [UUID]?
        if let key = req.query[String.self, at: "region"] {
            let found = programme.regions.filter { $0.code == key || $0.name == key || $0.id.uuidString.lowercased() == key.lowercased() }
            guard !found.isEmpty else { throw Abort(.badRequest, reason: "本方案没有地区「\(key)」") }
            regionIDs = found.map(\.id)
        }
        return try Self.json(try await req.indicatorStore.observations(planID: programme.plan.id, indicator: indicator, regionIDs: regionIDs))
    }

    struct RecordBody: Content {
        struct Item: Content {
            var region: String
            var indicator: String
            var period: String
            var value: Double?
            var numerator: Double?
            var denominator: Double?
            var note: String?
        }

        var observations: [Item]
        /// draft | submitted (default) | approved (office only)
        var state: ReviewState?
    }

    /// JSON figures, checked and stored exactly like an imported table: whole or not at all. Problems name
    /// the item by its 1-based position in `observations` as the line.
    func apiRecord(req: Request) async throws -> Response {
        let (programme, scope) = try await req.visibleIndicatorProgramme()
        let principal = try req.authorize(.manageIndicatorData(scope))
        // Unreadable JSON is answered like unreadable figures: 422 with the issues, each naming the field or position.
        let data = req.body.data.map { Data(buffer: $0) } ?? Data()
        let body: RecordBody
        do { body = try await req.offload { try JSONInput.decode(RecordBody.self, from: data, file: "observations") } }
        catch let rejected as InputRejected { return try Self.rejected(rejected) }
        let rows = [TableRow(line: 0, cells: ["region", "indicator", "period", "value", "numerator", "denominator", "note"])]
            + body.observations.enumerated().map { i, item in
                TableRow(line: i + 1, cells: [item.region, item.indicator, item.period, item.value.map { "\($0)" } ?? "",
                                          item.numerator.map { "\($0)" } ?? "", item.denominator.map { "\($0)" } ?? "", item.note ?? ""])
            }
        return try await Self.applyRows(req, programme, scope: scope, rows: rows, file: "observations", state: body.state ?? .submitted,
                                        actor: principal)
    }

    /// The raw CSV or xlsx file as the body.
    func apiImport(req: Request) async throws -> Response {
        let (programme, scope) = try await req.visibleIndicatorProgramme()
        let principal = try req.authorize(.manageIndicatorData(scope))
        guard let body = req.body.data, body.readableBytes > 0 else { throw Abort(.badRequest, reason: "请求体为空：请把 CSV 或 xlsx 文件作为请求体发送") }
        let fileName = req.query[String.self, at: "fileName"].flatMap(ImportController.cleanFileName) ?? "上传的文件"
        let rows: [TableRow]
        let data = Data(buffer: body)
        do { rows = try await req.offload { try TableFile.rows(data: data, fileName: fileName) } }
        catch let rejected as InputRejected { return try Self.rejected(rejected) }
        let stateText = req.query[String.self, at: "state"]?.nilIfEmpty
        guard let state = stateText.map(ReviewState.init(rawValue:)) ?? .submitted else {
            throw Abort(.badRequest, reason: "state 只能是 draft、submitted 或 approved")
        }
        return try await Self.applyRows(req, programme, scope: scope, rows: rows, file: fileName, state: state, actor: principal)
    }

    private static func applyRows(_ req: Request, _ programme: IndicatorWorkflow.Programme, scope: ProgrammeScope, rows: [TableRow],
                                  file: String, state: ReviewState, actor: Principal) async throws -> Response {
        guard state != .returned else { throw Abort(.badRequest, reason: "state 只能是 draft、submitted 或 approved") }
        // A data-submission token files figures for the office's review; only the office approves.
        if state == .approved && !AccessPolicy.allows(actor, .reviewIndicatorData(scope)) {
            throw Abort(.forbidden, reason: actor.isToken
                        ? "报送数据的接口令牌只能提交审核（state 为 draft 或 submitted），不能直接审核通过；请由创建办审核"
                        : "您的账号（\(actor.role.chineseName)）不能直接审核通过数据；请提交审核")
        }
        do {
            let result = try await req.indicatorWorkflow.importRows(rows, file: file, into: programme, state: state, actor: actor.name)
            return try json(result, status: .created)
        } catch let rejected as InputRejected {
            return try Self.rejected(rejected)
        } catch let error as IndicatorStoreError {
            throw Abort(.conflict, reason: error.description)
        }
    }

    struct IssueDTO: Content {
        var file: String
        var line: Int?
        var column: Int?
        var field: String?
        var message: String
    }

    struct RejectedDTO: Content {
        var error: Bool
        var reason: String
        var issues: [IssueDTO]
    }

    static func rejected(_ rejected: InputRejected) throws -> Response {
        let issues = rejected.issues.map {
            IssueDTO(file: $0.location.file, line: $0.location.line, column: $0.location.column,
                     field: $0.location.field?.description, message: $0.message)
        }
        return try json(RejectedDTO(error: true, reason: "有 \(issues.count) 处错误，未导入任何数据", issues: issues),
                        status: .unprocessableEntity)
    }

    func apiCompositeIndex(req: Request) async throws -> Response {
        let (programme, _) = try await req.visibleIndicatorProgramme()
        let years = programme.indicators.dataYears
        guard let year = req.query[Int.self, at: "year"], years.contains(year) else {
            throw Abort(.badRequest, reason: "请用 year 参数指定 \(years.lowerBound)–\(years.upperBound) 之间的年份")
        }
        switch try await compositeResult(req, programme, year: year) {
        case .success(let result): return try Self.json(result)
        case .failure(let error): throw Abort(.unprocessableEntity, reason: error.description)
        }
    }

    static func json<T: Encodable>(_ value: T, status: HTTPResponseStatus = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        let response = Response(status: status, body: .init(data: try encoder.encode(value)))
        response.headers.contentType = .json
        return response
    }
}

extension Indicator: Content {}
extension TableImportResult: Content {}
extension ProgrammeTarget.Scope: Content {}
