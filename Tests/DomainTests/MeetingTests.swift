@testable import Domain
import Foundation
import Testing

/// Meetings from notice to minutes, what the score sheet asks of them, and their notice and minutes in Word.
@Suite struct MeetingTests {
    typealias F = RunningFixtures

    static func notice(date: String = "2024-05-10", invited: [String] = ["县卫生健康委员会", "县教育局", "新关镇"]) -> Meeting {
        Meeting(planID: F.plan.id, kind: .leadingGroup, title: " 创建工作领导小组第一次会议 ", date: F.day(date), time: "9：30",
                place: "县政府三楼会议室", agenda: ["通报创建进展", "", " 部署下阶段任务 "], invited: invited, chair: "王副县长",
                noticeIssuedOn: F.day("2024-05-06"))
    }

    static func held() throws -> Meeting {
        var meeting = try notice().checkedNotice(plan: F.plan, today: F.day("2024-05-06"))
        try meeting.recordAttendance(["县卫健委": ["张三", " 李四 "], "县教育局": ["王五"]], today: F.day("2024-05-10"))
        return meeting
    }

    @Test func aGoodNoticeIsCanonicalised() throws {
        let checked = try Self.notice().checkedNotice(plan: F.plan, today: F.day("2024-05-06"))
        #expect(checked.invited == ["县卫健委", "县教育局", "新关镇"])
        #expect(checked.title == "创建工作领导小组第一次会议" && checked.time == "09:30")
        #expect(checked.agenda == ["通报创建进展", "部署下阶段任务"])
        #expect(checked.state == .notified && checked.absentUnits.isEmpty)
    }

    @Test func aBadNoticeNamesEveryField() {
        var bad = Self.notice(invited: ["县卫健委", "县卫生健康委员会", "某协会", "各乡镇"])
        bad.title = " "
        bad.place = ""
        bad.time = "25:00"
        bad.agenda = ["", " "]
        let rejected = runningRejection { _ = try bad.checkedNotice(plan: F.plan, today: F.day("2024-05-06")) }
        #expect(rejected?.fields == ["title", "place", "time", "agenda", "invited[1]", "invited[2]", "invited[3]"])
        #expect(rejected?.messages[4] == "参会单位：「县卫健委」重复")
        #expect(rejected?.messages[5] == "参会单位：「某协会」不是本方案的单位")
        #expect(rejected?.issues.first?.location.file == "会议通知")
        var nobody = Self.notice(invited: [])
        nobody.time = "0930"
        #expect(runningRejection { _ = try nobody.checkedNotice(plan: F.plan, today: F.day("2024-05-06")) }?.messages == ["参会单位：请至少选择一个"])
    }

    @Test func timesAreReadAsPeopleWriteThem() {
        #expect(Meeting.parseTime("9:00") == "09:00")
        #expect(Meeting.parseTime("14：30") == "14:30")
        #expect(Meeting.parseTime("0830") == "08:30")
        for bad in ["", "9", "9:5", "24:00", "12:60", "上午九点", "9:00:00"] { #expect(Meeting.parseTime(bad) == nil, "\(bad)") }
    }

    @Test func attendanceComesAfterTheMeetingAndOnlyFromInvitedUnits() throws {
        var meeting = try Self.notice().checkedNotice(plan: F.plan, today: F.day("2024-05-06"))
        let early = runningRejection { try meeting.recordAttendance(["县卫健委": ["张三"]], today: F.day("2024-05-09")) }
        #expect(early?.fields == ["date"])
        let stranger = runningRejection { try meeting.recordAttendance(["县财政局": ["赵六"]], today: F.day("2024-05-10")) }
        #expect(stranger?.messages == ["出席情况：「县财政局」不是本次会议的参会单位", "出席情况：请至少登记一个单位的出席人员"])
        #expect(meeting.state == .notified && meeting.attendance.isEmpty)

        try meeting.recordAttendance(["县卫健委": ["张三", " 李四 ", ""], "县教育局": ["王五"], "新关镇": []], today: F.day("2024-05-10"))
        #expect(meeting.state == .held)
        #expect(meeting.attendingUnits == ["县卫健委", "县教育局"] && meeting.absentUnits == ["新关镇"])
        #expect(meeting.attendance[0].people == ["张三", "李四"])
        // Once held, a unit that came cannot be dropped from the invitation, and the date cannot move into the future.
        var edited = meeting
        edited.invited = ["县教育局"]
        edited.date = F.day("2024-06-01")
        #expect(runningRejection { _ = try edited.checkedNotice(plan: F.plan, today: F.day("2024-05-11")) }?.fields == ["date", "invited"])
    }

    @Test func minutesNeedAttendanceAndCheckEveryDecision() throws {
        var notified = try Self.notice().checkedNotice(plan: F.plan, today: F.day("2024-05-06"))
        let tooEarly = runningRejection { try notified.recordMinutes("纪要", decisions: [], files: [], plan: F.plan) }
        #expect(tooEarly?.messages == ["请先登记出席情况，再形成纪要"])

        var meeting = try Self.held()
        let bad = runningRejection {
            try meeting.recordMinutes(" ", decisions: [
                MeetingDecisionInput(text: "", responsible: [], deadline: nil),
                MeetingDecisionInput(text: "完善健康步道", responsible: ["火星局"], deadline: F.day("2024-05-01")),
            ], files: [], plan: F.plan)
        }
        #expect(bad?.fields == ["minutes", "decisions[0].text", "decisions[0].responsible", "decisions[1].responsible", "decisions[1].deadline"])
        #expect(bad?.messages[3] == "决定事项第2项责任单位：「火星局」不是本方案的单位")
        #expect(meeting.state == .held && meeting.decisions.isEmpty)

        try meeting.recordMinutes("会议听取了创建进展汇报。\n研究部署了下阶段工作。", decisions: [
            MeetingDecisionInput(text: "6月底前完成健康步道建设", responsible: ["县卫生健康委员会", "新关镇"], deadline: F.day("2024-06-30")),
            MeetingDecisionInput(text: "开展控烟督查", responsible: ["县教育局"], deadline: nil),
        ], files: [F.evidence("签到表.pdf")], plan: F.plan)
        #expect(meeting.state == .minuted)
        #expect(meeting.decisions.map(\.id) == [1, 2] && meeting.decisions[0].responsible == ["县卫健委", "新关镇"])

        // The first becomes a task; editing the minutes keeps it, renames the second and adds a third.
        try meeting.decision(1, becameTask: 17)
        #expect(runningRejection { try meeting.decision(1, becameTask: 18) }?.messages == ["第1项决定事项已转为任务（任务编号 17）"])
        #expect(runningRejection { try meeting.decision(9, becameTask: 18) } != nil)
        try meeting.recordMinutes("修改后的纪要", decisions: [
            MeetingDecisionInput(id: 1, text: "不应改动", responsible: ["县教育局"], deadline: nil),
            MeetingDecisionInput(id: 2, text: "开展控烟专项督查", responsible: ["县教育局"], deadline: nil),
            MeetingDecisionInput(text: "编印健康手册", responsible: ["县融媒体中心"], deadline: F.day("2024-07-31")),
        ], files: [F.evidence("签到表.pdf"), F.evidence("照片.png")], plan: F.plan)
        #expect(meeting.decisions.map(\.id) == [1, 2, 3])
        #expect(meeting.decisions[0].text == "6月底前完成健康步道建设" && meeting.decisions[0].taskID == 17)
        #expect(meeting.decisions[1].text == "开展控烟专项督查")
        #expect(meeting.files.count == 2)
    }

    @Test func aDecisionIsDueWithinTheProgramme() throws {
        var meeting = try Self.held()
        let late = runningRejection {
            try meeting.recordMinutes("纪要", decisions: [MeetingDecisionInput(text: "总结", responsible: ["县卫健委"], deadline: F.day("2025-10-01"))],
                                      files: [], plan: F.plan)
        }
        #expect(late?.fields == ["decisions[0].deadline"])
        #expect(late?.messages == ["决定事项第1项：完成时限 2025年10月1日 不在实施期（2024年3月1日至2025年9月30日）内"])
        try meeting.recordMinutes("纪要", decisions: [MeetingDecisionInput(text: "总结", responsible: ["县卫健委"], deadline: F.day("2025-09-30"))],
                                  files: [], plan: F.plan)
        #expect(meeting.decisions.first?.deadline == F.day("2025-09-30"))
    }

    @Test func theSheetCountsCoordinationMeetingsHeld() throws {
        let requirement = try #require(MeetingRequirement(sheet: try DossierFixture.sheet()))
        #expect(requirement.itemID == "1.1" && requirement.minimumPerYear == 2 && requirement.meetingName == "协调会议")
        let held = try Self.held()
        var mobilisation = held
        mobilisation.id = UUID(); mobilisation.kind = .mobilisation
        var notYet = try Self.notice(date: "2024-11-20").checkedNotice(plan: F.plan, today: F.day("2024-11-01"))
        notYet.kind = .progress
        var lastYear = held
        lastYear.id = UUID(); lastYear.date = F.day("2023-12-20")
        let meetings = [held, mobilisation, notYet, lastYear]
        #expect(requirement.held(in: 2024, meetings: meetings) == [held])
        #expect(!requirement.isMet(in: 2024, meetings: meetings))
        var progress = held
        progress.id = UUID(); progress.kind = .progress; progress.date = F.day("2024-09-01")
        #expect(requirement.isMet(in: 2024, meetings: meetings + [progress]))
    }

    @Test func theNoticeAndTheMinutesReadInOrder() throws {
        var meeting = try Self.held()
        try meeting.recordMinutes("会议听取了创建进展汇报。", decisions: [
            MeetingDecisionInput(text: "6月底前完成健康步道建设", responsible: ["县卫健委", "新关镇"], deadline: F.day("2024-06-30")),
        ], files: [], plan: F.plan)
        let documents = MeetingDocuments(meeting: meeting, programmeName: "测试县健康县建设", office: "测试县创建办")
        let notice = BodyItem.texts(try OpenedDOCX(try documents.noticeDocx()).body())
        expectInOrder(["关于召开创建工作领导小组第一次会议的通知", "县卫健委、县教育局、新关镇：", "一、会议时间",
                       "2024年5月10日（星期五）09:30", "二、会议地点", "县政府三楼会议室", "三、会议主持", "王副县长", "四、会议议程",
                       "1. 通报创建进展", "2. 部署下阶段任务", "五、参会单位", "六、有关要求", "测试县创建办", "2024年5月6日"], in: notice)
        let minutes = try OpenedDOCX(try documents.minutesDocx()).body()
        expectInOrder(["创建工作领导小组第一次会议纪要", "2024年5月10日09:30，创建工作领导小组第一次会议在县政府三楼会议室召开，王副县长主持。",
                       "一、出席情况", "县卫健委", "张三、李四", "缺席单位：新关镇。", "二、会议内容", "会议听取了创建进展汇报。",
                       "三、议定事项"], in: BodyItem.texts(minutes))
        #expect(minutes.contains(.table([["序号", "议定事项", "责任单位", "完成时限"],
                                         ["1", "6月底前完成健康步道建设", "县卫健委、新关镇", "2024年6月30日"]])))
        #expect(documents.minutesFileName == "2024-05-10-创建工作领导小组第一次会议-纪要.docx")
    }
}
