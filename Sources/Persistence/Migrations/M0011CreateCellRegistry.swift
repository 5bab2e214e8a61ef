import Fluent
import SQLKit

struct M0011CreateCellRegistry: AsyncMigration {
    var name: String { "0011-create-cell-registry" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await database.schema(FluentCellStore.places)
            .id()
            .field("cell", .string, .required)
            // '' rather than NULL for none: the counts' unique key must treat "no sub-kind" as one value.
            .field("subkind", .string, .required)
            .field("name", .string, .required)
            .field("code", .string)
            .field("identity", .string, .required)
            .field("region_id", .uuid, .required, .references(RegionRecord.schema, .id, onDelete: .restrict))
            .field("eligible", .bool, .required)
            .field("status", .string, .required)
            .field("certified_on", .string)
            .field("revoked_on", .string)
            .field("contact", .string)
            .field("note", .string)
            .field("updated_at", .datetime, .required)
            .unique(on: "region_id", "identity", "cell", name: "uq_cell_places_identity")
            .create()
        try await sql.create(index: "ix_cell_places_region_cell").on(FluentCellStore.places)
            .column("region_id").column("cell").column("status").run()

        try await database.schema(FluentCellStore.transitions)
            .id()
            .field("place_id", .uuid, .required, .references(FluentCellStore.places, .id, onDelete: .cascade))
            .field("seq", .int, .required)
            .field("from_status", .string)
            .field("to_status", .string, .required)
            .field("on_date", .string)
            .field("actor", .string, .required)
            .field("reason", .string)
            .field("at", .datetime, .required)
            .create()
        try await sql.create(index: "ix_cell_transitions_place").on(FluentCellStore.transitions).column("place_id").run()

        try await database.schema(FluentCellStore.counts)
            .field("region_id", .uuid, .required, .references(RegionRecord.schema, .id, onDelete: .cascade))
            .field("cell", .string, .required)
            .field("subkind", .string, .required)
            .field("places", .int, .required)
            .field("eligible", .int, .required)
            .field("certified", .int, .required)
            .unique(on: "region_id", "cell", "subkind", name: "uq_cell_counts_key")
            .create()

        try await database.schema(FluentCellStore.assessments)
            .id()
            .field("place_id", .uuid, .required, .references(FluentCellStore.places, .id, onDelete: .cascade))
            .field("region_id", .uuid, .required)
            .field("sheet_id", .string, .required)
            .field("assessor", .string, .required)
            .field("assessed_on", .string, .required)
            .field("entries_json", .string, .required)
            .field("result_json", .string, .required)
            .field("total", .double, .required)
            .field("proposal", .string, .required)
            .field("reasons_json", .string, .required)
            .field("state", .string, .required)
            .field("decided_by", .string)
            .field("decided_on", .string)
            .field("note", .string)
            .field("evidence_json", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await sql.create(index: "ix_cell_assessments_place").on(FluentCellStore.assessments).column("place_id").run()
        try await sql.create(index: "ix_cell_assessments_region_state").on(FluentCellStore.assessments)
            .column("region_id").column("state").run()
    }

    func revert(on database: any Database) async throws {
        for schema in [FluentCellStore.assessments, FluentCellStore.counts, FluentCellStore.transitions, FluentCellStore.places] {
            try await database.schema(schema).delete()
        }
    }
}
