import Domain
import Fluent
import Foundation
import SQLKit

/// Plans kept in the relational tables of `Migrations`.
public struct FluentPlanStore: PlanStore {
    let database: any Database
    let cache: PlanCache?
    /// Dates each revision.
    let clock: Clock

    /// With a cache, a plan read before is returned again while its stored revision is unchanged:
    /// one query instead of a dozen on every page.
    public init(database: any Database, cache: PlanCache? = nil, clock: Clock = .system) {
        self.database = database; self.cache = cache; self.clock = clock
    }

    public func count() async throws -> Int {
        try await PlanRecord.query(on: database).count()
    }

    /// The list with counts from grouped COUNT queries: a fixed number of queries, however many plans.
    public func summaries() async throws -> [PlanSummary] {
        let records = try await PlanRecord.query(on: database).sort(\.$id).all()
        guard !records.isEmpty else { return [] }
        let sql = database as! any SQLDatabase
        struct Row: Decodable { var plan_id: String; var n: Int }
        func counts(_ table: String) async throws -> [String: Int] {
            let rows = try await sql.select().column("plan_id").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                .from(table).groupBy("plan_id").all(decoding: Row.self)
            return Dictionary(uniqueKeysWithValues: rows.map { ($0.plan_id, $0.n) })
        }
        let tasks = try await counts(PlanTaskRecord.schema)
        let units = try await counts(PlanUnitRecord.schema)
        let members = try await counts(PlanMemberUnitRecord.schema)
        let phases = try await counts(PlanPhaseRecord.schema)
        let cells = try await counts(PlanCellTargetRecord.schema)
        let indicators = try await counts(PlanIndicatorRecord.schema)
        let regionIDs = Set(records.map { $0.$region.id })
        let regions = Dictionary(uniqueKeysWithValues: try await RegionRecord.query(on: database)
            .filter(\.$id ~~ regionIDs).all().map { ($0.id!, $0) })

        return try records.map { record in
            let id = record.id!
            guard let region = regions[record.$region.id] else {
                throw PlanStoreError.corruptValue("region", record.$region.id.uuidString)
            }
            return PlanSummary(
                id: id, title: record.title, programme: try decodeEnum(ProgrammeKind.self, record.programme),
                place: RegionRef(name: region.name, level: try decodeEnum(RegionLevel.self, region.level), code: region.code),
                documentNumber: record.documentNumber,
                counts: .init(tasks: tasks[id, default: 0], units: units[id, default: 0],
                              memberUnits: members[id, default: 0], phases: phases[id, default: 0],
                              cellTargets: cells[id, default: 0], indicators: indicators[id, default: 0]))
        }
    }

    public func plan(id: String) async throws -> Plan? {
        guard let record = try await PlanRecord.find(id, on: database) else { return nil }
        if let cache, let revision = record.revision, let cached = cache.plan(id: id, revision: revision) { return cached }
        var plan = try await newestRevision(of: id, on: database)
        if plan == nil { plan = try await read(record, on: database)?.withStableTaskIDs() }
        if let cache, let revision = record.revision, let plan { cache.store(plan, revision: revision) }
        return plan
    }

    public func delete(id: String) async throws -> Bool {
        try await database.transaction { tx in
            guard let record = try await PlanRecord.find(id, on: tx) else { return false }
            try await deleteChildren(of: id, on: tx)
            try await PlanRevisionRecord.query(on: tx).filter(\.$planID == id).delete()
            try await record.delete(on: tx)
            return true
        }
    }

    @discardableResult
    public func save(_ plan: Plan, note: RevisionNote, expectedRevision: Int?) async throws -> SaveOutcome {
        let plan = plan.withStableTaskIDs()
        return try await database.transaction { tx in
            let existing = try await PlanRecord.find(plan.id, on: tx)
            var latest = try await latestRevisionRecord(of: plan.id, on: tx)
            if let expectedRevision, expectedRevision != (latest?.number ?? 0) {
                throw EditConflict(updatedBy: latest?.savedBy, updatedAt: latest?.savedAt)
            }
            if let existing {
                // A plan stored before revisions were kept becomes revision 1, so the history starts where it did.
                if latest == nil, let before = try await read(existing, on: tx) {
                    latest = try await appendRevision(before.withStableTaskIDs(), number: 1,
                                                      note: RevisionNote(by: "系统", why: "此前保存的方案"), on: tx)
                }
                try await deleteChildren(of: plan.id, on: tx)
                try await existing.delete(on: tx)
            }
            try await write(plan, on: tx)
            try await appendRevision(plan, number: (latest?.number ?? 0) + 1, note: note, on: tx)
            return existing == nil ? .created : .replaced
        }
    }

    /// Children are deleted explicitly, children of children first, rather than left to the cascades:
    /// the outcome then does not depend on an engine's foreign-key settings.
    private func deleteChildren(of planID: String, on db: any Database) async throws {
        try await PlanTaskAssignmentRecord.query(on: db).filter(\.$plan.$id == planID).delete()
        try await PlanTaskRecord.query(on: db).filter(\.$plan.$id == planID).delete()
        try await PlanMemberUnitRecord.query(on: db).filter(\.$plan.$id == planID).delete()
        try await PlanWorkingGroupRecord.query(on: db).filter(\.$plan.$id == planID).delete()
        try await PlanUnitRecord.query(on: db).filter(\.$plan.$id == planID).delete()
        try await PlanPersonRecord.query(on: db).filter(\.$plan.$id == planID).delete()
        try await PlanPhaseRecord.query(on: db).filter(\.$plan.$id == planID).delete()
        try await PlanCellTargetRecord.query(on: db).filter(\.$plan.$id == planID).delete()
        try await PlanIndicatorRecord.query(on: db).filter(\.$plan.$id == planID).delete()
        try await PlanAnnexRecord.query(on: db).filter(\.$plan.$id == planID).delete()
    }

    // MARK: Writing

    private func write(_ plan: Plan, on db: any Database) async throws {
        let regionID = try await RegionHierarchy.ensure(plan.place, on: db)

        let record = PlanRecord()
        record.id = plan.id
        record.title = plan.title
        record.revision = UUID().uuidString
        record.programme = plan.programme.rawValue
        record.$region.id = regionID
        record.documentNumber = plan.document.number
        record.documentIssuer = plan.document.issuer
        record.documentDate = plan.document.date?.iso
        record.documentTitle = plan.document.title
        record.documentStatus = plan.document.status
        record.documentSource = plan.document.source
        record.goals = plan.goals
        record.reportingDueDay = plan.reporting?.monthlyDueDay
        record.reportingText = plan.reporting?.text
        let group = plan.organisation.leadingGroup
        record.hasLeadingGroup = group != nil
        record.leadingGroupName = group?.name
        record.leadingGroupNote = group?.note
        let office = plan.organisation.office
        record.hasOffice = office != nil
        record.officeName = office?.name
        record.officeUnit = office?.unit
        record.officeDirector = office?.director
        try await record.create(on: db)

        var unitIDs: [String: UUID] = [:]
        let units = plan.units.enumerated().map { position, unit in
            let r = PlanUnitRecord()
            r.id = UUID(); r.$plan.id = plan.id; r.position = position
            r.name = unit.name; r.kind = unit.kind.rawValue; r.aliases = unit.aliases; r.covers = unit.covers?.rawValue
            for spelling in unit.spellings where unitIDs[spelling] == nil { unitIDs[spelling] = r.id }
            return r
        }
        try await units.create(on: db)

        var people: [PlanPersonRecord] = []
        for (role, list) in [("leader", group?.leader ?? []), ("deputy", group?.deputies ?? []),
                             ("member", group?.members ?? [])] {
            for (position, person) in list.enumerated() {
                let r = PlanPersonRecord()
                r.$plan.id = plan.id; r.role = role; r.position = position; r.name = person.name; r.title = person.title
                people.append(r)
            }
        }
        try await people.create(on: db)

        let members = try plan.organisation.memberUnits.enumerated().map { position, name in
            let r = PlanMemberUnitRecord()
            r.$plan.id = plan.id; r.position = position; r.writtenName = name
            guard let unitID = unitIDs[name] else { throw PlanStoreError.unresolvedUnit(name) }
            r.$unit.id = unitID
            return r
        }
        try await members.create(on: db)

        try await plan.phases.enumerated().map { position, phase in
            let r = PlanPhaseRecord()
            r.$plan.id = plan.id; r.position = position; r.name = phase.name
            r.startDate = phase.start.iso; r.endDate = phase.end.iso; r.text = phase.text
            return r
        }.create(on: db)

        var groupIDs: [String: UUID] = [:]
        let groups = plan.organisation.workingGroups.enumerated().map { position, group in
            let r = PlanWorkingGroupRecord()
            r.id = UUID(); r.$plan.id = plan.id; r.position = position
            r.name = group.name; r.lead = group.lead; r.participants = group.participants
            groupIDs[group.name] = r.id
            return r
        }
        try await groups.create(on: db)

        var tasks: [PlanTaskRecord] = []
        var assignments: [PlanTaskAssignmentRecord] = []
        for (position, task) in plan.tasks.enumerated() {
            let r = PlanTaskRecord()
            r.id = UUID(); r.$plan.id = plan.id; r.position = position
            r.number = task.number; r.section = task.section; r.parentSections = task.parentSections
            r.title = task.title; r.text = task.text
            tasks.append(r)
            let roles: [(PlanTaskAssignmentRecord.Role, [String])] = [
                (.responsible, task.responsible), (.lead, task.lead.map { [$0] } ?? []), (.participant, task.participants),
            ]
            for (role, names) in roles {
                for (index, name) in names.enumerated() {
                    // An archived task may name a unit since removed: it keeps its text, not the link.
                    if task.archived && unitIDs[name] == nil && groupIDs[name] == nil { continue }
                    let a = PlanTaskAssignmentRecord()
                    a.$plan.id = plan.id; a.$task.id = r.id!; a.role = role.rawValue; a.position = index
                    a.writtenName = name
                    a.$unit.id = unitIDs[name]
                    a.$workingGroup.id = groupIDs[name]
                    guard unitIDs[name] != nil || groupIDs[name] != nil else { throw PlanStoreError.unresolvedUnit(name) }
                    assignments.append(a)
                }
            }
        }
        try await tasks.create(on: db)
        try await assignments.create(on: db)

        try await plan.cellTargets.enumerated().map { position, target in
            let r = PlanCellTargetRecord()
            r.$plan.id = plan.id; r.position = position; r.cell = target.cell
            r.atLeastPercent = target.atLeastPercent; r.atLeastCount = target.atLeastCount
            r.per = target.per?.rawValue; r.label = target.label
            return r
        }.create(on: db)

        try await plan.indicators.enumerated().map { position, indicator in
            let r = PlanIndicatorRecord()
            r.$plan.id = plan.id; r.position = position; r.code = indicator.code; r.name = indicator.name
            r.target = indicator.target; r.text = indicator.text; r.firstLevel = indicator.firstLevel; r.secondLevel = indicator.secondLevel
            return r
        }.create(on: db)

        try await plan.annexes.enumerated().map { position, annex in
            let r = PlanAnnexRecord()
            r.$plan.id = plan.id; r.position = position; r.number = annex.number; r.title = annex.title
            return r
        }.create(on: db)
    }

    // MARK: Reading

    private func read(_ record: PlanRecord, on db: any Database) async throws -> Plan? {
        guard let id = record.id else { return nil }
        func children<M: Model>(_ type: M.Type, _ plan: KeyPath<M, ParentProperty<M, PlanRecord>>,
                                _ position: KeyPath<M, FieldProperty<M, Int>>) async throws -> [M] {
            try await M.query(on: db).filter(plan.appending(path: \.$id) == id).sort(position).all()
        }

        let place = try await RegionHierarchy.place(for: record.$region.id, on: db)
        let units = try await children(PlanUnitRecord.self, \.$plan, \.$position)
        let people = try await children(PlanPersonRecord.self, \.$plan, \.$position)
        let members = try await children(PlanMemberUnitRecord.self, \.$plan, \.$position)
        let phases = try await children(PlanPhaseRecord.self, \.$plan, \.$position)
        let groups = try await children(PlanWorkingGroupRecord.self, \.$plan, \.$position)
        let tasks = try await children(PlanTaskRecord.self, \.$plan, \.$position)
        let assignments = try await PlanTaskAssignmentRecord.query(on: db).filter(\.$plan.$id == id)
            .sort(\.$position).all()
        let cells = try await children(PlanCellTargetRecord.self, \.$plan, \.$position)
        let indicators = try await children(PlanIndicatorRecord.self, \.$plan, \.$position)
        let annexes = try await children(PlanAnnexRecord.self, \.$plan, \.$position)

        func persons(_ role: String) -> [Person] {
            people.filter { $0.role == role }.map { Person(name: $0.name, title: $0.title) }
        }
        let assignmentsByTask = Dictionary(grouping: assignments, by: { $0.$task.id })

        return Plan(
            id: id,
            title: record.title,
            programme: try decodeEnum(ProgrammeKind.self, record.programme),
            place: place,
            document: SourceDocument(number: record.documentNumber, issuer: record.documentIssuer,
                                     date: record.documentDate.flatMap(LocalDate.init(iso:)),
                                     title: record.documentTitle, status: record.documentStatus,
                                     source: record.documentSource),
            goals: record.goals,
            phases: phases.compactMap { p in
                guard let start = LocalDate(iso: p.startDate), let end = LocalDate(iso: p.endDate) else { return nil }
                return Phase(name: p.name, start: start, end: end, text: p.text)
            },
            reporting: record.reportingDueDay.map { ReportingRule(monthlyDueDay: $0, text: record.reportingText) },
            organisation: Organisation(
                leadingGroup: record.hasLeadingGroup
                    ? LeadingGroup(name: record.leadingGroupName, leader: persons("leader"),
                                   deputies: persons("deputy"), members: persons("member"), note: record.leadingGroupNote)
                    : nil,
                memberUnits: members.map(\.writtenName),
                office: record.hasOffice
                    ? Office(name: record.officeName, unit: record.officeUnit, director: record.officeDirector) : nil,
                workingGroups: groups.map { WorkingGroup(name: $0.name, lead: $0.lead, participants: $0.participants) }),
            units: try units.map { u in
                PlanUnit(name: u.name, kind: try decodeEnum(UnitKind.self, u.kind), aliases: u.aliases,
                         covers: try u.covers.map { try decodeEnum(GroupCoverage.self, $0) })
            },
            cellTargets: try cells.map { c in
                CellTarget(cell: c.cell, atLeastPercent: c.atLeastPercent, atLeastCount: c.atLeastCount,
                           per: try c.per.map { try decodeEnum(RegionLevel.self, $0) }, label: c.label)
            },
            indicators: indicators.map {
                IndicatorTarget(code: $0.code, name: $0.name, target: $0.target, text: $0.text, firstLevel: $0.firstLevel,
                                secondLevel: $0.secondLevel)
            },
            tasks: tasks.map { t in
                let roles = assignmentsByTask[t.id!] ?? []
                func names(_ role: PlanTaskAssignmentRecord.Role) -> [String] {
                    roles.filter { $0.role == role.rawValue }.sorted { $0.position < $1.position }.map(\.writtenName)
                }
                return PlanTask(number: t.number, section: t.section, parentSections: t.parentSections, title: t.title,
                                text: t.text, responsible: names(.responsible), lead: names(.lead).first,
                                participants: names(.participant))
            },
            annexes: annexes.map { Annex(number: $0.number, title: $0.title) })
    }
}

/// A stored enum value, or an error naming the column's type and the value it could not read.
func decodeEnum<E: RawRepresentable<String>>(_ type: E.Type, _ raw: String) throws -> E {
    guard let value = E(rawValue: raw) else { throw PlanStoreError.corruptValue("\(E.self)", raw) }
    return value
}

public enum PlanStoreError: Error, CustomStringConvertible {
    case unresolvedUnit(String)
    case corruptValue(String, String)

    public var description: String {
        switch self {
        case .unresolvedUnit(let name): "单位「\(name)」不在方案的单位列表中"
        case .corruptValue(let type, let raw): "数据库中的 \(type) 值「\(raw)」无法识别"
        }
    }
}

/// Parsed plans by id and revision, shared by the requests of one server process. A plan changed
/// by another process (the CLI) has a new revision and is read again.
public final class PlanCache: @unchecked Sendable {
    private let lock = NSLock()
    private var plans: [String: (revision: String, plan: Plan)] = [:]

    public init() {}

    func plan(id: String, revision: String) -> Plan? {
        lock.withLock { plans[id].flatMap { $0.revision == revision ? $0.plan : nil } }
    }

    func store(_ plan: Plan, revision: String) {
        lock.withLock { plans[plan.id] = (revision, plan) }
    }
}
