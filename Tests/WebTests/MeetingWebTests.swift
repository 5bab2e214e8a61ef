import Core
import Domain
import Foundation
import Persistence
import Testing
import TestSupport
import VaporTesting
@testable import Web

/// Meetings and trainings through the web application: the office notifies a meeting, records who came and the
/// minutes with a decision that becomes a plan task; liaisons see only meetings their unit is invited to, leaders
/// read; every refused form names its field and keeps nothing; a stale save says who saved and when.
@Suite struct MeetingWebTests {
    static let plan = "pianguan-2023"
    static let base = "/plans/pianguan-2023"

    static func store(_ site: TestSite) -> FluentRunningStore { FluentRunningStore(database: site.app.db) }

    static func notice(_ title: String, date: String, invited: [String]) -> [String: String] {
        var form = ["kind": "leadingGroup", "title": title, "date": date, "time": "9:30", "place": "县政府三楼会议室",
                    "chair": "王副县长", "agenda": "通报创建进展\n部署下阶段任务"]
        for unit in invited { form["invite.\(unit)"] = "1" }
        return form
    }

    /// A minuted meeting with a decision that became a task, and a course, stored directly (for the API's examples).
    static func seed(_ site: TestSite) async throws {
        let plan = try Fixtures.plan(Self.plan)
        var meeting = try Meeting(planID: plan.id, kind: .progress, title: "工作推进会", date: LocalDate(iso: "2023-06-10")!, time: "15:00",
                                  place: "县卫体局会议室", agenda: ["通报进展"], invited: ["县卫体局", "县财政局"],
                                  noticeIssuedOn: LocalDate(iso: "2023-06-05")!).checkedNotice(plan: plan, today: LocalDate(iso: "2023-06-05")!)
        try meeting.recordAttendance(["县卫体局": ["张三"]], today: LocalDate(iso: "2023-06-10")!)
        try meeting.recordMinutes("会议通报了进展。", decisions: [MeetingDecisionInput(text: "完成健康步道", responsible: ["县卫体局"],
                                                                                    deadline: LocalDate(iso: "2023-07-31")!)], files: [], plan: plan)
        try meeting.decision(1, becameTask: 99)
        let training = try Training(planID: plan.id, kind: .course, tier: .township, title: "健康教育骨干培训班", audience: "乡镇健康专干",
                                    organiser: "县卫体局", date: LocalDate(iso: "2023-06-15")!, place: "新关镇", hours: 3,
                                    attendees: [.init(unit: "县卫体局", count: 8)]).checked(plan: plan, today: LocalDate(iso: "2023-06-20")!)
        try await store(site).save(meeting, expectedRevision: 0, action: "meeting.notice", actor: "测试", actorID: nil)
        try await store(site).save(training, expectedRevision: 0, action: "training.create", actor: "测试", actorID: nil)
    }

    @Test(arguments: TestEngine.available)
    func aMeetingFromNoticeToMinutes(engine: TestEngine) async throws {
        try await withTestSite(engine, plans: [Self.plan]) { site in
            let office = try await site.browser("office"), liaison = try await site.browser("liaison"), leader = try await site.browser("leader")
            RunningMonthTests.at("2023-06-01", site)

            // A notice with every field wrong: each is named, nothing kept.
            let bad = try await site.post("\(Self.base)/meetings", ["kind": "leadingGroup", "title": " ", "date": "2023-06-10", "time": "25:00",
                                                                    "place": "", "agenda": ""], as: office)
            #expect(bad.status == .unprocessableEntity)
            for message in ["会议名称：请填写", "会议地点：请填写", "会议时间：「25:00」不是时间", "会议议程：请至少写一项", "参会单位：请至少选择一个"] {
                #expect(bad.body.string.contains(message), "\(message)")
            }
            #expect(try await Self.store(site).records(Meeting.self, planID: Self.plan).isEmpty)
            #expect(try await site.post("\(Self.base)/meetings", Self.notice("领导小组会议", date: "2023-06-10", invited: ["县卫体局"]),
                                        as: leader).status == .forbidden)

            // Two meetings: the liaison's unit is invited to one.
            let created = try await site.post("\(Self.base)/meetings",
                                              Self.notice("创建工作领导小组第一次会议", date: "2023-06-10", invited: ["县卫体局", "县财政局", "县疾控中心"]),
                                              as: office)
            #expect(created.status == .seeOther)
            let other = try await site.post("\(Self.base)/meetings", Self.notice("财政专题会", date: "2023-06-12", invited: ["县财政局"]), as: office)
            #expect(other.status == .seeOther)
            let meetings = try await Self.store(site).records(Meeting.self, planID: Self.plan)
            let meeting = try #require(meetings.first { $0.value.title == "创建工作领导小组第一次会议" })
            let foreign = try #require(meetings.first { $0.value.title == "财政专题会" })
            #expect(meeting.value.invited == ["县卫体局", "县财政局", "县疾控中心"] && meeting.value.time == "09:30")
            let page = "\(Self.base)/meetings/\(meeting.value.id.uuidString.lowercased())"
            let foreignPage = "\(Self.base)/meetings/\(foreign.value.id.uuidString.lowercased())"

            let liaisonList = try await site.page("\(Self.base)/meetings", as: liaison)
            #expect(liaisonList.contains("创建工作领导小组第一次会议") && !liaisonList.contains("财政专题会"))
            #expect(try await site.get(foreignPage, as: liaison).status == .forbidden)
            #expect(try await site.page(page, as: leader).contains("县政府三楼会议室"))
            let api = try await site.get("/api/v1\(Self.base)/meetings", as: liaison)
            #expect(api.body.string.contains("创建工作领导小组第一次会议") && !api.body.string.contains("财政专题会"))

            // The notice as Word.
            let noticeDocx = try await site.get("\(page)/notice.docx", as: liaison)
            #expect(noticeDocx.status == .ok)
            let noticeText = try RunningMonthTests.documentText(Data(noticeDocx.body.readableBytesView))
            #expect(noticeText.contains("关于召开创建工作领导小组第一次会议的通知") && noticeText.contains("通报创建进展"))

            // Attendance before the day is refused; after it, absent units are named.
            let early = try await site.post("\(page)/attendance", ["revision": "1", "attend.县卫体局": "张三"], as: office)
            #expect(early.status == .unprocessableEntity && early.body.string.contains("尚未召开"))
            RunningMonthTests.at("2023-06-10", site)
            #expect(try await site.post("\(page)/attendance", ["revision": "1", "attend.县卫体局": "张三"], as: leader).status == .forbidden)
            let attended = try await site.post("\(page)/attendance", ["revision": "1", "attend.县卫体局": "张三、李四", "attend.县财政局": "王五",
                                                                      "attend.县疾控中心": ""], as: office)
            #expect(attended.status == .seeOther)
            #expect(try await Self.store(site).record(Meeting.self, planID: Self.plan, key: meeting.value.naturalKey)?.value.absentUnits == ["县疾控中心"])

            // A stale save (opened at revision 1) is refused, saying who saved and nothing changes.
            let stale = try await site.post("\(page)/notice", Self.notice("改名的会议", date: "2023-06-10", invited: ["县卫体局", "县财政局", "县疾控中心"])
                                                .merging(["revision": "1"]) { a, _ in a }, as: office)
            #expect(stale.status == .unprocessableEntity && stale.body.string.contains("已修改了这条记录") && stale.body.string.contains("测试创建办"))
            #expect(try await Self.store(site).record(Meeting.self, planID: Self.plan, key: meeting.value.naturalKey)?.value.title == "创建工作领导小组第一次会议")

            // Minutes with a decision naming no real unit: refused whole, the file not kept with it.
            let refused = try await site.postMultipart("\(page)/minutes", fields: [
                ("revision", "2"), ("minutes", "会议听取了创建进展汇报。"), ("d0.text", "完成健康步道"), ("d0.units", "火星局"), ("d0.deadline", "2023-07-31"),
            ], files: [("files", "签到表.pdf", RunningMonthTests.pdf)], as: office)
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("决定事项第1项责任单位：「火星局」不是本方案的单位"))
            let script = try await site.postMultipart("\(page)/minutes", fields: [("revision", "2"), ("minutes", "纪要")],
                                                      files: [("files", "签到表.png", Data("<script>alert(1)</script>".utf8))], as: office)
            #expect(script.status == .unprocessableEntity)
            #expect(try await Self.store(site).record(Meeting.self, planID: Self.plan, key: meeting.value.naturalKey)?.value.state == .held)

            let minuted = try await site.postMultipart("\(page)/minutes", fields: [
                ("revision", "2"), ("minutes", "会议听取了创建进展汇报。"), ("d0.text", "7月底前完成健康步道建设"), ("d0.units", "县卫体局、县财政局"),
                ("d0.deadline", "2023-07-31"), ("d1.text", ""), ("d1.units", ""), ("d1.deadline", ""),
            ], files: [("files", "签到表.pdf", RunningMonthTests.pdf)], as: office)
            #expect(minuted.status == .seeOther, "\(minuted.body.string.prefix(400))")
            let saved = try #require(try await Self.store(site).record(Meeting.self, planID: Self.plan, key: meeting.value.naturalKey))
            #expect(saved.value.state == .minuted && saved.value.decisions.count == 1 && saved.value.files.count == 1)
            #expect(saved.value.minutesDocument != nil)
            let minutesText = try RunningMonthTests.documentText(Data(try await site.get("\(page)/minutes.docx", as: leader).body.readableBytesView))
            #expect(minutesText.contains("7月底前完成健康步道建设") && minutesText.contains("县疾控中心"))

            // The decision becomes a plan task, once; from a stale page nothing is saved, the plan included.
            let convert = "\(page)/decisions/1/task"
            #expect(try await site.post(convert, ["revision": "3"], as: leader).status == .forbidden)
            let tasksBefore = try #require(try await site.app.appCore.plans.plan(id: Self.plan)).tasks.count
            let staleTask = try await site.post(convert, ["revision": "2"], as: office)
            #expect(staleTask.status == .seeOther && staleTask.headers.first(name: .location)?.contains("notice=") == true)
            #expect(try #require(try await site.app.appCore.plans.plan(id: Self.plan)).tasks.count == tasksBefore)
            #expect(try await site.post(convert, ["revision": "3"], as: office).status == .seeOther)
            let planAfter = try #require(try await site.app.appCore.plans.plan(id: Self.plan))
            let task = try #require(planAfter.tasks.last)
            #expect(planAfter.tasks.count == tasksBefore + 1)
            #expect(task.text == "7月底前完成健康步道建设" && task.responsible == ["县卫体局", "县财政局"])
            #expect(task.deadline == .date(LocalDate(iso: "2023-07-31")!))
            let converted = try #require(try await Self.store(site).record(Meeting.self, planID: Self.plan, key: meeting.value.naturalKey))
            #expect(converted.value.decisions[0].taskID == task.id && task.id != nil)
            #expect(try await site.page(page, as: office).contains("已转为任务，查看任务进展"))
            let again = try await site.post(convert, ["revision": "4"], as: office)
            #expect(again.headers.first(name: .location)?.removingPercentEncoding?.contains("已转为任务") == true)
            #expect(try #require(try await site.app.appCore.plans.plan(id: Self.plan)).tasks.count == tasksBefore + 1)

            // The minutes reach the dossier under the sheet's item that asks for meetings.
            let sheet = try #require(site.app.scoreSheets.flatMap(DossierBuilder.comprehensiveSheet(in:)))
            let dossier = try await site.app.appCore.runningWorkflow().dossier(plan: try Fixtures.plan(Self.plan), sheet: sheet)
            let item = try #require(dossier.scoreItems.first { $0.id == "1.1" })
            #expect(Set(item.files.map(\.link.evidence.fileName)) == ["签到表.pdf", "2023-06-10-创建工作领导小组第一次会议-纪要.docx"])
            let list = try await site.page("\(Self.base)/meetings", as: office)
            #expect(list.contains("已召开领导小组会议和工作推进会 1 次") && list.contains("还差 1 次"))
        }
    }

    @Test(arguments: TestEngine.available)
    func aTrainingWithAttendeesByUnit(engine: TestEngine) async throws {
        try await withTestSite(engine, plans: [Self.plan]) { site in
            let office = try await site.browser("office"), liaison = try await site.browser("liaison")
            RunningMonthTests.at("2023-06-20", site)
            let course: [(String, String)] = [("kind", "allStaff"), ("tier", "county"), ("title", "健康素养全员培训"), ("audience", "卫生健康系统全体职工"),
                                              ("organiser", "县卫体局"), ("date", "2023-06-15"), ("place", "县医院报告厅"), ("hours", "2.5")]

            let bad = try await site.postMultipart("\(Self.base)/trainings", fields: [("kind", "allStaff"), ("tier", "county"), ("title", ""),
                ("audience", "x"), ("organiser", "火星局"), ("date", "2023-06-15"), ("place", "x"), ("hours", "两小时"), ("count.县卫体局", "十")], as: office)
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("学时：「两小时」不是数字") && bad.body.string.contains("参训人数：县卫体局的「十」不是整数"))
            let unknown = try await site.postMultipart("\(Self.base)/trainings", fields: course + [("count.县卫体局", "0")], as: office)
            #expect(unknown.status == .unprocessableEntity && unknown.body.string.contains("请至少登记一个单位的参训人数"))
            #expect(try await site.postMultipart("\(Self.base)/trainings", fields: course + [("count.县卫体局", "40")], as: liaison).status == .forbidden)
            // Materials are checked by their content, like all evidence: a page posing as a photo is refused with the course.
            let disguised = try await site.postMultipart("\(Self.base)/trainings", fields: course + [("count.县卫体局", "40")],
                                                         files: [("materials", "照片.png", Data("<script>alert(1)</script>".utf8))], as: office)
            #expect(disguised.status == .unprocessableEntity && disguised.body.string.contains("不是照片"))
            #expect(try await Self.store(site).records(Training.self, planID: Self.plan).isEmpty)

            let added = try await site.postMultipart("\(Self.base)/trainings", fields: course + [("count.县卫体局", "40"), ("count.县疾控中心", "12")],
                                                     files: [("materials", "课件.pdf", RunningMonthTests.pdf)], as: office)
            #expect(added.status == .seeOther, "\(added.body.string.prefix(400))")
            let stored = try #require(try await Self.store(site).records(Training.self, planID: Self.plan).first)
            #expect(stored.value.attendees == [.init(unit: "县卫体局", count: 40), .init(unit: "县疾控中心", count: 12)])
            #expect(stored.value.hours == Decimal(string: "2.5") && stored.value.materials.count == 1)

            // Every member unit is listed, those with nobody trained too.
            let plan = try Fixtures.plan(Self.plan)
            let page = try await site.page("\(Self.base)/trainings?year=2023", as: liaison)
            for unit in MonthlyReportRules.reportingUnits(of: plan) { #expect(page.contains(unit), "\(unit)") }
            #expect(page.contains("健康素养全员培训") && page.contains("县级"))
            let api = try await site.get("/api/v1\(Self.base)/trainings", as: liaison)
            #expect(api.status == .ok && api.body.string.contains("\"totalAttendees\":52"))

            // An edit from a stale page is refused with who saved; a good one is kept.
            let edit = "\(Self.base)/trainings/\(stored.value.id.uuidString.lowercased())"
            #expect(try await site.postMultipart(edit, fields: course + [("revision", "1"), ("count.县卫体局", "45")], as: office).status == .seeOther)
            let stale = try await site.postMultipart(edit, fields: course + [("revision", "1"), ("count.县卫体局", "50")], as: office)
            #expect(stale.status == .unprocessableEntity && stale.body.string.contains("已修改了这条记录"))
            #expect(try await Self.store(site).record(Training.self, planID: Self.plan, key: stored.value.naturalKey)?.value.totalAttendees == 45)
        }
    }
}
