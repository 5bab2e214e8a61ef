import Crypto
import Core
import Domain
import Foundation
import Persistence
import Vapor

/// 创建过程管理: monthly progress reports (工作进展月报), supervision with problem lists (督导检查与问题清单), and the
/// acceptance dossier (迎检资料).
struct RunningController: RouteCollection {
    static let uploadBodyLimit = 64 << 20

    func boot(routes: any RoutesBuilder) throws {
        routes.register(.monthlyReports, use: reportBoard)
        routes.register(.monthlySummary, use: reportSummary)
        routes.register(.monthlyReport, use: reportPage)
        routes.register(.saveMonthlyReport, use: saveReport)
        routes.register(.monthlyReportReturn, use: returnReport)
        routes.register(.monthlyReportFile, use: reportFile)

        routes.register(.inspections, use: inspections)
        routes.register(.newInspection, use: newInspection)
        routes.register(.createInspection, use: createInspection)
        routes.register(.inspection, use: inspectionPage)
        routes.register(.circular, use: circular)
        routes.register(.problemAction, use: problemAction)
        routes.register(.problemFile, use: problemFile)

        routes.register(.dossier, use: dossierPage)
        routes.register(.dossierZip, use: dossierZip)
        routes.register(.dossierEvidence, use: linkEvidence)
        bootTasksAndActivities(routes)
        bootPoliciesAndCommitments(routes)

        routes.register(.apiReports, use: apiReports)
        routes.register(.apiProblems, use: apiProblems)
    }

    // MARK: Monthly reports

    static func schedule(_ plan: Plan) throws -> ReportingSchedule {
        guard let schedule = ReportingSchedule(plan: plan) else {
            throw Abort(.notFound, reason: "方案没有实施阶段的日期，也未设定实施期，无法安排工作月报；请创建办在「调整方案」中设定实施期和月报报送日")
        }
        return schedule
    }

    func reportBoard(req: Request) async throws -> Response {
        let (plan, scope) = try await req.visibleRunningProgramme()
        return .html(ReportBoardView(model: try await .query(req, plan: plan, scope: scope)).render())
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

    func reportPage(req: Request) async throws -> Response {
        let (plan, scope) = try await req.visibleRunningProgramme()
        let key = try await MonthlyReportKey.query(req, plan)
        return .html(ReportView(model: try .query(req, plan: plan, scope: scope, key: key)).render())
    }

    func saveReport(req: Request) async throws -> Response {
        let (plan, scope) = try await req.visibleRunningProgramme()
        let key = try await MonthlyReportKey.query(req, plan)
        let (unit, month, stored) = (key.unit, key.month, key.stored)
        let principal = try req.authorize(.reportProgress(scope, unit: unit))
        let fields = try await req.multipartFields()
        let schedule = try Self.schedule(plan)
        var report = stored?.value ?? MonthlyReport(planID: plan.id, unit: unit, month: month, updatedBy: principal.name)
        var problems: [String] = []
        var pending: [KeptUpload] = []
        func fail(_ status: HTTPResponseStatus) throws -> Response {
            report.workDone = fields.text("workDone"); report.activities = fields.text("activities")
            report.problems = fields.text("problems"); report.nextSteps = fields.text("nextSteps")
            var page = try ReportView.Model.query(req, plan: plan, scope: scope, key: key).refused(problems, typed: report)
            // Files chosen this time (or kept from the last refusal) are shown again instead of lost.
            page.keptUploads = pending.filter { new in !(stored?.value.attachments ?? []).contains { $0.sha256 == new.ref.sha256 } }
            return .html(ReportView(model: page).render(), status: status)
        }
        do {
            _ = try MonthlyReportRules.checkSubmission(unit: unit, month: month, by: principal, plan: plan, schedule: schedule, today: req.today)
        } catch {
            problems = error.issues.map(\.message)
            return try fail(.unprocessableEntity)
        }
        let (chosen, uploadProblems) = try await KeptUpload.collect(many: fields.files["attachments"] ?? [], texts: fields.texts, req: req)
        pending = chosen
        let uploaded = chosen.map(\.ref)
        if !uploadProblems.isEmpty { problems = uploadProblems; return try fail(.unprocessableEntity) }
        let removed = fields.fields.names(withPrefix: "remove.")
        let kept = report.attachments.filter { !removed.contains($0.sha256) }
        let attachments = kept + uploaded.filter { new in !kept.contains { $0.sha256 == new.sha256 } }
        let submitting = fields.text("action") == "submit"
        do {
            try report.revise(workDone: fields.text("workDone"), activities: fields.text("activities"), problems: fields.text("problems"),
                              nextSteps: fields.text("nextSteps"), attachments: attachments, by: principal.name, at: req.now)
            if submitting { try report.submit(by: principal.name, at: req.now) }
        } catch {
            problems = error.issues.map(\.message)
            return try fail(.unprocessableEntity)
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
            return try fail(.conflict)
        }
        let notice = submitting ? "已提交\(month.chineseName)工作月报" : "已保存草稿（尚未提交）"
        return req.redirect(to: SiteURL.monthlyReport(plan: plan.id, unit: unit, month: month.description).path
                            + "?notice=" + SiteURL.escapeQuery(notice))
    }

    struct ReturnForm: Content { var reason: String?; var revision: Int? }

    func returnReport(req: Request) async throws -> Response {
        let (plan, scope) = try await req.visibleRunningProgramme()
        let principal = try req.authorize(.superviseProgramme(scope))
        let key = try await MonthlyReportKey.query(req, plan)
        let (unit, month, stored) = (key.unit, key.month, key.stored)
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
        let stored = try await MonthlyReportKey.query(req, plan).stored
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
        return .download(.init(data: try document.docx()), contentType: Response.docxType, fileName: "\(plan.id)-月报汇总-\(month).docx")
    }

    // MARK: Dossier

    func dossierPage(req: Request) async throws -> Response {
        let (plan, scope) = try await req.visibleRunningProgramme()
        return .html(DossierView(model: try await .query(req, plan: plan, scope: scope)).render())
    }

    func dossierZip(req: Request) async throws -> Response {
        let (plan, scope) = try await req.visibleRunningProgramme()
        try req.authorize(.superviseProgramme(scope))
        let workflow = try await req.dossierWorkflow(plan)
        let dossier = try await workflow.dossier(plan: plan, sheet: try DossierView.Model.comprehensiveSheet(req))
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
        response.headers.replaceOrAdd(name: .contentDisposition, value: Response.contentDisposition(dossier.suggestedFileName))
        return response
    }

    /// Files the office attaches to a score-sheet item (`item:ID`) or a task (`task:INDEX`) for the dossier.
    func linkEvidence(req: Request) async throws -> Response {
        let (plan, scope) = try await req.visibleRunningProgramme()
        let principal = try req.authorize(.superviseProgramme(scope))
        let sheet = try DossierView.Model.comprehensiveSheet(req)
        let fields = try await req.multipartFields()
        let back = SiteURL.dossier(plan.id).path
        let targetText = fields.text("target")
        let target: EvidenceTarget
        if targetText.hasPrefix("item:"), let item = sheet.allItems.first(where: { $0.id == String(targetText.dropFirst(5)) }) {
            target = .scoreItem(sheet: sheet.id, item: item.id)
        } else if targetText.hasPrefix("task:"), let id = Int(targetText.dropFirst(5)), let found = plan.task(id: id) {
            target = .planTask(index: id, number: found.task.number)
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
