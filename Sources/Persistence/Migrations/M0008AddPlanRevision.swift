import Fluent
import SQLKit

struct M0008AddPlanRevision: AsyncMigration {
    var name: String { "0008-add-plan-revision" }

    func prepare(on database: any Database) async throws {
        try await database.schema(PlanRecord.schema).field("revision", .string).update()
        // Plans stored before this migration get a first revision, so they can be cached too.
        try await (database as! any SQLDatabase).raw("UPDATE plans SET revision = 'm0008-' || id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PlanRecord.schema).deleteField("revision").update()
    }
}
