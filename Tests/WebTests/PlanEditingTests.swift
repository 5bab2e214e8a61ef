import Core
import Domain
import Foundation
import Persistence
import Testing
import TestSupport
import VaporTesting
@testable import Web

/// The living programme: the office edits 偏关's plan in the browser (a subtask for 新关镇 with a deadline, a changed
/// responsible unit, an indicator with figures it may not remove), replaces it from the seed document with the diff
/// shown first and every figure kept, and reads, compares and restores its history; a township officer reports.
@Suite struct PlanEditingTests {
    static let plan = "pianguan-2023"
    static let base = "/plans/pianguan-2023"

    static func revision(_ site: TestSite) async throws -> String {
        String(try await site.app.appCore.plans.currentRevision(planID: plan))
    }

    static func notice(_ response: TestingHTTPResponse) -> String {
        let location = response.headers.first(name: .location) ?? ""
        return URLComponents(string: location)?.queryItems?.first { $0.name == "notice" }?.value ?? ""
    }

    /// The form fields of a task as the editor would send them back unchanged.
    static func taskFields(_ task: PlanTask, revision: String) -> [String: String] {
        var fields = ["revision": revision, "text": task.text, "number": task.number ?? "", "section": task.section ?? "",
                      "title": task.title ?? "", "why": "测试"]
        for name in task.responsible { fields["resp.\(name)"] = "1" }
        for (index, subtask) in task.subtasks.enumerated() {
            fields["sub\(index).id"] = String(subtask.id)
            fields["sub\(index).title"] = subtask.title
            fields["sub\(index).responsible"] = subtask.responsible.joined(separator: "、")
            fields["sub\(index).deadline"] = subtask.deadline?.iso ?? ""
        }
        return fields
    }

    @Test(arguments: TestEngine.available)
    func theOfficeEditsReplacesAndRestoresWithoutLosingData(engine: TestEngine) async throws {
        try await withTestSite(engine, plans: [Self.plan]) { site in
            RunningMonthTests.at("2023-06-20", site)
            let office = try await site.browser("office")
            let core = site.app.appCore
            // Figures on 学生体质 and 健康素养: what a replacement must never make unreachable.
            let token = try await site.issueToken(submitsData: true)
            let figures = #"{"observations": [{"region": "偏关县", "indicator": "STUDENT-FITNESS", "period": "2023", "value": 96.1},"#
                + #" {"region": "偏关县", "indicator": "HC38", "period": "2023", "value": 30}]}"#
            #expect(try await site.api(.POST, "/api/v1/plans/\(Self.plan)/observations", token: token, body: figures).status == .created)

            // Townships become units from the region tree.
            let townships = try await site.post("\(Self.base)/edit/townships", ["revision": try await Self.revision(site)], as: office)
            #expect(Self.notice(townships).contains("新关镇"))
            var plan = try #require(try await core.plans.plan(id: Self.plan))
            #expect(plan.units.contains { $0.name == "新关镇" && $0.kind == .township && $0.region == "新关镇" })

            // A subtask for 新关镇 with its deadline on the task 各乡镇 carry (健康村、健康家庭).
            let shared = try #require(plan.tasks.first { $0.responsible == ["各乡<镇>人民政府"] })
            var fields = Self.taskFields(shared, revision: try await Self.revision(site))
            fields["new.title"] = "新关镇健康家庭建设"
            fields["new.responsible"] = "新关镇"
            fields["new.deadline"] = "2023-09-30"
            let savedTask = try await site.post("\(Self.base)/edit/tasks/\(try #require(shared.id))", fields, as: office)
            #expect(savedTask.status == .seeOther, "\(savedTask.body.string.prefix(400))")
            plan = try #require(try await core.plans.plan(id: Self.plan))
            let subtask = try #require(plan.task(id: shared.id!)?.task.subtasks.first)
            #expect(subtask.title == "新关镇健康家庭建设" && subtask.responsible == ["新关镇"] && subtask.deadline?.iso == "2023-09-30")

            // A subtask without a responsible unit and a unit the plan does not have: named, nothing saved.
            fields = Self.taskFields(try #require(plan.task(id: shared.id!)?.task), revision: try await Self.revision(site))
            fields["new.title"] = "无人负责"
            fields["new.responsible"] = "火星局"
            let bad = try await site.post("\(Self.base)/edit/tasks/\(shared.id!)", fields, as: office)
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("「火星局」不是本方案的单位或工作组"))

            // A responsible unit changed: 县财政局's budget task goes to 县卫体局.
            let budget = try #require(plan.tasks.first { $0.responsible == ["县财政局"] })
            fields = Self.taskFields(budget, revision: try await Self.revision(site))
            fields["resp.县财政局"] = nil
            fields["resp.县卫体局"] = "1"
            fields["deadlineKind"] = "date"
            fields["deadlineDate"] = "2023-07-31"
            #expect(try await site.post("\(Self.base)/edit/tasks/\(budget.id!)", fields, as: office).status == .seeOther)
            plan = try #require(try await core.plans.plan(id: Self.plan))
            #expect(plan.task(id: budget.id!)?.task.responsible == ["县卫体局"])
            #expect(plan.task(id: budget.id!)?.task.deadline == .date(LocalDate(iso: "2023-07-31")!))

            // Removing the indicator with a figure is refused, counting it; archiving keeps it reachable.
            let staleRevision = try await Self.revision(site)
            let removal = try await site.post("\(Self.base)/edit/items/indicator/STUDENT-FITNESS",
                                              ["action": "remove", "revision": staleRevision], as: office)
            #expect(Self.notice(removal).contains("已有 1 条数据"))
            #expect(try await core.plans.plan(id: Self.plan)?.indicators.contains { $0.code == "STUDENT-FITNESS" } == true)
            // A save from a page opened before another save is refused, saying who saved.
            _ = try await site.post("\(Self.base)/edit/schedule", ["revision": staleRevision, "dueDay": "25", "why": "月报改为25日"], as: office)
            let stale = try await site.post("\(Self.base)/edit/schedule", ["revision": staleRevision, "dueDay": "28"], as: office)
            #expect(Self.notice(stale).contains("测试创建办"))
            #expect(try await core.plans.plan(id: Self.plan)?.reporting?.monthlyDueDay == 25)

            // The township officer sees 新关镇's part and reports progress on it and a monthly report.
            let township = try await site.browser("township")
            let own = try await site.get("\(Self.base)/tasks", as: township).body.string
            #expect(own.contains("新关镇的任务"))
            let progress = try await site.postMultipart("\(Self.base)/tasks/\(shared.id!).\(subtask.id)/新关镇",
                                                        fields: [("progress", "inProgress"), ("note", "已入户 40 户"), ("date", "2023-06-19")],
                                                        as: township)
            #expect(Self.notice(progress).contains("已记录任务进展"), "\(progress.headers)")
            let report = try await site.postMultipart("\(Self.base)/reports/新关镇/2023-05", fields: [
                ("workDone", "召开村级动员会"), ("activities", ""), ("problems", ""), ("nextSteps", "入户"), ("action", "submit"),
            ], as: township)
            #expect(report.status == .seeOther, "\(report.body.string.replacingOccurrences(of: "<[^>]+>", with: " ", options: .regularExpression).components(separatedBy: "未").dropFirst().prefix(3))")
            #expect(try await site.postMultipart("\(Self.base)/reports/县卫体局/2023-05", fields: [("workDone", "x"), ("action", "submit")],
                                                 as: township).status == .forbidden)
            let board = try await site.get("\(Self.base)/tasks", as: office).body.string
            #expect(board.contains("新关镇"))
            let api = try await site.get("/api/v1/plans/\(Self.plan)/tasks", as: office).body.string
            #expect(api.contains("新关镇健康家庭建设") && api.contains("\"light\""))

            // Replacing from the seed document: the diff is shown first; the figures' indicators stay reachable.
            let figuresBefore = try await core.indicators.observations(planID: Self.plan, indicator: nil, regionIDs: nil, state: nil).count
            let uploaded = try await site.upload(Data(try ImportTests.pianguanText.utf8), fileName: "偏关方案.txt", as: office)
            let location = try #require(uploaded.headers.first(name: .location))
            let draft = try await site.get(location, as: office).body.string
            #expect(draft.contains("替换将带来的变化"))
            var replaced = try await site.post(location + "/save", ["replace": "1"], as: office)
            if replaced.status == .conflict {
                #expect(replaced.body.string.contains("已有"))
                replaced = try await site.post(location + "/save", ["replace": "1", "archive": "1"], as: office)
            }
            #expect(replaced.status == .seeOther, "\(replaced.body.string.prefix(500))")
            plan = try #require(try await core.plans.plan(id: Self.plan))
            #expect(try await core.indicators.observations(planID: Self.plan, indicator: nil, regionIDs: nil, state: nil).count == figuresBefore)
            for code in ["STUDENT-FITNESS", "HC38"] {
                #expect(plan.indicators.contains { $0.code == code }, "\(code) stays in the plan, archived if the document dropped it")
                #expect(try await site.get("\(Self.base)/indicators/\(code)", as: office).status == .ok)
            }
            // The office's additions survive the document: the township units and the subtask with its progress.
            #expect(plan.units.contains { $0.name == "新关镇" })
            #expect(plan.task(id: shared.id!)?.task.subtasks.contains { $0.title == "新关镇健康家庭建设" } == true)

            // The history lists every revision; an earlier one is restored as a new revision.
            let revisions = try await core.plans.revisions(planID: Self.plan)
            #expect(revisions.count >= 6)
            #expect(revisions.map(\.why).contains("月报改为25日"))
            let history = try await site.get("\(Self.base)/history", as: office).body.string
            #expect(history.contains("月报改为25日") && history.contains("测试创建办"))
            let compared = try await site.get("\(Self.base)/history?from=2&to=3", as: office).body.string
            #expect(compared.contains("新关镇健康家庭建设"))
            let restored = try await site.post("\(Self.base)/history/2/restore", ["revision": String(revisions.last!.revision)], as: office)
            #expect(Self.notice(restored).contains("已恢复第 2 版"))
            #expect(try await core.plans.currentRevision(planID: Self.plan) == revisions.last!.revision + 1)
            #expect(try await core.plans.plan(id: Self.plan)?.task(id: shared.id!)?.task.subtasks.isEmpty == true)
            // Leaders read the history but cannot restore.
            let leader = try await site.browser("leader")
            #expect(try await site.get("\(Self.base)/history", as: leader).status == .ok)
            #expect(try await site.post("\(Self.base)/history/1/restore", ["revision": "1"], as: leader).status == .forbidden)
        }
    }

    /// 山亭 and 嘉峰 date no phases: monthly reports run once the office sets the programme's period and reporting day.
    @Test(arguments: [("shanting-2019", "2019-10-22", "2022-12-31", "2020-03"), ("jiafeng-2023", "2023-01-01", "2025-12-31", "2024-03")])
    func plansWithoutDatedPhasesRunMonthlyReportsOnceTheOfficeSetsACalendar(planID: String, start: String, end: String, month: String) async throws {
        try await withTestSite(plans: ["pianguan-2023", planID]) { site in
            let (account, _) = try await AccountService.create(
                AccountDraft(username: "office2", displayName: "第二创建办", role: .office, planID: planID),
                password: TestSite.password, actor: nil, in: site.app.appCore, hash: { try Bcrypt.hash($0, cost: 4) })
            var accounts = site
            accounts.accounts["office2"] = account
            let office = try await accounts.browser("office2")
            let base = "/plans/\(planID)"
            #expect(try await site.get("\(base)/reports", as: office).status == .notFound)
            let revision = String(try await site.app.appCore.plans.currentRevision(planID: planID))
            let bad = try await site.post("\(base)/edit/schedule", ["revision": revision, "start": "2024-01-01", "end": "2023-12-31"], as: office)
            #expect(Self.notice(bad).contains("早于开始"))
            let set = try await site.post("\(base)/edit/schedule", ["revision": revision, "start": start, "end": end,
                                                                   "dueDay": "25", "why": "按县政府部署设定实施期"], as: office)
            #expect(Self.notice(set).contains("已保存为第"), "\(Self.notice(set))")
            let reports = try await site.get("\(base)/reports?month=\(month)", as: office)
            #expect(reports.status == .ok)
            let (year, number) = (month.prefix(4), Int(month.suffix(2))!)
            #expect(reports.body.string.contains("\(year)年\(number)月25日"))
        }
    }
}
