import Fluent

struct M0003CreatePlanParts: AsyncMigration {
    var name: String { "0003-create-plan-parts" }

    func prepare(on database: any Database) async throws {
        try await planChild(database, PlanUnitRecord.schema)
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("aliases", .array(of: .string), .required)
            .field("covers", .string)
            .unique(on: "plan_id", "name", name: "uq_plan_units_name")
            .create()
        try await planChild(database, PlanPersonRecord.schema)
            .field("role", .string, .required)
            .field("name", .string)
            .field("title", .string)
            .create()
        try await planChild(database, PlanMemberUnitRecord.schema)
            .field("written_name", .string, .required)
            .field("unit_id", .uuid, .required, .references(PlanUnitRecord.schema, .id, onDelete: .cascade))
            .create()
        try await planChild(database, PlanPhaseRecord.schema)
            .field("name", .string, .required)
            .field("start_date", .string, .required)
            .field("end_date", .string, .required)
            .field("text", .string)
            .create()
        try await planChild(database, PlanWorkingGroupRecord.schema)
            .field("name", .string, .required)
            .field("lead", .string)
            .field("participants", .array(of: .string), .required)
            .create()
        try await planChild(database, PlanCellTargetRecord.schema)
            .field("cell", .string, .required)
            .field("at_least_percent", .double)
            .field("at_least_count", .int)
            .field("per", .string)
            .field("label", .string)
            .create()
        try await planChild(database, PlanIndicatorRecord.schema)
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("target", .string)
            .field("first_level", .string)
            .field("second_level", .string)
            .unique(on: "plan_id", "code", name: "uq_plan_indicators_code")
            .create()
        try await planChild(database, PlanAnnexRecord.schema)
            .field("number", .string)
            .field("title", .string, .required)
            .create()
        try await indexByPlan(database, [
            PlanPersonRecord.schema, PlanMemberUnitRecord.schema, PlanPhaseRecord.schema,
            PlanWorkingGroupRecord.schema, PlanCellTargetRecord.schema, PlanAnnexRecord.schema,
        ])
    }

    func revert(on database: any Database) async throws {
        for schema in [PlanAnnexRecord.schema, PlanIndicatorRecord.schema, PlanCellTargetRecord.schema,
                       PlanWorkingGroupRecord.schema, PlanPhaseRecord.schema, PlanMemberUnitRecord.schema,
                       PlanPersonRecord.schema, PlanUnitRecord.schema] {
            try await database.schema(schema).delete()
        }
    }
}
