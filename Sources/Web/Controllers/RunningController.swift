import Crypto
import Domain
import Foundation
import Persistence
import Vapor

extension Application {
    private struct ClockKey: StorageKey { typealias Value = @Sendable () -> Date }

    /// The current instant for deadlines and submissions; tests set it to walk through a programme's months.
    public var clock: @Sendable () -> Date {
        get { storage[ClockKey.self] ?? { Date() } }
        set { storage[ClockKey.self] = newValue }
    }
}

extension Request {
    var now: Date { application.clock() }
    /// Today in China, where every programme runs.
    var today: LocalDate { LocalDate.inChina(now) }

    var runningStore: any RunningStore { FluentRunningStore(database: db) }
    var runningWorkflow: RunningWorkflow { RunningWorkflow(running: runningStore, indicators: indicatorStore) }

    /// The workflow with the programme's healthy-cell register, so confirmed assessments' evidence reaches the dossier.
    func dossierWorkflow(_ plan: Plan) async throws -> RunningWorkflow {
        // The programme's place and everything below it (county-level places are registered at the place itself).
        let regions = try await cellWorkflow.programme(plan.id).regions.map(\.id)
        return RunningWorkflow(running: runningStore, indicators: indicatorStore, cells: (cellStore, regions))
    }

    /// The programme named by `:id`, after checking the principal may see it.
    func visibleRunningProgramme() async throws -> (Plan, ProgrammeScope) {
        let plan = try await requirePlan()
        let scope = try await programmeScope(plan.id)
        try authorize(.viewProgramme(scope))
        return (plan, scope)
    }

    /// Files uploaded in the form fields named `name` (several allowed), each kept in the evidence store once.
    /// Files are checked by their content, not their names; every problem is returned, nothing kept on a problem.
    func storeUploads(_ files: [File]) async throws -> (refs: [EvidenceRef], problems: [String]) {
        var problems: [String] = []
        var accepted: [EvidenceUpload.Accepted] = []
        for file in files where file.data.readableBytes > 0 {
            do { accepted.append(try EvidenceUpload.accept(file)) } catch { problems.append(error.message) }
        }
        guard problems.isEmpty else { return ([], problems) }
        var refs: [EvidenceRef] = []
        for file in accepted {
            refs.append(try await indicatorStore.storeEvidence(file.data, sha256: file.sha256, fileName: file.name, contentType: file.kind))
        }
        return (refs, [])
    }

    /// The stored evidence file named by the `:sha` parameter as a download, if `refs` holds it.
    func evidenceDownload(_ refs: [EvidenceRef]) async throws -> Response {
        let sha = try requireParameter("sha")
        guard let ref = refs.first(where: { $0.sha256 == sha }) else { throw Abort(.notFound, reason: "没有这个附件") }
        return try await evidenceDownload(ref)
    }

    /// A stored evidence file as a download (an attachment, its type judged from its bytes).
    func evidenceDownload(_ ref: EvidenceRef) async throws -> Response {
        guard let file = try await indicatorStore.evidence(sha256: ref.sha256) else { throw Abort(.notFound, reason: "没有这个附件") }
        return EvidenceUpload.download(file.data, fileName: ref.fileName)
    }
}

/// A multipart form read once: its text fields and its files (a field may carry several files).
struct MultipartFields: Decodable {
    var texts: [String: String] = [:]
    var files: [String: [File]] = [:]

    init() {}

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: IndicatorController.EntryFields.Key.self)
        for key in container.allKeys {
            if let many = try? container.decode([File].self, forKey: key) { files[key.stringValue] = many }
            else if let file = try? container.decode(File.self, forKey: key) { files[key.stringValue] = [file] }
            else if let text = try? container.decode(String.self, forKey: key) { texts[key.stringValue] = text }
        }
    }

    func text(_ name: String) -> String { (texts[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
}

/// 创建过程管理: monthly progress reports (工作进展月报), supervision with problem lists (督导检查与问题清单), and the
/// acceptance dossier (迎检资料).
struct RunningController: RouteCollection {
    static let uploadBodyLimit = 64 << 20

    func boot(routes: any RoutesBuilder) throws {
        let plan = routes.grouped("plans", ":id")
        let collect = ByteCount(value: Self.uploadBodyLimit)
        plan.get("reports", use: reportBoard)
        plan.get("reports", "summary.docx", use: reportSummary)
        plan.get("reports", ":unit", ":month", use: reportPage)
        plan.on(.POST, "reports", ":unit", ":month", bodyLimit: collect, use: saveReport)
        plan.post("reports", ":unit", ":month", "return", use: returnReport)
        plan.get("reports", ":unit", ":month", "files", ":sha", use: reportFile)

        plan.get("inspections", use: inspections)
        plan.get("inspections", "new", use: newInspection)
        plan.post("inspections", "new", use: createInspection)
        plan.get("inspections", ":iid", use: inspectionPage)
        plan.get("inspections", ":iid", "circular.docx", use: circular)
        plan.on(.POST, "problems", ":pid", ":action", bodyLimit: collect, use: problemAction)
        plan.get("problems", ":pid", "files", ":sha", use: problemFile)

        plan.get("dossier", use: dossierPage)
        plan.get("dossier.zip", use: dossierZip)
        plan.on(.POST, "dossier", "evidence", bodyLimit: collect, use: linkEvidence)
        bootTasksAndActivities(plan)
        bootPoliciesAndCommitments(plan)

        let api = routes.grouped("api", "v1", "plans", ":id")
        api.get("reports", use: apiReports)
        api.get("problems", use: apiProblems)
    }

    // MARK: Monthly reports

    static func schedule(_ plan: Plan) throws -> ReportingSchedule {
        guard let schedule = ReportingSchedule(plan: plan) else {
            throw Abort(.notFound, reason: "方案没有实施阶段的日期，无法安排工作月报")
        }
        return schedule
    }

    func reportBoard(req: Request) async throws -> Response {
        let (plan, scope) = try await req.visibleRunningProgramme()
        let principal = try req.requirePrincipal()
        let schedule = try Self.schedule(plan)
        let months = schedule.reportableMonths(on: req.today)
        let month = try Self.askedMonth(req, schedule) ?? months.last ?? schedule.months[0]
        let reports = try await req.runningStore.records(MonthlyReport.self, planID: plan.id).map(\.value)
        let rollUp = MonthlyRollUp(month: month, units: MonthlyReportRules.reportingUnits(of: plan), reports: reports,
                                   schedule: schedule, today: req.today)
        let own = principal.role == .liaison ? principal.unit : nil
        return .html(ReportBoardView(model: .init(
            plan: plan, schedule: schedule, months: months.isEmpty ? schedule.months : months, rollUp: rollUp,
            ownUnit: own, ownReports: own.map { unit in reports.filter { $0.unit == unit } } ?? [],
            canSupervise: AccessPolicy.allows(principal, .superviseProgramme(scope)))).render())
    }

    /// The month asked for with `?month=`, or nil when none was; one that is not a month of the programme is refused
    /// (400), not quietly replaced by the latest.
    static func askedMonth(_ req: Request, _ schedule: ReportingSchedule) throws -> YearMonth? {
        guard let text = req.query[String.self, at: "month"]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        guard let month = YearMonth(parsing: text) else {
            throw Abort(.badRequest, reason: "month 参数「\(text.prefix(20))」不是月份，应写作 2025-03")
        }
        guard schedule.isInProgramme(month) else {
            let months = schedule.months
            throw Abort(.badRequest, reason: "\(month.chineseName)不在方案期间（\(months.first?.chineseName ?? "")至\(months.last?.chineseName ?? "")）内")
        }
        return month
    }

    private func requireMonth(_ req: Request) throws -> YearMonth {
        let raw = try req.requireParameter("month")
        guard let month = YearMonth(parsing: raw) else { throw Abort(.notFound, reason: "「\(raw)」不是月份（应写作 2025-03）") }
        return month
    }

    /// The unit (canonical name) and month of a report page, with the report if one exists.
    private func reportContext(_ req: Request, _ plan: Plan) async throws -> (unit: String, month: YearMonth, stored: Stored<MonthlyReport>?) {
        let written = try req.requireParameter("unit")
        guard let unit = UnitDirectory(plan).concreteUnitName(written), MonthlyReportRules.reportingUnits(of: plan).contains(unit) else {
            throw Abort(.notFound, reason: "「\(written)」不是需要报送月报的成员单位")
        }
        let month = try requireMonth(req)
        return (unit, month, try await req.runningStore.record(MonthlyReport.self, planID: plan.id, key: "\(unit)|\(month)"))
    }

    func reportPage(req: Request) async throws -> Response {
        let (plan, scope) = try await req.visibleRunningProgramme()
        let principal = try req.requirePrincipal()
        let (unit, month, stored) = try await reportContext(req, plan)
        let schedule = try Self.schedule(plan)
        return .html(ReportView(model: .init(
            plan: plan, unit: unit, month: month, dueDate: schedule.dueDate(for: month), report: stored?.value, revision: stored?.revision ?? 0,
            canEdit: AccessPolicy.allows(principal, .reportProgress(scope, unit: unit)) && (stored?.value.isEditable ?? true),
            canReturn: AccessPolicy.allows(principal, .superviseProgramme(scope)) && stored?.value.state == .submitted,
            standing: ReportStanding(unit: unit, month: month, report: stored?.value, dueDate: schedule.dueDate(for: month), today: req.today),
            problems: [], notice: req.query[String.self, at: "notice"])).render())
    }

    func saveReport(req: Request) async throws -> Response {
        let (plan, scope) = try await req.visibleRunningProgramme()
        let (unit, month, stored) = try await reportContext(req, plan)
        let principal = try req.authorize(.reportProgress(scope, unit: unit))
        let fields = try await req.multipartFields()
        let schedule = try Self.schedule(plan)
        var report = stored?.value ?? MonthlyReport(planID: plan.id, unit: unit, month: month, updatedBy: principal.name)
        var problems: [String] = []
        func fail(_ status: HTTPResponseStatus) -> Response {
            report.workDone = fields.text("workDone"); report.activities = fields.text("activities")
            report.problems = fields.text("problems"); report.nextSteps = fields.text("nextSteps")
            return .html(ReportView(model: .init(
                plan: plan, unit: unit, month: month, dueDate: schedule.dueDate(for: month), report: report, revision: stored?.revision ?? 0,
                canEdit: true, canReturn: false,
                standing: ReportStanding(unit: unit, month: month, report: stored?.value, dueDate: schedule.dueDate(for: month), today: req.today),
                problems: problems, notice: nil)).render(), status: status)
        }
        do {
            _ = try MonthlyReportRules.checkSubmission(unit: unit, month: month, by: principal, plan: plan, schedule: schedule, today: req.today)
        } catch {
            problems = error.issues.map(\.message)
            return fail(.unprocessableEntity)
        }
        let (uploaded, uploadProblems) = try await req.storeUploads(fields.files["attachments"] ?? [])
        if !uploadProblems.isEmpty { problems = uploadProblems; return fail(.unprocessableEntity) }
        let removed = Set(fields.texts.filter { $0.key.hasPrefix("remove.") }.map { String($0.key.dropFirst(7)) })
        let kept = report.attachments.filter { !removed.contains($0.sha256) }
        let attachments = kept + uploaded.filter { new in !kept.contains { $0.sha256 == new.sha256 } }
        let submitting = fields.text("action") == "submit"
        do {
            try report.revise(workDone: fields.text("workDone"), activities: fields.text("activities"), problems: fields.text("problems"),
                              nextSteps: fields.text("nextSteps"), attachments: attachments, by: principal.name, at: req.now)
            if submitting { try report.submit(by: principal.name, at: req.now) }
        } catch {
            problems = error.issues.map(\.message)
            return fail(.unprocessableEntity)
        }
        do {
            // The revision the form was opened at: a save over someone else's later one is refused, keeping what was typed.
            let expected = Int(fields.text("revision")) ?? stored?.revision ?? 0
            try await req.runningStore.save(report, expectedRevision: expected, action: submitting ? "report.submit" : "report.save",
                                            actor: principal.name, actorID: principal.userID)
        } catch let error as RunningStoreError {
            // A report someone else started after this page was opened is a conflict too: say who, and when.
            if case .duplicate = error, let current = try await req.runningStore.record(MonthlyReport.self, planID: plan.id,
                                                                                          key: report.naturalKey)?.value {
                problems = [EditConflict(updatedBy: current.updatedBy, updatedAt: current.updatedAt).description]
            } else {
                problems = [error.description]
            }
            return fail(.conflict)
        }
        let notice = submitting ? "已提交\(month.chineseName)工作月报" : "已保存草稿（尚未提交）"
        return req.redirect(to: SiteURL.monthlyReport(plan: plan.id, unit: unit, month: month.description).path
                            + "?notice=" + SiteURL.escapeQuery(notice))
    }

    struct ReturnForm: Content { var reason: String?; var revision: Int? }

    func returnReport(req: Request) async throws -> Response {
        let (plan, scope) = try await req.visibleRunningProgramme()
        let principal = try req.authorize(.superviseProgramme(scope))
        let (unit, month, stored) = try await reportContext(req, plan)
        guard let stored else { throw Abort(.notFound, reason: "\(unit)还没有\(month.chineseName)的月报") }
        let form = try await req.decodeBody(ReturnForm.self)
        var report = stored.value
        let back = SiteURL.monthlyReport(plan: plan.id, unit: unit, month: month.description).path
        do {
            try report.returnForRevision(reason: form.reason ?? "", by: principal.name, at: req.now)
            try await req.runningStore.save(report, expectedRevision: form.revision ?? stored.revision, action: "report.return",
                                            actor: principal.name, actorID: principal.userID)
        } catch let error as InputRejected {
            return req.redirect(to: back + "?notice=" + SiteURL.escapeQuery("未退回：" + error.issues.map(\.message).joined(separator: "；")))
        } catch let error as RunningStoreError {
            return req.redirect(to: back + "?notice=" + SiteURL.escapeQuery("未退回：" + error.description))
        }
        return req.redirect(to: back + "?notice=" + SiteURL.escapeQuery("已退回修改"))
    }

    func reportFile(req: Request) async throws -> Response {
        let (plan, _) = try await req.visibleRunningProgramme()
        let (_, _, stored) = try await reportContext(req, plan)
        return try await req.evidenceDownload(stored?.value.attachments ?? [])
    }

    func reportSummary(req: Request) async throws -> Response {
        let (plan, _) = try await req.visibleRunningProgramme()
        let schedule = try Self.schedule(plan)
        guard let month = req.query[String.self, at: "month"].flatMap(YearMonth.init(parsing:)), schedule.isInProgramme(month) else {
            throw Abort(.badRequest, reason: "请用 ?month=YYYY-MM 指定方案期间内的月份")
        }
        let reports = try await req.runningStore.records(MonthlyReport.self, planID: plan.id).map(\.value)
        let rollUp = MonthlyRollUp(month: month, units: MonthlyReportRules.reportingUnits(of: plan), reports: reports,
                                   schedule: schedule, today: req.today)
        let document = MonthlySummaryDocument(rollUp: rollUp, reports: reports, plan: plan, issuedOn: req.today)
        return Self.file(try document.docx(), name: "\(plan.id)-月报汇总-\(month).docx", type: "vnd.openxmlformats-officedocument.wordprocessingml.document")
    }

    static func file(_ data: Data, name: String, type: String) -> Response {
        let response = Response(status: .ok, body: .init(data: data))
        response.headers.contentType = HTTPMediaType(type: "application", subType: type)
        response.headers.contentDisposition = .init(.attachment, filename: name)
        return response
    }

    // MARK: Supervision

    func inspections(req: Request) async throws -> Response {
        let (plan, scope) = try await req.visibleRunningProgramme()
        let principal = try req.requirePrincipal()
        let all = try await req.runningStore.records(Inspection.self, planID: plan.id).map(\.value)
        let problems = try await req.runningStore.records(InspectionProblem.self, planID: plan.id).map(\.value)
        return .html(InspectionListView(model: .init(
            plan: plan, inspections: all.reversed(), problems: problems, today: req.today,
            ownUnit: principal.role == .liaison ? principal.unit : nil,
            canSupervise: AccessPolicy.allows(principal, .superviseProgramme(scope)))).render())
    }

    func newInspection(req: Request) async throws -> Response {
        let (plan, scope) = try await req.visibleRunningProgramme()
        try req.authorize(.superviseProgramme(scope))
        return .html(NewInspectionView(model: .init(plan: plan, values: ["date": req.today.iso], problems: [])).render())
    }

    /// An inspection with its problem list, saved together or not at all. Problem rows are `text.N`, `unit.N`,
    /// `deadline.N`; a row left entirely blank is skipped.
    func createInspection(req: Request) async throws -> Response {
        let (plan, scope) = try await req.visibleRunningProgramme()
        let principal = try req.authorize(.superviseProgramme(scope))
        let form = try await req.decodeBody([String: String].self)
        func text(_ key: String) -> String { (form[key] ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        var messages: [String] = []
        let date = LocalDate(iso: text("date"))
        if date == nil { messages.append("检查日期：「\(text("date"))」不是日期（YYYY-MM-DD）") }
        let split: (String) -> [String] = { $0.split(whereSeparator: { "，,、;；\n".contains($0) }).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
        let directory = UnitDirectory(plan)
        var subjects: [InspectionSubject] = []
        for name in split(text("subjects")) {
            if let unit = directory.concreteUnitName(name) { subjects.append(.unit(unit)) } else { messages.append("检查对象：「\(name)」不是本方案的单位") }
        }
        let inspection = Inspection(planID: plan.id, date: date ?? req.today, inspectors: split(text("inspectors")), subjects: subjects,
                                    findings: text("findings"))
        if date != nil {
            do { try inspection.check(plan: plan, today: req.today) } catch { messages += error.issues.map(\.message) }
        }
        var problems: [InspectionProblem] = []
        for index in 0..<Self.problemRows {
            let problemText = text("text.\(index)"), unit = text("unit.\(index)"), deadline = text("deadline.\(index)")
            if problemText.isEmpty && unit.isEmpty && deadline.isEmpty { continue }
            let due = LocalDate(iso: deadline)
            do {
                let canonical = try InspectionProblem.checkNew(text: problemText, unit: unit, deadline: due, inspection: inspection, plan: plan)
                problems.append(InspectionProblem(planID: plan.id, inspectionID: inspection.id, text: problemText, unit: canonical, deadline: due!))
            } catch {
                messages += error.issues.map { "问题 \(index + 1)：\($0.message)" }
            }
        }
        guard messages.isEmpty else {
            return .html(NewInspectionView(model: .init(plan: plan, values: form, problems: messages)).render(), status: .unprocessableEntity)
        }
        let listed = problems
        try await req.db.transaction { tx in
            let store = FluentRunningStore(database: tx)
            try await store.save(inspection, expectedRevision: 0, action: "inspection.create", actor: principal.name, actorID: principal.userID)
            try await store.saveAll(listed.map { ($0, 0) }, action: "problem.create", actor: principal.name, actorID: principal.userID)
        }
        return req.redirect(to: SiteURL.inspection(plan: plan.id, id: inspection.id).path)
    }

    static let problemRows = 8

    private func requireInspection(_ req: Request, _ plan: Plan) async throws -> (Inspection, [Stored<InspectionProblem>]) {
        guard let id = req.parameters.get("iid").flatMap(UUID.init(uuidString:)),
              let inspection = try await req.runningStore.record(Inspection.self, planID: plan.id, key: id.uuidString.lowercased())?.value else {
            throw Abort(.notFound, reason: "没有这次督导检查")
        }
        let problems = try await req.runningStore.records(InspectionProblem.self, planID: plan.id).filter { $0.value.inspectionID == inspection.id }
        return (inspection, problems)
    }

    func inspectionPage(req: Request) async throws -> Response {
        let (plan, _) = try await req.visibleRunningProgramme()
        let principal = try req.requirePrincipal()
        let (inspection, problems) = try await requireInspection(req, plan)
        return .html(InspectionView(model: .init(plan: plan, inspection: inspection, problems: problems, principal: principal,
                                                 today: req.today, notice: req.query[String.self, at: "notice"])).render())
    }

    func circular(req: Request) async throws -> Response {
        let (plan, _) = try await req.visibleRunningProgramme()
        let (inspection, problems) = try await requireInspection(req, plan)
        let document = CircularDocument(plan: plan, inspection: inspection, problems: problems.map(\.value), issuedOn: req.today)
        return Self.file(try document.docx(), name: "\(plan.id)-督导通报-\(inspection.date.iso).docx",
                         type: "vnd.openxmlformats-officedocument.wordprocessingml.document")
    }

    private func requireProblem(_ req: Request, _ plan: Plan) async throws -> Stored<InspectionProblem> {
        guard let id = req.parameters.get("pid").flatMap(UUID.init(uuidString:)),
              let stored = try await req.runningStore.record(InspectionProblem.self, planID: plan.id, key: id.uuidString.lowercased()) else {
            throw Abort(.notFound, reason: "没有这个问题")
        }
        return stored
    }

    /// A step of a problem's rectification: the responsible unit starts and submits (with evidence), the office
    /// re-checks and closes.
    func problemAction(req: Request) async throws -> Response {
        let (plan, scope) = try await req.visibleRunningProgramme()
        let principal = try req.requirePrincipal()
        let stored = try await requireProblem(req, plan)
        var problem = stored.value
        guard let action = InspectionProblem.Action(rawValue: try req.requireParameter("action")) else {
            throw Abort(.notFound, reason: "没有这个操作")
        }
        let allowed = action.actor == .office ? AccessPolicy.allows(principal, .superviseProgramme(scope))
                                              : AccessPolicy.allows(principal, .reportProgress(scope, unit: problem.unit))
        guard allowed else { throw Abort(.forbidden, reason: "您的账号（\(principal.role.chineseName)）无权\(action.chineseName)这个问题") }
        let fields = try await req.multipartFields()
        let back = SiteURL.inspection(plan: plan.id, id: problem.inspectionID).path + "#p-\(problem.id.uuidString.lowercased())"
        func refuse(_ messages: [String]) -> Response {
            req.redirect(to: SiteURL.inspection(plan: plan.id, id: problem.inspectionID).path + "?notice="
                         + SiteURL.escapeQuery("未\(action.chineseName)：" + messages.joined(separator: "；")))
        }
        do {
            switch action {
            case .startRectification:
                try problem.startRectification()
            case .submitRectification:
                let (uploaded, problems) = try await req.storeUploads(fields.files["evidence"] ?? [])
                if !problems.isEmpty { return refuse(problems) }
                try problem.submitRectification(note: fields.text("note"), evidence: uploaded, on: req.today)
            case .recheck:
                let passed = fields.text("passed") == "yes"
                let date = LocalDate(iso: fields.text("date")) ?? req.today
                try problem.recheck(Recheck(date: date, by: principal.name, passed: passed, note: fields.text("note")),
                                    newDeadline: LocalDate(iso: fields.text("newDeadline")))
            case .close:
                try problem.close(by: principal.name, on: req.today)
            }
        } catch let error as InputRejected {
            return refuse(error.issues.map(\.message))
        }
        do {
            try await req.runningStore.save(problem, expectedRevision: Int(fields.text("revision")) ?? stored.revision,
                                            action: "problem.\(action == .startRectification ? "start" : action == .submitRectification ? "submit" : action.rawValue)",
                                            actor: principal.name, actorID: principal.userID)
        } catch let error as RunningStoreError {
            return refuse([error.description])
        }
        _ = back
        return req.redirect(to: SiteURL.inspection(plan: plan.id, id: problem.inspectionID).path + "?notice="
                            + SiteURL.escapeQuery("已\(action.chineseName)：\(problem.text)"))
    }

    func problemFile(req: Request) async throws -> Response {
        let (plan, _) = try await req.visibleRunningProgramme()
        return try await req.evidenceDownload(try await requireProblem(req, plan).value.evidence)
    }

    // MARK: Dossier

    private func comprehensiveSheet(_ req: Request) throws -> ScoreSheet {
        guard let library = req.application.scoreSheets, let sheet = DossierBuilder.comprehensiveSheet(in: library) else {
            throw Abort(.notFound, reason: "没有综合评分表（standards/ 目录中 cellType 为 county 的评分表）")
        }
        return sheet
    }

    func dossierPage(req: Request) async throws -> Response {
        let (plan, scope) = try await req.visibleRunningProgramme()
        let principal = try req.requirePrincipal()
        let dossier = try await req.dossierWorkflow(plan).dossier(plan: plan, sheet: try comprehensiveSheet(req))
        return .html(DossierView(model: .init(plan: plan, dossier: dossier, canLink: AccessPolicy.allows(principal, .superviseProgramme(scope)),
                                              notice: req.query[String.self, at: "notice"])).render())
    }

    func dossierZip(req: Request) async throws -> Response {
        let (plan, scope) = try await req.visibleRunningProgramme()
        try req.authorize(.superviseProgramme(scope))
        let workflow = try await req.dossierWorkflow(plan)
        let dossier = try await workflow.dossier(plan: plan, sheet: try comprehensiveSheet(req))
        let url = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("healthcity-dossier-\(UUID().uuidString).zip")
        do {
            try await workflow.exportDossier(dossier, to: url)
        } catch let error as DossierExportError {
            throw Abort(.internalServerError, reason: error.description)
        }
        // Streamed from disk (a dossier of photos can be large) and removed once sent.
        let path = url.path
        let response = try await req.fileio.asyncStreamFile(at: path, mediaType: HTTPMediaType(type: "application", subType: "zip")) { _ in
            try? FileManager.default.removeItem(atPath: path)
        }
        response.headers.contentDisposition = .init(.attachment, filename: dossier.suggestedFileName)
        return response
    }

    /// Files the office attaches to a score-sheet item (`item:ID`) or a task (`task:INDEX`) for the dossier.
    func linkEvidence(req: Request) async throws -> Response {
        let (plan, scope) = try await req.visibleRunningProgramme()
        let principal = try req.authorize(.superviseProgramme(scope))
        let sheet = try comprehensiveSheet(req)
        let fields = try await req.multipartFields()
        let back = SiteURL.dossier(plan.id).path
        let targetText = fields.text("target")
        let target: EvidenceTarget
        if targetText.hasPrefix("item:"), let item = sheet.allItems.first(where: { $0.id == String(targetText.dropFirst(5)) }) {
            target = .scoreItem(sheet: sheet.id, item: item.id)
        } else if targetText.hasPrefix("task:"), let index = Int(targetText.dropFirst(5)), plan.tasks.indices.contains(index) {
            target = .planTask(index: index, number: plan.tasks[index].number)
        } else {
            return req.redirect(to: back + "?notice=" + SiteURL.escapeQuery("未登记：请选择评分表条目或方案任务"))
        }
        let (uploaded, problems) = try await req.storeUploads(fields.files["files"] ?? [])
        if !problems.isEmpty || uploaded.isEmpty {
            return req.redirect(to: back + "?notice=" + SiteURL.escapeQuery("未登记：" + (problems.isEmpty ? ["请选择文件"] : problems).joined(separator: "；")))
        }
        let links = uploaded.map {
            ProgrammeEvidenceLink(planID: plan.id, link: EvidenceLink(evidence: $0, target: target, note: fields.text("note").nilIfEmpty,
                                                                     uploadedBy: principal.name, uploadedAt: req.now))
        }
        var fresh: [(value: ProgrammeEvidenceLink, expectedRevision: Int)] = []
        for link in links where try await req.runningStore.record(ProgrammeEvidenceLink.self, planID: plan.id, key: link.naturalKey) == nil {
            fresh.append((link, 0))
        }
        try await req.runningStore.saveAll(fresh, action: "evidence.link", actor: principal.name, actorID: principal.userID)
        return req.redirect(to: back + "?notice=" + SiteURL.escapeQuery("已登记 \(fresh.count) 个文件：\(target.chineseDescription)"))
    }

    // MARK: API

    struct StandingDTO: Encodable { var unit: String; var status: String; var statusName: String; var submittedOn: String?; var daysLate: Int }
    struct RollUpDTO: Encodable {
        var month: String; var dueDate: String; var expected: Int; var onTime: [String]; var late: [String]; var missing: [String]
        var returned: [String]; var pending: [String]; var units: [StandingDTO]
    }

    func apiReports(req: Request) async throws -> Response {
        let (plan, _) = try await req.visibleRunningProgramme()
        let schedule = try Self.schedule(plan)
        let month = try Self.askedMonth(req, schedule) ?? schedule.reportableMonths(on: req.today).last ?? schedule.months[0]
        let reports = try await req.runningStore.records(MonthlyReport.self, planID: plan.id).map(\.value)
        let r = MonthlyRollUp(month: month, units: MonthlyReportRules.reportingUnits(of: plan), reports: reports, schedule: schedule, today: req.today)
        return try IndicatorController.json(RollUpDTO(
            month: month.description, dueDate: r.dueDate.iso, expected: r.expected.count, onTime: r.onTime, late: r.late, missing: r.missing,
            returned: r.returned, pending: r.pending,
            units: r.standings.map { StandingDTO(unit: $0.unit, status: $0.status.rawValue, statusName: $0.status.chineseName,
                                                 submittedOn: $0.submittedOn?.iso, daysLate: $0.daysLate) }))
    }

    struct ProblemDTO: Encodable {
        var id: UUID; var inspectionID: UUID; var text: String; var unit: String; var deadline: String; var state: String
        var stateName: String; var daysOverdue: Int; var escalation: String; var evidence: Int
    }

    func apiProblems(req: Request) async throws -> Response {
        let (plan, _) = try await req.visibleRunningProgramme()
        let problems = try await req.runningStore.records(InspectionProblem.self, planID: plan.id).map(\.value)
        return try IndicatorController.json(["problems": problems.map { p in
            ProblemDTO(id: p.id, inspectionID: p.inspectionID, text: p.text, unit: p.unit, deadline: p.deadline.iso, state: p.state.rawValue,
                       stateName: p.state.chineseName, daysOverdue: p.daysOverdue(on: req.today), escalation: p.escalation(on: req.today).measure,
                       evidence: p.evidence.count)
        }])
    }
}

extension MonthlySummaryDocument {
    /// The month's summary from the roll-up: each expected unit's standing and, for submitted reports, their content.
    init(rollUp: MonthlyRollUp, reports: [MonthlyReport], plan: Plan, issuedOn: LocalDate) {
        let byUnit = Dictionary(reports.filter { $0.month == rollUp.month }.map { ($0.unit, $0) }, uniquingKeysWith: { a, _ in a })
        let units = rollUp.standings.map { standing -> UnitReport in
            let report = byUnit[standing.unit]
            let status: MonthlySummaryDocument.Status = switch standing.status {
            case .onTime: .onTime
            case .late: .late
            case .returned: .returned
            case .notSubmitted, .draft: .missing
            }
            return UnitReport(unitName: standing.unit, status: status, submittedOn: standing.submittedOn,
                              workDone: report?.workDone ?? "", activities: report?.activities ?? "",
                              problems: report?.problems ?? "", nextSteps: report?.nextSteps ?? "")
        }
        self.init(programmeName: plan.title, officeName: (plan.organisation.office?.name).flatMap { $0.isEmpty ? nil : $0 } ?? "创建工作领导小组办公室",
                  year: rollUp.month.year, month: rollUp.month.month, dueDate: rollUp.dueDate, issuedOn: issuedOn, units: units)
    }
}

extension CircularDocument {
    init(plan: Plan, inspection: Domain.Inspection, problems: [InspectionProblem], issuedOn: LocalDate) {
        let listed = problems.enumerated().map { index, p in
            Problem(number: index + 1, responsibleUnit: p.unit, description: p.text, deadline: p.deadline,
                    status: p.state == .closed ? .closed : (p.state == .submitted || p.state == .recheckPassed) ? .awaitingRecheck : .open)
        }
        self.init(programmeName: plan.title,
                  inspection: Inspection(date: inspection.date, inspectors: inspection.inspectors,
                                         inspected: inspection.subjects.map(\.displayName), findings: inspection.findings),
                  problems: listed, issuingOffice: (plan.organisation.office?.name).flatMap { $0.isEmpty ? nil : $0 } ?? "创建工作领导小组办公室", issuedOn: issuedOn)
    }
}
