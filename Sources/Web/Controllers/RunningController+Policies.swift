import Core
import Domain
import Foundation
import Vapor

/// Health impact assessment of policies (公共政策健康影响评价), responsibility agreements (目标责任状) and the
/// programme's budget lines with their spending.
extension RunningController {
    func bootPoliciesAndCommitments(_ routes: any RoutesBuilder) {
        routes.register(.policies, use: policies)
        routes.register(.registerPolicy, use: registerPolicy)
        routes.register(.policy, use: policyPage)
        routes.register(.policyStep, use: policyStep)
        routes.register(.commitments, use: commitments)
        routes.register(.agreements, use: addAgreement)
        routes.register(.agreementFile, use: agreementFile)
        routes.register(.budgetLines, use: addBudgetLine)
        routes.register(.budgetSpending, use: addSpending)
    }

    // MARK: Policies

    func policies(req: Request) async throws -> Response {
        let (plan, scope) = try await req.visibleRunningProgramme()
        return .html(PolicyListView(model: try await .query(req, plan: plan, scope: scope)).render())
    }

    func registerPolicy(req: Request) async throws -> Response {
        let (plan, scope) = try await req.visibleRunningProgramme()
        let principal = try req.requirePrincipal()
        let form = try await req.formFields()
        let text = form.text
        let unit = principal.role == .liaison ? (principal.unit ?? "") : text("draftingUnit")
        let role: PolicyReviewRole
        if AccessPolicy.allows(principal, .superviseProgramme(scope)) { role = .office }
        else if AccessPolicy.allows(principal, .reportProgress(scope, unit: unit)) { role = .draftingDepartment }
        else { throw Abort(.forbidden, reason: "您的账号（\(principal.role.chineseName)）不能登记政策") }
        var messages: [String] = []
        let kind = PolicyKind(rawValue: text("kind"))
        if kind == nil { messages.append("类型：请选择") }
        let date = LocalDate(iso: text("registeredOn"))
        if date == nil { messages.append("登记日期：「\(text("registeredOn"))」不是日期") }
        var review: PolicyReview?
        if let kind, let date {
            do {
                review = try PolicyReview.register(planID: plan.id, title: text("title"), kind: kind, draftingUnit: unit, on: date, by: role,
                                                   plan: plan, today: req.today)
            } catch { messages += error.issues.map(\.message) }
        }
        guard let review, messages.isEmpty else {
            let page = try await PolicyListView.Model.query(req, plan: plan, scope: scope)
            return .html(PolicyListView(model: page.refused(messages, typed: form.values)).render(), status: .unprocessableEntity)
        }
        try await req.runningStore.save(review, expectedRevision: 0, action: "policy.register", actor: principal.name, actorID: principal.userID)
        return req.redirect(to: SiteURL.policy(plan: plan.id, id: review.id).path)
    }

    func policyPage(req: Request) async throws -> Response {
        let (plan, _) = try await req.visibleRunningProgramme()
        return .html(PolicyView(model: try await .query(req, plan: plan)).render())
    }

    /// One step of the assessment, by whoever the step belongs to: screening, analysis, report with
    /// recommendations, the drafting department's answer to each recommendation, filing, monitoring.
    func policyStep(req: Request) async throws -> Response {
        let (plan, _) = try await req.visibleRunningProgramme()
        let principal = try req.requirePrincipal()
        var stored = try await PolicyView.Model.find(req, plan)
        guard let role = PolicyReviewRole.of(principal, in: stored.value) else {
            throw Abort(.forbidden, reason: "您的账号（\(principal.role.chineseName)）不参与这项政策的评估")
        }
        let fields = try await req.multipartFields()
        let step = try req.requireParameter("step")
        let back = SiteURL.policy(plan: plan.id, id: stored.value.id).path
        let split: (String) -> [String] = { $0.split(whereSeparator: { "，,、;；\n".contains($0) }).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
        let date = LocalDate(iso: fields.text("date")) ?? req.today
        do {
            switch step {
            case "screen":
                guard let decision = ScreeningDecision(rawValue: fields.text("decision")) else { throw IssueListError("请选择筛选结论") }
                try stored.value.screen(Screening(experts: split(fields.text("experts")), decision: decision, date: date, reason: fields.text("reason")),
                                        by: role)
            case "analysis":
                try stored.value.recordAnalysis(fields.text("analysis"), by: role)
            case "report":
                let (uploaded, problems) = try await req.storeUploads(fields.files["evidence"] ?? [])
                if !problems.isEmpty { throw IssueListError(problems.joined(separator: "；")) }
                let recommendations = fields.text("recommendations").split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                try stored.value.recordReport(fields.text("report"), recommendations: recommendations, evidence: uploaded, by: role)
            case "respond":
                guard let index = Int(fields.text("index")), let decision = AdoptionDecision(rawValue: fields.text("decision")) else {
                    throw IssueListError("请选择采纳情况")
                }
                try stored.value.respond(to: index, AdoptionResponse(decision: decision, reason: fields.text("reason").nilIfEmpty, date: date), by: role)
            case "complete":
                try stored.value.completeFeedback(by: role)
            case "file":
                try stored.value.file(on: date, by: role)
            case "monitor":
                try stored.value.recordMonitoring(MonitoringNote(date: date, text: fields.text("text")), by: role)
            default:
                throw Abort(.notFound, reason: "没有这个步骤")
            }
            try await req.runningStore.save(stored.value, expectedRevision: Int(fields.text("revision")) ?? stored.revision,
                                            action: "policy.\(step)", actor: principal.name, actorID: principal.userID)
        } catch let error as InputRejected {
            return req.redirect(to: back + "?notice=" + SiteURL.escapeQuery("未保存：" + error.issues.map(\.message).joined(separator: "；")))
        } catch let error as IssueListError {
            return req.redirect(to: back + "?notice=" + SiteURL.escapeQuery("未保存：" + error.message))
        } catch let error as RunningStoreError {
            return req.redirect(to: back + "?notice=" + SiteURL.escapeQuery("未保存：" + error.description))
        }
        return req.redirect(to: back + "?notice=" + SiteURL.escapeQuery("已保存：\(stored.value.stage.chineseName)"))
    }

    // MARK: Agreements and budget

    func commitments(req: Request) async throws -> Response {
        let (plan, scope) = try await req.visibleRunningProgramme()
        return .html(CommitmentsView(model: try await .query(req, plan: plan, scope: scope)).render())
    }

    /// The commitments page again after a refused form.
    private func refusedCommitments(_ req: Request, _ plan: Plan, _ scope: ProgrammeScope, _ problems: [String]) async throws -> Response {
        let page = try await CommitmentsView.Model.query(req, plan: plan, scope: scope)
        return .html(CommitmentsView(model: page.refused(problems)).render(), status: .unprocessableEntity)
    }

    func addAgreement(req: Request) async throws -> Response {
        let (plan, scope) = try await req.visibleRunningProgramme()
        let principal = try req.authorize(.superviseProgramme(scope))
        let fields = try await req.multipartFields()
        var messages: [String] = []
        let date = LocalDate(iso: fields.text("signedOn"))
        if date == nil { messages.append("签订日期：「\(fields.text("signedOn"))」不是日期") }
        let (uploaded, problems) = try await req.storeUploads(fields.files["file"] ?? [])
        messages += problems
        let existing = try await req.runningStore.records(ResponsibilityAgreement.self, planID: plan.id).map(\.value)
        var agreement: ResponsibilityAgreement?
        if let date, messages.isEmpty {
            do {
                agreement = try ResponsibilityAgreement(planID: plan.id, unit: fields.text("unit"), signedOn: date,
                                                        signatory: fields.text("signatory").nilIfEmpty,
                                                        file: uploaded.first ?? EvidenceRef(sha256: "", fileName: "", size: 0))
                    .checked(plan: plan, existing: existing, today: req.today)
            } catch { messages += error.issues.map(\.message) }
        }
        guard let agreement, messages.isEmpty else {
            return try await refusedCommitments(req, plan, scope, messages)
        }
        try await req.runningStore.save(agreement, expectedRevision: 0, action: "agreement.create", actor: principal.name, actorID: principal.userID)
        return req.redirect(to: SiteURL.commitments(plan.id).path + "?notice=" + SiteURL.escapeQuery("已登记\(agreement.unit)的目标责任状"))
    }

    func agreementFile(req: Request) async throws -> Response {
        let (plan, _) = try await req.visibleRunningProgramme()
        let unit = try req.requireParameter("unit")
        guard let agreement = try await req.runningStore.record(ResponsibilityAgreement.self, planID: plan.id, key: unit) else {
            throw Abort(.notFound, reason: "没有这个单位的目标责任状")
        }
        // One file per agreement: the link names the unit, not the file.
        return try await req.evidenceDownload(agreement.value.file)
    }

    func addBudgetLine(req: Request) async throws -> Response {
        let (plan, scope) = try await req.visibleRunningProgramme()
        let principal = try req.authorize(.superviseProgramme(scope))
        let text = try await req.formFields().text
        var messages: [String] = []
        let amount = Money.parseYuan(text("amount"))
        if amount == nil { messages.append("预算金额：「\(text("amount"))」不是金额") }
        let year = text("year").isEmpty ? nil : Int(text("year"))
        if !text("year").isEmpty && year == nil { messages.append("年度：「\(text("year"))」不是年份") }
        let line = BudgetLine(planID: plan.id, name: text("name"), amount: amount ?? 0, year: year, unit: text("unit").nilIfEmpty)
        if amount != nil { do { try line.check() } catch { messages += error.issues.map(\.message) } }
        guard messages.isEmpty else {
            return try await refusedCommitments(req, plan, scope, messages)
        }
        try await req.runningStore.save(line, expectedRevision: 0, action: "budget.create", actor: principal.name, actorID: principal.userID)
        return req.redirect(to: SiteURL.commitments(plan.id).path + "?notice=" + SiteURL.escapeQuery("已登记预算项目「\(line.name)」"))
    }

    func addSpending(req: Request) async throws -> Response {
        let (plan, scope) = try await req.visibleRunningProgramme()
        let principal = try req.authorize(.superviseProgramme(scope))
        guard let id = req.parameters.get("bid").flatMap(UUID.init(uuidString:)),
              var stored = try await req.runningStore.record(BudgetLine.self, planID: plan.id, key: id.uuidString.lowercased()) else {
            throw Abort(.notFound, reason: "没有这个预算项目")
        }
        let text = try await req.formFields().text
        var messages: [String] = []
        let amount = Money.parseYuan(text("amount")), date = LocalDate(iso: text("date"))
        if amount == nil { messages.append("支出金额：「\(text("amount"))」不是金额") }
        if date == nil { messages.append("支出日期：「\(text("date"))」不是日期") }
        var warning: String?
        if let amount, let date {
            do { warning = try stored.value.addSpending(Spending(date: date, amount: amount, purpose: text("purpose")), today: req.today) }
            catch { messages += error.issues.map(\.message) }
        }
        guard messages.isEmpty else {
            return try await refusedCommitments(req, plan, scope, messages)
        }
        try await req.runningStore.save(stored.value, expectedRevision: stored.revision, action: "budget.spend", actor: principal.name,
                                        actorID: principal.userID)
        return req.redirect(to: SiteURL.commitments(plan.id).path + "?notice=" + SiteURL.escapeQuery(warning ?? "已登记支出"))
    }
}

/// A problem found before a domain rule runs (a choice not made), shown like the rules' own.
struct IssueListError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
