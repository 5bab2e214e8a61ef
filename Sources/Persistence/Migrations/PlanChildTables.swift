import Fluent
import SQLKit

// Shared by M0003 and M0004, the migrations that create the child tables of `plans`.

/// A child table of `plans`: id, plan_id (cascading) and position, indexed by plan.
func planChild(_ database: any Database, _ schema: String) -> SchemaBuilder {
    database.schema(schema)
        .id()
        .field("plan_id", .string, .required, .references(PlanRecord.schema, .id, onDelete: .cascade))
        .field("position", .int, .required)
}

func indexByPlan(_ database: any Database, _ schemas: [String]) async throws {
    let sql = database as! any SQLDatabase
    for schema in schemas {
        try await sql.create(index: "ix_\(schema)_plan").on(schema).column("plan_id").column("position").run()
    }
}
