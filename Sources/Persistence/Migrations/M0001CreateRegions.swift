import Fluent
import SQLKit

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
