import Fluent

/// A survey's figure carries its confidence interval into the indicator data.
struct M0013AddObservationIntervals: AsyncMigration {
    var name: String { "0013-add-observation-intervals" }

    func prepare(on database: any Database) async throws {
        try await database.schema(ObservationRecord.schema).field("ci_low", .double).update()
        try await database.schema(ObservationRecord.schema).field("ci_high", .double).update()
        try await database.schema(ObservationRecord.schema).field("ci_method", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ObservationRecord.schema).deleteField("ci_low").update()
        try await database.schema(ObservationRecord.schema).deleteField("ci_high").update()
        try await database.schema(ObservationRecord.schema).deleteField("ci_method").update()
    }
}
