import Core
import Domain
import Foundation
import Persistence
import Vapor

/// The JSON API under /api/v1, described by Resources/openapi.json.
struct APIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.register(.openAPI, use: openAPI)
        routes.register(.apiPlans, use: list)
        routes.register(.apiPlan, use: show)
        routes.register(.apiPlanUnits, use: units)
        routes.register(.apiPlanUnit, use: unit)
        routes.register(.apiPlanRegions, use: regions)
        routes.register(.apiDashboard, use: dashboard)
        routes.register(.apiMe, use: me)
        routes.register(.apiMeTodo, use: todo)
        routes.register(.apiSearch, use: search)
    }

    struct MeDTO: Content {
        var name: String
        var role: Role
        var roleName: String
        var kind: String
        var plan: String?
        var unit: String?
        var region: String?
        var readOnly: Bool
    }

    struct DashboardDTO: Content {
        var plan: String
        var today: String
        var elapsedPercent: Int
        var daysToEnd: Int?
        var nextReportDue: String?
        var memberUnits: Int
        var memberUnitsWithLiaison: Int
        var phases: [Dashboard.PhaseRow]
        var units: [Dashboard.UnitLoad]
    }

    struct UnitDTO: Content {
        var name: String
        var kind: UnitKind
        var aliases: [String]
        var member: Bool
        var tasks: Int
        /// A township unit's region in the region tree.
        var region: String?
        var archived: Bool
    }

    struct UnitTasksDTO: Content {
        var plan: String
        var unit: UnitDTO
        var tasks: [AssignmentDTO]
    }

    struct AssignmentDTO: Content {
        var number: String?
        var section: String?
        var parentSections: [String]
        var title: String?
        var text: String
        var responsible: [String]
        /// lead | participant | responsible | workingGroupLead | workingGroupParticipant | collective
        var role: String
        /// The working group or collective reference the task reaches the unit through.
        var via: String?
    }

    func openAPI(req: Request) async throws -> Response {
        let response = Response(status: .ok, body: .init(data: OpenAPIDocument.data))
        response.headers.contentType = .json
        return response
    }

    /// Open without a token only when the administrator has made the programme list public.
    func list(req: Request) async throws -> [PlanSummary] {
        if req.principal == nil, try await req.settings.value(SettingKey.publicProgrammeList) == "1" {
            return try await req.plans.summaries()
        }
        try req.authorize(.listProgrammes)
        let visible = Set(try await req.visiblePlanIDs())
        return try await req.plans.summaries().filter { visible.contains($0.id) }
    }

    func me(req: Request) async throws -> MeDTO {
        let principal = try req.requirePrincipal()
        let region = try await principal.regionID.asyncMap { try await req.regions.region(id: $0)?.name } ?? nil
        return MeDTO(name: principal.name, role: principal.role, roleName: principal.role.chineseName,
                     kind: principal.isToken ? "token" : "user", plan: principal.planID, unit: principal.unit,
                     region: region, readOnly: principal.isReadOnly)
    }

    func search(req: Request) async throws -> SearchResults {
        let query = String(((try? req.query.get(String.self, at: "q")) ?? "").trimmingCharacters(in: .whitespaces).prefix(100))
        return try await PageController.search(req, query: query).0
    }

    func dashboard(req: Request) async throws -> DashboardDTO {
        let plan = try await req.requireVisiblePlan()
        let today = req.today
        let d = try await PageController().makeDashboard(req, plan: plan, today: today)
        return DashboardDTO(plan: plan.id, today: today.iso, elapsedPercent: Int((d.progress.elapsed * 100).rounded()),
                            daysToEnd: d.progress.daysToEnd, nextReportDue: d.nextReportDue?.iso, memberUnits: d.memberUnits,
                            memberUnitsWithLiaison: d.memberUnitsWithLiaison, phases: d.phaseRows, units: d.units)
    }

    func show(req: Request) async throws -> Response {
        let plan = try await req.requireVisiblePlan()
        let response = Response(status: .ok, body: .init(data: try plan.canonicalJSON()))
        response.headers.contentType = .json
        return response
    }

    func units(req: Request) async throws -> [UnitDTO] {
        let plan = try await req.requireVisiblePlan()
        let directory = UnitDirectory(plan)
        return plan.units.map { Self.dto($0, directory) }
    }

    func unit(req: Request) async throws -> UnitTasksDTO {
        let plan = try await req.requireVisiblePlan()
        let directory = UnitDirectory(plan)
        let unit = try req.requireUnit(in: directory)
        return UnitTasksDTO(plan: plan.id, unit: Self.dto(unit, directory),
                            tasks: directory.assignments(for: unit).map(Self.dto))
    }

    /// The programme's regions the principal may see: all of them for the office, leaders and
    /// assessors; a township officer's own township and its villages; none for a liaison (403).
    func regions(req: Request) async throws -> [Region] {
        let plan = try await req.requireVisiblePlan()
        let principal = try req.requirePrincipal()
        let scope = try await req.programmeScope(plan.id)
        let all = try await req.regions.regions(underPlan: plan.id)
        let byID = Dictionary(all.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        func path(_ region: Region) -> [UUID] {
            var ids = [region.id]
            var next = region.parentID
            while let id = next, let parent = byID[id], ids.count < 16 { ids.append(id); next = parent.parentID }
            return scope.regionPath.dropLast() + ids.reversed()
        }
        let visible = all.filter { AccessPolicy.allows(principal, .viewRegion(scope, regionPath: path($0))) }
        if visible.isEmpty && !all.isEmpty { try req.authorize(.viewRegion(scope, regionPath: path(all[0]))) }
        return visible
    }

    static func dto(_ unit: PlanUnit, _ directory: UnitDirectory) -> UnitDTO {
        UnitDTO(name: unit.name, kind: unit.kind, aliases: unit.aliases, member: directory.isMember(unit),
                tasks: directory.assignments(for: unit).count, region: unit.region, archived: unit.archived)
    }

    static func dto(_ assignment: UnitDirectory.Assignment) -> AssignmentDTO {
        let task = assignment.task
        let (role, via): (String, String?) = switch assignment.route {
        case .named(let role): (role.rawValue, nil)
        case .workingGroup(let name, true): ("workingGroupLead", name)
        case .workingGroup(let name, false): ("workingGroupParticipant", name)
        case .collective(let name): ("collective", name)
        }
        return AssignmentDTO(number: task.number, section: task.section, parentSections: task.parentSections,
                             title: task.title, text: task.text, responsible: task.responsible, role: role, via: via)
    }
}

extension PlanSummary: Content {}
extension SearchResults: Content {}
extension Dashboard.PhaseRow: Content {}
extension Dashboard.UnitLoad: Content {}
extension Region: Content {}

/// The OpenAPI document, read once from the bundle.
enum OpenAPIDocument {
    static let data: Data = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json", subdirectory: "Resources"),
              let data = try? Data(contentsOf: url) else {
            fatalError("Resources/openapi.json is missing from the Web bundle")
        }
        return data
    }()
}

// MARK: What needs me

struct TodoDTO: Content {
    struct Item: Content {
        var kind: String
        var kindName: String
        var title: String
        var count: Int
        var due: String?
        var url: String
        var urgency: String
        var plan: String?

        /// Every key always present (`due` and `plan` as null), as other tools read them.
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(kind, forKey: .kind); try c.encode(kindName, forKey: .kindName); try c.encode(title, forKey: .title)
            try c.encode(count, forKey: .count); try c.encode(due, forKey: .due); try c.encode(url, forKey: .url)
            try c.encode(urgency, forKey: .urgency); try c.encode(plan, forKey: .plan)
        }
    }

    var items: [Item]

    init(_ items: [WorkItem]) {
        self.items = items.map {
            Item(kind: $0.kind.rawValue, kindName: $0.kind.chineseName, title: $0.title, count: $0.count, due: $0.due?.iso,
                 url: $0.url, urgency: $0.urgency.rawValue, plan: $0.planID)
        }
    }
}

extension APIController {
    /// The signed-in person's work; a token issued by an account answers for that account (a system token has none).
    func todo(req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let items = try await req.workOwner(of: principal).asyncMap { try await req.appCore.workQueue.items(for: $0) } ?? []
        return try IndicatorController.json(TodoDTO(items))
    }
}

extension Request {
    /// Whose work a principal asks about: the account itself, or the account that issued a token (the authentication
    /// middleware read and checked it already).
    func workOwner(of principal: Principal) -> Principal? {
        switch principal.kind {
        case .user: principal
        case .token: tokenOwner?.principal
        }
    }
}
