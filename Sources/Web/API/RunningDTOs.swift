import Foundation

/// The JSON of the monthly-report roll-up and the problem list (`/api/v1/plans/{id}/reports`, `…/problems`).
extension RunningController {
    struct StandingDTO: Encodable { var unit: String; var status: String; var statusName: String; var submittedOn: String?; var daysLate: Int }
    struct RollUpDTO: Encodable {
        var month: String; var dueDate: String; var expected: Int; var onTime: [String]; var late: [String]; var missing: [String]
        var returned: [String]; var pending: [String]; var units: [StandingDTO]
    }

    struct ProblemDTO: Encodable {
        var id: UUID; var inspectionID: UUID; var text: String; var unit: String; var deadline: String; var state: String
        var stateName: String; var daysOverdue: Int; var escalation: String; var evidence: Int
    }
}
