import Core
import Domain
import Foundation
import Persistence
import Vapor

/// The JSON of the survey pages and API: a saved or refused interview, surveys with their townships, posted responses.
extension SurveyController {
    struct SavedDTO: Encodable { var saved: Bool; var resent: Bool; var respondent: String }

    struct FailedDTO: Encodable { var saved: Bool; var problems: [String] }

    struct SurveyDTO: Encodable {
        var id: UUID
        var name: String
        var questionnaire: String
        var year: Int
        var status: String
        var layout: String
        var planned: Int
        var completed: Int
        var townships: [TownshipDTO]
    }

    struct TownshipDTO: Encodable { var regionID: UUID; var name: String; var planned: Int; var completed: Int; var population: Double? }

    struct APIResponsesBody: Decodable {
        struct Item: Decodable {
            var respondent: String
            var township: String
            var village: String?
            var submissionKey: String?
            var answers: [String: String]
        }
        var responses: [Item]
    }
}
