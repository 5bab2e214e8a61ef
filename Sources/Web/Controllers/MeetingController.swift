import Core
import Crypto
import Domain
import Foundation
import Vapor

/// 会议: the office notifies a meeting (time, place, agenda, invited units), records who came, then the minutes and
/// decisions; a decision can become a plan task. Liaisons see the meetings their unit is invited to; leaders read.
struct MeetingController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.register(.meetings, use: list)
        routes.register(.createMeeting, use: create)
        routes.register(.meeting, use: page)
        routes.register(.meetingNotice, use: saveNotice)
        routes.register(.meetingAttendance, use: saveAttendance)
        routes.register(.meetingMinutes, use: saveMinutes)
        routes.register(.meetingDecisionTask, use: decisionToTask)
        routes.register(.meetingNoticeDocx, use: noticeDocx)
        routes.register(.meetingMinutesDocx, use: minutesDocx)
        routes.register(.meetingFile, use: file)
        routes.register(.apiMeetings, use: api)
    }

    /// The units a notice may invite: every concrete unit of the plan, in its order.
    static func invitableUnits(_ plan: Plan) -> [String] {
        plan.units.filter { $0.kind != .group }.map(\.name)
    }

    /// The meetings the principal may see: a liaison only those its unit is invited to.
    static func visibleMeetings(_ req: Request, plan: Plan) async throws -> [Stored<Meeting>] {
        let principal = try req.requirePrincipal()
        let all = try await req.runningStore.records(Meeting.self, planID: plan.id)
        guard principal.role == .liaison else { return all }
        return all.filter { stored in principal.unit.map { stored.value.invited.contains($0) } ?? false }
    }

    /// The meeting named by `:mid`, if the principal may see it.
    private func requireMeeting(_ req: Request, _ plan: Plan) async throws -> Stored<Meeting> {
        guard let id = req.parameters.get("mid").flatMap(UUID.init(uuidString:)),
              let stored = try await req.runningStore.record(Meeting.self, planID: plan.id, key: id.uuidString.lowercased()) else {
            throw Abort(.notFound, reason: "没有这次会议")
        }
        let principal = try req.requirePrincipal()
        if principal.role == .liaison, !(principal.unit.map { stored.value.invited.contains($0) } ?? false) {
            throw Abort(.forbidden, reason: "您的单位没有受邀参加这次会议")
        }
        return stored
    }

    func list(req: Request) async throws -> Response {
        let (plan, scope) = try await req.visibleRunningProgramme()
        return .html(MeetingListView(model: try await .query(req, plan: plan, scope: scope)).render())
    }

    func page(req: Request) async throws -> Response {
        let (plan, scope) = try await req.visibleRunningProgramme()
        let stored = try await requireMeeting(req, plan)
        return .html(MeetingView(model: try .query(req, plan: plan, scope: scope, stored: stored)).render())
    }

    /// The notice's fields as a meeting (new, or `base` edited); problems reading them are added to `messages`.
    private func noticeFrom(_ fields: FormFields, base: Meeting?, plan: Plan, today: LocalDate, messages: inout [String]) -> Meeting? {
        let kind = MeetingKind(rawValue: fields.text("kind"))
        if kind == nil { messages.append("会议类型：请选择") }
        let date = fields.date("date")
        if date == nil { messages.append("会议日期：「\(fields.text("date"))」不是日期") }
        guard let kind, let date else { return nil }
        let invited = Self.invitableUnits(plan).filter { fields.text("invite.\($0)") == "1" }
        let agenda = fields.text("agenda").components(separatedBy: .newlines)
        var meeting = base ?? Meeting(planID: plan.id, kind: kind, title: "", date: date, time: "", place: "", agenda: [], invited: [],
                                      noticeIssuedOn: today)
        meeting.kind = kind; meeting.title = fields.text("title"); meeting.date = date; meeting.time = fields.text("time")
        meeting.place = fields.text("place"); meeting.chair = fields.text("chair"); meeting.agenda = agenda; meeting.invited = invited
        return meeting
    }

    func create(req: Request) async throws -> Response {
        let (plan, scope) = try await req.visibleRunningProgramme()
        let principal = try req.authorize(.superviseProgramme(scope))
        let fields = try await req.formFields()
        var messages: [String] = []
        var checked: Meeting?
        if let meeting = noticeFrom(fields, base: nil, plan: plan, today: req.today, messages: &messages), messages.isEmpty {
            do { checked = try meeting.checkedNotice(plan: plan, today: req.today) } catch { messages += error.issues.map(\.message) }
        }
        guard let checked, messages.isEmpty else {
            let page = try await MeetingListView.Model.query(req, plan: plan, scope: scope)
            return .html(MeetingListView(model: page.refused(messages, typed: fields.values)).render(), status: .unprocessableEntity)
        }
        try await req.runningStore.save(checked, expectedRevision: 0, action: "meeting.notice", actor: principal.name, actorID: principal.userID)
        return req.redirect(to: SiteURL.meeting(plan: plan.id, id: checked.id).path + "?notice=" + SiteURL.escapeQuery("已保存会议通知：\(checked.title)"))
    }

    /// Runs `change` on the meeting and saves it at the revision the form was opened at; a refusal shows the page
    /// again with that form open, what was typed and why, and saves nothing.
    private func update(_ req: Request, form: String, action: String, done: String,
                        _ change: (inout Meeting, MultipartFields, Plan) async throws -> [String]) async throws -> Response {
        let (plan, scope) = try await req.visibleRunningProgramme()
        var stored = try await requireMeeting(req, plan)
        let principal = try req.authorize(.superviseProgramme(scope))
        let fields = try await req.multipartFields()
        var messages: [String]
        do {
            messages = try await change(&stored.value, fields, plan)
            if messages.isEmpty {
                try await req.runningStore.save(stored.value, expectedRevision: Int(fields.text("revision")) ?? stored.revision,
                                                action: action, actor: principal.name, actorID: principal.userID)
            }
        } catch let error as InputRejected {
            messages = error.issues.map(\.message)
        } catch let error as RunningStoreError {
            messages = [error.description]
        }
        guard messages.isEmpty else {
            // Nothing was saved: the page shows the record as it now stands, with what was typed.
            let page = try MeetingView.Model.query(req, plan: plan, scope: scope, stored: try await requireMeeting(req, plan))
            return .html(MeetingView(model: page.refused(form, messages, typed: fields.texts)).render(), status: .unprocessableEntity)
        }
        return req.redirect(to: SiteURL.meeting(plan: plan.id, id: stored.value.id).path + "?notice=" + SiteURL.escapeQuery(done))
    }

    func saveNotice(req: Request) async throws -> Response {
        try await update(req, form: "notice", action: "meeting.notice", done: "已保存会议通知") { meeting, fields, plan in
            var messages: [String] = []
            guard let edited = noticeFrom(fields.fields, base: meeting, plan: plan, today: req.today, messages: &messages) else { return messages }
            meeting = try edited.checkedNotice(plan: plan, today: req.today)
            return []
        }
    }

    func saveAttendance(req: Request) async throws -> Response {
        try await update(req, form: "attendance", action: "meeting.attendance", done: "已登记出席情况") { meeting, fields, _ in
            var people: [String: [String]] = [:]
            for key in fields.fields.names(withPrefix: "attend.") {
                people[key] = Self.split(fields.text("attend.\(key)"))
            }
            try meeting.recordAttendance(people, today: req.today)
            return []
        }
    }

    func saveMinutes(req: Request) async throws -> Response {
        try await update(req, form: "minutes", action: "meeting.minutes", done: "已保存会议纪要") { meeting, fields, plan in
            var messages: [String] = []
            var decisions: [MeetingDecisionInput] = []
            for i in 0..<Self.decisionRowCount(fields.texts) {
                let text = fields.text("d\(i).text"), units = fields.text("d\(i).units"), deadlineText = fields.text("d\(i).deadline")
                if text.isEmpty && units.isEmpty && deadlineText.isEmpty { continue }
                let deadline = LocalDate(iso: deadlineText)
                if !deadlineText.isEmpty && deadline == nil { messages.append("决定事项第\(decisions.count + 1)项：完成时限「\(deadlineText)」不是日期") }
                decisions.append(MeetingDecisionInput(id: Int(fields.text("d\(i).id")), text: text, responsible: Self.split(units), deadline: deadline))
            }
            let (uploaded, problems) = try await req.storeUploads(fields.files["files"] ?? [])
            messages += problems
            guard messages.isEmpty else { return messages }
            try meeting.recordMinutes(fields.text("minutes"), decisions: decisions, files: uploaded, plan: plan)
            // The minutes as Word go into the evidence store with the meeting, so the dossier files them.
            let documents = MeetingDocuments(meeting: meeting, programmeName: plan.title, office: Self.officeName(plan))
            let data = try documents.minutesDocx()
            let sha = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
            meeting.minutesDocument = try await req.indicatorStore.storeEvidence(data, sha256: sha, fileName: documents.minutesFileName,
                                                                                 contentType: Response.docxType)
            return []
        }
    }

    /// How many decision rows the form sent (`d0.text`, `d1.text` …).
    static func decisionRowCount(_ values: [String: String]) -> Int {
        let indices = values.keys.compactMap { key -> Int? in
            guard key.hasPrefix("d"), let dot = key.firstIndex(of: ".") else { return nil }
            return Int(key[key.index(after: key.startIndex)..<dot])
        }
        return min((indices.max() ?? -1) + 1, 100)
    }

    static func split(_ text: String) -> [String] {
        text.split(whereSeparator: { "，,、;；\n".contains($0) }).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    static func officeName(_ plan: Plan) -> String {
        (plan.organisation.office?.name).flatMap { $0.isEmpty ? nil : $0 } ?? "创建工作领导小组办公室"
    }

    /// Makes a decision a plan task (its text, responsible units and deadline) and notes the task on the decision:
    /// the plan's new revision and the meeting's are saved in one transaction, or neither.
    func decisionToTask(req: Request) async throws -> Response {
        let (plan, scope) = try await req.visibleRunningProgramme()
        let stored = try await requireMeeting(req, plan)
        let principal = try req.authorize(.superviseProgramme(scope))
        let fields = try await req.formFields()
        let meeting = stored.value
        let back = SiteURL.meeting(plan: plan.id, id: meeting.id).path
        func refuse(_ message: String) -> Response {
            req.redirect(to: back + "?notice=" + SiteURL.escapeQuery("未转为任务：" + message))
        }
        guard let id = req.parameters.get("did").flatMap(Int.init), let decision = meeting.decisions.first(where: { $0.id == id }) else {
            throw Abort(.notFound, reason: "没有这项议定事项")
        }
        if decision.taskID != nil { return refuse("第\(id)项议定事项已转为任务") }
        let revision = Int(fields.text("revision")) ?? stored.revision
        let task = PlanTask(title: decision.text, text: decision.text, responsible: decision.responsible,
                            deadline: decision.deadline.map(TaskDeadline.date))
        let why = "会议决定：\(meeting.title)（\(meeting.date.chinese)）第\(id)项"
        do {
            _ = try await req.appCore.transaction { tx in
                let added = try await tx.planEditing.addTask(planID: plan.id, task, actor: principal.name, actorID: principal.userID, why: why)
                var updated = meeting
                try updated.decision(id, becameTask: added.id ?? -1)
                try await tx.running.save(updated, expectedRevision: revision, action: "meeting.decision-task", actor: principal.name,
                                          actorID: principal.userID)
                return added
            }
        } catch let error as RunningStoreError {
            return refuse(error.description)
        } catch let error as InputRejected {
            return refuse(error.issues.map(\.message).joined(separator: "；"))
        } catch let error as PlanEditInvalid {
            // The plan's own rules (a deadline outside the programme …): nothing of either is saved.
            return refuse(error.problems.map(\.message).joined(separator: "；"))
        } catch let error as PlanEditRefused {
            return refuse(error.description)
        }
        return req.redirect(to: back + "?notice=" + SiteURL.escapeQuery("已转为方案任务：\(decision.text)"))
    }

    func noticeDocx(req: Request) async throws -> Response {
        let (plan, _) = try await req.visibleRunningProgramme()
        let meeting = try await requireMeeting(req, plan).value
        let documents = MeetingDocuments(meeting: meeting, programmeName: plan.title, office: Self.officeName(plan))
        return .download(.init(data: try documents.noticeDocx()), contentType: Response.docxType, fileName: documents.noticeFileName)
    }

    func minutesDocx(req: Request) async throws -> Response {
        let (plan, _) = try await req.visibleRunningProgramme()
        let meeting = try await requireMeeting(req, plan).value
        guard meeting.state == .minuted else { throw Abort(.notFound, reason: "这次会议还没有形成纪要") }
        let documents = MeetingDocuments(meeting: meeting, programmeName: plan.title, office: Self.officeName(plan))
        return .download(.init(data: try documents.minutesDocx()), contentType: Response.docxType, fileName: documents.minutesFileName)
    }

    func file(req: Request) async throws -> Response {
        let (plan, _) = try await req.visibleRunningProgramme()
        let meeting = try await requireMeeting(req, plan).value
        return try await req.evidenceDownload(meeting.files + [meeting.minutesDocument].compactMap { $0 })
    }

    func api(req: Request) async throws -> Response {
        let (plan, _) = try await req.visibleRunningProgramme()
        let meetings = try await Self.visibleMeetings(req, plan: plan).map(\.value)
        return try IndicatorController.json(["meetings": meetings.map(MeetingDTO.init)])
    }
}
