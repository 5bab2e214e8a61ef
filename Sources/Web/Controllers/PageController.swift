import Domain
import Foundation
import Persistence
import Vapor

/// The Chinese HTML pages.
struct PageController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(use: home)
        routes.get("plans", ":id", use: plan)
        routes.get("plans", ":id", "units", use: units)
        routes.get("plans", ":id", "units", ":name", use: unit)
        routes.get("plans", ":id", "units", ":name", "tasks.csv", use: unitCSV)
        routes.get("static", "app.css", use: stylesheet)
        routes.get("healthz", use: health)
    }

    func home(req: Request) async throws -> Response {
        .html(PlanListView(model: .init(plans: try await req.plans.summaries())).render())
    }

    func plan(req: Request) async throws -> Response {
        let plan = try await req.requirePlan()
        let regions = try await req.regions.regions(underPlan: plan.id)
        return .html(PlanView(model: .init(plan: plan, today: .todayInChina(), regionCount: regions.count)).render())
    }

    func units(req: Request) async throws -> Response {
        .html(UnitListView(model: .init(plan: try await req.requirePlan())).render())
    }

    func unit(req: Request) async throws -> Response {
        let plan = try await req.requirePlan()
        let unit = try req.requireUnit(in: UnitDirectory(plan))
        return .html(UnitView(model: .init(plan: plan, unit: unit)).render())
    }

    /// The unit's task breakdown as CSV, with a byte-order mark so that Excel and WPS read it as UTF-8.
    func unitCSV(req: Request) async throws -> Response {
        let plan = try await req.requirePlan()
        let directory = UnitDirectory(plan)
        let unit = try req.requireUnit(in: directory)
        var csv = "\u{FEFF}" + CSV.line(["编号", "所属部分", "任务", "任务内容", "承担方式", "全部责任单位"])
        for assignment in directory.assignments(for: unit) {
            let task = assignment.task
            csv += CSV.line([task.number ?? "", task.sectionPath.joined(separator: " › "), task.title ?? "", task.text, UnitView.describe(assignment.route),
                task.responsible.joined(separator: "、")])
        }
        let response = Response(status: .ok, body: .init(string: csv))
        response.headers.replaceOrAdd(name: .contentType, value: "text/csv; charset=utf-8")
        let filename = "\(plan.id)-\(unit.name)-任务分解表.csv"
        let encoded = filename.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "tasks.csv"
        response.headers.replaceOrAdd(name: .contentDisposition,
                                      value: "attachment; filename=\"tasks.csv\"; filename*=UTF-8''\(encoded)")
        return response
    }

    func stylesheet(req: Request) async throws -> Response {
        let response = Response(status: .ok, body: .init(string: Stylesheet.css))
        response.headers.replaceOrAdd(name: .contentType, value: "text/css; charset=utf-8")
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

extension LocalDate {
    /// Today's date where the programmes run.
    static func todayInChina(_ now: Date = Date()) -> LocalDate? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? .gmt
        let parts = calendar.dateComponents([.year, .month, .day], from: now)
        return LocalDate(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1)
    }
}
