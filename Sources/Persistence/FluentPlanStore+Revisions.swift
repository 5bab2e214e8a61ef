import Domain
import Fluent
import Foundation

/// The plan's revisions: each save kept whole as canonical JSON, the newest being the plan itself.
extension FluentPlanStore {
    public func revisions(planID: String) async throws -> [PlanRevision] {
        try await PlanRevisionRecord.query(on: database).filter(\.$planID == planID).sort(\.$number).all()
            .map { PlanRevision(revision: $0.number, at: $0.savedAt, by: $0.savedBy, why: $0.why) }
    }

    public func plan(id: String, revision: Int) async throws -> Plan? {
        guard let record = try await PlanRevisionRecord.query(on: database)
            .filter(\.$planID == id).filter(\.$number == revision).first() else {
            // A plan saved before revisions were kept has exactly one version: the one stored.
            if revision == 1, try await latestRevisionRecord(of: id, on: database) == nil { return try await plan(id: id) }
            return nil
        }
        return try decode(record)
    }

    func latestRevisionRecord(of planID: String, on db: any Database) async throws -> PlanRevisionRecord? {
        try await PlanRevisionRecord.query(on: db).filter(\.$planID == planID).sort(\.$number, .descending).first()
    }

    func newestRevision(of planID: String, on db: any Database) async throws -> Plan? {
        try await latestRevisionRecord(of: planID, on: db).map(decode)
    }

    @discardableResult
    func appendRevision(_ plan: Plan, number: Int, note: RevisionNote, on db: any Database) async throws -> PlanRevisionRecord {
        let record = PlanRevisionRecord()
        record.id = UUID()
        record.planID = plan.id
        record.number = number
        record.savedAt = clock.now()
        record.savedBy = note.by
        record.why = note.why
        record.body = String(decoding: try plan.canonicalJSON(), as: UTF8.self)
        try await record.create(on: db)
        return record
    }

    private func decode(_ record: PlanRevisionRecord) throws -> Plan {
        do {
            return try JSONDecoder().decode(Plan.self, from: Data(record.body.utf8))
        } catch {
            throw PlanStoreError.corruptValue("方案第 \(record.number) 版", "\(error)")
        }
    }
}
