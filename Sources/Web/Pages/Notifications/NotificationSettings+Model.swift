import Domain
import Foundation

/// 消息提醒设置: the person's own channels and, for the office, the programme's and each unit's group robots.
struct NotificationSettingsView {
    struct Group {
        /// nil: the programme office's own group (hears escalations); otherwise a unit's canonical name.
        var unit: String?
        var settings: ChannelSettings
    }

    /// What a refused form typed, and why, to show it again.
    struct Refusal {
        /// "" for the personal form, "programme" or the unit's name for a group's.
        var form: String
        var values: [String: String]
        var problems: [String]
    }

    struct Model {
        var personal: ChannelSettings
        var planID: String?
        var planTitle: String?
        /// The office's groups: the programme first, then every unit of the plan.
        var groups: [Group]
        var notice: String?
        var refusal: Refusal?
        var mailConfigured: Bool
        /// When reminders go, as this server is set up.
        var policy: NotificationPolicy
    }

    var model: Model
}
