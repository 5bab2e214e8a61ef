import Fluent
import SQLKit

/// Every migration, in order. One list serves SQLite and PostgreSQL; never edit a shipped
/// migration, add the next number instead.
public enum SchemaMigrations {
    public static let all: [any AsyncMigration] = [
        M0001CreateRegions(),
        M0002CreatePlans(),
        M0003CreatePlanParts(),
        M0004CreatePlanTasks(),
        M0005CreateAccounts(),
        M0006CreateAuditLog(),
        M0007CreateSettingsAndUnitContacts(),
        M0008AddPlanRevision(),
        M0009CreatePlanImports(),
        M0010CreateIndicatorData(),
        M0011CreateCellRegistry(),
        M0012CreateSurveys(),
        M0013AddObservationIntervals(),
        M0014CreateRunningRecords(),
        M0015SignInFailuresAndTokenOwners(),
        M0016CreateBackgroundJobs(),
        M0017AddUnitContactRevision(),
    ]
}

struct M0001CreateRegions: AsyncMigration {
    var name: String { "0001-create-regions" }

    func prepare(on database: any Database) async throws {
        try await database.schema(RegionRecord.schema)
            .id()
            .field("code", .string)
            .field("name", .string, .required)
            .field("level", .string, .required)
            .field("parent_id", .uuid, .references(RegionRecord.schema, .id, onDelete: .restrict))
            .unique(on: "code", name: "uq_regions_code")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "ix_regions_parent_name").on(RegionRecord.schema)
            .column("parent_id").column("name").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(RegionRecord.schema).delete()
    }
}

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

/// A child table of `plans`: id, plan_id (cascading) and position, indexed by plan.
private func planChild(_ database: any Database, _ schema: String) -> SchemaBuilder {
    database.schema(schema)
        .id()
        .field("plan_id", .string, .required, .references(PlanRecord.schema, .id, onDelete: .cascade))
        .field("position", .int, .required)
}

private func indexByPlan(_ database: any Database, _ schemas: [String]) async throws {
    let sql = database as! any SQLDatabase
    for schema in schemas {
        try await sql.create(index: "ix_\(schema)_plan").on(schema).column("plan_id").column("position").run()
    }
}

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
