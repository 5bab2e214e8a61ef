import Domain
import Foundation
import Persistence

/// Changing a programme's plan while it runs: every save is a revision with who, when and why, checked against what
/// the programme's records hang on the plan, with its audit entry, all in one transaction. The browser's editor,
/// a plan replaced from a document or file, a meeting's decision made a task, a restore and `healthcity plan load`
/// all save through here.
public struct PlanEditing: Sendable {
    let core: AppCore

    /// What a save did: the changes against the version before, and the items archived instead of removed.
    public struct Outcome: Sendable {
        public var outcome: SaveOutcome
        public var revision: Int
        public var diff: PlanDiff
        public var archived: [BlockedRemoval]
    }

    /// The changes a new version would make, and the removals it would be refused for, without saving anything.
    public struct Preview: Sendable {
        /// The plan as stored now; nil for a new programme.
        public var stored: Plan?
        public var plan: Plan
        public var diff: PlanDiff
        public var blocked: [BlockedRemoval]
        public var revision: Int
    }

    /// Counts what the programme's records hang on its indicators, tasks and units.
    public func attachedData(planID: String) async throws -> AttachedData {
        var attached = AttachedData()
        for figure in try await core.indicators.observations(planID: planID, indicator: nil, regionIDs: nil, state: nil) {
            attached.figures[figure.indicator, default: 0] += 1
        }
        for stored in try await core.running.records(TaskAssignment.self, planID: planID) {
            let notes = stored.value.notes.count
            guard notes > 0 else { continue }
            attached.taskProgress[stored.value.taskIndex, default: 0] += notes
            attached.unitRecords[stored.value.unit, default: 0] += notes
        }
        for stored in try await core.running.records(MonthlyReport.self, planID: planID) {
            attached.unitRecords[stored.value.unit, default: 0] += 1
        }
        return attached
    }

    /// What saving `new` over the stored plan would change. The office's additions the new version lacks are carried
    /// over first (a document read again knows nothing of deadlines, subtasks or township units).
    public func preview(_ new: Plan) async throws -> Preview {
        guard let old = try await core.plans.plan(id: new.id) else {
            return Preview(stored: nil, plan: new.withStableTaskIDs(), diff: PlanDiff(from: Plan(id: new.id, title: "", programme: new.programme, place: new.place), to: new),
                           blocked: [], revision: 0)
        }
        let merged = PlanEditGuard.carryOver(from: old, into: new).withStableTaskIDs()
        let blocked = PlanEditGuard.blockedRemovals(from: old, to: merged, attached: try await attachedData(planID: new.id))
        return Preview(stored: old, plan: merged, diff: PlanDiff(from: old, to: merged), blocked: blocked,
                       revision: try await core.plans.currentRevision(planID: new.id))
    }

    /// Saves `new` as the programme's next revision. Items dropped although data hangs on them are refused
    /// (`PlanEditRefused`), or with `archiveRemoved` kept as archived. `expectedRevision` refuses a save made after
    /// someone else's (`EditConflict`).
    @discardableResult
    public func save(_ new: Plan, note: RevisionNote, actorID: UUID?, action: String, expectedRevision: Int? = nil,
                     archiveRemoved: Bool = false, details: [String: String] = [:]) async throws -> Outcome {
        try await core.transaction { tx in
            let editing = PlanEditing(core: tx)
            let preview = try await editing.preview(new)
            var plan = preview.plan
            let before = preview.stored
            if !preview.blocked.isEmpty {
                guard archiveRemoved, let old = before else { throw PlanEditRefused(removals: preview.blocked) }
                plan = PlanEditGuard.archiving(preview.blocked, from: old, into: plan)
            }
            let outcome = try await tx.plans.save(plan, note: note, expectedRevision: expectedRevision)
            let revision = try await tx.plans.currentRevision(planID: plan.id)
            var after = details
            after["outcome"] = outcome.rawValue
            after["title"] = plan.title
            after["revision"] = String(revision)
            after["why"] = note.why
            if !preview.blocked.isEmpty { after["archived"] = preview.blocked.map(\.description).joined(separator: "；") }
            try await tx.audit.record(AuditEntry(
                actor: note.by, actorID: actorID, action: action, entity: "plan", entityID: plan.id, planID: plan.id,
                before: before.flatMap { AuditEntry.snapshot(PlanSummary($0)) }, after: AuditEntry.snapshot(after)))
            let diff = before.map { PlanDiff(from: $0, to: plan) } ?? preview.diff
            return Outcome(outcome: outcome, revision: revision, diff: diff, archived: archiveRemoved ? preview.blocked : [])
        }
    }

    /// Edits the stored plan with `change` and saves it as the next revision, refused if someone saved since
    /// `expectedRevision`.
    @discardableResult
    public func edit(planID: String, note: RevisionNote, actorID: UUID?, expectedRevision: Int?, archiveRemoved: Bool = false,
                     _ change: @escaping @Sendable (inout Plan) throws -> Void) async throws -> Outcome {
        try await core.transaction { tx in
            guard var plan = try await tx.plans.plan(id: planID) else { throw PlanEditingError.noSuchPlan(planID) }
            try change(&plan)
            try PlanEditChecks.check(plan)
            return try await PlanEditing(core: tx).save(plan, note: note, actorID: actorID, action: "plan.edit",
                                                        expectedRevision: expectedRevision, archiveRemoved: archiveRemoved)
        }
    }

    /// Adds a task (a meeting's decision, the office's new work) and returns it with its id.
    public func addTask(planID: String, _ task: PlanTask, actor: String, actorID: UUID? = nil, why: String) async throws -> PlanTask {
        try await core.transaction { tx in
            guard let plan = try await tx.plans.plan(id: planID) else { throw PlanEditingError.noSuchPlan(planID) }
            var added = task
            added.id = (plan.tasks.compactMap(\.id).max() ?? -1) + 1
            let saved = added
            try await PlanEditing(core: tx).edit(planID: planID, note: RevisionNote(by: actor, why: why), actorID: actorID,
                                                 expectedRevision: nil) { plan in plan.tasks.append(saved) }
            return saved
        }
    }

    /// Makes an earlier revision the newest again (as a new revision): items it lacks that carry data are archived.
    @discardableResult
    public func restore(planID: String, revision: Int, actor: String, actorID: UUID?, expectedRevision: Int?) async throws -> Outcome {
        guard let earlier = try await core.plans.plan(id: planID, revision: revision) else {
            throw PlanEditingError.noSuchRevision(planID, revision)
        }
        return try await save(earlier, note: RevisionNote(by: actor, why: "恢复到第 \(revision) 版"), actorID: actorID,
                              action: "plan.restore", expectedRevision: expectedRevision, archiveRemoved: true)
    }

    /// Adds a township unit for every township in the programme's region tree that is not yet one, so 各乡镇 reaches
    /// each of them and their officers can report. Nothing is saved when every township already is a unit.
    @discardableResult
    public func addTownshipUnits(planID: String, actor: String, actorID: UUID?) async throws -> [String] {
        try await core.transaction { tx in
            guard let plan = try await tx.plans.plan(id: planID) else { throw PlanEditingError.noSuchPlan(planID) }
            let missing = try await PlanEditing(core: tx).townshipsNotYetUnits(of: plan)
            guard !missing.isEmpty else { return [] }
            try await PlanEditing(core: tx).edit(planID: planID, note: RevisionNote(by: actor, why: "按区划添加乡镇单位 \(missing.count) 个"),
                                                 actorID: actorID, expectedRevision: nil) { plan in
                plan.units += missing.map { PlanUnit(name: $0, kind: .township, region: $0) }
            }
            return missing
        }
    }
}

extension PlanEditing {
    /// The townships (and towns) of the programme's region tree that no unit is named after or tied to.
    public func townshipsNotYetUnits(of plan: Plan) async throws -> [String] {
        let townships = try await core.regions.regions(underPlan: plan.id).filter { $0.level == .township || $0.level == .town }
        let named = Set(plan.units.flatMap(\.spellings) + plan.units.compactMap(\.region))
        return townships.map(\.name).filter { !named.contains($0) }
    }
}

public enum PlanEditingError: Error, Equatable, CustomStringConvertible {
    case noSuchPlan(String)
    case noSuchRevision(String, Int)

    public var description: String {
        switch self {
        case .noSuchPlan(let id): "没有方案「\(id)」"
        case .noSuchRevision(let id, let revision): "方案「\(id)」没有第 \(revision) 版"
        }
    }
}

extension AppCore {
    public var planEditing: PlanEditing { PlanEditing(core: self) }
}
