import Core
import Domain
import Foundation
import Persistence
import Vapor

/// The Chinese HTML pages. Every handler checks the principal's scope before it reads.
struct PageController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.register(.home, use: home)
        routes.register(.planList, use: planList)
        routes.register(.plan, use: plan)
        routes.register(.dashboard, use: dashboard)
        routes.register(.dashboardCSV, use: dashboardCSV)
        routes.register(.chart, use: chart)
        routes.register(.planUnits, use: units)
        routes.register(.unit, use: unit)
        routes.register(.unitCSV, use: unitCSV)
        routes.register(.unitContact, use: saveContact)
        routes.register(.region, use: region)
        routes.register(.search, use: search)
        routes.register(.stylesheet, use: stylesheet)
        routes.register(.script, use: script)
        routes.register(.health, use: health)
        routes.register(.live, use: live)
    }

    /// Liveness: the process answers, without touching the database. Also the benchmark's ceiling.
    func live(req: Request) async throws -> String { "ok" }

    /// Each role's own first page: its work, not a menu.
    func home(req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        switch principal.role {
        case .admin:
            return .html(AdminHomeView(model: try await .query(req)).render())
        case .province:
            return .html(ComparisonView(model: try await .query(req, principal: principal)).render())
        case .liaison:
            guard let model = try await LiaisonHomeView.Model.query(req, principal: principal) else { return try await missingScope(req) }
            return .html(LiaisonHomeView(model: model).render())
        case .township:
            guard let planID = principal.planID, let regionID = principal.regionID,
                  let plan = try await req.plans.plan(id: planID) else { return try await missingScope(req) }
            return .html(RegionView(model: try await .query(req, plan: plan, regionID: regionID, isHome: true)).render())
        case .office, .leader, .assessor:
            guard let planID = principal.planID, let plan = try await req.plans.plan(id: planID) else {
                return try await missingScope(req)
            }
            return .html(DashboardView(model: try await .query(req, plan: plan, isHome: true)).render())
        }
    }

    /// An account whose programme or unit has gone (the programme was deleted or reloaded without it).
    private func missingScope(_ req: Request) async throws -> Response {
        throw Abort(.notFound, reason: "您账号所属的方案、单位或地区已不存在，请联系创建办调整账号")
    }

    func planList(req: Request) async throws -> Response {
        try req.authorize(.listProgrammes)
        let visible = Set(try await req.visiblePlanIDs())
        return .html(PlanListView(model: .init(plans: try await req.plans.summaries().filter { visible.contains($0.id) })).render())
    }

    func plan(req: Request) async throws -> Response {
        let plan = try await req.requireVisiblePlan()
        return .html(PlanView(model: try await .query(req, plan: plan)).render())
    }

    /// The dashboard's figures without verdicts (the API's answer reads them here).
    func makeDashboard(_ req: Request, plan: Plan, today: LocalDate) async throws -> Dashboard {
        try await Dashboard.query(req, plan: plan, today: today)
    }

    func dashboard(req: Request) async throws -> Response {
        let plan = try await req.requireVisiblePlan()
        return .html(DashboardView(model: try await .query(req, plan: plan)).render())
    }

    func dashboardCSV(req: Request) async throws -> Response {
        let plan = try await req.requireVisiblePlan()
        let today = req.today
        let dashboard = try await makeDashboard(req, plan: plan, today: today)
        return .download(.init(string: dashboard.csv), contentType: "text/csv; charset=utf-8", fileName: "\(plan.id)-看板-\(today.iso).csv")
    }

    func chart(req: Request) async throws -> Response {
        let plan = try await req.requireVisiblePlan()
        let today = req.today
        let dashboard = try await makeDashboard(req, plan: plan, today: today)
        let name = req.parameters.get("chart") ?? ""
        let svg: String
        switch name {
        case "phases.svg": svg = dashboard.phaseChart.svg()
        case "workload.svg": svg = dashboard.workloadChart(limit: 50).svg()
        default: throw Abort(.notFound, reason: "没有图表「\(name)」")
        }
        return .download(.init(string: svg), contentType: "image/svg+xml; charset=utf-8", fileName: "\(plan.id)-\(name)")
    }

    func units(req: Request) async throws -> Response {
        let plan = try await req.requireVisiblePlan()
        return .html(UnitListView(model: try await .query(req, plan: plan)).render())
    }

    func unit(req: Request) async throws -> Response {
        let plan = try await req.requireVisiblePlan()
        let unit = try req.requireUnit(in: UnitDirectory(plan))
        return .html(UnitView(model: try await .query(req, plan: plan, unit: unit)).render())
    }

    func saveContact(req: Request) async throws -> Response {
        let plan = try await req.requireVisiblePlan()
        let unit = try req.requireUnit(in: UnitDirectory(plan))
        let principal = try req.authorize(.editUnitContact(try await req.programmeScope(plan.id), unit: unit.name))
        guard unit.kind != .group else { throw Abort(.badRequest, reason: "「\(unit.name)」是统称，不是具体单位") }
        let form = UnitContactForm(try await req.formFields())
        let (liaison, phone, note) = (form.liaison, form.phone, form.note)
        if !form.problems.isEmpty {
            let page = try await UnitView.Model.query(req, plan: plan, unit: unit)
            return .html(UnitView(model: page.refused(form.problems.joined(separator: "；"))).render(), status: .badRequest)
        }
        let before = try await req.contacts.contact(planID: plan.id, unit: unit.name)
        let after = UnitContact(planID: plan.id, unit: unit.name, liaison: liaison, phone: phone, note: note,
                                updatedAt: req.application.clock(), updatedBy: principal.name)
        // A form without a revision (an old page, a script) is checked against the card as it is now.
        let expected = form.revision ?? before?.revision ?? 0
        do {
            try await req.db.transaction { tx in
                var saved = after
                saved.revision = try await req.appCore.on(tx).contacts.save(after, expectedRevision: expected)
                try await req.appCore.on(tx).audit.record(AuditEntry(
                    actor: principal.name, actorID: principal.userID, action: "unit-contact.update", entity: "unit",
                    entityID: unit.name, planID: plan.id, before: before.flatMap(AuditEntry.snapshot), after: AuditEntry.snapshot(saved)))
            }
        } catch let conflict as EditConflict {
            return .html(UnitView(model: try await UnitView.Model.query(req, plan: plan, unit: unit).refused(conflict.description, typed: after)).render(),
                         status: .conflict)
        }
        return .html(UnitView(model: try await .query(req, plan: plan, unit: unit, message: ("已保存。", false))).render())
    }

    func region(req: Request) async throws -> Response {
        let plan = try await req.requireVisiblePlan()
        guard let raw = req.parameters.get("region"), let id = UUID(uuidString: raw) else {
            throw Abort(.notFound, reason: "没有这个地区")
        }
        return .html(RegionView(model: try await .query(req, plan: plan, regionID: id, isHome: false)).render())
    }

    func search(req: Request) async throws -> Response {
        .html(SearchView(model: try await .query(req)).render())
    }

    /// Search within what the principal may see (the API's search answers with it).
    static func search(_ req: Request, query: String) async throws -> (SearchResults, [String: String]) {
        try await SearchView.Model.results(req, query: query)
    }

    /// The unit's task breakdown as CSV, with a byte-order mark so that Excel and WPS read it as UTF-8.
    func unitCSV(req: Request) async throws -> Response {
        let plan = try await req.requireVisiblePlan()
        let directory = UnitDirectory(plan)
        let unit = try req.requireUnit(in: directory)
        var csv = "\u{FEFF}" + CSV.line(["编号", "所属部分", "任务", "任务内容", "承担方式", "全部责任单位"])
        for assignment in directory.assignments(for: unit) {
            let task = assignment.task
            csv += CSV.line([task.number ?? "", task.sectionPath.joined(separator: " › "), task.title ?? "", task.text, UnitView.describe(assignment.route),
                task.responsible.joined(separator: "、")])
        }
        return .download(.init(string: csv), contentType: "text/csv; charset=utf-8", fileName: "\(plan.id)-\(unit.name)-任务分解表.csv")
    }

    func stylesheet(req: Request) async throws -> Response {
        let response = Response(status: .ok, body: .init(string: Stylesheet.css))
        response.headers.replaceOrAdd(name: .contentType, value: "text/css; charset=utf-8")
        response.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=3600")
        return response
    }

    func script(req: Request) async throws -> Response {
        let response = Response(status: .ok, body: .init(string: Script.js))
        response.headers.replaceOrAdd(name: .contentType, value: "text/javascript; charset=utf-8")
        response.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=3600")
        return response
    }

    struct Health: Content {
        var status: String
        var plans: Int
    }

    func health(req: Request) async throws -> Health {
        Health(status: "ok", plans: try await req.plans.count())
    }
}

extension Response {
    static func html(_ body: String, status: HTTPResponseStatus = .ok) -> Response {
        let response = Response(status: status, body: .init(string: body))
        response.headers.replaceOrAdd(name: .contentType, value: "text/html; charset=utf-8")
        return response
    }
}

