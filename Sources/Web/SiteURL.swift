import Foundation

/// Every link the site makes, in one place, so pages and tests agree on paths.
public enum SiteURL: Equatable, Sendable {
    case home
    case plan(String)
    case planUnits(String)
    case unit(plan: String, name: String)
    case unitCSV(plan: String, name: String)
    case stylesheet
    case health
    case apiPlans
    case apiPlan(String)
    case apiPlanUnits(String)
    case apiPlanUnit(plan: String, name: String)
    case apiPlanRegions(String)
    case openAPI

    public var path: String {
        switch self {
        case .home: "/"
        case .plan(let id): "/plans/\(Self.escape(id))"
        case .planUnits(let id): "/plans/\(Self.escape(id))/units"
        case .unit(let plan, let name): "/plans/\(Self.escape(plan))/units/\(Self.escape(name))"
        case .unitCSV(let plan, let name): "/plans/\(Self.escape(plan))/units/\(Self.escape(name))/tasks.csv"
        case .stylesheet: "/static/app.css"
        case .health: "/healthz"
        case .apiPlans: "/api/v1/plans"
        case .apiPlan(let id): "/api/v1/plans/\(Self.escape(id))"
        case .apiPlanUnits(let id): "/api/v1/plans/\(Self.escape(id))/units"
        case .apiPlanUnit(let plan, let name): "/api/v1/plans/\(Self.escape(plan))/units/\(Self.escape(name))"
        case .apiPlanRegions(let id): "/api/v1/plans/\(Self.escape(id))/regions"
        case .openAPI: "/api/v1/openapi.json"
        }
    }

    /// Percent-encodes one path segment (unit names are Chinese and may hold any character).
    static func escape(_ segment: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/?#%")
        return segment.addingPercentEncoding(withAllowedCharacters: allowed) ?? segment
    }
}
