import Domain
import Foundation
import Persistence
import Vapor

/// The JSON API under /api/v1, described by Resources/openapi.json.
struct APIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let api = routes.grouped("api", "v1")
        api.get("openapi.json", use: openAPI)
        api.get("plans", use: list)
        api.get("plans", ":id", use: show)
        api.get("plans", ":id", "units", use: units)
        api.get("plans", ":id", "units", ":name", use: unit)
        api.get("plans", ":id", "regions", use: regions)
    }

    struct UnitDTO: Content {
        var name: String
        var kind: UnitKind
        var aliases: [String]
        var member: Bool
        var tasks: Int
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

    func list(req: Request) async throws -> [PlanSummary] {
        try await req.plans.summaries()
    }

    func show(req: Request) async throws -> Response {
        let plan = try await req.requirePlan()
        let response = Response(status: .ok, body: .init(data: try plan.canonicalJSON()))
        response.headers.contentType = .json
        return response
    }

    func units(req: Request) async throws -> [UnitDTO] {
        let plan = try await req.requirePlan()
        let directory = UnitDirectory(plan)
        return plan.units.map { Self.dto($0, directory) }
    }

    func unit(req: Request) async throws -> UnitTasksDTO {
        let plan = try await req.requirePlan()
        let directory = UnitDirectory(plan)
        let unit = try req.requireUnit(in: directory)
        return UnitTasksDTO(plan: plan.id, unit: Self.dto(unit, directory),
                            tasks: directory.assignments(for: unit).map(Self.dto))
    }

    func regions(req: Request) async throws -> [Region] {
        let plan = try await req.requirePlan()
        return try await req.regions.regions(underPlan: plan.id)
    }

    static func dto(_ unit: PlanUnit, _ directory: UnitDirectory) -> UnitDTO {
        UnitDTO(name: unit.name, kind: unit.kind, aliases: unit.aliases, member: directory.isMember(unit),
                tasks: directory.assignments(for: unit).count)
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
