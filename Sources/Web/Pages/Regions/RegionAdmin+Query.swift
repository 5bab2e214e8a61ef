import Domain
import Foundation
import Vapor

extension RegionAdminView.Model {
    /// The programme's place, its townships with their villages, and the page's notice.
    static func query(_ req: Request, plan: Plan) async throws -> Self {
        let all = try await req.regions.regions(underPlan: plan.id)
        guard let place = all.first else { throw Abort(.notFound, reason: "方案「\(plan.title)」的地区尚未登记") }
        let below = Array(all.dropFirst())
        let children = Dictionary(grouping: below, by: { $0.parentID })
        let groups = below.filter { $0.level != .village }.map {
            Group(region: $0, villages: (children[$0.id] ?? []).filter { $0.level == .village })
        }
        let parents = all.filter { ![.township, .town, .village].contains($0.level) }
        return .init(plan: plan, place: place, groups: groups, parents: parents, notice: req.query[String.self, at: "notice"])
    }

    /// The page again after a refused form: why, and the form as typed.
    func refused(_ problems: [String], form: String, typed: [String: String]) -> Self {
        var model = self
        model.problems = problems
        model.refusedForm = form
        model.typed = typed
        model.notice = nil
        return model
    }
}

extension RegionImportView.Model {
    /// Each row of a checked file with the stored region it will update, if any (by code, else by name under the
    /// same parent, as the import decides).
    static func preview(_ req: Request, plan: Plan, fileName: String, rows: [RegionRow], result: RegionImportResult,
                        payload: String) async throws -> Self {
        let all = try await req.regions.regions(underPlan: plan.id)
        guard let place = all.first else { throw Abort(.notFound, reason: "方案「\(plan.title)」的地区尚未登记") }
        let byCode = Dictionary(all.compactMap { r in r.code.map { ($0, r) } }, uniquingKeysWith: { a, _ in a })
        let byName = Dictionary(grouping: all, by: \.name)
        let shown = rows.map { row -> Row in
            let parent = byCode[row.parent] ?? byName[row.parent]?.first
            let existing = row.code.flatMap { byCode[$0] }
                ?? (byName[row.name] ?? []).first { $0.parentID == parent?.id && (row.code == nil || $0.code == nil) }
            return Row(line: row.line, name: row.name, code: row.code, level: row.level, parent: row.parent, updates: existing)
        }
        return .init(plan: plan, place: place, fileName: fileName, rows: shown, result: result, payload: payload)
    }
}
