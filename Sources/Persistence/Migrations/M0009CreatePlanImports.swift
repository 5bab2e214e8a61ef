import Fluent
import SQLKit

struct M0009CreatePlanImports: AsyncMigration {
    var name: String { "0009-create-plan-imports" }

    func prepare(on database: any Database) async throws {
        try await database.schema(PlanImportRecord.schema)
            .id()
            .field("created_by", .uuid, .required, .references(UserRecord.schema, .id, onDelete: .cascade))
            .field("plan_id", .string)
            .field("file_name", .string, .required)
            .field("format", .string, .required)
            .field("draft_json", .string, .required)
            .field("unit_choices_json", .string, .required)
            .field("status", .string, .required)
            .field("saved_plan_id", .string)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "ix_plan_imports_creator").on(PlanImportRecord.schema)
            .column("created_by").column("created_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PlanImportRecord.schema).delete()
    }
}
