import Core
import Domain
import Fluent
import Foundation
import Persistence
import Vapor

/// 导入方案文件: an implementation plan (.txt or .docx) read into a draft, corrected beside its source
/// text, and saved as a programme. Drafts are private to the account that uploaded them (and
/// administrators); saving is audited like `plan load`.
struct ImportController: RouteCollection {
    /// The largest upload body: a file at the reader's limit plus the form around it.
    static let uploadBodyLimit = DocumentReader.maximumFileBytes + (1 << 20)

    func boot(routes: any RoutesBuilder) throws {
        routes.register(.imports, use: list)
        routes.register(.newImport, use: newForm)
        routes.register(.uploadImport, use: upload)
        routes.register(.importFromTemplate, use: fromTemplate)
        routes.register(.planImport, use: show)
        routes.register(.correctPlanImport, use: correct)
        routes.register(.savePlanImport, use: save)
        routes.register(.discardPlanImport, use: discard)
        // Parses only: the raw file as the body, streamed so that its size is checked as it arrives.
        routes.register(.apiPlanDrafts, use: apiDraft)
    }

    // MARK: Upload

    func list(req: Request) async throws -> Response {
        let principal = try req.authorize(.importPlans)
        let imports = try await req.planImports.imports(createdBy: principal.role == .admin ? nil : principal.userID)
        var creators: [UUID: String] = [:]
        if principal.role == .admin {
            for id in Set(imports.map(\.createdBy)) { creators[id] = try await req.accounts.user(id: id)?.username }
        }
        return .html(ImportListView(model: .init(imports: imports, creators: creators)).render())
    }

    func newForm(req: Request) async throws -> Response {
        let principal = try req.authorize(.importPlans)
        // Templates start a new programme: the administrator's step (an office already has its programme).
        let templates = principal.role == .admin ? try await req.plans.summaries() : []
        return .html(ImportNewView(model: .init(templates: templates)).render())
    }

    struct TemplateForm: Content {
        var template: String?
    }

    /// A new programme begun from a stored one: its plan copied as a draft, to be made local before it is saved.
    func fromTemplate(req: Request) async throws -> Response {
        let principal = try req.authorize(.importPlans)
        guard let userID = principal.userID, principal.role == .admin else {
            throw Abort(.forbidden, reason: "只有系统管理员可以用模板新建创建方案")
        }
        let chosen = (try? req.content.decode(TemplateForm.self).template) ?? nil
        guard let id = chosen?.nilIfEmpty, let template = try await req.plans.plan(id: id) else {
            return Self.uploadFailed(fileName: nil, "请选择一个作为模板的创建方案", status: .badRequest)
        }
        let item = PlanImport(createdBy: userID, targetPlanID: nil, draft: try PlanTemplate.draft(from: template, id: nil),
                              createdAt: req.now)
        try await req.planImports.create(item)
        return req.redirect(to: SiteURL.planImport(item.id).path)
    }

    struct UploadForm: Content {
        var file: File?
        var text: String?
    }

    func upload(req: Request) async throws -> Response {
        let principal = try req.authorize(.importPlans)
        guard let userID = principal.userID else { throw Abort(.forbidden, reason: "只有登录的账号可以导入方案") }
        // A body handed over whole (tests, proxies that buffer) has skipped the streaming limit.
        if let body = req.body.data, body.readableBytes > Self.uploadBodyLimit { throw UploadTooLarge() }
        let form: UploadForm
        do { form = try await req.decodeBody(UploadForm.self) } catch {
            return Self.uploadFailed(fileName: nil, "无法读取上传的表单，请重新选择文件后再试", status: .badRequest)
        }
        let data: Data
        let fileName: String
        if let file = form.file, !(file.filename.isEmpty && file.data.readableBytes == 0) {
            data = Data(buffer: file.data)
            fileName = Self.cleanFileName(file.filename) ?? "未命名文件"
        } else if let text = form.text, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            data = Data(text.utf8)
            fileName = "粘贴的文本"
        } else {
            return Self.uploadFailed(fileName: nil, "请选择实施方案文件（.txt 或 .docx），或把方案正文粘贴到文本框中",
                                     status: .badRequest)
        }
        let ownPlan = principal.role == .office ? principal.planID : nil
        let draft: PlanDraft
        do {
            draft = try await req.offload { try PlanImporter.draft(data: data, fileName: fileName, id: ownPlan) }
        } catch let error as PlanImportError {
            return Self.uploadFailed(fileName: error.fileName, error.message, status: .unprocessableEntity)
        }
        let item = PlanImport(createdBy: userID, targetPlanID: ownPlan, draft: draft)
        try await req.planImports.create(item)
        return req.redirect(to: SiteURL.planImport(item.id).path)
    }

    static func uploadFailed(fileName: String?, _ message: String, status: HTTPResponseStatus) -> Response {
        .html(ImportNewView(model: .init(problem: .init(fileName: fileName, message: message))).render(), status: status)
    }

    /// The name without any folder a browser sent along, at most 120 characters; nil when nothing is left.
    static func cleanFileName(_ raw: String) -> String? {
        let name = raw.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let trimmed = String(name.filter { !$0.isNewline }.prefix(120)).trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? nil : trimmed
    }

    // MARK: The draft

    /// The import named by `:import`, if the principal may see it: its creator, or an administrator.
    private func requireImport(_ req: Request) async throws -> (Principal, PlanImport) {
        let principal = try req.authorize(.importPlans)
        guard let raw = req.parameters.get("import"), let id = UUID(uuidString: raw),
              let item = try await req.planImports.planImport(id: id),
              AccessPolicy.allows(principal, .editPlanImport(createdBy: item.createdBy)) else {
            throw Abort(.notFound, reason: "没有这个导入草稿，或它不是您上传的")
        }
        return (principal, item)
    }

    /// As `requireImport`, for changes: the draft must not have been saved or discarded yet.
    private func requireOpenImport(_ req: Request) async throws -> (Principal, PlanImport) {
        let (principal, item) = try await requireImport(req)
        guard item.status == .draft else {
            throw Abort(.conflict, reason: "此草稿\(item.status.chineseName)，不能再修改")
        }
        return (principal, item)
    }

    func show(req: Request) async throws -> Response {
        let (principal, item) = try await requireImport(req)
        let notice = (try? req.query.get(String.self, at: "corrected")) == "1" ? "修改已保存到草稿。" : nil
        return try await draftPage(req, principal, item, try await storedProgrammes(req), notice: notice)
    }

    /// Corrections from the page's form, or the whole plan as YAML. Nothing is kept unless all of it checks.
    func correct(req: Request) async throws -> Response {
        let (principal, item) = try await requireOpenImport(req)
        let form = try await req.decodeBody([String: String].self)
        let stored = try await storedProgrammes(req)
        if let conflict = Self.staleDraft(item, version: form["version"]) {
            return try await draftPage(req, principal, item, stored, problems: FormRejected("version", conflict.description),
                                       submitted: form, status: .conflict)
        }
        let corrected: DraftCorrections.Result
        if form["mode"] == "yaml" {
            corrected = DraftCorrections.fromYAML(form["yaml"] ?? "", draft: item.draft, choices: item.unitChoices)
        } else {
            corrected = DraftCorrections.fromForm(form, draft: item.draft, choices: item.unitChoices,
                                                  matches: stored.matches(item.draft.plan))
        }
        var problems = corrected.problems
        if problems.isEmpty, let ownPlan = principal.role == .office ? principal.planID : nil, corrected.plan.id != ownPlan {
            problems.append(("id", "创建办只能把草稿保存为本方案（\(ownPlan)），不能改用其他 id"))
        }
        if problems.isEmpty {
            problems = DraftCorrections.problems(in: stored.applied(corrected.plan, choices: corrected.choices).plan)
        }
        guard problems.isEmpty else {
            return try await draftPage(req, principal, item, stored, problems: FormRejected(problems), submitted: form,
                                       status: .badRequest)
        }
        var updated = item
        updated.draft.plan = corrected.plan
        updated.draft.sources = corrected.sources
        updated.unitChoices = corrected.choices
        updated.updatedAt = req.now
        try await req.planImports.update(updated)
        return req.redirect(to: SiteURL.planImport(item.id).path + "?corrected=1")
    }

    struct SaveForm: Content {
        var replace: String?
        /// "1": items the new version drops although data hangs on them are archived instead of refusing the save.
        var archive: String?
        var version: String?
    }

    /// A draft corrected (in another tab) since the page that sent `version` was shown.
    static func staleDraft(_ item: PlanImport, version: String?) -> EditConflict? {
        guard let opened = version.flatMap(Double.init), abs(item.updatedAt.timeIntervalSince1970 - opened) > 0.001 else { return nil }
        return EditConflict(updatedBy: nil, updatedAt: item.updatedAt)
    }

    /// Saves the draft, with its unit matches applied, as a programme: in one transaction with its
    /// audit entry and the import marked saved.
    func save(req: Request) async throws -> Response {
        let (principal, item) = try await requireOpenImport(req)
        let form = try await req.decodeBody(SaveForm.self)
        let stored = try await storedProgrammes(req)
        if let conflict = Self.staleDraft(item, version: form.version) {
            return try await draftPage(req, principal, item, stored, problems: FormRejected("version", conflict.description + "（保存前请先查看最新的草稿）"),
                                       status: .conflict)
        }
        let plan = stored.applied(item.draft.plan, choices: item.unitChoices).plan
        let problems = DraftCorrections.problems(in: plan)
        guard problems.isEmpty else {
            return try await draftPage(req, principal, item, stored, problems: FormRejected(problems), status: .badRequest)
        }
        try req.authorize(.saveImportedPlan(planID: plan.id))
        let existing = try await req.plans.plan(id: plan.id)
        if let existing, form.replace != "1" {
            return try await draftPage(req, principal, item, stored, problems: FormRejected("id",
                "已有 id 为「\(plan.id)」的方案「\(existing.title)」。要用本草稿替换它，请勾选「替换现有方案」；否则请把 id 改为新的。"),
                status: .conflict)
        }
        var saved = item
        saved.status = .saved
        saved.savedPlanID = plan.id
        saved.updatedAt = req.now
        let marked = saved
        do {
            try await PlanSaving.save(plan, origin: .init(actor: principal.name, actorID: principal.userID, action: "plan.import",
                                                          why: "从文件导入方案（\(item.fileName)）",
                                                          details: ["importID": item.id.uuidString, "file": item.fileName]),
                                      archiveRemoved: form.archive == "1",
                                      in: req.appCore, alongside: { tx in try await tx.planImports.update(marked) })
        } catch let refused as PlanEditRefused {
            return try await draftPage(req, principal, item, stored, problems: FormRejected("archive", refused.description), status: .conflict)
        }
        return req.redirect(to: SiteURL.plan(plan.id).path)
    }

    func discard(req: Request) async throws -> Response {
        let (_, item) = try await requireOpenImport(req)
        var discarded = item
        discarded.status = .discarded
        discarded.updatedAt = req.now
        try await req.planImports.update(discarded)
        return req.redirect(to: SiteURL.imports.path)
    }

    // MARK: Matching with stored programmes

    /// The stored programmes a draft is matched against: those the principal may see (an office, its own).
    struct StoredProgrammes {
        var plans: [Plan]
        var units: [KnownUnit]

        func matches(_ plan: Plan) -> [UnitMatch] {
            UnitMatcher.match(plan.units, known: units, preferredPlaceName: plan.place.name)
        }

        /// The plan as it would be saved: its units matched as chosen (else as proposed), its place in the region tree.
        func applied(_ plan: Plan, choices chosen: [String: String]) -> (plan: Plan, matches: [UnitMatch], choices: [String: String]) {
            let matches = matches(plan)
            let choices = ImportController.effectiveChoices(chosen, matches)
            return (DraftPlacement.placed(UnitMatcher.apply(choices, to: plan), among: plans), matches, choices)
        }
    }

    private func storedProgrammes(_ req: Request) async throws -> StoredProgrammes {
        var plans: [Plan] = []
        for id in try await req.visiblePlanIDs() {
            if let plan = try await req.plans.plan(id: id) { plans.append(plan) }
        }
        return StoredProgrammes(plans: plans, units: KnownUnit.all(in: plans))
    }

    /// The matcher's proposals, overridden by what the user chose ("" keeps the unit as a new one).
    static func effectiveChoices(_ chosen: [String: String], _ matches: [UnitMatch]) -> [String: String] {
        var choices = UnitMatcher.proposals(matches)
        for match in matches { if let choice = chosen[match.draft.name] { choices[match.draft.name] = choice } }
        return choices.filter { !$0.value.isEmpty }
    }

    private func draftPage(_ req: Request, _ principal: Principal, _ item: PlanImport, _ stored: StoredProgrammes,
                           problems: FormRejected? = nil, submitted: [String: String]? = nil, notice: String? = nil,
                           status: HTTPResponseStatus = .ok) async throws -> Response {
        let (applied, matches, choices) = stored.applied(item.draft.plan, choices: item.unitChoices)
        var target: ImportDraftView.Target?
        if item.status == .draft, let existing = try await req.plans.plan(id: applied.id) {
            // Liaison accounts name their unit: a replacement without that unit would leave them stranded.
            let directory = UnitDirectory(applied)
            let stranded = try await req.accounts.users(planID: existing.id)
                .filter { $0.role == .liaison && !$0.disabled }
                .compactMap(\.unit).filter { directory.unit(named: $0) == nil }
            let mayReplace = AccessPolicy.allows(principal, .saveImportedPlan(planID: existing.id))
            let preview = mayReplace ? try await req.appCore.planEditing.preview(applied) : nil
            target = .init(id: existing.id, title: mayReplace ? existing.title : nil, strandedLiaisonUnits: mayReplace ? stranded : [],
                           diff: preview?.diff, blocked: preview?.blocked ?? [])
        }
        let model = ImportDraftView.Model(
            item: item, matches: matches, choices: choices, saved: applied, existing: target,
            fixedID: principal.role == .office ? principal.planID : nil, yaml: try DraftCheck.yaml(of: item.draft.plan),
            problems: problems, submitted: submitted ?? [:], notice: notice)
        return .html(ImportDraftView(model: model).render(), status: status)
    }

    // MARK: API

    struct APIProblem: Content {
        var error: String
        var file: String
    }

    /// `POST /api/v1/plan-drafts?fileName=…`: the draft of the file in the body, as canonical JSON with
    /// `importReport`. Saves nothing.
    func apiDraft(req: Request) async throws -> Response {
        // Reading a document is heavy work: only those who may import plans may ask for it.
        try req.authorize(.draftPlanDocument)
        let fileName = Self.cleanFileName((try? req.query.get(String.self, at: "fileName")) ?? "") ?? "上传的文件"
        let limit = DocumentReader.maximumFileBytes
        let tooLarge = APIProblem(error: "文件过大：上限为 \(limit / 1_048_576) MB", file: fileName)
        var body: ByteBuffer
        if let declared = req.headers.first(name: .contentLength).flatMap(Int.init), declared > limit {
            return try Self.json(tooLarge, status: .payloadTooLarge)
        }
        if let data = req.body.data {
            body = data
        } else {
            do {
                body = try await req.body.collect(max: limit).get() ?? ByteBuffer()
            } catch let abort as any AbortError where abort.status == .payloadTooLarge {
                return try Self.json(tooLarge, status: .payloadTooLarge)
            }
        }
        guard body.readableBytes <= limit else { return try Self.json(tooLarge, status: .payloadTooLarge) }
        let draft: PlanDraft
        do {
            let data = Data(buffer: body)
            draft = try await req.offload { try PlanImporter.draft(data: data, fileName: fileName) }
        } catch let error as PlanImportError {
            return try Self.json(APIProblem(error: error.message, file: error.fileName), status: .unprocessableEntity)
        }
        let response = Response(status: .ok, body: .init(data: try draft.canonicalJSONWithReport()))
        response.headers.contentType = .json
        return response
    }

    private static func json(_ problem: APIProblem, status: HTTPResponseStatus) throws -> Response {
        let response = Response(status: status)
        try response.content.encode(problem)
        return response
    }
}

/// An upload larger than the import form takes, found before the form could be read.
struct UploadTooLarge: Error {
    var message: String { "上传的内容过大：文件上限为 \(DocumentReader.maximumFileBytes / 1_048_576) MB" }
}

extension Request {
    var planImports: any PlanImportStore { appCore.planImports }
}
