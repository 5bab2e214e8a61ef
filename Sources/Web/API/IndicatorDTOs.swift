import Domain
import Foundation
import Vapor

/// What the indicator API reads and answers, named in the OpenAPI document; nested in `IndicatorController`
/// where the routes that use them are.
extension IndicatorController {
    struct IndicatorDTO: Content {
        var indicator: Indicator
        var sourceUnit: String?
        var targets: [TargetDTO]
    }

    struct TargetDTO: Content {
        var id: String
        var target: String
        var text: String?
        var scope: ProgrammeTarget.Scope
    }

    struct RecordBody: Content {
        struct Item: Content {
            var region: String
            var indicator: String
            var period: String
            var value: Double?
            var numerator: Double?
            var denominator: Double?
            var note: String?
        }

        var observations: [Item]
        /// draft | submitted (default) | approved (office only)
        var state: ReviewState?
    }

    struct IssueDTO: Content {
        var file: String
        var line: Int?
        var column: Int?
        var field: String?
        var message: String
    }

    struct RejectedDTO: Content {
        var error: Bool
        var reason: String
        var issues: [IssueDTO]
    }
}

extension Indicator: Content {}
extension TableImportResult: Content {}
extension ProgrammeTarget.Scope: Content {}
