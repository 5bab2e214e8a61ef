import Fluent
import Foundation

// Fluent records: one table per part of a plan, rows ordered by `position` so that the canonical
// view comes back in document order. Child rows cascade with their plan, so replacing a plan is a
// delete and an insert inside one transaction.

final class RegionRecord: Model, @unchecked Sendable {
    static let schema = "regions"
    @ID(key: .id) var id: UUID?
    @OptionalField(key: "code") var code: String?
    @Field(key: "name") var name: String
    @Field(key: "level") var level: String
    @OptionalParent(key: "parent_id") var parent: RegionRecord?

    init() {}
    init(id: UUID? = nil, code: String?, name: String, level: String, parentID: UUID?) {
        self.id = id; self.code = code; self.name = name; self.level = level; self.$parent.id = parentID
    }
}

final class PlanRecord: Model, @unchecked Sendable {
    static let schema = "plans"
    @ID(custom: .id, generatedBy: .user) var id: String?
    @Field(key: "title") var title: String
    /// Changes on every save, so readers can keep a parsed plan until it does.
    @OptionalField(key: "revision") var revision: String?
    @Field(key: "programme") var programme: String
    @Parent(key: "region_id") var region: RegionRecord
    @OptionalField(key: "document_number") var documentNumber: String?
    @OptionalField(key: "document_issuer") var documentIssuer: String?
    @OptionalField(key: "document_date") var documentDate: String?
    @OptionalField(key: "document_title") var documentTitle: String?
    @OptionalField(key: "document_status") var documentStatus: String?
    @OptionalField(key: "document_source") var documentSource: String?
    @Field(key: "goals") var goals: [String]
    @OptionalField(key: "reporting_due_day") var reportingDueDay: Int?
    @OptionalField(key: "reporting_text") var reportingText: String?
    @Field(key: "has_leading_group") var hasLeadingGroup: Bool
    @OptionalField(key: "leading_group_name") var leadingGroupName: String?
    @OptionalField(key: "leading_group_note") var leadingGroupNote: String?
    @Field(key: "has_office") var hasOffice: Bool
    @OptionalField(key: "office_name") var officeName: String?
    @OptionalField(key: "office_unit") var officeUnit: String?
    @OptionalField(key: "office_director") var officeDirector: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}
}

final class PlanUnitRecord: Model, @unchecked Sendable {
    static let schema = "plan_units"
    @ID(key: .id) var id: UUID?
    @Parent(key: "plan_id") var plan: PlanRecord
    @Field(key: "position") var position: Int
    @Field(key: "name") var name: String
    @Field(key: "kind") var kind: String
    @Field(key: "aliases") var aliases: [String]
    @OptionalField(key: "covers") var covers: String?

    init() {}
}

final class PlanPersonRecord: Model, @unchecked Sendable {
    static let schema = "plan_people"
    @ID(key: .id) var id: UUID?
    @Parent(key: "plan_id") var plan: PlanRecord
    @Field(key: "role") var role: String
    @Field(key: "position") var position: Int
    @OptionalField(key: "name") var name: String?
    @OptionalField(key: "title") var title: String?

    init() {}
}

final class PlanMemberUnitRecord: Model, @unchecked Sendable {
    static let schema = "plan_member_units"
    @ID(key: .id) var id: UUID?
    @Parent(key: "plan_id") var plan: PlanRecord
    @Field(key: "position") var position: Int
    @Field(key: "written_name") var writtenName: String
    @Parent(key: "unit_id") var unit: PlanUnitRecord

    init() {}
}

final class PlanPhaseRecord: Model, @unchecked Sendable {
    static let schema = "plan_phases"
    @ID(key: .id) var id: UUID?
    @Parent(key: "plan_id") var plan: PlanRecord
    @Field(key: "position") var position: Int
    @Field(key: "name") var name: String
    /// ISO dates: they sort as text on every engine.
    @Field(key: "start_date") var startDate: String
    @Field(key: "end_date") var endDate: String
    @OptionalField(key: "text") var text: String?

    init() {}
}

final class PlanWorkingGroupRecord: Model, @unchecked Sendable {
    static let schema = "plan_working_groups"
    @ID(key: .id) var id: UUID?
    @Parent(key: "plan_id") var plan: PlanRecord
    @Field(key: "position") var position: Int
    @Field(key: "name") var name: String
    @OptionalField(key: "lead") var lead: String?
    @Field(key: "participants") var participants: [String]

    init() {}
}

final class PlanTaskRecord: Model, @unchecked Sendable {
    static let schema = "plan_tasks"
    @ID(key: .id) var id: UUID?
    @Parent(key: "plan_id") var plan: PlanRecord
    @Field(key: "position") var position: Int
    @OptionalField(key: "number") var number: String?
    @OptionalField(key: "section") var section: String?
    @Field(key: "parent_sections") var parentSections: [String]
    @OptionalField(key: "title") var title: String?
    @Field(key: "text") var text: String

    init() {}
}

/// One unit named by a task in one role, resolved to the plan's unit or working group.
final class PlanTaskAssignmentRecord: Model, @unchecked Sendable {
    static let schema = "plan_task_assignments"
    @ID(key: .id) var id: UUID?
    @Parent(key: "plan_id") var plan: PlanRecord
    @Parent(key: "task_id") var task: PlanTaskRecord
    @Field(key: "role") var role: String
    @Field(key: "position") var position: Int
    @Field(key: "written_name") var writtenName: String
    @OptionalParent(key: "unit_id") var unit: PlanUnitRecord?
    @OptionalParent(key: "working_group_id") var workingGroup: PlanWorkingGroupRecord?

    init() {}

    enum Role: String { case responsible, lead, participant }
}

final class PlanCellTargetRecord: Model, @unchecked Sendable {
    static let schema = "plan_cell_targets"
    @ID(key: .id) var id: UUID?
    @Parent(key: "plan_id") var plan: PlanRecord
    @Field(key: "position") var position: Int
    @Field(key: "cell") var cell: String
    @OptionalField(key: "at_least_percent") var atLeastPercent: Double?
    @OptionalField(key: "at_least_count") var atLeastCount: Int?
    @OptionalField(key: "per") var per: String?
    @OptionalField(key: "label") var label: String?

    init() {}
}

final class PlanIndicatorRecord: Model, @unchecked Sendable {
    static let schema = "plan_indicators"
    @ID(key: .id) var id: UUID?
    @Parent(key: "plan_id") var plan: PlanRecord
    @Field(key: "position") var position: Int
    @Field(key: "code") var code: String
    @Field(key: "name") var name: String
    /// The target expression (`TargetExpression`).
    @OptionalField(key: "target") var target: String?
    /// The document's wording of the target (added by migration 0010).
    @OptionalField(key: "target_text") var text: String?
    @OptionalField(key: "first_level") var firstLevel: String?
    @OptionalField(key: "second_level") var secondLevel: String?

    init() {}
}

final class PlanAnnexRecord: Model, @unchecked Sendable {
    static let schema = "plan_annexes"
    @ID(key: .id) var id: UUID?
    @Parent(key: "plan_id") var plan: PlanRecord
    @Field(key: "position") var position: Int
    @OptionalField(key: "number") var number: String?
    @Field(key: "title") var title: String

    init() {}
}

/// One saved version of a plan, whole, as canonical JSON.
final class PlanRevisionRecord: Model, @unchecked Sendable {
    static let schema = "plan_revisions"
    @ID(key: .id) var id: UUID?
    @Field(key: "plan_id") var planID: String
    @Field(key: "number") var number: Int
    @Field(key: "saved_at") var savedAt: Date
    @Field(key: "saved_by") var savedBy: String
    @Field(key: "why") var why: String
    @Field(key: "body") var body: String

    init() {}
}
