import Core
import Domain
import Foundation

extension SurveySettingsView {
    struct Model {
        var programme: CellWorkflow.Programme
        var survey: Survey
        var isNew: Bool
        var questionnaires: [Questionnaire]
        var totalsText: String
        var problems: [String]
        /// The stored survey as the form showed it (settings only): a save over someone else's later one is refused.
        var fingerprint: String? = nil

        /// The advanced settings open by themselves when they hold something or something in them was refused.
        var advancedOpen: Bool {
            !totalsText.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty || problems.contains { $0.hasPrefix("总体人数") }
        }
    }
}
