import Core
import Domain
import Foundation
import Vapor

/// 区划管理: the office (and the administrator) imports and edits the programme's townships and villages in the
/// browser: a file is checked and previewed before anything is kept, and a save over someone else's change is refused.
struct RegionAdminController: RouteCollection {
    /// The regions file with its form around it.
    static let uploadBodyLimit = RegionFile.maximumBytes + (1 << 20)

    func boot(routes: any RoutesBuilder) throws {
        routes.register(.regionPlans, use: programmes)
        routes.register(.regionAdmin, use: page)
        routes.register(.addRegion, use: add)
        routes.register(.saveRegion, use: save)
        routes.register(.previewRegionImport, use: preview)
        routes.register(.confirmRegionImport, use: confirm)
    }

    /// The administrator's way in: every programme; the office goes straight to its own.
    func programmes(req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        if principal.role != .admin, let plan = principal.planID {
            return req.redirect(to: SiteURL.regionAdmin(plan).path)
        }
        try req.authorize(.loadPlans)
        return .html(RegionPlansView(programmes: try await req.plans.summaries()).render())
    }

    /// The programme, after checking the principal supervises it.
    private func officeProgramme(_ req: Request) async throws -> (Plan, Principal) {
        let (plan, scope) = try await req.visibleRunningProgramme()
        return (plan, try req.authorize(.superviseProgramme(scope)))
    }

    func page(req: Request) async throws -> Response {
        let (plan, _) = try await officeProgramme(req)
        return .html(RegionAdminView(model: try await .query(req, plan: plan)).render())
    }

    func add(req: Request) async throws -> Response {
        let (plan, principal) = try await officeProgramme(req)
        let fields = try await req.formFields()
        let form = fields.text("form")
        guard let parentID = UUID(uuidString: fields.text("parent")) else {
            return try await refuse(req, plan, ["上级：请选择"], form: form, fields: fields)
        }
        let edit = RegionEdit.add(parentID: parentID, name: fields.text("name"), code: fields.optional("code"))
        do {
            let region = try await record(req, plan, principal, edit: edit, action: "region.add", before: nil)
            return redirect(req, plan, "已增加\(region.level.chineseName)「\(region.name)」")
        } catch let rejected as InputRejected {
            return try await refuse(req, plan, rejected.issues.map(\.message), form: form, fields: fields)
        }
    }

    func save(req: Request) async throws -> Response {
        let (plan, principal) = try await officeProgramme(req)
        guard let id = req.parameters.get("rid").flatMap(UUID.init(uuidString:)),
              let current = try await req.regions.region(id: id) else { throw Abort(.notFound, reason: "没有这个区划") }
        let fields = try await req.formFields()
        let form = id.uuidString.lowercased()
        // Opened before someone else's save: say who and when, keep what was typed, show the region as it is now.
        if let sent = fields.optional("fingerprint"), sent != EditConflict.fingerprint(current) {
            let latest = try await Self.latestChange(req, plan: plan, region: id)
            var typed = fields.values
            typed["fingerprint"] = EditConflict.fingerprint(current)
            let message = EditConflict(updatedBy: latest?.actor, updatedAt: latest?.at).description
                + "（现在的名称：\(current.name)\(current.code.map { "，代码 \($0)" } ?? "")）"
            let model = try await RegionAdminView.Model.query(req, plan: plan).refused([message], form: form, typed: typed)
            return .html(RegionAdminView(model: model).render(), status: .conflict)
        }
        let edit = RegionEdit.update(id: id, name: fields.text("name"), code: fields.optional("code"))
        do {
            let region = try await record(req, plan, principal, edit: edit, action: "region.update", before: current)
            return redirect(req, plan, "已保存「\(region.name)」")
        } catch let rejected as InputRejected {
            return try await refuse(req, plan, rejected.issues.map { "「\(current.name)」：\($0.message)" }, form: form, fields: fields)
        }
    }

    /// The edit and its audit entry in one transaction.
    private func record(_ req: Request, _ plan: Plan, _ principal: Principal, edit: RegionEdit, action: String,
                        before: Region?) async throws -> Region {
        let planID = plan.id, now = req.now
        return try await req.appCore.transaction { core in
            let region = try await core.regions.edit(edit, underPlan: planID)
            try await core.audit.record(AuditEntry(at: now, actor: principal.name, actorID: principal.userID, action: action,
                                                   entity: "region", entityID: region.id.uuidString.lowercased(), planID: planID,
                                                   before: before.flatMap(AuditEntry.snapshot), after: AuditEntry.snapshot(region)))
            return region
        }
    }

    /// Who changed a region last: its own edits, or the latest import into the programme.
    static func latestChange(_ req: Request, plan: Plan, region: UUID) async throws -> AuditEntry? {
        let own = try await req.audit.latest(entity: "region", entityID: region.uuidString.lowercased())
        let imported = try await req.audit.latest(entity: "region-import", entityID: plan.id)
        return [own, imported].compactMap { $0 }.max { $0.at < $1.at }
    }

    private func refuse(_ req: Request, _ plan: Plan, _ problems: [String], form: String, fields: FormFields) async throws -> Response {
        let model = try await RegionAdminView.Model.query(req, plan: plan).refused(problems, form: form, typed: fields.values)
        return .html(RegionAdminView(model: model).render(), status: .unprocessableEntity)
    }

    private func redirect(_ req: Request, _ plan: Plan, _ notice: String) -> Response {
        req.redirect(to: SiteURL.regionAdmin(plan.id).path + "?notice=" + SiteURL.escapeQuery(notice))
    }

    // MARK: Import

    /// Reads the file (off the request threads), checks it as the import would, and shows what it will do.
    func preview(req: Request) async throws -> Response {
        let (plan, _) = try await officeProgramme(req)
        let fields = try await req.multipartFields()
        guard let file = fields.files["file"]?.first, file.data.readableBytes > 0 else {
            return try await refuse(req, plan, ["区划文件：请选择文件"], form: "import", fields: fields.fields)
        }
        let fileName = ImportController.cleanFileName(file.filename) ?? "区划文件"
        let data = Data(buffer: file.data)
        let parsed: RegionFile.Parsed
        do { parsed = try await req.offload { try RegionFile.parse(data: data, fileName: fileName) } } catch let rejected as InputRejected {
            return try await refuse(req, plan, RegionFile.messages(rejected.issues, columns: [:]), form: "import", fields: fields.fields)
        }
        do {
            let result = try await req.regions.previewImport(parsed.rows, file: fileName, under: plan.id)
            let payload = RegionRowsPayload(file: fileName, parsed: parsed)
            let model = try await RegionImportView.Model.preview(req, plan: plan, fileName: fileName, rows: parsed.rows, result: result,
                                                                 payload: payload.encoded)
            return .html(RegionImportView(model: model).render())
        } catch let rejected as InputRejected {
            let issues = try await Self.explained(req, plan: plan, rejected.issues, rows: parsed.rows)
            return try await refuse(req, plan, RegionFile.messages(issues, columns: parsed.columns), form: "import", fields: fields.fields)
        }
    }

    /// Imports the previewed rows, whole or nothing, with one audit entry.
    func confirm(req: Request) async throws -> Response {
        let (plan, principal) = try await officeProgramme(req)
        let fields = try await req.formFields()
        guard let payload = try? JSONDecoder().decode(RegionRowsPayload.self, from: Data(fields.text("rows").utf8)) else {
            return try await refuse(req, plan, ["预览已失效，请重新选择文件导入"], form: "import", fields: fields)
        }
        let planID = plan.id, now = req.now
        do {
            let rows = try payload.regionRows()
            let (result, townships) = try await req.appCore.transaction { core in
                let result = try await core.regions.importRegions(rows, file: payload.file, under: planID)
                // Each township of the tree becomes a unit of the programme, so 各乡镇 reaches it and its officer reports.
                let townships = try await core.planEditing.addTownshipUnits(planID: planID, actor: principal.name, actorID: principal.userID)
                try await core.audit.record(AuditEntry(at: now, actor: principal.name, actorID: principal.userID, action: "region.import",
                                                       entity: "region-import", entityID: planID, planID: planID, before: nil,
                                                       after: AuditEntry.snapshot(["file": payload.file, "rows": String(rows.count),
                                                                                   "added": String(result.added), "updated": String(result.updated)])))
                return (result, townships)
            }
            let units = townships.isEmpty ? "" : "；\(townships.joined(separator: "、"))已成为方案的乡镇单位"
            return redirect(req, plan, "已导入 \(payload.file)：新增 \(result.added) 个、更新 \(result.updated) 个区划\(units)")
        } catch let rejected as InputRejected {
            // Someone changed the regions since the preview in a way that makes a row wrong now.
            let issues = try await Self.explained(req, plan: plan, rejected.issues, rows: (try? payload.regionRows()) ?? [])
            return try await refuse(req, plan, ["未导入："] + RegionFile.messages(issues, columns: payload.columns), form: "import", fields: fields)
        }
    }

    /// The import's "parent not found" made plain: a parent that exists outside the programme's place is named as such.
    static func explained(_ req: Request, plan: Plan, _ issues: [InputIssue], rows: [RegionRow]) async throws -> [InputIssue] {
        let place = try await req.regions.regions(underPlan: plan.id).first?.name ?? plan.title
        var out: [InputIssue] = []
        for issue in issues {
            var issue = issue
            if issue.message.hasPrefix("找不到上级"), let row = rows.first(where: { $0.line == issue.location.line }) {
                let elsewhere = try await req.regions.find(row.parent, underPlan: nil)
                issue.message = elsewhere.isEmpty
                    ? "找不到上级「\(row.parent)」：\(place)之内没有这个名称或代码的区划"
                    : "上级「\(row.parent)」不在本方案的地区（\(place)）之内：只能导入\(place)以下的乡镇（街道）和村（社区）"
            }
            out.append(issue)
        }
        return out
    }
}
