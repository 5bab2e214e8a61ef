import Fluent
import SQLKit

struct M0004CreatePlanTasks: AsyncMigration {
    var name: String { "0004-create-plan-tasks" }

    func prepare(on database: any Database) async throws {
        try await planChild(database, PlanTaskRecord.schema)
            .field("number", .string)
            .field("section", .string)
            .field("parent_sections", .array(of: .string), .required)
            .field("title", .string)
            .field("text", .string, .required)
            .create()
        try await planChild(database, PlanTaskAssignmentRecord.schema)
            .field("task_id", .uuid, .required, .references(PlanTaskRecord.schema, .id, onDelete: .cascade))
            .field("role", .string, .required)
            .field("written_name", .string, .required)
            .field("unit_id", .uuid, .references(PlanUnitRecord.schema, .id, onDelete: .cascade))
            .field("working_group_id", .uuid, .references(PlanWorkingGroupRecord.schema, .id, onDelete: .cascade))
            .create()
        try await indexByPlan(database, [PlanTaskRecord.schema])
        let sql = database as! any SQLDatabase
        try await sql.create(index: "ix_plan_task_assignments_task").on(PlanTaskAssignmentRecord.schema)
            .column("task_id").column("position").run()
        try await sql.create(index: "ix_plan_task_assignments_unit").on(PlanTaskAssignmentRecord.schema)
            .column("unit_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PlanTaskAssignmentRecord.schema).delete()
        try await database.schema(PlanTaskRecord.schema).delete()
    }
}
