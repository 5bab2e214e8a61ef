import Domain
import Foundation

/// 发送记录: every copy sent (or tried) by email and robot for the programme, newest first, for the office.
struct DeliveryLogView {
    struct Row {
        var delivery: Delivery
        var notification: AppNotification
    }

    struct Model {
        var plan: Plan
        var rows: [Row]
        /// The status shown (nil: all).
        var status: Delivery.Status?
        var counts: [Delivery.Status: Int]
    }

    var model: Model
}
