import Fluent

struct M0007CreateSettingsAndUnitContacts: AsyncMigration {
    var name: String { "0007-create-settings-and-unit-contacts" }

    func prepare(on database: any Database) async throws {
        try await database.schema(SettingRecord.schema)
            .field(.id, .string, .identifier(auto: false))
            .field("value", .string, .required)
            .create()
        try await database.schema(UnitContactRecord.schema)
            .id()
            .field("plan_id", .string, .required)
            .field("unit_name", .string, .required)
            .field("liaison", .string, .required)
            .field("phone", .string, .required)
            .field("note", .string, .required)
            .field("updated_at", .datetime)
            .field("updated_by", .string)
            .unique(on: "plan_id", "unit_name", name: "uq_unit_contacts_plan_unit")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(UnitContactRecord.schema).delete()
        try await database.schema(SettingRecord.schema).delete()
    }
}
