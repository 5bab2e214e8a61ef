import Core
import Domain
import Foundation
import Vapor

/// Task tracking (each task's part per responsible unit, with traffic lights) and activities (lectures,
/// consultations, health-day campaigns) with the health-day calendar and the lecture duty.
extension RunningController {
    func bootTasksAndActivities(_ routes: any RoutesBuilder) {
        routes.register(.tasks, use: taskBoard)
        routes.register(.taskRecord, use: recordTask)
        routes.register(.taskFile, use: taskFile)
        routes.register(.activities, use: activities)
        routes.register(.addActivity, use: addActivity)
        routes.register(.activityFile, use: activityFile)
        routes.register(.beneficiaryTarget, use: setBeneficiaryTarget)
    }

    func taskBoard(req: Request) async throws -> Response {
        let (plan, scope) = try await req.visibleRunningProgramme()
        return .html(TaskBoardView(model: try await .query(req, plan: plan, scope: scope)).render())
    }

    private func requireAssignment(_ req: Request, _ plan: Plan) async throws -> Stored<TaskAssignment> {
        let part = try req.requireParameter("index")
        let unit = UnitDirectory(plan).concreteUnitName(try req.requireParameter("unit")) ?? ""
        guard let found = try await req.appCore.taskAssignments(of: plan).first(where: { $0.value.partKey == part && $0.value.unit == unit }) else {
            throw Abort(.notFound, reason: "这个单位没有承担这项任务")
        }
        return found
    }

    func recordTask(req: Request) async throws -> Response {
        let (plan, scope) = try await req.visibleRunningProgramme()
        var stored = try await requireAssignment(req, plan)
        let principal = try req.authorize(.reportProgress(scope, unit: stored.value.unit))
        let fields = try await req.multipartFields()
        let back = SiteURL.tasks(plan.id, unit: stored.value.unit).path
        func refuse(_ messages: [String]) -> Response {
            req.redirect(to: back + "&notice=" + SiteURL.escapeQuery("未保存：" + messages.joined(separator: "；")))
        }
        guard let progress = TaskProgress(rawValue: fields.text("progress")) else { return refuse(["请选择进展状态"]) }
        let (uploaded, problems) = try await req.storeUploads(fields.files["evidence"] ?? [])
        if !problems.isEmpty { return refuse(problems) }
        do {
            try stored.value.record(progress, note: fields.text("note"), author: principal.name,
                                    on: LocalDate(iso: fields.text("date")) ?? req.today, evidence: uploaded, today: req.today)
            try await req.runningStore.save(stored.value, expectedRevision: Int(fields.text("revision")) ?? stored.revision,
                                            action: "task.progress", actor: principal.name, actorID: principal.userID)
        } catch let error as InputRejected {
            return refuse(error.issues.map(\.message))
        } catch let error as RunningStoreError {
            return refuse([error.description])
        }
        return req.redirect(to: back + "&notice=" + SiteURL.escapeQuery("已记录任务进展：\(progress.chineseName)"))
    }

    func taskFile(req: Request) async throws -> Response {
        let (plan, _) = try await req.visibleRunningProgramme()
        return try await req.evidenceDownload(try await requireAssignment(req, plan).value.evidence)
    }

    // MARK: Activities

    func activities(req: Request) async throws -> Response {
        let (plan, scope) = try await req.visibleRunningProgramme()
        return .html(ActivitiesView(model: try await .query(req, plan: plan, scope: scope)).render())
    }

    func addActivity(req: Request) async throws -> Response {
        let (plan, scope) = try await req.visibleRunningProgramme()
        let principal = try req.requirePrincipal()
        let fields = try await req.multipartFields()
        let split: (String) -> [String] = { $0.split(whereSeparator: { "，,、;；".contains($0) }).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
        var organisers = split(fields.text("organisers"))
        // A liaison's activity is its own unit's (with any partners it names).
        if principal.role == .liaison, let own = principal.unit, !organisers.contains(own) { organisers.insert(own, at: 0) }
        let firstOrganiser = organisers.first.flatMap { UnitDirectory(plan).concreteUnitName($0) } ?? ""
        guard principal.role == .liaison ? AccessPolicy.allows(principal, .reportProgress(scope, unit: principal.unit ?? ""))
                                         : AccessPolicy.allows(principal, .superviseProgramme(scope)) || AccessPolicy.allows(principal, .reportProgress(scope, unit: firstOrganiser)) else {
            throw Abort(.forbidden, reason: "您的账号（\(principal.role.chineseName)）不能登记活动")
        }
        var messages: [String] = []
        func number(_ name: String, _ label: String) -> Int? {
            let text = fields.text(name)
            if text.isEmpty { return nil }
            guard let value = Int(text) else { messages.append("\(label)：「\(text)」不是整数"); return nil }
            return value
        }
        let kind = ActivityKind(rawValue: fields.text("kind"))
        if kind == nil { messages.append("活动类型：请选择") }
        let date = LocalDate(iso: fields.text("date"))
        if date == nil { messages.append("日期：「\(fields.text("date"))」不是日期") }
        let participants = number("participants", "参加人数"), beneficiaries = number("beneficiaries", "受益人次") ?? 0
        let (uploaded, uploadProblems) = try await req.storeUploads(fields.files["evidence"] ?? [])
        messages += uploadProblems
        var activity: Activity?
        if let kind, let date, messages.isEmpty {
            do {
                activity = try Activity(planID: plan.id, kind: kind, title: fields.text("title"), organisers: organisers, date: date,
                                        place: fields.text("place"), participants: participants, beneficiaries: beneficiaries,
                                        healthDay: fields.text("healthDay").nilIfEmpty, evidence: uploaded, note: fields.text("note").nilIfEmpty)
                    .checked(plan: plan, today: req.today)
            } catch {
                messages += error.issues.map(\.message)
            }
        }
        guard let activity, messages.isEmpty else {
            let page = try await ActivitiesView.Model.query(req, plan: plan, scope: scope, year: date?.year ?? req.today.year)
            return .html(ActivitiesView(model: page.refused(messages, typed: fields.texts)).render(), status: .unprocessableEntity)
        }
        try await req.runningStore.save(activity, expectedRevision: 0, action: "activity.create", actor: principal.name, actorID: principal.userID)
        return req.redirect(to: SiteURL.activities(plan.id, year: activity.date.year).path
                            + "&notice=" + SiteURL.escapeQuery("已登记活动：\(activity.title)"))
    }

    /// The office sets the year's population and target share (30% in 偏关's plan).
    func setBeneficiaryTarget(req: Request) async throws -> Response {
        let (plan, scope) = try await req.visibleRunningProgramme()
        let principal = try req.authorize(.superviseProgramme(scope))
        let text = try await req.formFields().text
        let year = Int(text("year")) ?? req.today.year
        let back = SiteURL.activities(plan.id, year: year).path
        guard let population = Int(text("population").replacingOccurrences(of: ",", with: "")),
              let percent = Decimal(string: text("targetPercent").replacingOccurrences(of: "%", with: "")) else {
            return req.redirect(to: back + "&notice=" + SiteURL.escapeQuery("未保存：常住人口和目标比例须为数字"))
        }
        do { try BeneficiaryProgress.check(population: population, targetPercent: percent) } catch {
            return req.redirect(to: back + "&notice=" + SiteURL.escapeQuery("未保存：" + error.issues.map(\.message).joined(separator: "；")))
        }
        let key = String(year)
        let revision = try await req.runningStore.record(BeneficiaryTarget.self, planID: plan.id, key: key)?.revision ?? 0
        try await req.runningStore.save(BeneficiaryTarget(planID: plan.id, year: year, population: population, targetPercent: percent),
                                        expectedRevision: revision, action: "beneficiary.target", actor: principal.name, actorID: principal.userID)
        return req.redirect(to: back + "&notice=" + SiteURL.escapeQuery("已设定 \(year) 年受益人群目标"))
    }

    func activityFile(req: Request) async throws -> Response {
        let (plan, _) = try await req.visibleRunningProgramme()
        guard let id = req.parameters.get("aid").flatMap(UUID.init(uuidString:)),
              let activity = try await req.runningStore.record(Activity.self, planID: plan.id, key: id.uuidString.lowercased()) else {
            throw Abort(.notFound, reason: "没有这项活动")
        }
        return try await req.evidenceDownload(activity.value.evidence)
    }
}
