import Fluent

/// Every save of a plan is kept whole, with who saved it, when and why: the history the office reads, compares and
/// restores from. The newest revision is the plan; the relational plan tables stay as its index for lists and search.
struct M0018CreatePlanRevisions: AsyncMigration {
    var name: String { "0018-create-plan-revisions" }

    func prepare(on database: any Database) async throws {
        try await database.schema(PlanRevisionRecord.schema)
            .id()
            .field("plan_id", .string, .required)
            .field("number", .int, .required)
            .field("saved_at", .datetime, .required)
            .field("saved_by", .string, .required)
            .field("why", .string, .required)
            .field("body", .string, .required)
            .unique(on: "plan_id", "number")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PlanRevisionRecord.schema).delete()
    }
}
