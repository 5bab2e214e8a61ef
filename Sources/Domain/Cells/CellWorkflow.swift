import Foundation

public enum CellWorkflowError: Error, Equatable, Sendable, CustomStringConvertible {
    case noSuchProgramme(String)
    case placeNotRegistered(String)
    case noSuchRegion

    public var description: String {
        switch self {
        case .noSuchProgramme(let id): "没有方案「\(id)」"
        case .placeNotRegistered(let id): "方案「\(id)」的地区尚未登记"
        case .noSuchRegion: "没有这个地区"
        }
    }
}

/// The healthy-cell use cases shared by the web app, the API and the command line.
public struct CellWorkflow: Sendable {
    public var plans: any PlanStore
    public var regions: any RegionStore
    public var cells: any CellStore

    public init(plans: any PlanStore, regions: any RegionStore, cells: any CellStore) {
        self.plans = plans; self.regions = regions; self.cells = cells
    }

    /// A programme as the registry sees it: its place, the townships below, and the kinds it names.
    public struct Programme: Sendable {
        public var plan: Plan
        public var place: Region
        /// Townships and towns below the place (through districts for a city), in code order.
        public var townships: [Region]
        /// The place, the townships and the villages below them: where places of this programme may be.
        public var regions: [Region]
        /// Slug → label of the further kinds the plan names (健康步道, 健康主题公园 …).
        public var extraTypes: [String: String]

        /// Every kind a place of this programme may be: the standard ones, then the plan's own.
        public var kinds: [(slug: String, name: String)] {
            CellType.allCases.map { ($0.rawValue, $0.chineseName) } + extraTypes.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        }

        public func regionIDs(inside regionID: UUID) -> [UUID] {
            var inside: Set<UUID> = [regionID]
            for region in regions where region.parentID.map(inside.contains) ?? false { inside.insert(region.id) }
            return regions.map(\.id).filter(inside.contains)
        }
    }

    public func programme(_ planID: String) async throws -> Programme {
        guard let plan = try await plans.plan(id: planID) else { throw CellWorkflowError.noSuchProgramme(planID) }
        guard let scope = try await regions.programmeScope(planID: planID), let placeID = scope.regionPath.last,
              let place = try await regions.region(id: placeID) else { throw CellWorkflowError.placeNotRegistered(planID) }
        // Three levels reach the villages of a county and the townships of a city's districts.
        let below = try await regions.descendants(of: placeID, maxDepth: 3)
        let townships = below.filter { $0.level == .township || $0.level == .town }
        return Programme(plan: plan, place: place, townships: townships, regions: [place] + below,
                         extraTypes: CellKinds.extraTypes(in: [plan]))
    }

    /// Every cell target of the programme at its place and in each township, from the maintained counts.
    public func coverage(_ programme: Programme) async throws -> [CoverageEntry] {
        let counts = try await cells.counts(regionIDs: [programme.place.id] + programme.townships.map(\.id))
        return CoverageCalculator.entries(plan: programme.plan, place: programme.place, townships: programme.townships,
                                          counts: counts, extraTypes: programme.extraTypes)
    }

    /// Imports a register into a programme's area (or anywhere, for the administrator's command line).
    public func importRegister(_ source: any RowSource, into programme: Programme?, actor: String, actorID: UUID? = nil,
                               progress: @escaping @Sendable (Int) -> Void = { _ in }) async throws -> CellImportResult {
        let extra: [String: String]
        if let programme { extra = programme.extraTypes } else {
            var all: [Plan] = []
            for summary in try await plans.summaries() { if let plan = try await plans.plan(id: summary.id) { all.append(plan) } }
            extra = CellKinds.extraTypes(in: all)
        }
        return try await cells.importRows(source, scope: programme?.place.id, extraTypes: extra, actor: actor,
                                          audit: programme.map { CellAudit(planID: $0.plan.id, actorID: actorID) }, progress: progress)
    }

    /// A region's board: each region below it down to `depth` levels, with eligible and certified per kind.
    public func regionBoard(_ regionID: UUID, depth: Int) async throws -> RegionBoard {
        guard let root = try await regions.region(id: regionID) else { throw CellWorkflowError.noSuchRegion }
        let below = try await regions.descendants(of: regionID, maxDepth: depth)
        let counts = try await cells.counts(regionIDs: [regionID] + below.map(\.id))
        return RegionBoard(root: root, regions: below, counts: counts)
    }
}

/// Coverage by kind for a region and the regions below it (a province's counties and townships).
public struct RegionBoard: Sendable {
    public var root: Region
    public var regions: [Region]
    /// Region → kind → (eligible, certified), sub-kinds summed.
    public var totals: [UUID: [String: (eligible: Int, certified: Int)]]

    public init(root: Region, regions: [Region], counts: [CellCount]) {
        self.root = root; self.regions = regions
        totals = Self.totals(of: counts)
    }

    /// Region → kind → (eligible, certified), the sub-kinds of each kind summed.
    static func totals(of counts: [CellCount]) -> [UUID: [String: (eligible: Int, certified: Int)]] {
        var totals: [UUID: [String: (eligible: Int, certified: Int)]] = [:]
        for count in counts {
            var t = totals[count.regionID, default: [:]][count.cell] ?? (0, 0)
            t.eligible += count.eligible; t.certified += count.certified
            totals[count.regionID, default: [:]][count.cell] = t
        }
        return totals
    }

    public var kinds: [String] { Array(Set(totals.values.flatMap(\.keys))).sorted() }

    public func percent(_ regionID: UUID, _ cell: String) -> Double? {
        guard let t = totals[regionID]?[cell], t.eligible > 0 else { return nil }
        return Double(t.certified) / Double(t.eligible) * 100
    }
}
