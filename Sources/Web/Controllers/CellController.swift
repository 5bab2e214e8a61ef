import Crypto
import Core
import Domain
import Foundation
import Persistence
import Vapor

extension Request {

    /// The programme named by `:id` as the register sees it, after checking the principal may see it.
    func visibleCellProgramme() async throws -> (CellWorkflow.Programme, ProgrammeScope) {
        let id = try requireParameter("id")
        let scope = try await programmeScope(id)
        try authorize(.viewProgramme(scope))
        do {
            var programme = try await cellWorkflow.programme(id)
            // Beyond the plan's targets: the kinds a score sheet is written for and the kinds the office named.
            let office = try await runningStore.record(OfficeCellKinds.self, planID: id, key: OfficeCellKinds.key)
            programme.extraTypes = CellKinds.programmeKinds(plan: programme.plan, sheets: application.scoreSheets?.sheets ?? [],
                                                            office: office?.value.kinds ?? [])
            return (programme, scope)
        } catch let error as CellWorkflowError {
            throw Abort(.notFound, reason: error.description)
        }
    }
}

extension CellWorkflow.Programme {
    /// The regions from the outermost (above the programme's place) down to `regionID`, for access checks.
    func accessPath(to regionID: UUID, scope: ProgrammeScope) -> [UUID] {
        let byID = Dictionary(regions.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var down: [UUID] = []
        var current = byID[regionID]
        while let r = current, r.id != place.id, down.count < 16 {
            down.append(r.id)
            current = r.parentID.flatMap { byID[$0] }
        }
        return scope.regionPath + down.reversed()
    }

    func region(_ id: UUID) -> Region? { regions.first { $0.id == id } }

    /// The regions a principal registers places in and filters by: a township officer's own township and its
    /// villages, everyone else's the whole programme.
    func regions(workableBy principal: Principal) -> [Region] {
        guard principal.role == .township else { return regions }
        let own = Set(principal.regionID.map { regionIDs(inside: $0) } ?? [])
        return regions.filter { own.contains($0.id) }
    }

    /// The township a region lies in (itself if it is one).
    func township(of regionID: UUID) -> Region? {
        let ids = Set(townships.map(\.id))
        var current = region(regionID)
        while let r = current {
            if ids.contains(r.id) { return r }
            current = r.parentID.flatMap(region)
        }
        return nil
    }

    /// "新关镇 / 东关村" for a place's region, without the programme's own place.
    func regionLabel(_ regionID: UUID) -> String {
        var names: [String] = []
        var current = region(regionID)
        while let r = current, r.id != place.id {
            names.append(r.name)
            current = r.parentID.flatMap(region)
        }
        return names.isEmpty ? place.name : names.reversed().joined(separator: " / ")
    }

    func kindName(_ cell: String) -> String { CellKinds.name(of: cell, extra: extraTypes) }
}

/// 健康细胞: the coverage board, the register, places and their history, assessments on score sheets,
/// the office's confirmation, township batches and register imports.
struct CellController: RouteCollection {
    static let uploadBodyLimit = 64 << 20
    static let pageSize = 50

    func boot(routes: any RoutesBuilder) throws {
        routes.register(.cells, use: board)
        routes.register(.coverageXLSX, use: coverageWorkbook)
        routes.register(.cellRegister, use: register)
        routes.register(.newCellPlace, use: newPlaceForm)
        routes.register(.addCellPlace, use: addPlace)
        routes.register(.cellPlace, use: placePage)
        routes.register(.cellPlaceEdit, use: editPlace)
        routes.register(.cellPlaceTransition, use: transition)
        routes.register(.cellAssess, use: assessForm)
        routes.register(.saveCellAssessment, use: saveAssessment)
        routes.register(.cellAssessment, use: assessmentPage)
        routes.register(.cellDecide, use: decide)
        routes.register(.cellEvidence, use: evidence)
        routes.register(.cellReview, use: review)
        routes.register(.cellBatch, use: batchForm)
        routes.register(.saveCellBatch, use: saveBatch)
        routes.register(.cellImport, use: importForm)
        routes.register(.startCellImport, use: startImport)
        routes.register(.cellImportJob, use: importJob)
        routes.register(.cellImportProgress, use: importProgress)
        routes.register(.scoreSheet, use: sheetPage)
        routes.register(.cellTownship, use: township)

        routes.register(.regionCoverage, use: regionCoverage)

        routes.register(.apiCoverage, use: apiCoverage)
        routes.register(.apiCells, use: apiCells)
        routes.register(.apiCellPlace, use: apiPlace)
        routes.register(.apiCellsImport, use: apiImport)
        routes.register(.apiScoreSheets, use: apiScoreSheets)
    }

    // MARK: Coverage

    func board(req: Request) async throws -> Response {
        let (programme, scope) = try await req.visibleCellProgramme()
        let principal = try req.requirePrincipal()
        let entries = try await req.cellWorkflow.coverage(programme)
        let pending = AccessPolicy.allows(principal, .certifyCells(scope))
            ? try await req.cellStore.assessments(regionIDs: programme.regions.map(\.id), state: .proposed, limit: 1000).count : 0
        let own = principal.role == .township ? principal.regionID.flatMap { programme.township(of: $0) } : nil
        return .html(CoverageBoardView(model: .init(
            programme: programme, entries: entries, pendingReview: pending,
            canImport: AccessPolicy.allows(principal, .certifyCells(scope)),
            canRegister: AccessPolicy.allows(principal, .editCellRegister(scope, regionPath: own.map { programme.accessPath(to: $0.id, scope: scope) } ?? scope.regionPath)),
            ownTownship: own, sheets: req.application.scoreSheets?.sheets ?? [],
            untargeted: CoverageBoardView.UntargetedKind.list(try await req.cellStore.counts(regionIDs: [programme.place.id]), programme: programme,
                              sheets: req.application.scoreSheets?.sheets ?? []))).render())
    }

    func coverageWorkbook(req: Request) async throws -> Response {
        let (programme, _) = try await req.visibleCellProgramme()
        let entries = try await req.cellWorkflow.coverage(programme)
        let workbook = CoverageWorkbook.make(programme: programme, entries: entries)
        return .download(.init(data: try workbook.data()), contentType: Response.xlsxType,
                         fileName: "\(programme.plan.id)-coverage.xlsx")
    }

    func township(req: Request) async throws -> Response {
        let (programme, scope) = try await req.visibleCellProgramme()
        guard let raw = req.parameters.get("rid"), let id = UUID(uuidString: raw), let township = programme.township(of: id),
              township.id == id else { throw Abort(.notFound, reason: "本方案没有这个乡镇") }
        try req.authorize(.viewRegion(scope, regionPath: programme.accessPath(to: id, scope: scope)))
        let principal = try req.requirePrincipal()
        let entries = try await req.cellWorkflow.coverage(programme).filter { $0.regionID == id }
        let villages = programme.regions.filter { $0.parentID == id }
        let counts = try await req.cellStore.counts(regionIDs: [id] + villages.map(\.id))
        return .html(TownshipCellsView(model: .init(
            programme: programme, township: township, entries: entries, villages: villages,
            board: RegionBoard(root: township, regions: villages, counts: counts),
            canRegister: AccessPolicy.allows(principal, .editCellRegister(scope, regionPath: programme.accessPath(to: id, scope: scope))))).render())
    }

    /// A region's coverage across programmes, one level down at a time: a province's cities, a city's counties,
    /// a county's townships. Read from the maintained counts only.
    func regionCoverage(req: Request) async throws -> Response {
        guard let raw = req.parameters.get("rid"), let id = UUID(uuidString: raw) else { throw Abort(.notFound, reason: "没有这个地区") }
        let path = try await req.regions.path(to: id)
        guard !path.isEmpty else { throw Abort(.notFound, reason: "没有这个地区") }
        try req.authorize(.viewRegionCoverage(regionPath: path.map(\.id)))
        let board = try await req.cellWorkflow.regionBoard(id, depth: 1)
        let visible = Set(try await req.visiblePlanIDs())
        var programmes: [UUID: String] = [:]
        for scope in try await req.regions.programmeScopes() where visible.contains(scope.planID) {
            if let place = scope.regionPath.last, programmes[place] == nil { programmes[place] = scope.planID }
        }
        return .html(RegionCoverageView(model: .init(board: board, path: path, programmes: programmes)).render())
    }

    // MARK: Register

    /// The regions a principal's register view is confined to: a township officer's own township, else the
    /// asked-for region (checked), else the whole programme.
    func registerRegions(_ req: Request, _ programme: CellWorkflow.Programme, scope: ProgrammeScope,
                                 asked: UUID?) throws -> (ids: [UUID], region: Region?) {
        let principal = try req.requirePrincipal()
        var regionID = asked
        if regionID == nil, principal.role == .township, let own = principal.regionID { regionID = own }
        guard let regionID else {
            try req.authorize(.viewRegion(scope, regionPath: scope.regionPath))
            return (programme.regions.map(\.id), nil)
        }
        guard let region = programme.region(regionID) else { throw Abort(.notFound, reason: "本方案没有这个地区") }
        try req.authorize(.viewRegion(scope, regionPath: programme.accessPath(to: regionID, scope: scope)))
        return (programme.regionIDs(inside: regionID), region)
    }

    func register(req: Request) async throws -> Response {
        let (programme, scope) = try await req.visibleCellProgramme()
        let principal = try req.requirePrincipal()
        let cell = (try? req.query.get(String.self, at: "type"))?.nilIfEmpty
        let statusText = (try? req.query.get(String.self, at: "status"))?.nilIfEmpty
        let status = statusText.flatMap(CellStatus.init(text:))
        let text = (try? req.query.get(String.self, at: "q"))?.nilIfEmpty
        let asked = (try? req.query.get(String.self, at: "region")).flatMap { UUID(uuidString: $0) }
        let page = max(1, (try? req.query.get(Int.self, at: "page")) ?? 1)
        let (ids, region) = try registerRegions(req, programme, scope: scope, asked: asked)
        let found = try await req.cellStore.places(CellQuery(cell: cell, status: status, regionIDs: ids, text: text,
                                                             limit: Self.pageSize, offset: (page - 1) * Self.pageSize))
        let regionChoices = programme.regions(workableBy: principal)
        return .html(RegisterView(model: .init(
            programme: programme, places: found.places, total: found.total, page: page, pageSize: Self.pageSize,
            cell: cell, status: status, region: region, text: text, regionChoices: regionChoices,
            canRegister: AccessPolicy.allows(principal, .editCellRegister(scope, regionPath: programme.accessPath(to: region?.id ?? programme.place.id, scope: scope)))
                || principal.role == .township)).render())
    }

    struct PlaceForm: Content {
        var type: String?
        var name: String?
        var code: String?
        var region: String?
        var subkind: String?
        var eligible: String?
        var contact: String?
        var note: String?
        /// The place's version when the form was opened (edits only).
        var version: String?
        /// A kind the office names with this place (type `new`): its Chinese name and, if not a known one, its slug.
        var newKindLabel: String?
        var newKindSlug: String?
        /// The revision of the programme's named kinds when the form was opened.
        var kindsRevision: String?
    }

    func newPlaceForm(req: Request) async throws -> Response {
        let (programme, scope) = try await req.visibleCellProgramme()
        let principal = try req.requirePrincipal()
        let own = principal.role == .township ? principal.regionID : programme.place.id
        try req.authorize(.editCellRegister(scope, regionPath: programme.accessPath(to: own ?? programme.place.id, scope: scope)))
        var form = PlaceForm(eligible: "true")
        form.type = (try? req.query.get(String.self, at: "type"))?.nilIfEmpty
        form.region = (try? req.query.get(String.self, at: "region"))?.nilIfEmpty
        return .html(PlaceFormView(model: try await placeFormModel(req, programme, form: form, problems: [])).render())
    }

    /// A form's fields checked by the same reader as an import row, so both say the same about the same mistake.
    func checkedRow(_ form: PlaceForm, _ programme: CellWorkflow.Programme, today: LocalDate) -> Result<CellRow, InputRejected> {
        let columns: [CellRowReader.Column] = [.type, .name, .region, .subkind, .eligible, .code, .contact]
        let header = TableRow(line: 0, cells: columns.map(\.rawValue))
        let regionText = form.region.flatMap { UUID(uuidString: $0) }.flatMap { programme.region($0) }.map { $0.code ?? programme.regionLabel($0.id) }
            ?? form.region ?? ""
        let values = [form.type ?? "", form.name ?? "", regionText, form.subkind ?? "", form.eligible == nil ? "false" : "true",
                      form.code ?? "", form.contact ?? ""]
        do {
            let reader = try CellRowReader(header: header, file: "表单", lookup: RegionLookup(programme.regions),
                                           extraTypes: programme.extraTypes, today: today)
            return reader.read(TableRow(line: 1, cells: values))
        } catch { return .failure(error) }
    }

    func addPlace(req: Request) async throws -> Response {
        var (programme, scope) = try await req.visibleCellProgramme()
        var form = try await req.decodeBody(PlaceForm.self)
        // A kind the office names here is kept with the place, in one change, or neither is.
        var namedKinds: (kinds: OfficeCellKinds, revision: Int)?
        if form.type == Self.newKindChoice {
            do {
                namedKinds = try await namingKind(req, &programme, scope: scope, form: &form)
            } catch let rejected as InputRejected {
                return .html(PlaceFormView(model: try await placeFormModel(req, programme, form: form, problems: rejected.issues.map(Self.fieldMessage))).render(),
                             status: .unprocessableEntity)
            }
        }
        let row: CellRow
        switch checkedRow(form, programme, today: req.today) {
        case .failure(let rejected):
            if namedKinds != nil { form.type = Self.newKindChoice }
            return .html(PlaceFormView(model: try await placeFormModel(req, programme, form: form, problems: rejected.issues.map(Self.fieldMessage))).render(),
                         status: .unprocessableEntity)
        case .success(let r): row = r
        }
        let principal = try req.authorize(.editCellRegister(scope, regionPath: programme.accessPath(to: row.regionID, scope: scope)))
        let place = CellPlace(cell: row.cell, subkind: row.subkind, name: row.name, code: row.code, regionID: row.regionID,
                              eligible: row.eligible, contact: row.contact, note: form.note?.nilIfEmpty)
        do {
            let kindsToSave = namedKinds
            let saved = try await req.appCore.transaction { core in
                if let namedKinds = kindsToSave {
                    try await core.running.save(namedKinds.kinds, expectedRevision: namedKinds.revision, action: "cell-kind.add",
                                                actor: principal.name, actorID: principal.userID)
                }
                return try await core.cells.add(place, actor: principal.name)
            }
            return req.redirect(to: SiteURL.cellPlace(plan: programme.plan.id, id: saved.id).path, redirectType: .normal)
        } catch let error as CellStoreError {
            return .html(PlaceFormView(model: try await placeFormModel(req, programme, form: form, problems: [error.description])).render(),
                         status: .conflict)
        } catch let error as RunningStoreError {
            return .html(PlaceFormView(model: try await placeFormModel(req, programme, form: form, problems: ["场所类型：\(error.description)"])).render(),
                         status: .conflict)
        }
    }

    static func fieldMessage(_ issue: InputIssue) -> String {
        let names: [String: String] = ["type": "类型", "name": "名称", "region": "地区", "subkind": "子类", "eligible": "纳入统计",
                                       "code": "编码", "contact": "联系人", "status": "状态", "certified_on": "命名日期",
                                       "newKindLabel": "新类型名称", "newKindSlug": "新类型标识"]
        let key = issue.location.field?.description ?? ""
        return "\(names[key] ?? key)：\(issue.message)"
    }

    // MARK: One place

    /// The place named by `:pid` inside the programme, after checking `action` (seeing its region, by default).
    func requirePlace(_ req: Request, _ programme: CellWorkflow.Programme, scope: ProgrammeScope,
                      action: (ProgrammeScope, [UUID]) -> Action = { .viewRegion($0, regionPath: $1) }) async throws -> CellPlace {
        guard let raw = req.parameters.get("pid"), let id = UUID(uuidString: raw),
              let place = try await req.cellStore.place(id: id), programme.region(place.regionID) != nil else {
            throw Abort(.notFound, reason: "本方案范围内没有这个场所")
        }
        try req.authorize(action(scope, programme.accessPath(to: place.regionID, scope: scope)))
        return place
    }

    func placeModel(_ req: Request, _ programme: CellWorkflow.Programme, scope: ProgrammeScope, _ place: CellPlace,
                            notice: String? = nil, problem: String? = nil) async throws -> PlaceView.Model {
        let principal = try req.requirePrincipal()
        let path = programme.accessPath(to: place.regionID, scope: scope)
        return PlaceView.Model(
            programme: programme, place: place, history: try await req.cellStore.history(of: place.id),
            assessments: try await req.cellStore.assessments(placeID: place.id),
            sheet: req.application.scoreSheets?.sheet(forCell: place.cell),
            canEdit: AccessPolicy.allows(principal, .editCellRegister(scope, regionPath: path)),
            canAssess: AccessPolicy.allows(principal, .assessCell(scope, regionPath: path)),
            canCertify: AccessPolicy.allows(principal, .certifyCells(scope)),
            notice: notice, problem: problem)
    }

    func placePage(req: Request) async throws -> Response {
        let (programme, scope) = try await req.visibleCellProgramme()
        let place = try await requirePlace(req, programme, scope: scope)
        return .html(PlaceView(model: try await placeModel(req, programme, scope: scope, place)).render())
    }

    func editPlace(req: Request) async throws -> Response {
        let (programme, scope) = try await req.visibleCellProgramme()
        var place = try await requirePlace(req, programme, scope: scope)
        let principal = try req.authorize(.editCellRegister(scope, regionPath: programme.accessPath(to: place.regionID, scope: scope)))
        var form = try await req.decodeBody(PlaceForm.self)
        form.type = place.cell
        form.region = place.regionID.uuidString
        switch checkedRow(form, programme, today: req.today) {
        case .failure(let rejected):
            let model = try await placeModel(req, programme, scope: scope, place, problem: rejected.issues.map(Self.fieldMessage).joined(separator: "；"))
            return .html(PlaceView(model: model).render(), status: .unprocessableEntity)
        case .success(let row):
            place.name = row.name; place.code = row.code; place.subkind = row.subkind; place.eligible = row.eligible
            place.contact = row.contact; place.note = form.note?.nilIfEmpty
        }
        do {
            let saved = try await req.cellStore.update(place, actor: principal.name, expectedVersion: form.version.flatMap(Double.init))
            return .html(PlaceView(model: try await placeModel(req, programme, scope: scope, saved, notice: "已保存")).render())
        } catch let error as CellStoreError {
            let current = try await requirePlace(req, programme, scope: scope)
            var model = try await placeModel(req, programme, scope: scope, current, problem: error.description)
            // What was typed stays in the form, now at the current version so it can be saved again on purpose.
            var typed = place
            typed.updatedAt = current.updatedAt
            model.typed = typed
            return .html(PlaceView(model: model).render(), status: .conflict)
        }
    }

    struct TransitionForm: Content {
        var to: String
        var date: String?
        var reason: String?
    }

    func transition(req: Request) async throws -> Response {
        let (programme, scope) = try await req.visibleCellProgramme()
        let place = try await requirePlace(req, programme, scope: scope)
        let form = try await req.decodeBody(TransitionForm.self)
        guard let target = CellStatus(text: form.to) else { throw Abort(.badRequest, reason: "未知状态「\(form.to)」") }
        // Revoking a name is the office's decision; the earlier steps are the township's and the office's.
        let principal = target == .revoked ? try req.authorize(.certifyCells(scope))
            : try req.authorize(.editCellRegister(scope, regionPath: programme.accessPath(to: place.regionID, scope: scope)))
        let dateText = form.date?.trimmingCharacters(in: .whitespaces) ?? ""
        let date = dateText.isEmpty ? req.today : CellRowReader.date(dateText)
        guard let date else {
            let model = try await placeModel(req, programme, scope: scope, place, problem: "日期「\(dateText)」无法识别，应写成 2024-05-31")
            return .html(PlaceView(model: model).render(), status: .unprocessableEntity)
        }
        do {
            let moved = try await req.cellStore.transition(place.id, to: target, on: date, reason: form.reason?.nilIfEmpty,
                                                          actor: principal.name,
                                                          audit: CellAudit(planID: programme.plan.id, actorID: principal.userID))
            return .html(PlaceView(model: try await placeModel(req, programme, scope: scope, moved,
                                                              notice: "已改为「\(target.chineseName)」")).render())
        } catch let error as CellStoreError {
            return .html(PlaceView(model: try await placeModel(req, programme, scope: scope, place, problem: error.description)).render(),
                         status: .conflict)
        }
    }
}
