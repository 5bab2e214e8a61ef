import Domain
import Fluent
import Foundation
import SQLKit

/// An uploaded plan document and its draft. The draft is kept whole as JSON text: it is only ever
/// read and written as one piece, and its shape follows the importer rather than the plan tables.
final class PlanImportRecord: Model, @unchecked Sendable {
    static let schema = "plan_imports"
    @ID(key: .id) var id: UUID?
    @Field(key: "created_by") var createdBy: UUID
    /// The programme the draft is meant for, when known (an office's own).
    @OptionalField(key: "plan_id") var planID: String?
    @Field(key: "file_name") var fileName: String
    @Field(key: "format") var format: String
    @Field(key: "draft_json") var draftJSON: String
    @Field(key: "unit_choices_json") var unitChoicesJSON: String
    @Field(key: "status") var status: String
    @OptionalField(key: "saved_plan_id") var savedPlanID: String?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    func summary() throws -> PlanImportSummary {
        PlanImportSummary(id: id!, createdBy: createdBy, targetPlanID: planID, fileName: fileName,
                          format: try decodeEnum(DocumentFormat.self, format), status: try decodeEnum(PlanImportStatus.self, status),
                          savedPlanID: savedPlanID, createdAt: createdAt, updatedAt: updatedAt)
    }

    func apply(_ item: PlanImport) throws {
        planID = item.targetPlanID
        fileName = item.fileName
        format = item.format.rawValue
        draftJSON = try DraftCoding.encode(item.draft)
        unitChoicesJSON = String(decoding: try JSONEncoder().encode(item.unitChoices), as: UTF8.self)
        status = item.status.rawValue
        savedPlanID = item.savedPlanID
        updatedAt = item.updatedAt
    }
}

public struct FluentPlanImportStore: PlanImportStore {
    let database: any Database

    public init(database: any Database) { self.database = database }

    public func create(_ item: PlanImport) async throws {
        let record = PlanImportRecord()
        record.id = item.id
        record.createdBy = item.createdBy
        record.createdAt = item.createdAt
        try record.apply(item)
        try await record.create(on: database)
    }

    public func planImport(id: UUID) async throws -> PlanImport? {
        guard let record = try await PlanImportRecord.find(id, on: database) else { return nil }
        let choices = try JSONDecoder().decode([String: String].self, from: Data(record.unitChoicesJSON.utf8))
        return PlanImport(id: id, createdBy: record.createdBy, targetPlanID: record.planID,
                          draft: try DraftCoding.decode(record.draftJSON), unitChoices: choices,
                          status: try decodeEnum(PlanImportStatus.self, record.status), savedPlanID: record.savedPlanID,
                          createdAt: record.createdAt, updatedAt: record.updatedAt)
    }

    public func imports(createdBy: UUID?) async throws -> [PlanImportSummary] {
        // Everything but the draft, which may run to megabytes.
        let query = PlanImportRecord.query(on: database)
            .field(\.$id).field(\.$createdBy).field(\.$planID).field(\.$fileName).field(\.$format).field(\.$status)
            .field(\.$savedPlanID).field(\.$createdAt).field(\.$updatedAt)
            .sort(\.$createdAt, .descending).sort(\.$id)
        if let createdBy { query.filter(\.$createdBy == createdBy) }
        return try await query.all().map { try $0.summary() }
    }

    public func update(_ item: PlanImport) async throws {
        guard let record = try await PlanImportRecord.find(item.id, on: database) else {
            throw PlanStoreError.corruptValue("plan_imports.id", item.id.uuidString)
        }
        try record.apply(item)
        try await record.update(on: database)
    }
}

/// The draft as stored. The plan decoder refuses a blank title or place name, which a draft may
/// still have (the importer found none); those are written as a marker and read back blank.
enum DraftCoding {
    static let blank = "\u{E000}"

    static func encode(_ draft: PlanDraft) throws -> String {
        var stored = draft
        if stored.plan.title.isBlank { stored.plan.title = blank }
        if stored.plan.place.name.isBlank { stored.plan.place.name = blank }
        if stored.plan.id.isBlank { stored.plan.id = blank }
        let text = String(decoding: try JSONEncoder().encode(stored), as: UTF8.self)
        // Checked now, so that a draft that could not be read back is refused when it is made.
        _ = try decode(text)
        return text
    }

    static func decode(_ text: String) throws -> PlanDraft {
        var draft = try JSONDecoder().decode(PlanDraft.self, from: Data(text.utf8))
        if draft.plan.title == blank { draft.plan.title = "" }
        if draft.plan.place.name == blank { draft.plan.place.name = "" }
        if draft.plan.id == blank { draft.plan.id = "" }
        return draft
    }
}

extension String {
    fileprivate var isBlank: Bool { trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
}
