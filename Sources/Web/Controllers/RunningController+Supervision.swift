import Core
import Domain
import Foundation
import Persistence
import Vapor

/// Supervision (督导检查): inspections with their problem lists, and each problem's rectification.
extension RunningController {
    func inspections(req: Request) async throws -> Response {
        let (plan, scope) = try await req.visibleRunningProgramme()
        return .html(InspectionListView(model: try await .query(req, plan: plan, scope: scope)).render())
    }

    func newInspection(req: Request) async throws -> Response {
        let (plan, scope) = try await req.visibleRunningProgramme()
        try req.authorize(.superviseProgramme(scope))
        return .html(NewInspectionView(model: .query(req, plan: plan)).render())
    }

    /// An inspection with its problem list, saved together or not at all. Problem rows are `text.N`, `unit.N`,
    /// `deadline.N`; a row left entirely blank is skipped.
    func createInspection(req: Request) async throws -> Response {
        let (plan, scope) = try await req.visibleRunningProgramme()
        let principal = try req.authorize(.superviseProgramme(scope))
        let form = try await req.formFields()
        let text = form.text
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
            return .html(NewInspectionView(model: NewInspectionView.Model.query(req, plan: plan).refused(messages, typed: form.values)).render(),
                         status: .unprocessableEntity)
        }
        let listed = problems
        try await req.db.transaction { tx in
            let store = req.appCore.on(tx).running
            try await store.save(inspection, expectedRevision: 0, action: "inspection.create", actor: principal.name, actorID: principal.userID)
            try await store.saveAll(listed.map { ($0, 0) }, action: "problem.create", actor: principal.name, actorID: principal.userID)
        }
        return req.redirect(to: SiteURL.inspection(plan: plan.id, id: inspection.id).path)
    }

    static let problemRows = 8

    func inspectionPage(req: Request) async throws -> Response {
        let (plan, _) = try await req.visibleRunningProgramme()
        return .html(InspectionView(model: try await .query(req, plan: plan)).render())
    }

    func circular(req: Request) async throws -> Response {
        let (plan, _) = try await req.visibleRunningProgramme()
        let (inspection, problems) = try await InspectionView.Model.find(req, plan)
        let document = CircularDocument(plan: plan, inspection: inspection, problems: problems.map(\.value), issuedOn: req.today)
        return .download(.init(data: try document.docx()), contentType: Response.docxType,
                         fileName: "\(plan.id)-督导通报-\(inspection.date.iso).docx")
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
        return req.redirect(to: SiteURL.inspection(plan: plan.id, id: problem.inspectionID).path + "?notice="
                            + SiteURL.escapeQuery("已\(action.chineseName)：\(problem.text)"))
    }

    func problemFile(req: Request) async throws -> Response {
        let (plan, _) = try await req.visibleRunningProgramme()
        return try await req.evidenceDownload(try await requireProblem(req, plan).value.evidence)
    }
}
