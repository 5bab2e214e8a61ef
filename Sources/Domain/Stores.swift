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

/// Where programmes are kept. Saving replaces a programme with the same id as one change and keeps the plan as it was
/// saved as a new revision, so the history can be read, compared and restored.
public protocol PlanStore: Sendable {
    func summaries() async throws -> [PlanSummary]
    /// The newest revision.
    func plan(id: String) async throws -> Plan?
    /// Saves `plan` as the next revision. With `expectedRevision` (the revision the editor read) a save made after
    /// someone else's is refused with `EditConflict`, saying who saved and when.
    @discardableResult func save(_ plan: Plan, note: RevisionNote, expectedRevision: Int?) async throws -> SaveOutcome
    /// Every revision, oldest first.
    func revisions(planID: String) async throws -> [PlanRevision]
    func plan(id: String, revision: Int) async throws -> Plan?
    func delete(id: String) async throws -> Bool
    func count() async throws -> Int
}

extension PlanStore {
    @discardableResult public func save(_ plan: Plan) async throws -> SaveOutcome {
        try await save(plan, note: RevisionNote(by: "系统", why: "保存方案"), expectedRevision: nil)
    }

    /// The number of the newest revision, 0 when the plan has none.
    public func currentRevision(planID: String) async throws -> Int {
        try await revisions(planID: planID).last?.revision ?? 0
    }
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
    /// One township or village renamed, recoded or added below the programme's place; refused with the field when wrong.
    func edit(_ edit: RegionEdit, underPlan planID: String) async throws -> Region
    /// What `importRegions` would add and update, checked the same way, with nothing kept.
    func previewImport(_ rows: [RegionRow], file: String, under planID: String) async throws -> RegionImportResult
}

/// A change to the programme's townships and villages made in the browser.
public enum RegionEdit: Sendable, Equatable {
    case update(id: UUID, name: String, code: String?)
    /// A village below a township, or a township below the programme's place (the level follows the parent).
    case add(parentID: UUID, name: String, code: String?)
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
