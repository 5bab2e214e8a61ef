import Fluent
import SQLKit

struct M0012CreateSurveys: AsyncMigration {
    var name: String { "0012-create-surveys" }

    func prepare(on database: any Database) async throws {
        try await database.schema(SurveyRecord.schema)
            .id()
            .field("plan_id", .string, .required)
            .field("name", .string, .required)
            .field("questionnaire_id", .string, .required)
            .field("year", .int, .required)
            .field("layout", .string, .required)
            .field("interval", .string, .required)
            .field("singleton", .string, .required)
            .field("quotas_json", .string, .required)
            .field("totals_json", .string)
            .field("status", .string, .required)
            .field("note", .string)
            .field("created_by", .string, .required)
            .field("created_at", .datetime, .required)
            .field("published_at", .datetime)
            .create()
        try await database.schema(SurveyResponseRecord.schema)
            .id()
            .field("survey_id", .uuid, .required, .references(SurveyRecord.schema, .id, onDelete: .cascade))
            .field("respondent", .string, .required)
            .field("region_id", .uuid, .required, .references(RegionRecord.schema, .id, onDelete: .restrict))
            .field("village", .string)
            .field("weight", .double)
            .field("answers_json", .string, .required)
            .field("source", .string, .required)
            .field("submission_key", .string)
            .field("entered_by", .string, .required)
            .field("entered_at", .datetime, .required)
            .unique(on: "survey_id", "respondent", name: "uq_survey_responses_respondent")
            .unique(on: "survey_id", "submission_key", name: "uq_survey_responses_submission")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "ix_surveys_plan").on(SurveyRecord.schema).column("plan_id").run()
        try await sql.create(index: "ix_survey_responses_region").on(SurveyResponseRecord.schema)
            .column("survey_id").column("region_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SurveyResponseRecord.schema).delete()
        try await database.schema(SurveyRecord.schema).delete()
    }
}
