import ArgumentParser
import Core
import Domain
import Foundation
import Persistence
import Vapor
import Web

/// `healthcity notify run --once`: queue the reminders that have come due and send what is waiting, for cron.
struct NotifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notify", abstract: "消息提醒：生成到期提醒、逾期督办和每日待办，并通过邮件和群机器人发出。",
        subcommands: [Run.self])

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "生成并发送到期的消息提醒。",
            discussion: """
            邮件服务器取自环境变量 HEALTHCITY_SMTP_HOST、HEALTHCITY_SMTP_PORT、HEALTHCITY_SMTP_FROM；消息中的链接以 \
            HEALTHCITY_BASE_URL 开头。提醒时间：HEALTHCITY_REMIND_DAYS（到期前天数，默认 3,1）、HEALTHCITY_ESCALATE_DAYS \
            （逾期几天报创建办，默认 7）、HEALTHCITY_DIGEST_AT（每日待办时间，默认 08:30）。同一条提醒只发一次，可随时重复运行。
            """)
        @ArgumentParser.Flag(name: .long, help: "只运行一轮后退出（供 cron 调用）；否则按间隔一直运行。") var once = false
        @OptionGroup var db: DatabaseOption

        func run() async throws {
            let configuration = NotificationConfiguration.fromEnvironment()
            let sender = NotificationSender(configuration: configuration)
            try await withDatabase(db.location) { app in
                repeat {
                    let outcome = try await NotificationRound.run(in: app.appCore, sender: sender)
                    for problem in outcome.problems { CLIOutput.current.err("提醒未能生成：\(problem)") }
                    CLIOutput.current.out("新增提醒 \(outcome.queued) 条；发出 \(outcome.report.sent) 条，待重试 \(outcome.report.retrying) 条，失败 \(outcome.report.failed) 条。")
                    if once { break }
                    try await Task.sleep(nanoseconds: UInt64(configuration.interval * 1_000_000_000))
                } while !Task.isCancelled
            }
        }
    }
}
