import Domain
import Foundation

/// The signed-in person's messages, unread first.
struct InboxView {
    struct Model {
        var notifications: [AppNotification]
        var unread: Int
        var notice: String?
        /// The office's delivery log, linked for the office.
        var logPlan: String?
    }

    var model: Model
}
