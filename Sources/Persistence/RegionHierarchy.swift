import Domain
import Fluent
import Foundation
import SQLKit

/// The province → city → county → township → village tree that programmes and places hang from.
enum RegionHierarchy {
    /// Finds or creates the place and its parents; returns the place's region id.
    /// A region is the same region when its code matches, or, without a code, its name under the same parent.
    static func ensure(_ place: Place, on db: any Database) async throws -> UUID {
        var parentID: UUID?
        for ref in place.parents + [place.region] {
            parentID = try await ensure(ref, parentID: parentID, on: db)
        }
        return parentID!
    }

    private static func ensure(_ ref: RegionRef, parentID: UUID?, on db: any Database) async throws -> UUID {
        var existing: RegionRecord?
        if let code = ref.code {
            existing = try await RegionRecord.query(on: db).filter(\.$code == code).first()
        }
        if existing == nil {
            let query = RegionRecord.query(on: db).filter(\.$name == ref.name)
            if let parentID { query.filter(\.$parent.$id == parentID) } else { query.filter(\.$parent.$id == nil) }
            existing = try await query.first()
            if let found = existing, let code = ref.code, found.code != nil, found.code != code { existing = nil }
        }
        if let region = existing {
            var changed = false
            if region.code == nil, let code = ref.code { region.code = code; changed = true }
            if region.$parent.id == nil, let parentID { region.$parent.id = parentID; changed = true }
            if changed { try await region.save(on: db) }
            return region.id!
        }
        let region = RegionRecord(id: UUID(), code: ref.code, name: ref.name, level: ref.level.rawValue, parentID: parentID)
        try await region.create(on: db)
        return region.id!
    }

    /// The place at `regionID` with its chain of parents.
    static func place(for regionID: UUID, on db: any Database) async throws -> Place {
        var chain: [RegionRecord] = []
        var next: UUID? = regionID
        while let id = next, chain.count < 16, let region = try await RegionRecord.find(id, on: db) {
            chain.append(region)
            next = region.$parent.id
        }
        guard let place = chain.first else { throw PlanStoreError.corruptValue("region", regionID.uuidString) }
        let parents = chain.dropFirst().reversed().map {
            RegionRef(name: $0.name, level: RegionLevel(rawValue: $0.level) ?? .city, code: $0.code)
        }
        return Place(name: place.name, level: RegionLevel(rawValue: place.level) ?? .city, code: place.code,
                     parents: Array(parents))
    }
}

/// Regions kept in the `regions` table.
public struct FluentRegionStore: RegionStore {
    let database: any Database

    public init(database: any Database) { self.database = database }

    public func regions(underPlan planID: String) async throws -> [Region] {
        guard let plan = try await PlanRecord.find(planID, on: database) else { return [] }
        let all = try await RegionRecord.query(on: database).all().map(Self.region)
        return Self.subtree(of: plan.$region.id, in: all)
    }

    public func region(id: UUID) async throws -> Region? {
        try await RegionRecord.find(id, on: database).map(Self.region)
    }

    public func descendants(of regionID: UUID, maxDepth: Int) async throws -> [Region] {
        struct Row: Decodable {
            var id: UUID; var code: String?; var name: String; var level: String; var parent_id: UUID?; var depth: Int
        }
        let sql = database as! any SQLDatabase
        let rows = try await sql.raw("""
            WITH RECURSIVE down(id, code, name, level, parent_id, depth) AS (
              SELECT id, code, name, level, parent_id, 1 FROM regions WHERE parent_id = \(bind: regionID)
              UNION ALL
              SELECT r.id, r.code, r.name, r.level, r.parent_id, down.depth + 1
              FROM regions r JOIN down ON r.parent_id = down.id WHERE down.depth < \(bind: min(maxDepth, 16)))
            SELECT id, code, name, level, parent_id, depth FROM down
            """).all(decoding: Row.self)
        let regions = rows.map { Region(id: $0.id, code: $0.code, name: $0.name, level: RegionLevel(rawValue: $0.level) ?? .village,
                                        parentID: $0.parent_id) }
        // Parents before children: walk the tree from the root, siblings in code (then name) order.
        let children = Dictionary(grouping: regions, by: { $0.parentID! })
        var ordered: [Region] = []
        var stack = (children[regionID] ?? []).sorted(by: Self.siblingOrder).reversed().map { $0 }
        while let next = stack.popLast() {
            ordered.append(next)
            stack += (children[next.id] ?? []).sorted(by: Self.siblingOrder).reversed()
        }
        return ordered
    }

    static func siblingOrder(_ a: Region, _ b: Region) -> Bool {
        (a.code ?? "~" + a.name) < (b.code ?? "~" + b.name)
    }

    public func path(to regionID: UUID) async throws -> [Region] {
        try await paths(from: [regionID])[regionID] ?? []
    }

    /// The chains of parents of several regions in one recursive query (SQLite and PostgreSQL
    /// both speak WITH RECURSIVE), outermost first. Access checks need these on every request.
    func paths(from starts: [UUID]) async throws -> [UUID: [Region]] {
        guard !starts.isEmpty else { return [:] }
        struct Row: Decodable {
            var start: UUID; var id: UUID; var code: String?; var name: String; var level: String; var parent_id: UUID?; var depth: Int
        }
        let sql = database as! any SQLDatabase
        let ids = SQLList(starts.map { SQLBind($0) })
        // Sixteen levels is far deeper than province → village; the bound guards against a cycle.
        let rows = try await sql.raw("""
            WITH RECURSIVE up(start, id, code, name, level, parent_id, depth) AS (
              SELECT id, id, code, name, level, parent_id, 0 FROM regions WHERE id IN (\(ids))
              UNION ALL
              SELECT up.start, r.id, r.code, r.name, r.level, r.parent_id, up.depth + 1
              FROM regions r JOIN up ON r.id = up.parent_id WHERE up.depth < 16)
            SELECT start, id, code, name, level, parent_id, depth FROM up
            """).all(decoding: Row.self)
        var result: [UUID: [Region]] = [:]
        for row in rows.sorted(by: { $0.depth > $1.depth }) {
            result[row.start, default: []].append(Region(id: row.id, code: row.code, name: row.name,
                                                         level: RegionLevel(rawValue: row.level) ?? .village, parentID: row.parent_id))
        }
        return result
    }

    public func programmeScope(planID: String) async throws -> ProgrammeScope? {
        guard let plan = try await PlanRecord.find(planID, on: database) else { return nil }
        return ProgrammeScope(planID: planID, regionPath: try await path(to: plan.$region.id).map(\.id))
    }

    public func programmeScopes() async throws -> [ProgrammeScope] {
        let plans = try await PlanRecord.query(on: database).sort(\.$id).all()
        let paths = try await self.paths(from: Array(Set(plans.map { $0.$region.id })))
        return plans.map { ProgrammeScope(planID: $0.id!, regionPath: (paths[$0.$region.id] ?? []).map(\.id)) }
    }

    public func find(_ key: String, underPlan planID: String?) async throws -> [Region] {
        let candidates: [Region]
        if let planID {
            candidates = try await regions(underPlan: planID)
        } else {
            candidates = try await RegionRecord.query(on: database).group(.or) { group in
                group.filter(\.$code == key).filter(\.$name == key)
            }.all().map(Self.region)
        }
        return candidates.filter { $0.code == key || $0.name == key }
    }

    public func importRegions(_ rows: [RegionRow], file: String, under planID: String?) async throws -> RegionImportResult {
        try await database.transaction { tx in
            var index = RegionIndex(try await RegionRecord.query(on: tx).all().map(Self.region))
            var scope: Set<UUID>?
            if let planID {
                guard let plan = try await PlanRecord.find(planID, on: tx) else {
                    throw InputRejected([InputIssue(SourceLocation(file: file), "方案「\(planID)」不存在")])
                }
                scope = Set(Self.subtree(of: plan.$region.id, in: Array(index.byID.values)).map(\.id))
            }
            let programmePlaces = Set(try await PlanRecord.query(on: tx).all().map { $0.$region.id })

            var issues: [InputIssue] = []
            var added = 0, updated = 0
            var seenCodes: [String: Int] = [:]
            var seenNames: [String: Int] = [:]
            for row in rows {
                func fail(_ column: String, _ message: String) {
                    issues.append(InputIssue(SourceLocation(file: file, line: row.line, field: [.key(column)]), message))
                }
                guard row.level == .township || row.level == .town || row.level == .village else {
                    fail("level", "只能导入乡镇（township/town）和村（village）级区划，而不是 \(row.level.rawValue)"); continue
                }
                let candidates = index.regions(namedOrCoded: row.parent).filter { scope?.contains($0.id) ?? true }
                guard candidates.count == 1, let parent = candidates.first else {
                    fail("parent", candidates.isEmpty
                         ? "找不到上级「\(row.parent)」\(planID.map { "（在方案 \($0) 的范围内）" } ?? "")"
                         : "上级「\(row.parent)」有 \(candidates.count) 个同名区划，请改用代码")
                    continue
                }
                guard index.isBelow(parent, anyOf: programmePlaces) else {
                    fail("parent", "上级「\(row.parent)」不在任何创建方案的地区之内"); continue
                }
                let allowed: Set<RegionLevel> = row.level == .village ? [.township, .town] : [.county, .district, .city]
                guard allowed.contains(parent.level) else {
                    fail("level", "\(row.level.chineseName)不能直接隶属于\(parent.level.chineseName)级的「\(parent.name)」"); continue
                }
                if let code = row.code {
                    if let first = seenCodes[code] { fail("code", "代码 \(code) 与第 \(first) 行重复"); continue }
                    seenCodes[code] = row.line
                }
                let nameKey = "\(parent.id)/\(row.name)"
                if let first = seenNames[nameKey] { fail("name", "「\(row.name)」在同一上级下与第 \(first) 行重复"); continue }
                seenNames[nameKey] = row.line

                if var region = index.existing(code: row.code, name: row.name, parentID: parent.id) {
                    region.name = row.name; region.level = row.level; region.parentID = parent.id
                    region.code = row.code ?? region.code
                    index.replace(region)
                    guard let record = try await RegionRecord.find(region.id, on: tx) else { continue }
                    record.name = region.name; record.level = region.level.rawValue
                    record.$parent.id = region.parentID; record.code = region.code
                    try await record.save(on: tx)
                    updated += 1
                } else {
                    let region = Region(id: UUID(), code: row.code, name: row.name, level: row.level, parentID: parent.id)
                    index.insert(region)
                    scope?.insert(region.id)
                    try await RegionRecord(id: region.id, code: region.code, name: region.name,
                                           level: region.level.rawValue, parentID: region.parentID).create(on: tx)
                    added += 1
                }
            }
            // Any issue rolls the whole transaction back: nothing of a bad file is kept.
            if !issues.isEmpty { throw InputRejected(issues) }
            return RegionImportResult(added: added, updated: updated)
        }
    }

    static func region(_ r: RegionRecord) -> Region {
        Region(id: r.id!, code: r.code, name: r.name, level: RegionLevel(rawValue: r.level) ?? .village,
               parentID: r.$parent.id)
    }

    static func subtree(of rootID: UUID, in all: [Region]) -> [Region] {
        let children = Dictionary(grouping: all.filter { $0.parentID != nil }, by: { $0.parentID! })
        guard let root = all.first(where: { $0.id == rootID }) else { return [] }
        var result: [Region] = []
        var queue = [root]
        while !queue.isEmpty {
            let next = queue.removeFirst()
            result.append(next)
            queue += (children[next.id] ?? []).sorted { ($0.code ?? $0.name) < ($1.code ?? $1.name) }
        }
        return result
    }
}

/// The regions of an import, looked up by id, code, name and (parent, name) without scanning them all
/// for every row: a county's file has hundreds of rows, a province's tens of thousands.
struct RegionIndex {
    private(set) var byID: [UUID: Region] = [:]
    private var byCode: [String: UUID] = [:]
    private var byName: [String: Set<UUID>] = [:]

    init(_ regions: [Region]) { for region in regions { insert(region) } }

    mutating func insert(_ region: Region) {
        byID[region.id] = region
        if let code = region.code { byCode[code] = region.id }
        byName[region.name, default: []].insert(region.id)
    }

    mutating func replace(_ region: Region) {
        if let old = byID[region.id] {
            if let code = old.code, byCode[code] == old.id { byCode[code] = nil }
            byName[old.name]?.remove(old.id)
        }
        insert(region)
    }

    /// A parent written as a code (all digits) or as a name.
    func regions(namedOrCoded reference: String) -> [Region] {
        if reference.allSatisfy({ $0.isASCII && $0.isNumber }) {
            return byCode[reference].flatMap { byID[$0] }.map { [$0] } ?? []
        }
        return (byName[reference] ?? []).compactMap { byID[$0] }
    }

    /// The stored region a row updates: the same code, or the same name under the same parent when
    /// either side has no code.
    func existing(code: String?, name: String, parentID: UUID) -> Region? {
        if let code, let id = byCode[code] { return byID[id] }
        return (byName[name] ?? []).compactMap { byID[$0] }
            .first { $0.parentID == parentID && (code == nil || $0.code == nil) }
    }

    func isBelow(_ region: Region, anyOf places: Set<UUID>) -> Bool {
        var current: Region? = region
        var steps = 0
        while let r = current, steps < 16 {
            if places.contains(r.id) { return true }
            current = r.parentID.flatMap { byID[$0] }
            steps += 1
        }
        return false
    }
}
