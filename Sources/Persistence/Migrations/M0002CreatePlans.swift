import Fluent

struct M0002CreatePlans: AsyncMigration {
    var name: String { "0002-create-plans" }

    func prepare(on database: any Database) async throws {
        try await database.schema(PlanRecord.schema)
            .field(.id, .string, .identifier(auto: false))
            .field("title", .string, .required)
            .field("programme", .string, .required)
            .field("region_id", .uuid, .required, .references(RegionRecord.schema, .id, onDelete: .restrict))
            .field("document_number", .string)
            .field("document_issuer", .string)
            .field("document_date", .string)
            .field("document_title", .string)
            .field("document_status", .string)
            .field("document_source", .string)
            .field("goals", .array(of: .string), .required)
            .field("reporting_due_day", .int)
            .field("reporting_text", .string)
            .field("has_leading_group", .bool, .required)
            .field("leading_group_name", .string)
            .field("leading_group_note", .string)
            .field("has_office", .bool, .required)
            .field("office_name", .string)
            .field("office_unit", .string)
            .field("office_director", .string)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PlanRecord.schema).delete()
    }
}
