import Domain
import Fluent
import Foundation
import SQLKit

/// Substring search with SQL LIKE over the plan tables; the database does the matching and the
/// limiting, so a search never reads whole tables into memory.
public struct FluentSearchStore: SearchStore {
    let database: any Database

    public init(database: any Database) { self.database = database }

    public func search(_ text: String, planIDs: [String], limit: Int) async throws -> SearchResults {
        var results = SearchResults()
        let needle = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !needle.isEmpty, !planIDs.isEmpty else { return results }
        let sql = database as! any SQLDatabase
        let pattern = "%" + Self.escapeLike(needle.lowercased()) + "%"
        let plans = SQLList(planIDs.map { SQLBind($0) })

        struct ProgrammeRow: Decodable { var id: String; var title: String }
        results.programmes = try await sql.raw("""
            SELECT id, title FROM plans WHERE id IN (\(plans)) AND (LOWER(title) LIKE \(bind: pattern) ESCAPE '\\' \
            OR LOWER(id) LIKE \(bind: pattern) ESCAPE '\\') ORDER BY id LIMIT \(unsafeRaw: String(limit))
            """).all(decoding: ProgrammeRow.self).map { SearchResults.Programme(id: $0.id, title: $0.title) }

        // Aliases are stored as a JSON array on SQLite and a text[] on PostgreSQL; searching the name
        // and matching aliases afterwards keeps one query for both engines.
        let units = try await PlanUnitRecord.query(on: database).filter(\.$plan.$id ~~ planIDs)
            .sort(\.$plan.$id).sort(\.$position).all()
        results.units = units.filter { unit in
            ([unit.name] + unit.aliases).contains { $0.lowercased().contains(needle.lowercased()) }
        }.prefix(limit).map { SearchResults.Unit(planID: $0.$plan.id, name: $0.name, aliases: $0.aliases) }

        struct TaskRow: Decodable { var plan_id: String; var number: String?; var title: String?; var text: String }
        results.tasks = try await sql.raw("""
            SELECT plan_id, number, title, text FROM plan_tasks WHERE plan_id IN (\(plans)) AND \
            (LOWER(COALESCE(title, '')) LIKE \(bind: pattern) ESCAPE '\\' OR LOWER(text) LIKE \(bind: pattern) ESCAPE '\\') \
            ORDER BY plan_id, position LIMIT \(unsafeRaw: String(limit))
            """).all(decoding: TaskRow.self).map {
            SearchResults.Task(planID: $0.plan_id, number: $0.number, title: $0.title, text: $0.text)
        }

        let regions = FluentRegionStore(database: database)
        for planID in planIDs where results.places.count < limit {
            for region in try await regions.regions(underPlan: planID).dropFirst()
            where region.name.contains(needle) || region.code == needle {
                guard results.places.count < limit else { break }
                results.places.append(.init(planID: planID, region: region))
            }
        }
        return results
    }

    /// Makes % and _ in what people type match themselves.
    static func escapeLike(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }
}
