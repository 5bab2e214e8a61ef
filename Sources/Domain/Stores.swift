import Foundation

/// One line of the programme list.
public struct PlanSummary: Equatable, Sendable, Codable {
    public var id: String
    public var title: String
    public var programme: ProgrammeKind
    public var place: RegionRef
    public var documentNumber: String?
    public var counts: Counts

    public struct Counts: Equatable, Sendable, Codable {
        public var tasks: Int
        public var units: Int
        public var memberUnits: Int
        public var phases: Int
        public var cellTargets: Int
        public var indicators: Int

        public init(tasks: Int, units: Int, memberUnits: Int, phases: Int, cellTargets: Int, indicators: Int) {
            self.tasks = tasks; self.units = units; self.memberUnits = memberUnits
            self.phases = phases; self.cellTargets = cellTargets; self.indicators = indicators
        }
    }

    public init(id: String, title: String, programme: ProgrammeKind, place: RegionRef, documentNumber: String?,
                counts: Counts) {
        self.id = id; self.title = title; self.programme = programme; self.place = place
        self.documentNumber = documentNumber; self.counts = counts
    }

    public init(_ plan: Plan) {
        self.init(id: plan.id, title: plan.title, programme: plan.programme, place: plan.place.region,
                  documentNumber: plan.document.number,
                  counts: Counts(tasks: plan.tasks.count, units: plan.units.count,
                                 memberUnits: plan.organisation.memberUnits.count, phases: plan.phases.count,
                                 cellTargets: plan.cellTargets.count, indicators: plan.indicators.count))
    }
}

public enum SaveOutcome: String, Sendable, Codable {
    case created, replaced
}

/// Where programmes are kept. Saving replaces a programme with the same id as one change.
public protocol PlanStore: Sendable {
    func summaries() async throws -> [PlanSummary]
    func plan(id: String) async throws -> Plan?
    @discardableResult func save(_ plan: Plan) async throws -> SaveOutcome
    func delete(id: String) async throws -> Bool
    func count() async throws -> Int
}

/// A region in the stored hierarchy.
public struct Region: Equatable, Sendable, Codable {
    public var id: UUID
    public var code: String?
    public var name: String
    public var level: RegionLevel
    public var parentID: UUID?

    public init(id: UUID, code: String?, name: String, level: RegionLevel, parentID: UUID?) {
        self.id = id; self.code = code; self.name = name; self.level = level; self.parentID = parentID
    }
}

public struct RegionImportResult: Equatable, Sendable, Codable {
    public var added: Int
    public var updated: Int

    public init(added: Int, updated: Int) { self.added = added; self.updated = updated }
}

public protocol RegionStore: Sendable {
    /// Adds or updates the rows as one change: any bad row rejects the whole file.
    func importRegions(_ rows: [RegionRow], file: String, under planID: String?) async throws -> RegionImportResult
    /// The region a programme covers and every region below it, parents before children.
    func regions(underPlan planID: String) async throws -> [Region]
    func region(id: UUID) async throws -> Region?
    /// The regions below a region, down to `maxDepth` levels, parents before children, siblings by code
    /// then name; found through the parent index, never by reading the whole table.
    func descendants(of regionID: UUID, maxDepth: Int) async throws -> [Region]
    /// The region and its parents, outermost first, ending with the region itself.
    func path(to regionID: UUID) async throws -> [Region]
    /// The programme's id with the regions it sits in, for access checks; nil if no such programme.
    func programmeScope(planID: String) async throws -> ProgrammeScope?
    /// Every programme's scope, in id order, in a fixed number of queries.
    func programmeScopes() async throws -> [ProgrammeScope]
    /// Regions whose code or name is `key`: under a programme's place when `planID` is given, else anywhere.
    func find(_ key: String, underPlan planID: String?) async throws -> [Region]
}

/// What a search finds, already limited to what the asker may see.
public struct SearchResults: Equatable, Sendable, Codable {
    public struct Programme: Equatable, Sendable, Codable {
        public var id: String
        public var title: String
        public init(id: String, title: String) { self.id = id; self.title = title }
    }

    public struct Unit: Equatable, Sendable, Codable {
        public var planID: String
        public var name: String
        public var aliases: [String]
        public init(planID: String, name: String, aliases: [String]) { self.planID = planID; self.name = name; self.aliases = aliases }
    }

    public struct Task: Equatable, Sendable, Codable {
        public var planID: String
        public var number: String?
        public var title: String?
        public var text: String
        public init(planID: String, number: String?, title: String?, text: String) {
            self.planID = planID; self.number = number; self.title = title; self.text = text
        }
    }

    public struct Place: Equatable, Sendable, Codable {
        public var planID: String
        public var region: Region
        public init(planID: String, region: Region) { self.planID = planID; self.region = region }
    }

    public var programmes: [Programme] = []
    public var units: [Unit] = []
    public var tasks: [Task] = []
    public var places: [Place] = []

    public init() {}

    public var isEmpty: Bool { programmes.isEmpty && units.isEmpty && tasks.isEmpty && places.isEmpty }
}

public protocol SearchStore: Sendable {
    /// Case-insensitive substring search over programme titles, unit names and aliases, task
    /// titles and text, and region names, within the given programmes. At most `limit` per kind.
    func search(_ text: String, planIDs: [String], limit: Int) async throws -> SearchResults
}
