import Fluent
import SQLKit

/// Contact cards count their saves, so a save from a page opened before someone else's save is refused.
struct M0017AddUnitContactRevision: AsyncMigration {
    var name: String { "0017-add-unit-contact-revision" }

    func prepare(on database: any Database) async throws {
        try await database.schema(UnitContactRecord.schema)
            .field("revision", .int, .required, .sql(.default(0)))
            .update()
        // Cards saved before this have one save behind them.
        try await (database as! any SQLDatabase).update(UnitContactRecord.schema).set("revision", to: 1).run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(UnitContactRecord.schema).deleteField("revision").update()
    }
}
