import Core
import Domain
import Foundation
import NIOConcurrencyHelpers
import Vapor

/// The notification loop inside `serve`: every few seconds it queues the reminders that have come due and sends
/// what the outbox holds. Time comes from the application's clock only; several servers on one database share the
/// work through the delivery leases.
public struct NotificationLoop: LifecycleHandler {
    let configuration: NotificationConfiguration
    private let task = NIOLockedValueBox<Task<Void, Never>?>(nil)

    public init(configuration: NotificationConfiguration) { self.configuration = configuration }

    public func didBootAsync(_ application: Application) async throws {
        let sender = NotificationSender(configuration: configuration)
        let interval = configuration.interval
        let planningInterval = configuration.planningInterval
        let logger = application.logger
        task.withLockedValue {
            $0 = Task { [application] in
                var lastPlanned: Date?
                while !Task.isCancelled {
                    // First a pause: a server that has just started (or restarts in a loop) does not plan at once.
                    try? await Task.sleep(nanoseconds: UInt64(interval * 1_000_000_000))
                    if Task.isCancelled { break }
                    do {
                        // The application's clock decides when planning is due again (a test or a demo may move it).
                        let now = application.clock()
                        let plan = lastPlanned.map { abs(now.timeIntervalSince($0)) >= planningInterval } ?? true
                        let outcome = try await NotificationRound.run(in: application.appCore, sender: sender, plan: plan)
                        if plan { lastPlanned = now }
                        for problem in outcome.problems { logger.warning("提醒未能生成：\(problem)") }
                        if outcome.queued + outcome.report.sent + outcome.report.failed > 0 {
                            logger.info("消息提醒：新增 \(outcome.queued) 条，发出 \(outcome.report.sent) 条，待重试 \(outcome.report.retrying) 条，失败 \(outcome.report.failed) 条")
                        }
                    } catch {
                        logger.warning("消息提醒本轮出错，稍后重试：\(error)")
                    }
                }
            }
        }
    }

    public func shutdownAsync(_ application: Application) async {
        let running = task.withLockedValue { current -> Task<Void, Never>? in
            let task = current
            current = nil
            return task
        }
        running?.cancel()
        await running?.value
    }
}
