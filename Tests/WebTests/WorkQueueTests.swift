import Domain
import Foundation
import Persistence
import Testing
import TestSupport
import VaporTesting
import Core
@testable import Web

/// What needs each person, on 偏关's programme (reports due on the 30th from April 2023): the to-do API and the homes
/// list the same items with the same counts, and each count is what the module page behind it lists.
@Suite struct WorkQueueTests {
    static let plan = "pianguan-2023"
    static let base = "/plans/pianguan-2023"

    static func at(_ iso: String, _ site: TestSite) {
        let instant = ISO8601DateFormatter().date(from: iso + "T10:00:00+08:00")!
        site.app.clock = { instant }
    }

    /// The to-do API's items as (kind → item).
    static func todo(_ site: TestSite, as browser: TestBrowser) async throws -> [String: [String: Any]] {
        let response = try await site.get("/api/v1/me/todo", as: browser)
        #expect(response.status == .ok)
        let body = try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
        let items = try #require(body["items"] as? [[String: Any]])
        return Dictionary(items.map { ($0["kind"] as? String ?? "", $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// The home's listed items as kind → count, read from the markup's `data-work-kind` / `data-count`.
    static func homeCounts(_ site: TestSite, as browser: TestBrowser) async throws -> [String: Int] {
        let html = try await site.page("/", as: browser)
        let pattern = try NSRegularExpression(pattern: #"data-work-kind="([a-zA-Z]+)" data-count="(\d+)""#)
        var counts: [String: Int] = [:]
        for match in pattern.matches(in: html, range: NSRange(html.startIndex..., in: html)) {
            let kind = String(html[Range(match.range(at: 1), in: html)!]), count = Int(html[Range(match.range(at: 2), in: html)!])!
            counts[kind, default: 0] += count
        }
        return counts
    }

    static func apiCounts(_ items: [String: [String: Any]]) -> [String: Int] {
        items.mapValues { $0["count"] as? Int ?? -1 }
    }

    @Test(arguments: TestEngine.available)
    func eachRoleSeesItsWorkAndTheHomeAgreesWithTheAPIAndTheModulePages(engine: TestEngine) async throws {
        try await withTestSite(engine, plans: [Self.plan]) { site in
            let plan = try Fixtures.plan(Self.plan)
            let office = try await site.browser("office"), liaison = try await site.browser("liaison")
            let leader = try await site.browser("leader")

            // 27 June 2023: April's and May's reports are past due, June's is due in three days.
            Self.at("2023-06-27", site)
            var mine = try await Self.todo(site, as: liaison)
            let late = try #require(mine["reportLate"])
            #expect(late["count"] as? Int == 2 && late["due"] as? String == "2023-04-30" && late["urgency"] as? String == "overdue")
            let due = try #require(mine["reportDue"])
            #expect(due["due"] as? String == "2023-06-30" && due["urgency"] as? String == "soon")
            #expect((due["url"] as? String)?.hasPrefix("\(Self.base)/reports/") == true)
            #expect(try await Self.homeCounts(site, as: liaison) == Self.apiCounts(mine))
            let home = try await site.page("/", as: liaison)
            #expect(home.contains("2023年6月月报截止（还有 3 天）") && !home.contains("方案未"))

            // The liaison files April's report; the office sends it back: one month late, one returned.
            let filed = try await site.postMultipart("\(Self.base)/reports/县卫体局/2023-04", fields: [
                ("workDone", "四月工作"), ("activities", ""), ("problems", ""), ("nextSteps", ""), ("action", "submit")], as: liaison)
            #expect(filed.status == .seeOther)
            mine = try await Self.todo(site, as: liaison)
            #expect(mine["reportLate"]?["count"] as? Int == 1 && mine["reportReturned"] == nil)
            #expect(try await site.post("\(Self.base)/reports/县卫体局/2023-04/return", ["reason": "请补充照片"], as: office).status == .seeOther)
            mine = try await Self.todo(site, as: liaison)
            #expect(mine["reportReturned"]?["count"] as? Int == 1 && mine["reportLate"]?["count"] as? Int == 1)
            #expect(try await Self.homeCounts(site, as: liaison) == Self.apiCounts(mine))

            // The office: May's missing reports are the report board's own count for May.
            let theirs = try await Self.todo(site, as: office)
            let board = try await site.get("/api/v1\(Self.base)/reports?month=2023-05", as: office)
            let rollUp = try #require(try JSONSerialization.jsonObject(with: Data(board.body.readableBytesView)) as? [String: Any])
            #expect(theirs["reportLate"]?["count"] as? Int == (rollUp["missing"] as? [String])?.count)
            #expect((theirs["reportLate"]?["url"] as? String) == "\(Self.base)/reports?month=2023-05")

            // Units nobody reports for: the office's item counts them (only 县卫体局 has an account).
            let missingAccounts = try #require(theirs["accountsMissing"]?["count"] as? Int)
            #expect(missingAccounts == MonthlyReportRules.reportingUnits(of: plan).count - 1)
            #expect(try await Self.homeCounts(site, as: office) == Self.apiCounts(theirs))

            // Red tasks are counted per task, not per unit × task: a task is red when any part is past its due date.
            Self.at("2023-12-20", site)
            let today = try #require(LocalDate(iso: "2023-12-20"))
            let parts = TaskAssignment.initial(for: plan, on: today)
            let redTasks = Set(parts.filter { ($0.dueDate?.date).map { $0 < today } ?? false }.map(\.taskIndex)).count
            #expect(redTasks > 0 && redTasks < parts.filter { ($0.dueDate?.date).map { $0 < today } ?? false }.count)
            let december = try await Self.todo(site, as: office)
            #expect(december["tasksRed"]?["count"] as? Int == redTasks)
            let taskBoard = try await site.page("\(Self.base)/tasks", as: office)
            #expect(taskBoard.contains("<b>\(redTasks)</b><span>红灯任务（逾期）</span>"), "the board's headline counts \(redTasks) red tasks")
            #expect(try await Self.homeCounts(site, as: office) == Self.apiCounts(december))

            // The office's home lists its work most urgent first; the leader's home reads the same standing.
            let officeHome = try await site.page("/", as: office)
            let overdueAt = try #require(officeHome.range(of: "data-work-kind=\"reportLate\""))
            if let normalAt = officeHome.range(of: "data-work-kind=\"accountsMissing\"") { #expect(overdueAt.lowerBound < normalAt.lowerBound) }
            let leaders = try await Self.todo(site, as: leader)
            #expect(leaders["reportLate"]?["count"] as? Int == theirs["reportLate"]?["count"] as? Int && leaders["accountsMissing"] == nil)
            #expect(try await site.page("/", as: leader).contains("需要关注"))

            // A token the office issued answers for the office; a command-line token belongs to nobody and has no work.
            let officeAccount = try #require(site.accounts["office"])
            let token = try await TokenIssuer.issue(name: "对接", planID: Self.plan, actor: officeAccount.principal, in: site.app.appCore)
            let byToken = try await site.api(.GET, "/api/v1/me/todo", token: token)
            #expect(byToken.status == .ok && byToken.body.string.contains("\"tasksRed\""))
            let loose = try await TokenIssuer.issue(name: "命令行", planID: Self.plan, actor: nil, in: site.app.appCore)
            #expect(try await site.api(.GET, "/api/v1/me/todo", token: loose).body.string == #"{"items":[]}"#)
        }
    }

    @Test func aProblemWaitsOnItsUnitThenOnTheOfficesRecheck() async throws {
        try await withTestSite(plans: [Self.plan]) { site in
            let office = try await site.browser("office"), liaison = try await site.browser("liaison")
            Self.at("2023-06-10", site)
            let created = try await site.post("\(Self.base)/inspections/new", [
                "date": "2023-06-10", "subjects": "县卫体局", "inspectors": "创建办", "findings": "健康教育宣传栏未更新",
                "text.0": "宣传栏内容过期", "unit.0": "县卫体局", "deadline.0": "2023-06-16"], as: office)
            #expect(created.status == .seeOther, "\(created.body.string.prefix(300))")
            var mine = try await Self.todo(site, as: liaison)
            let problems = try #require(mine["problemsToRectify"])
            #expect(problems["count"] as? Int == 1 && problems["due"] as? String == "2023-06-16" && problems["urgency"] as? String == "soon")
            // Past the deadline it is overdue for the unit and shows on the office's list.
            Self.at("2023-06-22", site)
            mine = try await Self.todo(site, as: liaison)
            #expect(mine["problemsToRectify"]?["urgency"] as? String == "overdue")
            #expect(try await Self.todo(site, as: office)["problemsToRectify"]?["count"] as? Int == 1)
        }
    }
}
