import Crypto
import Core
import Domain
import Foundation
import Persistence
import Vapor

/// Register imports (with their progress) and the register API.
extension CellController {
    // MARK: Import

    func importForm(req: Request) async throws -> Response {
        let (programme, scope) = try await req.visibleCellProgramme()
        try req.authorize(.certifyCells(scope))
        return .html(CellImportView(model: .init(programme: programme, problems: [])).render())
    }

    struct UploadForm: Content {
        var file: File?
    }

    func startImport(req: Request) async throws -> Response {
        let (programme, scope) = try await req.visibleCellProgramme()
        let principal = try req.authorize(.certifyCells(scope))
        guard let form = try? await req.decodeBody(UploadForm.self), let file = form.file, file.data.readableBytes > 0 else {
            return .html(CellImportView(model: .init(programme: programme, problems: ["请选择要导入的 CSV 或 xlsx 文件"])).render(),
                         status: .badRequest)
        }
        let fileName = ImportController.cleanFileName(file.filename) ?? "登记册"
        // The upload goes to a private temporary file so the import reads it row by row like the command line.
        let path = NSTemporaryDirectory() + "healthcity-cells-\(UUID().uuidString)"
        guard FileManager.default.createFile(atPath: path, contents: Data(buffer: file.data),
                                             attributes: [.posixPermissions: 0o600]) else {
            throw Abort(.internalServerError, reason: "无法暂存上传的文件")
        }
        let source: any RowSource
        do { source = try Self.openUpload(path: path, fileName: fileName) } catch {
            try? FileManager.default.removeItem(atPath: path)
            return .html(CellImportView(model: .init(programme: programme, problems: error.issues.map(\.description))).render(),
                         status: .unprocessableEntity)
        }
        let job = BackgroundJob(kind: CellImportJobs.kind, planID: programme.plan.id, fileName: fileName, startedBy: principal.name,
                                startedByID: principal.userID, startedAt: req.application.clock())
        let jobs = req.application.cellImportJobs
        do { try await jobs.start(job) } catch {
            try? FileManager.default.removeItem(atPath: path)
            throw error
        }
        let workflow = req.application.appCore.cellWorkflow
        let logger = req.logger
        let box = SourceBox(source)
        // Runs after the response: the browser follows the job's page, which polls for progress. A heartbeat
        // keeps the row fresh between progress reports, so a silent job means its server stopped.
        Task.detached {
            defer { try? FileManager.default.removeItem(atPath: path) }
            let heartbeat = Task {
                while !Task.isCancelled {
                    try await Task.sleep(nanoseconds: UInt64(BackgroundJob.heartbeatInterval * 1e9))
                    try? await jobs.progress(job.id, rows: box.rows, fraction: box.source.fractionRead)
                }
            }
            defer { heartbeat.cancel() }
            do {
                let result = try await workflow.importRegister(box.source, into: programme, actor: principal.name,
                                                               actorID: principal.userID) { rows in
                    box.rows = rows
                    // At most one progress write a second; the heartbeat covers the pauses between.
                    // A rate limit, not a reading of the date: a monotonic instant, unmoved by the application clock.
                    let now = ContinuousClock.now
                    guard box.lastReport.map({ now - $0 >= .seconds(1) }) ?? true else { return }
                    box.lastReport = now
                    let fraction = box.source.fractionRead
                    Task { try? await jobs.progress(job.id, rows: rows, fraction: fraction) }
                }
                try await jobs.finish(job.id, result: result)
            } catch let rejected as InputRejected {
                try? await jobs.fail(job.id, problems: rejected.issues.map(\.description))
            } catch let error as CellWorkflowError {
                try? await jobs.fail(job.id, problems: [error.description])
            } catch {
                logger.report(error: error)
                try? await jobs.fail(job.id, problems: ["导入失败（服务器错误），未做任何更改"])
            }
        }
        return req.redirect(to: SiteURL.cellImportJob(plan: programme.plan.id, job: job.id).path, redirectType: .normal)
    }

    /// A non-Sendable row reader handed to the one task that reads it, and the rows read so far (written by
    /// the import, read by its heartbeat: a stale count is harmless).
    final class SourceBox: @unchecked Sendable {
        let source: any RowSource
        var rows = 0
        var lastReport: ContinuousClock.Instant?
        init(_ source: any RowSource) { self.source = source }
    }

    static func openUpload(path: String, fileName: String) throws(InputRejected) -> any RowSource {
        let data = FileManager.default.contents(atPath: path) ?? Data()
        if data.starts(with: [0x50, 0x4B, 0x03, 0x04]) || data.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) || data.isEmpty {
            return TableRowSource(rows: try TableFile.rows(data: data, fileName: fileName), fileName: fileName)
        }
        return try CSVFileRowSource(path: path, fileName: fileName)
    }

    func requireJob(_ req: Request, planID: String) async throws -> CellImportJobs.Job {
        guard let raw = req.parameters.get("job"), let id = UUID(uuidString: raw),
              let job = try await req.application.cellImportJobs.job(id), job.planID == planID else {
            throw Abort(.notFound, reason: "没有这次导入")
        }
        return job
    }

    func importJob(req: Request) async throws -> Response {
        let (programme, scope) = try await req.visibleCellProgramme()
        try req.authorize(.certifyCells(scope))
        let job = try await requireJob(req, planID: programme.plan.id)
        return .html(CellImportJobView(model: .init(programme: programme, job: job)).render())
    }

    func importProgress(req: Request) async throws -> Response {
        let (programme, scope) = try await req.visibleCellProgramme()
        try req.authorize(.certifyCells(scope))
        let job = try await requireJob(req, planID: programme.plan.id)
        let response = try IndicatorController.json(job)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    // MARK: API

    func apiCoverage(req: Request) async throws -> Response {
        let (programme, _) = try await req.visibleCellProgramme()
        return try IndicatorController.json(try await req.cellWorkflow.coverage(programme))
    }


    func apiCells(req: Request) async throws -> Response {
        let (programme, scope) = try await req.visibleCellProgramme()
        let cell = (try? req.query.get(String.self, at: "type"))?.nilIfEmpty
        // A filter that cannot be read is refused, naming it: ignored, it would answer with the whole register.
        let status = try Self.filter(req, "status", "不是创建状态：应为 none、applied、preliminary、onsite、certified 或 revoked",
                                     CellStatus.init(text:))
        let text = (try? req.query.get(String.self, at: "q"))?.nilIfEmpty
        let asked = try Self.filter(req, "region", "不是地区 id（UUID）") { UUID(uuidString: $0) }
        let limit = try Self.filter(req, "limit", "应为 1–1000 的整数") { Int($0).flatMap { (1...1000).contains($0) ? $0 : nil } } ?? 100
        let offset = try Self.filter(req, "offset", "应为不小于 0 的整数") { Int($0).flatMap { $0 >= 0 ? $0 : nil } } ?? 0
        let (ids, _) = try registerRegions(req, programme, scope: scope, asked: asked)
        let found = try await req.cellStore.places(CellQuery(cell: cell, status: status, regionIDs: ids, text: text, limit: limit, offset: offset))
        struct Page: Encodable { var total: Int; var limit: Int; var offset: Int; var places: [CellPlace] }
        return try IndicatorController.json(Page(total: found.total, limit: limit, offset: offset, places: found.places))
    }

    /// The query parameter `name` read by `read`; nil when absent or blank, 400 with `problem` when unreadable.
    static func filter<T>(_ req: Request, _ name: String, _ problem: String, _ read: (String) -> T?) throws -> T? {
        guard let raw = req.query[String.self, at: name]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
        guard let value = read(raw) else { throw Abort(.badRequest, reason: "\(name) 参数「\(raw)」\(problem)") }
        return value
    }

    func apiPlace(req: Request) async throws -> Response {
        let (programme, scope) = try await req.visibleCellProgramme()
        let place = try await requirePlace(req, programme, scope: scope)
        return try IndicatorController.json(APIPlaceDetail(place: place, region: programme.regionLabel(place.regionID),
                                                     history: try await req.cellStore.history(of: place.id),
                                                     assessments: try await req.cellStore.assessments(placeID: place.id)))
    }

    /// The body is the file itself (CSV or xlsx); `fileName` names it in errors. Whole or nothing.
    func apiImport(req: Request) async throws -> Response {
        let (programme, scope) = try await req.visibleCellProgramme()
        let principal = try req.authorize(.certifyCells(scope))
        let fileName = (try? req.query.get(String.self, at: "fileName")).flatMap(ImportController.cleanFileName) ?? "登记册"
        guard let body = req.body.data, body.readableBytes > 0 else { throw Abort(.badRequest, reason: "请求体为空：请把 CSV 或 xlsx 文件作为请求体发送") }
        let path = NSTemporaryDirectory() + "healthcity-cells-\(UUID().uuidString)"
        FileManager.default.createFile(atPath: path, contents: Data(buffer: body), attributes: [.posixPermissions: 0o600])
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            let source = try Self.openUpload(path: path, fileName: fileName)
            let result = try await req.cellWorkflow.importRegister(source, into: programme, actor: principal.name,
                                                                   actorID: principal.userID)
            return try IndicatorController.json(result, status: .created)
        } catch let rejected as InputRejected {
            return try IndicatorController.rejected(rejected)
        } catch let error as CellWorkflowError {
            throw Abort(.notFound, reason: error.description)
        }
    }

    func apiScoreSheets(req: Request) async throws -> Response {
        _ = try req.requirePrincipal()
        return try IndicatorController.json(req.application.scoreSheets?.sheets ?? [])
    }
}
