import Core
import Domain
import Foundation
import Vapor

/// The office changes its running plan in the browser: every save goes through `PlanEditing` as a revision with who,
/// when and why, refused when stale or when it would drop an item that carries data.
struct PlanEditController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.register(.planEdit, use: editPage)
        routes.register(.savePlanSchedule, use: saveSchedule)
        routes.register(.savePlanUnits, use: addUnit)
        routes.register(.addTownshipUnits, use: addTownshipUnits)
        routes.register(.planItemAction, use: itemAction)
        routes.register(.planTaskEdit, use: taskPage)
        routes.register(.savePlanTask, use: saveTask)
        routes.register(.savePlanYAML, use: saveYAML)
        routes.register(.planHistory, use: history)
        routes.register(.restorePlanRevision, use: restore)
        routes.register(.apiPlanTasks, use: apiTasks)
    }

    private func office(_ req: Request) async throws -> (Plan, Principal) {
        let (plan, scope) = try await req.visibleRunningProgramme()
        return (plan, try req.authorize(.superviseProgramme(scope)))
    }

    /// Back to the edit page at the section saved, saying what happened.
    static func backToEdit(_ req: Request, _ plan: Plan, _ text: String, anchor: String) -> Response {
        req.redirect(to: SiteURL.planEdit(plan.id).path + "?notice=" + SiteURL.escapeQuery(text) + "#" + anchor)
    }

    func editPage(req: Request) async throws -> Response {
        let (plan, _) = try await office(req)
        return .html(PlanEditView(model: try await .query(req, plan: plan)).render())
    }

    /// Saves one change as the next revision and goes back to the edit page saying what happened.
    private func save(_ req: Request, _ plan: Plan, _ principal: Principal, _ fields: FormFields, why defaultWhy: String,
                      anchor: String, _ change: @escaping @Sendable (inout Plan) throws -> Void) async throws -> Response {
        func notice(_ text: String) -> Response { Self.backToEdit(req, plan, text, anchor: anchor) }
        do {
            let outcome = try await req.appCore.planEditing.edit(
                planID: plan.id, note: RevisionNote(by: principal.name, why: fields.optional("why") ?? defaultWhy),
                actorID: principal.userID, expectedRevision: fields.int("revision"), change)
            return notice("已保存为第 \(outcome.revision) 版：\(fields.optional("why") ?? defaultWhy)")
        } catch let refused as PlanEditRefused {
            return notice(refused.description)
        } catch let invalid as PlanEditInvalid {
            return notice("未保存：" + invalid.problems.map(\.message).joined(separator: "；"))
        } catch let conflict as EditConflict {
            return notice(conflict.description)
        } catch let rejected as FormRejected {
            return notice("未保存：" + rejected.problems.map(\.message).joined(separator: "；"))
        }
    }

    func saveSchedule(req: Request) async throws -> Response {
        let (plan, principal) = try await office(req)
        let fields = try await req.formFields()
        if req.query[String.self, at: "milestone"] != nil {
            let phase = fields.text("phase"), title = fields.text("title"), date = fields.date("date")
            let problem = title.isEmpty ? "请填写节点名称"
                : (!fields.text("date").isEmpty && date == nil) ? "日期「\(fields.text("date"))」不是日期" : nil
            if let problem {
                return Self.backToEdit(req, plan, "未保存：" + problem, anchor: "milestones")
            }
            return try await save(req, plan, principal, fields, why: "新增阶段节点：\(title)", anchor: "milestones") { plan in
                guard PlanEdits.addMilestone(Milestone(title: title, date: date), toPhase: phase, in: &plan) else {
                    throw FormRejected("phase", "方案中没有阶段「\(phase)」")
                }
            }
        }
        var problems: [(String, String)] = []
        let start = fields.date("start"), end = fields.date("end")
        for (name, label, value) in [("start", "实施期开始", start), ("end", "实施期结束", end)] where value == nil && !fields.text(name).isEmpty {
            problems.append((name, "\(label)：「\(fields.text(name))」不是日期"))
        }
        if (start == nil) != (end == nil) { problems.append(("end", "实施期须同时填写开始和结束日期")) }
        if let start, let end, end < start { problems.append(("end", "实施期结束 \(end.chinese) 早于开始 \(start.chinese)")) }
        let dueDay = fields.int("dueDay")
        if !fields.text("dueDay").isEmpty && !(1...31).contains(dueDay ?? 0) { problems.append(("dueDay", "月报报送日应为 1–31 的整数")) }
        if !problems.isEmpty {
            return Self.backToEdit(req, plan, "未保存：" + problems.map(\.1).joined(separator: "；"), anchor: "schedule")
        }
        return try await save(req, plan, principal, fields, why: "设定实施期与月报", anchor: "schedule") { plan in
            PlanEdits.setSchedule(start: start, end: end, monthlyDueDay: dueDay, in: &plan)
        }
    }

    func addUnit(req: Request) async throws -> Response {
        let (plan, principal) = try await office(req)
        let fields = try await req.formFields()
        let name = fields.text("name")
        guard !name.isEmpty, let kind = UnitKind(rawValue: fields.text("kind")), kind != .group else {
            return Self.backToEdit(req, plan, "未保存：请填写单位名称并选择类型", anchor: "units")
        }
        let region = fields.optional("region")
        if let region {
            let regions = try await req.appCore.regions.regions(underPlan: plan.id).map(\.name)
            guard regions.contains(region) else {
                return Self.backToEdit(req, plan, "未保存：「\(region)」不在本方案的区划内；请先在区划页导入或新增该乡镇", anchor: "units")
            }
        }
        let member = fields.text("member") == "1"
        return try await save(req, plan, principal, fields, why: "新增单位：\(name)", anchor: "units") { plan in
            PlanEdits.addUnit(PlanUnit(name: name, kind: kind, region: region), member: member, in: &plan)
        }
    }

    func addTownshipUnits(req: Request) async throws -> Response {
        let (plan, principal) = try await office(req)
        let added = try await req.appCore.planEditing.addTownshipUnits(planID: plan.id, actor: principal.name, actorID: principal.userID)
        let text = added.isEmpty ? "区划中的乡镇都已是本方案的单位" : "已新增乡镇单位 \(added.count) 个：\(added.joined(separator: "、"))"
        return Self.backToEdit(req, plan, text, anchor: "units")
    }

    func itemAction(req: Request) async throws -> Response {
        let (plan, principal) = try await office(req)
        let fields = try await req.formFields()
        let kind = try req.requireParameter("kind"), key = try req.requireParameter("key")
        guard let action = PlanEdits.ItemAction(rawValue: fields.text("action")) else { throw Abort(.badRequest, reason: "请选择删除、归档或恢复") }
        switch kind {
        case "indicator":
            let name = plan.indicators.first { $0.code == key }?.name ?? key
            return try await save(req, plan, principal, fields, why: "\(action.chineseName)指标：\(name)", anchor: "indicators") { plan in
                guard PlanEdits.indicator(key, action, in: &plan) else { throw FormRejected("key", "方案中没有指标「\(name)」") }
            }
        case "unit":
            return try await save(req, plan, principal, fields, why: "\(action.chineseName)单位：\(key)", anchor: "units") { plan in
                guard PlanEdits.unit(key, action, in: &plan) else { throw FormRejected("key", "方案中没有单位「\(key)」") }
            }
        default:
            throw Abort(.notFound)
        }
    }

    func taskPage(req: Request) async throws -> Response {
        let (plan, _) = try await office(req)
        return .html(TaskEditView(model: try await .query(req, plan: plan, taskID: try Self.taskID(req))).render())
    }

    static func taskID(_ req: Request) throws -> Int? {
        let raw = try req.requireParameter("task")
        if raw == "new" { return nil }
        guard let id = Int(raw) else { throw Abort(.notFound, reason: "方案中没有这项任务") }
        return id
    }

    func saveTask(req: Request) async throws -> Response {
        let (plan, principal) = try await office(req)
        let taskID = try Self.taskID(req)
        let fields = try await req.formFields()
        let (form, problems) = TaskFormReading.read(fields, plan: plan, taskID: taskID)
        var typed = plan
        PlanEdits.saveTask(form, id: taskID, in: &typed)
        let shown = typed.task(id: taskID ?? (typed.tasks.last?.id ?? 0))?.task
        func refuse(_ messages: [String], _ status: HTTPResponseStatus) async throws -> Response {
            .html(TaskEditView(model: try await .query(req, plan: plan, taskID: taskID, typed: shown, problems: messages)).render(), status: status)
        }
        if !problems.isEmpty { return try await refuse(problems, .unprocessableEntity) }
        let label = form.title ?? String(form.text.prefix(20))
        do {
            let outcome = try await req.appCore.planEditing.edit(
                planID: plan.id, note: RevisionNote(by: principal.name, why: fields.optional("why") ?? "\(taskID == nil ? "新增" : "修改")任务：\(label)"),
                actorID: principal.userID, expectedRevision: fields.int("revision")) { plan in PlanEdits.saveTask(form, id: taskID, in: &plan) }
            return Self.backToEdit(req, plan, "已保存为第 \(outcome.revision) 版：任务「\(label)」", anchor: "tasks")
        } catch let invalid as PlanEditInvalid {
            return try await refuse(invalid.problems.map(\.message), .unprocessableEntity)
        } catch let refused as PlanEditRefused {
            return try await refuse([refused.description], .conflict)
        } catch let conflict as EditConflict {
            return try await refuse([conflict.description], .conflict)
        }
    }

    func saveYAML(req: Request) async throws -> Response {
        let (plan, principal) = try await office(req)
        let fields = try await req.formFields()
        let text = fields.values["yaml"] ?? ""
        let parsed: Plan
        do {
            parsed = try PlanFile.parse(text, file: "整份方案")
        } catch {
            let lines = error.issues.map { issue in (issue.location.line.map { "第 \($0) 行：" } ?? "") + issue.message }
            return .html(PlanEditView(model: try await .query(req, plan: plan, yaml: text).with(notice: "未保存：" + lines.joined(separator: "；"))).render(),
                         status: .unprocessableEntity)
        }
        guard parsed.id == plan.id else {
            return .html(PlanEditView(model: try await .query(req, plan: plan, yaml: text).with(notice: "未保存：方案 id 不能在此修改（应为「\(plan.id)」）")).render(),
                         status: .unprocessableEntity)
        }
        return try await save(req, plan, principal, fields, why: "修改整份方案", anchor: "whole") { edited in edited = parsed }
    }

    func history(req: Request) async throws -> Response {
        let (plan, scope) = try await req.visibleRunningProgramme()
        let principal = try req.requirePrincipal()
        let canRestore = AccessPolicy.allows(principal, .superviseProgramme(scope))
        return .html(PlanHistoryView(model: try await .query(req, plan: plan, canRestore: canRestore)).render())
    }

    func restore(req: Request) async throws -> Response {
        let (plan, principal) = try await office(req)
        let fields = try await req.formFields()
        guard let revision = Int(try req.requireParameter("revision")) else { throw Abort(.notFound) }
        let back = SiteURL.planHistory(plan.id, from: nil, to: nil).path
        do {
            let outcome = try await req.appCore.planEditing.restore(planID: plan.id, revision: revision, actor: principal.name,
                                                                   actorID: principal.userID, expectedRevision: fields.int("revision"))
            var text = "已恢复第 \(revision) 版的内容，保存为第 \(outcome.revision) 版"
            if !outcome.archived.isEmpty { text += "；已归档：" + outcome.archived.map(\.description).joined(separator: "；") }
            return req.redirect(to: back + "?notice=" + SiteURL.escapeQuery(text))
        } catch let conflict as EditConflict {
            return req.redirect(to: back + "?notice=" + SiteURL.escapeQuery(conflict.description))
        } catch let invalid as PlanEditInvalid {
            return req.redirect(to: back + "?notice=" + SiteURL.escapeQuery("未恢复：" + invalid.problems.map(\.message).joined(separator: "；")))
        } catch let missing as PlanEditingError {
            throw Abort(.notFound, reason: missing.description)
        }
    }

    func apiTasks(req: Request) async throws -> TaskListDTO {
        let (plan, _) = try await req.visibleRunningProgramme()
        return TaskListDTO(plan: plan, assignments: try await req.appCore.taskAssignments(of: plan).map(\.value), today: req.today)
    }
}

extension PlanEditView.Model {
    func with(notice: String) -> Self { var copy = self; copy.notice = notice; return copy }
}
