import Core
import Domain
import Foundation

extension MeetingView {
    struct Model {
        var plan: Plan
        var stored: Stored<Meeting>
        var units: [String]
        /// The office manages the meeting; others read.
        var canManage: Bool
        var today: LocalDate
        /// What was typed in the form that was refused (`form` names it), and why.
        var form: String?
        var values: [String: String]
        var problems: [String]
        var notice: String?

        var meeting: Meeting { stored.value }
    }
}
