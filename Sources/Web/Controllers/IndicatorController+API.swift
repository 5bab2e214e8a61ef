import Domain
import Foundation
import Vapor

/// The indicator API: verdicts, indicators and figures as JSON, figures recorded or imported whole, the composite index.
extension IndicatorController {
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
        switch try await CompositeIndexView.Model.result(req, programme, year: year) {
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
