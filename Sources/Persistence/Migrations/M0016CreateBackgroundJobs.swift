import Fluent
import SQLKit

/// Background work as rows: progress seen from any server, and a job cut off by a stopped server known as failed.
struct M0016CreateBackgroundJobs: AsyncMigration {
    var name: String { "0016-create-background-jobs" }

    func prepare(on database: any Database) async throws {
        try await database.schema(BackgroundJobRecord.schema)
            .id()
            .field("kind", .string, .required)
            .field("plan_id", .string)
            .field("file_name", .string, .required)
            .field("started_by", .string, .required)
            .field("started_by_id", .uuid)
            .field("started_at", .datetime, .required)
            .field("state", .string, .required)
            .field("rows", .int, .required)
            .field("fraction", .double, .required)
            .field("result_json", .string)
            .field("problems_json", .string, .required)
            .field("heartbeat_at", .datetime, .required)
            .create()
        try await (database as! any SQLDatabase).create(index: "ix_background_jobs_state").on(BackgroundJobRecord.schema)
            .column("state").column("heartbeat_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(BackgroundJobRecord.schema).delete()
    }
}
