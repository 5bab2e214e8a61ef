import Crypto
import Core
import Domain
import Foundation
import Persistence
import Vapor

/// Evidence files accepted with a score: photos, PDFs and Office documents, judged by their first bytes,
/// not by their names.
enum EvidenceUpload {
    static let maximumBytes = 20 << 20

    static func kind(of data: Data) -> String? {
        if data.starts(with: [0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if data.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return "image/png" }
        if data.starts(with: Array("GIF8".utf8)) { return "image/gif" }
        if data.starts(with: Array("%PDF".utf8)) { return "application/pdf" }
        if data.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return "application/zip" }
        return nil
    }

    /// The file's problem in Chinese, or nil when it may be kept.
    static func problem(_ data: Data, name: String) -> String? {
        if data.count > maximumBytes { return "附件「\(name)」超过 \(maximumBytes >> 20) MB" }
        if kind(of: data) == nil { return "附件「\(name)」不是照片（JPG/PNG/GIF）、PDF 或 Word/Excel 文件" }
        return nil
    }

    /// An uploaded file that may be kept: its bytes, what they are, and the name it is kept under.
    struct Accepted {
        var data: Data
        var kind: String
        var name: String
        var sha256: String { SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined() }
    }

    struct Refused: Error { var message: String }

    /// Checks an uploaded file by its content and names it after what it is (see `fileName(_:kind:)`).
    static func accept(_ file: File) throws(Refused) -> Accepted {
        let data = Data(buffer: file.data)
        let name = ImportController.cleanFileName(file.filename) ?? "附件"
        if let problem = problem(data, name: name) { throw Refused(message: problem) }
        let kind = kind(of: data) ?? "application/octet-stream"
        return Accepted(data: data, kind: kind, name: fileName(name, kind: kind))
    }

    /// The extension a kind of file is kept under, and the ones its name may already have.
    static let extensions: [String: (preferred: String, accepted: Set<String>)] = [
        "image/jpeg": ("jpg", ["jpg", "jpeg", "jpe"]), "image/png": ("png", ["png"]), "image/gif": ("gif", ["gif"]),
        "application/pdf": ("pdf", ["pdf"]),
        // Word, Excel and PowerPoint files are zip archives inside.
        "application/zip": ("zip", ["zip", "docx", "xlsx", "pptx", "docm", "xlsm", "odt", "ods", "odp", "ofd"]),
    ]

    /// The uploaded name with an extension that matches the content: a GIF sent as `a.html` is kept as `a.gif`, so no
    /// name makes a browser or a desktop open the file as something it is not.
    static func fileName(_ name: String, kind: String) -> String {
        guard let rule = extensions[kind] else { return name }
        let ext = (name as NSString).pathExtension.lowercased()
        if rule.accepted.contains(ext) { return name }
        let stem = ext.isEmpty ? name : (name as NSString).deletingPathExtension
        return (stem.isEmpty ? "附件" : stem) + "." + rule.preferred
    }

    /// A kept file as a download: always an attachment, its type judged from its bytes again (never what the uploader
    /// said), and its name made to match (files kept before names were checked too); anything else is a plain binary.
    static func download(_ data: Data, fileName: String) -> Response {
        let response = Response(status: .ok, body: .init(data: data))
        let kind = kind(of: data)
        let name = kind.map { Self.fileName(fileName, kind: $0) } ?? fileName
        let office: [String: HTTPMediaType] = [
            "docx": HTTPMediaType(type: "application", subType: "vnd.openxmlformats-officedocument.wordprocessingml.document"),
            "xlsx": HTTPMediaType(type: "application", subType: "vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            "pptx": HTTPMediaType(type: "application", subType: "vnd.openxmlformats-officedocument.presentationml.presentation"),
        ]
        switch kind {
        case "image/jpeg": response.headers.contentType = .jpeg
        case "image/png": response.headers.contentType = .png
        case "image/gif": response.headers.contentType = .gif
        case "application/pdf": response.headers.contentType = .pdf
        case "application/zip": response.headers.contentType = office[(name as NSString).pathExtension.lowercased()] ?? .zip
        default: response.headers.contentType = .binary
        }
        response.headers.replaceOrAdd(name: .contentDisposition, value: Response.contentDisposition(name))
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        return response
    }
}

extension CellController {
    /// Entries typed for one sheet from form fields named `<prefix>points.<item>`, `<prefix>count.<item>`,
    /// `<prefix>passed.<item>` and `<prefix>note.<item>`; unreadable numbers are reported by item.
    static func entries(for sheet: ScoreSheet, texts: [String: String], prefix: String = "")
        -> (entries: [String: ItemEntry], problems: [String: String]) {
        var entries: [String: ItemEntry] = [:]
        var problems: [String: String] = [:]
        for item in sheet.allItems {
            func field(_ name: String) -> String { (texts["\(prefix)\(name).\(item.id)"] ?? "").trimmingCharacters(in: .whitespaces) }
            var entry = ItemEntry(note: field("note").nilIfEmpty)
            let points = field("points"), count = field("count"), passed = field("passed")
            if !points.isEmpty {
                if let value = TableFile.number(points) { entry.points = Decimal(value) } else { problems[item.id] = "「\(points)」不是数字" }
            }
            if !count.isEmpty {
                if let value = TableFile.number(count), value >= 0, value == value.rounded(), value < 1e6 { entry.count = Int(value) }
                else { problems[item.id] = "次数「\(count)」应为整数" }
            }
            if passed == "yes" { entry.passed = true } else if passed == "no" { entry.passed = false }
            if !entry.isEmpty || entry.note != nil { entries[item.id] = entry }
        }
        return (entries, problems)
    }

    static func json<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? encoder.encode(value)).flatMap { String(data: $0, encoding: .utf8) } ?? "{}"
    }

    static func decimal(_ value: Decimal) -> Double { NSDecimalNumber(decimal: value).doubleValue }

    private func requireSheet(_ req: Request, for place: CellPlace, _ programme: CellWorkflow.Programme) throws -> ScoreSheet {
        guard let sheet = req.application.scoreSheets?.sheet(forCell: place.cell) else {
            throw Abort(.notFound, reason: "没有「\(programme.kindName(place.cell))」的评分表，请管理员添加后再评分")
        }
        return sheet
    }

    // MARK: One place

    func assessForm(req: Request) async throws -> Response {
        let (programme, scope) = try await req.visibleCellProgramme()
        let place = try await requirePlaceForAssessment(req, programme, scope: scope)
        let sheet = try requireSheet(req, for: place, programme)
        return .html(AssessmentFormView(model: .init(programme: programme, place: place, sheet: sheet, texts: [:], problems: [:],
                                                     problem: nil)).render())
    }

    private func requirePlaceForAssessment(_ req: Request, _ programme: CellWorkflow.Programme, scope: ProgrammeScope)
        async throws -> CellPlace {
        try await requirePlace(req, programme, scope: scope, action: { .assessCell($0, regionPath: $1) })
    }

    func saveAssessment(req: Request) async throws -> Response {
        let (programme, scope) = try await req.visibleCellProgramme()
        let place = try await requirePlaceForAssessment(req, programme, scope: scope)
        let principal = try req.requirePrincipal()
        let sheet = try requireSheet(req, for: place, programme)
        let fields = try await req.decodeBody(IndicatorController.EntryFields.self)
        var (entries, problems) = Self.entries(for: sheet, texts: fields.texts)
        // Files are kept first, so a form refused for anything else shows them again instead of losing them.
        var slots = ["": (file: "evidence", token: "kept")]
        for item in sheet.allItems { slots[item.id] = (file: "evidence.\(item.id)", token: "kept.\(item.id)") }
        let (kept, fileProblems) = try await KeptUpload.collect(slots, files: fields.files, texts: fields.texts, req: req)
        problems.merge(fileProblems) { a, b in a + "；" + b }
        func again(_ problem: String?, status: HTTPResponseStatus) -> Response {
            var model = AssessmentFormView.Model(programme: programme, place: place, sheet: sheet, texts: fields.texts,
                                                 problems: problems, problem: problem)
            model.keptFiles = kept
            return .html(AssessmentFormView(model: model).render(), status: status)
        }
        let dateText = fields.texts["assessedOn"]?.trimmingCharacters(in: .whitespaces) ?? ""
        guard let date = dateText.isEmpty ? req.today : CellRowReader.date(dateText) else {
            return again("评审日期「\(dateText)」无法识别，应写成 2024-05-31", status: .unprocessableEntity)
        }
        if req.today < date { return again("评审日期不能晚于今天", status: .unprocessableEntity) }
        if !problems.isEmpty { return again("有 \(problems.count) 项需要更正，全部未保存", status: .unprocessableEntity) }
        let result: ScoringResult
        do {
            result = try AssessmentScoring.score(sheet, entries: entries, source: "评分表")
        } catch let rejected {
            for issue in rejected.issues { problems[issue.location.field?.description ?? "", default: ""] += issue.message }
            return again("有 \(problems.count) 项需要更正，全部未保存", status: .unprocessableEntity)
        }
        var evidence: [String: [EvidenceRef]] = [:]
        for (itemID, file) in kept.sorted(by: { $0.key < $1.key }) { evidence[itemID, default: []].append(file.ref) }
        entries = entries.filter { !$0.value.isEmpty || $0.value.note != nil }
        let assessment = CellAssessment(
            placeID: place.id, sheetID: sheet.id, assessor: principal.name, assessedOn: date, entriesJSON: Self.json(entries),
            resultJSON: Self.json(result), total: Self.decimal(result.grandTotal),
            proposal: CellAssessment.Proposal(rawValue: result.proposal.rawValue) ?? .incomplete, reasons: result.reasons,
            note: fields.texts["note"]?.nilIfEmpty, evidence: evidence)
        do {
            try await req.cellStore.saveAssessments([assessment])
        } catch let error as CellStoreError {
            return again(error.description, status: .conflict)
        }
        return req.redirect(to: SiteURL.cellAssessment(plan: programme.plan.id, id: assessment.id).path, redirectType: .normal)
    }

    private func requireAssessment(_ req: Request, _ programme: CellWorkflow.Programme, scope: ProgrammeScope) async throws
        -> (CellAssessment, CellPlace) {
        guard let raw = req.parameters.get("aid"), let id = UUID(uuidString: raw),
              let assessment = try await req.cellStore.assessment(id: id),
              let place = try await req.cellStore.place(id: assessment.placeID), programme.region(place.regionID) != nil else {
            throw Abort(.notFound, reason: "本方案范围内没有这次评审")
        }
        try req.authorize(.viewRegion(scope, regionPath: programme.accessPath(to: place.regionID, scope: scope)))
        return (assessment, place)
    }

    func assessmentPage(req: Request) async throws -> Response {
        let (programme, scope) = try await req.visibleCellProgramme()
        let (assessment, place) = try await requireAssessment(req, programme, scope: scope)
        let principal = try req.requirePrincipal()
        return .html(AssessmentView(model: Self.assessmentModel(req, programme, place, assessment,
                                                                canDecide: AccessPolicy.allows(principal, .certifyCells(scope)))).render())
    }

    /// The assessment with its sheet and the stored entries and result decoded.
    static func assessmentModel(_ req: Request, _ programme: CellWorkflow.Programme, _ place: CellPlace, _ assessment: CellAssessment,
                                canDecide: Bool, notice: String? = nil, problem: String? = nil) -> AssessmentView.Model {
        AssessmentView.Model(
            programme: programme, place: place, assessment: assessment,
            sheet: req.application.scoreSheets?.sheet(id: assessment.sheetID),
            result: try? JSONDecoder().decode(ScoringResult.self, from: Data(assessment.resultJSON.utf8)),
            entries: (try? JSONDecoder().decode([String: ItemEntry].self, from: Data(assessment.entriesJSON.utf8))) ?? [:],
            canDecide: canDecide, notice: notice, problem: problem)
    }

    struct DecisionForm: Content {
        var decision: String
        var date: String?
        var note: String?
        var back: String?
    }

    func decide(req: Request) async throws -> Response {
        let (programme, scope) = try await req.visibleCellProgramme()
        let principal = try req.authorize(.certifyCells(scope))
        let (assessment, place) = try await requireAssessment(req, programme, scope: scope)
        let form = try await req.decodeBody(DecisionForm.self)
        let confirm = form.decision == "confirm"
        let dateText = form.date?.trimmingCharacters(in: .whitespaces) ?? ""
        let date = dateText.isEmpty ? req.today : CellRowReader.date(dateText)
        var problem: String?
        var notice: String?
        var current = assessment
        if let date {
            do {
                current = try await req.cellStore.decide(assessment.id, confirm: confirm, on: date, note: form.note?.nilIfEmpty,
                                                          actor: principal.name,
                                                          audit: CellAudit(planID: programme.plan.id, actorID: principal.userID))
                notice = confirm ? (assessment.proposal == .pass ? "已确认通过，「\(place.name)」已命名（\(date.iso)）" : "已确认评审结果（不通过）")
                    : "已不予采纳这次评审"
            } catch let error as CellStoreError { problem = error.description }
        } else { problem = "日期「\(dateText)」无法识别，应写成 2024-05-31" }
        if form.back == "review", problem == nil {
            return req.redirect(to: SiteURL.cellReview(programme.plan.id).path, redirectType: .normal)
        }
        let placeNow = try await req.cellStore.place(id: place.id) ?? place
        return .html(AssessmentView(model: Self.assessmentModel(req, programme, placeNow, current, canDecide: true,
                                                                notice: notice, problem: problem)).render(),
                     status: problem == nil ? .ok : .conflict)
    }

    func evidence(req: Request) async throws -> Response {
        let (programme, scope) = try await req.visibleCellProgramme()
        let (assessment, _) = try await requireAssessment(req, programme, scope: scope)
        let sha = try req.requireParameter("sha")
        guard let ref = assessment.evidence.values.flatMap({ $0 }).first(where: { $0.sha256 == sha }),
              let file = try await req.indicatorStore.evidence(sha256: sha) else {
            throw Abort(.notFound, reason: "没有这个附件")
        }
        return EvidenceUpload.download(file.data, fileName: ref.fileName)
    }

    // MARK: Office review

    func review(req: Request) async throws -> Response {
        let (programme, scope) = try await req.visibleCellProgramme()
        try req.authorize(.certifyCells(scope))
        let pending = try await req.cellStore.assessments(regionIDs: programme.regions.map(\.id), state: .proposed, limit: 500)
        var places: [UUID: CellPlace] = [:]
        for a in pending where places[a.placeID] == nil { places[a.placeID] = try await req.cellStore.place(id: a.placeID) }
        return .html(CellReviewView(model: .init(programme: programme, pending: pending, places: places)).render())
    }

    // MARK: Township batch

    struct BatchQuery {
        var region: Region
        var cell: String
        var sheet: ScoreSheet
        var places: [CellPlace]
        /// Place → its proposal waiting for the office (scoring it again replaces it).
        var pending: [UUID: CellAssessment]
    }

    private func batch(_ req: Request, _ programme: CellWorkflow.Programme, scope: ProgrammeScope, regionText: String?,
                       cellText: String?) async throws -> BatchQuery {
        let principal = try req.requirePrincipal()
        let regionID = regionText.flatMap { UUID(uuidString: $0) }
            ?? (principal.role == .township ? principal.regionID : nil) ?? programme.townships.first?.id ?? programme.place.id
        guard let region = programme.region(regionID) else { throw Abort(.notFound, reason: "本方案没有这个地区") }
        try req.authorize(.assessCell(scope, regionPath: programme.accessPath(to: regionID, scope: scope)))
        let cell = cellText?.nilIfEmpty ?? "family"
        guard let sheet = req.application.scoreSheets?.sheet(forCell: cell) else {
            throw Abort(.notFound, reason: "没有「\(programme.kindName(cell))」的评分表")
        }
        var places: [CellPlace] = []
        for status in [CellStatus.applied, .preliminary, .onsite] {
            places += try await req.cellStore.places(CellQuery(cell: cell, status: status, regionIDs: programme.regionIDs(inside: regionID),
                                                               limit: Self.batchLimit)).places
        }
        let ids = programme.regionIDs(inside: regionID)
        let pending = try await req.cellStore.assessments(regionIDs: ids, state: .proposed, limit: 10_000)
        return BatchQuery(region: region, cell: cell, sheet: sheet, places: Array(places.prefix(Self.batchLimit)),
                          pending: Dictionary(pending.map { ($0.placeID, $0) }, uniquingKeysWith: { a, _ in a }))
    }

    static let batchLimit = 200

    /// Why a place's card is not a whole assessment — the items left empty, named — or nil when every item has a value.
    static func unfilled(_ sheet: ScoreSheet, entries: [String: ItemEntry], place: String) -> String? {
        let missing = sheet.allItems.filter { entries[$0.id]?.isEmpty ?? true }
        guard !missing.isEmpty else { return nil }
        let names = missing.prefix(6).map(\.title).joined(separator: "、") + (missing.count > 6 ? " 等" : "")
        return "「\(place)」还有 \(missing.count) 项未填（\(names)），未保存：各项填完才算一份评分，没得分的填 0；不评就整张留空"
    }

    func batchForm(req: Request) async throws -> Response {
        let (programme, scope) = try await req.visibleCellProgramme()
        let query = try await batch(req, programme, scope: scope, regionText: try? req.query.get(String.self, at: "region"),
                                    cellText: try? req.query.get(String.self, at: "type"))
        return .html(BatchView(model: .init(programme: programme, query: query, texts: [:], problems: [:], notice: nil,
                                            regions: programme.townships)).render())
    }

    func saveBatch(req: Request) async throws -> Response {
        let (programme, scope) = try await req.visibleCellProgramme()
        let principal = try req.requirePrincipal()
        let fields = try await req.decodeBody(IndicatorController.EntryFields.self)
        let query = try await batch(req, programme, scope: scope, regionText: fields.texts["region"], cellText: fields.texts["type"])
        let date = req.today
        var problems: [UUID: String] = [:]
        var assessments: [CellAssessment] = []
        for place in query.places {
            var (entries, typed) = Self.entries(for: query.sheet, texts: fields.texts, prefix: "\(place.id.uuidString.lowercased()).")
            entries = entries.filter { !$0.value.isEmpty }
            if entries.isEmpty && typed.isEmpty { continue }
            if !typed.isEmpty {
                problems[place.id] = typed.sorted { $0.key < $1.key }
                    .map { "\(query.sheet.item(id: $0.key)?.title ?? $0.key)：\($0.value)" }.joined(separator: "；")
                continue
            }
            // A card half filled in is not a whole assessment: one typed box once saved as 「已评 6 分，待确认」.
            if let missing = Self.unfilled(query.sheet, entries: entries, place: place.name) { problems[place.id] = missing; continue }
            do {
                let result = try AssessmentScoring.score(query.sheet, entries: entries, source: place.name)
                assessments.append(CellAssessment(
                    placeID: place.id, sheetID: query.sheet.id, assessor: principal.name, assessedOn: date,
                    entriesJSON: Self.json(entries), resultJSON: Self.json(result), total: Self.decimal(result.grandTotal),
                    proposal: CellAssessment.Proposal(rawValue: result.proposal.rawValue) ?? .incomplete, reasons: result.reasons,
                    note: "批量评分"))
            } catch {
                problems[place.id] = error.issues.map { issue in
                    let id = issue.location.field?.description ?? ""
                    return "\(query.sheet.item(id: id)?.title ?? id)：\(issue.message)"
                }.joined(separator: "；")
            }
        }
        func again(_ notice: String?, status: HTTPResponseStatus) -> Response {
            .html(BatchView(model: .init(programme: programme, query: query, texts: fields.texts, problems: problems, notice: notice,
                                         regions: programme.townships)).render(), status: status)
        }
        if !problems.isEmpty {
            let names = query.places.filter { problems[$0.id] != nil }.map { "「\($0.name)」" }.joined(separator: "、")
            return again("有 \(problems.count) 户（个）需要更正，全部未保存：\(names)", status: .unprocessableEntity)
        }
        if assessments.isEmpty { return again("没有填写任何评分", status: .unprocessableEntity) }
        do { try await req.cellStore.saveAssessments(assessments) } catch let error as CellStoreError {
            return again(error.description, status: .conflict)
        }
        let passed = assessments.filter { $0.proposal == .pass }.count
        let refreshed = try await batch(req, programme, scope: scope, regionText: query.region.id.uuidString, cellText: query.cell)
        return .html(BatchView(model: .init(
            programme: programme, query: refreshed, texts: [:], problems: [:],
            notice: "已保存 \(assessments.count) 份评分：建议通过 \(passed)，不通过或未评完 \(assessments.count - passed)；待创建办确认后命名。",
            regions: programme.townships)).render())
    }

    // MARK: Sheets

    func sheetPage(req: Request) async throws -> Response {
        let (programme, _) = try await req.visibleCellProgramme()
        let id = try req.requireParameter("sheet")
        guard let sheet = req.application.scoreSheets?.sheet(id: id) else { throw Abort(.notFound, reason: "没有评分表「\(id)」") }
        return .html(ScoreSheetView(model: .init(programme: programme, sheet: sheet,
                                                 file: req.application.scoreSheets?.file(ofSheet: id))).render())
    }
}
