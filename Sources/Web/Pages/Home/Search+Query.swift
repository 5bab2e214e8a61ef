import Domain
import Foundation
import Vapor

extension SearchView.Model {
    /// What `?q=` finds (at most 100 characters of it).
    static func query(_ req: Request) async throws -> Self {
        try req.requirePrincipal()
        let query = String(((try? req.query.get(String.self, at: "q")) ?? "").trimmingCharacters(in: .whitespaces).prefix(100))
        let (results, titles) = try await results(req, query: query)
        return .init(query: query, results: results, titles: titles)
    }

    /// Search within what the principal may see: its programmes, and for a township officer only its own places;
    /// with the programmes' titles by id.
    static func results(_ req: Request, query: String) async throws -> (SearchResults, [String: String]) {
        let principal = try req.requirePrincipal()
        let visible = try await req.visiblePlanIDs()
        guard !query.isEmpty else { return (SearchResults(), [:]) }
        var results = try await req.search.search(query, planIDs: visible, limit: 20)
        var allowedPlaces: [SearchResults.Place] = []
        for place in results.places {
            let scope = try await req.programmeScope(place.planID)
            let path = try await req.regions.path(to: place.region.id).map(\.id)
            if AccessPolicy.allows(principal, .viewRegion(scope, regionPath: path)) { allowedPlaces.append(place) }
        }
        results.places = allowedPlaces
        let titles = Dictionary(try await req.plans.summaries().map { ($0.id, $0.title) }, uniquingKeysWith: { a, _ in a })
        return (results, titles)
    }
}
