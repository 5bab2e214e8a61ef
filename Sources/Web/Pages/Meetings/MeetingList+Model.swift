import Core
import Domain
import Foundation

extension MeetingListView {
    struct Model {
        var plan: Plan
        /// The meetings the principal may see (a liaison: those its unit is invited to), newest first.
        var meetings: [Meeting]
        /// What the comprehensive score sheet asks of meetings, when it asks.
        var requirement: MeetingRequirement?
        var year: Int
        var today: LocalDate
        /// The office may notify meetings.
        var canManage: Bool
        /// The units a notice may invite, in the plan's order.
        var units: [String]
        var ownUnit: String?
        var values: [String: String]
        var problems: [String]
        var notice: String?
    }
}
