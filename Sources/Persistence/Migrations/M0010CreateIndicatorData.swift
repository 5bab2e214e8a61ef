import Fluent
import SQLKit

struct M0010CreateIndicatorData: AsyncMigration {
    var name: String { "0010-create-indicator-data" }

    func prepare(on database: any Database) async throws {
        // Until now `target` held the document's wording; it moves to `target_text`, and `target` holds
        // the expression from now on.
        try await database.schema(PlanIndicatorRecord.schema).field("target_text", .string).update()
        let sql = database as! any SQLDatabase
        try await sql.raw("UPDATE plan_indicators SET target_text = target, target = NULL").run()
        try await database.schema(APITokenRecord.schema).field("submits_data", .bool).update()

        try await database.schema(ObservationRecord.schema)
            .id()
            .field("plan_id", .string, .required)
            .field("indicator", .string, .required)
            .field("region_id", .uuid, .required, .references(RegionRecord.schema, .id, onDelete: .restrict))
            .field("period", .string, .required)
            .field("period_year", .int, .required)
            .field("period_kind", .string, .required)
            .field("value", .double, .required)
            .field("numerator", .double)
            .field("denominator", .double)
            .field("source_unit", .string)
            .field("note", .string)
            .field("evidence_sha256", .string)
            .field("evidence_name", .string)
            .field("evidence_size", .int)
            .field("state", .string, .required)
            .field("warnings_json", .string, .required)
            .field("revision", .int, .required)
            .field("updated_by", .string, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "plan_id", "indicator", "region_id", "period", name: "uq_observations_key")
            .create()
        try await sql.create(index: "ix_observations_plan_region").on(ObservationRecord.schema)
            .column("plan_id").column("region_id").run()
        try await sql.create(index: "ix_observations_plan_indicator").on(ObservationRecord.schema)
            .column("plan_id").column("indicator").column("period_year").run()

        try await database.schema(ObservationRevisionRecord.schema)
            .id()
            .field("observation_id", .uuid, .required, .references(ObservationRecord.schema, .id, onDelete: .cascade))
            .field("revision", .int, .required)
            .field("action", .string, .required)
            .field("value", .double, .required)
            .field("numerator", .double)
            .field("denominator", .double)
            .field("state", .string, .required)
            .field("note", .string)
            .field("actor", .string, .required)
            .field("at", .datetime, .required)
            .create()
        try await sql.create(index: "ix_observation_revisions_observation").on(ObservationRevisionRecord.schema)
            .column("observation_id").column("revision").run()

        try await database.schema(ReferenceValueRecord.schema)
            .id()
            .field("plan_id", .string, .required)
            .field("indicator", .string, .required)
            .field("kind", .string, .required)
            .field("year", .int, .required)
            .field("value", .double, .required)
            .field("source", .string)
            .field("updated_by", .string, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "plan_id", "indicator", "kind", "year", name: "uq_reference_values_key")
            .create()

        try await database.schema(IndicatorSettingsRecord.schema)
            .field("plan_id", .string, .identifier(auto: false))
            .field("settings_json", .string, .required)
            .field("updated_by", .string, .required)
            .field("updated_at", .datetime, .required)
            .create()

        try await database.schema(EvidenceFileRecord.schema)
            .field("sha256", .string, .identifier(auto: false))
            .field("content", .data, .required)
            .field("size", .int, .required)
            .field("file_name", .string, .required)
            .field("content_type", .string)
            .field("created_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        for schema in [EvidenceFileRecord.schema, IndicatorSettingsRecord.schema, ReferenceValueRecord.schema,
                       ObservationRevisionRecord.schema, ObservationRecord.schema] {
            try await database.schema(schema).delete()
        }
        let sql = database as! any SQLDatabase
        try await sql.raw("UPDATE plan_indicators SET target = target_text").run()
        try await database.schema(PlanIndicatorRecord.schema).deleteField("target_text").update()
        try await database.schema(APITokenRecord.schema).deleteField("submits_data").update()
    }
}
