import Core
import Domain
import Foundation
import Vapor

extension DeliveryLogView.Model {
    static let limit = 500

    static func query(_ req: Request, plan: Plan) async throws -> Self {
        let all = try await req.appCore.notifications.deliveries(planID: plan.id, limit: limit)
        // An unknown status in the query shows everything rather than an empty page.
        let status = req.query[String.self, at: "status"].flatMap(Delivery.Status.init(rawValue:))
        var counts: [Delivery.Status: Int] = [:]
        for (delivery, _) in all { counts[delivery.status, default: 0] += 1 }
        return .init(plan: plan, rows: all.filter { status == nil || $0.0.status == status }.map { .init(delivery: $0.0, notification: $0.1) },
                     status: status, counts: counts)
    }
}
