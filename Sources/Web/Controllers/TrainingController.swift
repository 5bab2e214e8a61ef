import Core
import Domain
import Foundation
import Vapor

/// 培训: the office records each course (tier, kind, audience, attendees by unit, hours, materials); everyone who
/// sees the programme reads the courses and the coverage of member units and tiers.
struct TrainingController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.register(.trainings, use: list)
        routes.register(.addTraining, use: add)
        routes.register(.training, use: page)
        routes.register(.saveTraining, use: save)
        routes.register(.trainingFile, use: file)
        routes.register(.apiTrainings, use: api)
    }

    private func requireTraining(_ req: Request, _ plan: Plan) async throws -> Stored<Training> {
        guard let id = req.parameters.get("tid").flatMap(UUID.init(uuidString:)),
              let stored = try await req.runningStore.record(Training.self, planID: plan.id, key: id.uuidString.lowercased()) else {
            throw Abort(.notFound, reason: "没有这次培训")
        }
        return stored
    }

    func list(req: Request) async throws -> Response {
        let (plan, scope) = try await req.visibleRunningProgramme()
        return .html(TrainingListView(model: try await .query(req, plan: plan, scope: scope)).render())
    }

    func page(req: Request) async throws -> Response {
        let (plan, scope) = try await req.visibleRunningProgramme()
        return .html(TrainingView(model: try .query(req, plan: plan, scope: scope, stored: try await requireTraining(req, plan))).render())
    }

    /// The form's course (new, or `base` edited) checked against the plan, with its new materials stored; or every
    /// problem, each naming its field, and nothing stored.
    private func course(_ req: Request, _ fields: MultipartFields, base: Training?, plan: Plan) async throws -> (Training?, [String]) {
        var messages: [String] = []
        let kind = TrainingKind(rawValue: fields.text("kind")), tier = TrainingTier(rawValue: fields.text("tier"))
        if kind == nil { messages.append("培训类别：请选择") }
        if tier == nil { messages.append("培训层级：请选择") }
        let date = fields.fields.date("date")
        if date == nil { messages.append("培训日期：「\(fields.text("date"))」不是日期") }
        let hoursText = fields.text("hours")
        let hours = Decimal(string: hoursText, locale: Locale(identifier: "en_US_POSIX"))
        if hours == nil || hoursText.isEmpty || hoursText.contains(where: { !"0123456789.".contains($0) }) {
            messages.append("学时：「\(hoursText)」不是数字")
        }
        var attendees: [TrainingAttendance] = []
        for unit in fields.fields.names(withPrefix: "count.").sorted() {
            let text = fields.text("count.\(unit)")
            if text.isEmpty { continue }
            guard let count = Int(text) else { messages.append("参训人数：\(unit)的「\(text)」不是整数"); continue }
            attendees.append(TrainingAttendance(unit: unit, count: count))
        }
        // In the plan's order, so the record reads like the form.
        let order = MeetingController.invitableUnits(plan)
        attendees.sort { (order.firstIndex(of: $0.unit) ?? .max, $0.unit) < (order.firstIndex(of: $1.unit) ?? .max, $1.unit) }
        guard let kind, let tier, let date, let hours, messages.isEmpty else { return (nil, messages) }
        var training = base ?? Training(planID: plan.id, kind: kind, tier: tier, title: "", audience: "", organiser: "", date: date,
                                        place: "", hours: hours, attendees: [])
        training.kind = kind; training.tier = tier; training.title = fields.text("title"); training.audience = fields.text("audience")
        training.organiser = fields.text("organiser"); training.date = date; training.place = fields.text("place"); training.hours = hours
        training.attendees = attendees; training.note = fields.text("note").nilIfEmpty
        do {
            training = try training.checked(plan: plan, today: req.today)
        } catch {
            return (nil, error.issues.map(\.message))
        }
        // Files last: nothing is kept when the course itself is refused.
        let (uploaded, problems) = try await req.storeUploads(fields.files["materials"] ?? [])
        if !problems.isEmpty { return (nil, problems) }
        for ref in uploaded where !training.materials.contains(where: { $0.sha256 == ref.sha256 }) { training.materials.append(ref) }
        return (training, [])
    }

    func add(req: Request) async throws -> Response {
        let (plan, scope) = try await req.visibleRunningProgramme()
        let principal = try req.authorize(.superviseProgramme(scope))
        let fields = try await req.multipartFields()
        let (training, messages) = try await course(req, fields, base: nil, plan: plan)
        guard let training else {
            let year = fields.fields.date("date")?.year
            let page = try await TrainingListView.Model.query(req, plan: plan, scope: scope, year: year)
            return .html(TrainingListView(model: page.refused(messages, typed: fields.texts)).render(), status: .unprocessableEntity)
        }
        try await req.runningStore.save(training, expectedRevision: 0, action: "training.create", actor: principal.name, actorID: principal.userID)
        return req.redirect(to: SiteURL.trainings(plan.id, year: training.date.year).path
                            + "&notice=" + SiteURL.escapeQuery("已登记培训：\(training.title)"))
    }

    func save(req: Request) async throws -> Response {
        let (plan, scope) = try await req.visibleRunningProgramme()
        let stored = try await requireTraining(req, plan)
        let principal = try req.authorize(.superviseProgramme(scope))
        let fields = try await req.multipartFields()
        var (training, messages) = try await course(req, fields, base: stored.value, plan: plan)
        if let edited = training {
            do {
                try await req.runningStore.save(edited, expectedRevision: Int(fields.text("revision")) ?? stored.revision,
                                                action: "training.edit", actor: principal.name, actorID: principal.userID)
            } catch let error as RunningStoreError {
                messages = [error.description]
                training = nil
            }
        }
        guard let training else {
            // Nothing was saved: the page shows the record as it now stands, with what was typed.
            var page = try TrainingView.Model.query(req, plan: plan, scope: scope, stored: try await requireTraining(req, plan))
            page.values = fields.texts; page.problems = messages; page.notice = nil
            return .html(TrainingView(model: page).render(), status: .unprocessableEntity)
        }
        return req.redirect(to: SiteURL.training(plan: plan.id, id: training.id).path + "?notice=" + SiteURL.escapeQuery("已保存培训记录"))
    }

    func file(req: Request) async throws -> Response {
        let (plan, _) = try await req.visibleRunningProgramme()
        return try await req.evidenceDownload(try await requireTraining(req, plan).value.materials)
    }

    /// Every course of the programme, oldest first, with the coverage over all of them.
    func api(req: Request) async throws -> Response {
        let (plan, _) = try await req.visibleRunningProgramme()
        let trainings = try await req.runningStore.records(Training.self, planID: plan.id).map(\.value)
        return try IndicatorController.json(TrainingsDTO(trainings: trainings.map(TrainingDTO.init),
                                                         coverage: TrainingCoverageDTO(TrainingCoverage(plan: plan, trainings: trainings))))
    }

    struct TrainingsDTO: Encodable { var trainings: [TrainingDTO]; var coverage: TrainingCoverageDTO }
}
