import Domain
import Foundation
import Persistence

/// The demo's running records: monthly reports (most on time, some late, some missing, one returned, this month's
/// still owed), supervision problems in every state, meetings held and one to come, trainings, activities and
/// progress on the tasks. Every record goes through the running store, so it has its history and audit entry.
struct DemoRunning {
    let demo: DemoProgramme
    let plan: Plan
    let core: AppCore
    /// Township and village ids by name.
    let regions: [String: UUID]

    static let actor = "演示数据"

    var planID: String { plan.id }
    var today: LocalDate { demo.today }

    /// Noon of `date` in China, never later than now (so nothing is stamped in the future).
    func instant(_ date: LocalDate) -> Date { min(date.noonInChina, core.now) }

    /// Who signs a unit's reports: its demo liaison or township officer, else the unit's liaison.
    func reporter(_ unit: String) -> String {
        DemoPerson.all.first { $0.unit == unit || ($0.role == .township && $0.region == unit) }?.displayName ?? "\(unit)联络员"
    }

    func load() async throws {
        try await reports()
        try await problems()
        try await meetings()
        try await trainings()
        try await activities()
        try await taskProgress()
    }

    // MARK: Monthly reports

    /// What is special about a unit's report for a month, by months back from this one; everything else is on time.
    enum ReportCase { case late(days: Int), missing, draft, returned }

    static let reportCases: [String: [Int: ReportCase]] = [
        "县住房和城乡建设局": [-3: .late(days: 4), -2: .late(days: 6), -1: .missing],
        "县民政局": [-2: .draft, -1: .missing],
        "北坪乡": [-1: .missing],
        "县教育局": [-1: .returned],
        "东山镇": [-1: .late(days: 3)],
    ]

    func reports() async throws {
        guard let schedule = ReportingSchedule(plan: plan) else { return }
        let months = schedule.reportableMonths(on: today)
        for month in months {
            let back = monthsBack(month)
            let due = schedule.dueDate(for: month)
            var batch: [(value: MonthlyReport, expectedRevision: Int)] = []
            for (index, unit) in DemoProgramme.reportingUnits.enumerated() {
                var report = MonthlyReport(planID: planID, unit: unit, month: month, workDone: workDone(unit, month),
                                           activities: "（演示数据）组织健康讲座\(index % 3 + 1)场，发放宣传资料\(200 + index * 30)份。",
                                           problems: index % 4 == 0 ? "（演示数据）部分村（社区）健康指导员力量不足。" : "",
                                           nextSteps: "（演示数据）按任务清单继续推进，按时报送下月进展。",
                                           updatedBy: reporter(unit), updatedAt: instant(month.firstDay))
                if back == 0 {
                    // This month's report is due within days: one unit has sent it, one has a draft, the rest owe it.
                    if unit == "县卫生健康局" {
                        report.state = .submitted
                        report.firstSubmittedAt = instant(today); report.submittedAt = report.firstSubmittedAt
                        report.updatedAt = report.firstSubmittedAt!
                    } else if unit == "县文化体育局" {
                        report.state = .draft
                    } else { continue }
                } else {
                    switch Self.reportCases[unit]?[back] {
                    case .missing?: continue
                    case .draft?:
                        report.state = .draft
                    case .late(let days)?:
                        submit(&report, on: min(due.adding(days: days), today))
                    case .returned?:
                        submit(&report, on: due.adding(days: -1))
                        report.state = .returned
                        report.returnedAt = instant(min(due.adding(days: 2), today))
                        report.returnReason = "（演示数据）未写明健康促进学校建设的具体进度和数字，请补充后重新提交。"
                        report.updatedBy = "王敏（创建办）"; report.updatedAt = report.returnedAt!
                    case nil:
                        submit(&report, on: due.adding(days: -(index % 5 + 1)))
                    }
                }
                batch.append((report, 0))
            }
            if !batch.isEmpty {
                try await core.running.saveAll(batch, action: "report.submit", actor: Self.actor, actorID: nil)
            }
        }
    }

    private func submit(_ report: inout MonthlyReport, on date: LocalDate) {
        let day = max(date, report.month.firstDay)
        report.state = .submitted
        report.firstSubmittedAt = instant(day); report.submittedAt = report.firstSubmittedAt
        report.updatedAt = report.firstSubmittedAt!
    }

    func monthsBack(_ month: YearMonth) -> Int {
        (month.year - today.year) * 12 + month.month - today.month
    }

    private func workDone(_ unit: String, _ month: YearMonth) -> String {
        let works = ["对照任务清单召开专题会议，细化本单位创建措施", "开展健康知识进机关、进社区宣传活动",
                     "完成本单位健康细胞建设自查并整理档案", "配合创建办开展督导检查并落实整改"]
        return "（演示数据）\(month.chineseName)，\(unit)\(works[(month.month + unit.count) % works.count])。"
    }

    // MARK: Supervision

    func problems() async throws {
        let recent = Inspection(planID: planID, date: demo.day(-40), inspectors: ["王敏（创建办）", "赵丽（评审专家）"],
                                subjects: [.unit("县住房和城乡建设局"), .unit("县市场监督管理局"), .unit("县教育局"), .unit("东山镇")],
                                findings: "（演示数据）第二季度督导：健身设施维护、农贸市场宣传、学校控烟和村卫生室资料存在问题。")
        let earlier = Inspection(planID: planID, date: demo.day(-120), inspectors: ["王敏（创建办）"], subjects: [.unit("县卫生健康局")],
                                 findings: "（演示数据）健康教育讲座记录检查。")
        try await core.running.saveAll([(recent, 0), (earlier, 0)], action: "inspection.create", actor: Self.actor, actorID: nil)

        var toRecheck = InspectionProblem(planID: planID, inspectionID: recent.id, text: "（演示数据）两所学校校园控烟标识不足",
                                          unit: "县教育局", deadline: demo.day(-2))
        toRecheck.state = .submitted
        toRecheck.rectificationNote = "（演示数据）已在全县中小学补设控烟标识，张贴禁烟海报。"
        toRecheck.submittedOn = demo.day(-3)
        var closed = InspectionProblem(planID: planID, inspectionID: earlier.id, text: "（演示数据）健康教育讲座记录不完整，缺少签到表",
                                       unit: "县卫生健康局", deadline: demo.day(-90))
        closed.state = .closed
        closed.rectificationNote = "（演示数据）已补齐讲座签到表和照片，建立讲座台账。"
        closed.submittedOn = demo.day(-100)
        closed.rechecks = [Recheck(date: demo.day(-95), by: "王敏（创建办）", passed: true, note: "台账完整")]
        closed.closedOn = demo.day(-94); closed.closedBy = "王敏（创建办）"
        var rectifying = InspectionProblem(planID: planID, inspectionID: recent.id, text: "（演示数据）城区农贸市场健康教育宣传栏内容长期未更新",
                                           unit: "县市场监督管理局", deadline: demo.day(12))
        rectifying.state = .rectifying
        let problems = [
            InspectionProblem(planID: planID, inspectionID: recent.id, text: "（演示数据）部分小区健身器材损坏未及时维修",
                              unit: "县住房和城乡建设局", deadline: demo.day(-5)),
            rectifying,
            InspectionProblem(planID: planID, inspectionID: recent.id, text: "（演示数据）石桥村卫生室健康教育资料不全、无发放登记",
                              unit: "东山镇", deadline: demo.day(20)),
            toRecheck, closed,
        ]
        try await core.running.saveAll(problems.map { ($0, 0) }, action: "problem.create", actor: Self.actor, actorID: nil)
    }

    // MARK: Meetings and trainings

    func meetings() async throws {
        let members = DemoProgramme.memberUnitNames
        var mobilisation = Meeting(planID: planID, kind: .mobilisation, title: "（演示数据）青山县健康县区建设动员大会",
                                   date: demo.month(-13).clampedDay(15), time: "09:00", place: "县政府三楼会议室",
                                   agenda: ["解读实施方案", "签订目标责任书", "县长作动员讲话"], invited: members + DemoProgramme.townshipNames,
                                   chair: "分管副县长", noticeIssuedOn: demo.month(-13).clampedDay(10))
        mobilisation.state = .minuted
        mobilisation.attendance = (members + DemoProgramme.townshipNames).map { MeetingAttendance(unit: $0, people: ["\($0)负责人"]) }
        mobilisation.minutes = "（演示数据）会议部署了健康县区建设工作，各成员单位和乡镇（街道）签订了目标责任书。"
        var group = Meeting(planID: planID, kind: .leadingGroup, title: "（演示数据）领导小组第二次全体会议", date: demo.day(-60),
                            time: "15:00", place: "县卫生健康局会议室", agenda: ["通报创建进展", "研究督导发现的问题"], invited: members,
                            chair: "分管副县长", noticeIssuedOn: demo.day(-65))
        group.state = .held
        group.attendance = members.map { unit in
            MeetingAttendance(unit: unit, people: ["县民政局", "县总工会"].contains(unit) ? [] : ["\(unit)分管负责人"])
        }
        let coming = Meeting(planID: planID, kind: .progress, title: "（演示数据）健康县区建设工作推进会", date: demo.day(6), time: "09:30",
                             place: "县政府三楼会议室", agenda: ["通报月报和督导问题整改情况", "部署自查整改阶段工作"],
                             invited: members + DemoProgramme.townshipNames, chair: "分管副县长", noticeIssuedOn: demo.day(-1))
        try await core.running.saveAll([(mobilisation, 0), (group, 0), (coming, 0)], action: "meeting.notice", actor: Self.actor, actorID: nil)
    }

    func trainings() async throws {
        let county = Training(planID: planID, kind: .course, tier: .county, title: "（演示数据）成员单位联络员业务培训",
                              audience: "各成员单位健康促进联络员", organiser: "县卫生健康局", date: demo.day(-75), place: "县卫生健康局会议室",
                              hours: 3, attendees: DemoProgramme.memberUnitNames.enumerated().map { TrainingAttendance(unit: $1, count: $0 % 3 + 1) })
        let township = Training(planID: planID, kind: .skills, tier: .township, title: "（演示数据）东山镇健康指导员培训",
                                audience: "东山镇各村健康指导员", organiser: "东山镇", date: demo.day(-20), place: "东山镇卫生院",
                                hours: 2, attendees: [TrainingAttendance(unit: "东山镇", count: 18)])
        try await core.running.saveAll([(county, 0), (township, 0)], action: "training.create", actor: Self.actor, actorID: nil)
    }

    // MARK: Activities

    func activities() async throws {
        var list: [Activity] = []
        for back in 1...6 {
            let date = demo.month(-back).clampedDay(12)
            let village = DemoProgramme.townships[back % DemoProgramme.townships.count].villages[0]
            list.append(Activity(planID: planID, kind: .lecture, title: "（演示数据）慢性病防治健康讲座", organisers: ["县疾病预防控制中心"],
                                 date: date, place: village, regionID: regions[village], participants: 60 + back * 5,
                                 beneficiaries: 60 + back * 5))
        }
        list.append(Activity(planID: planID, kind: .consultation, title: "（演示数据）东山镇义诊咨询", organisers: ["县卫生健康局", "东山镇"],
                             date: demo.day(-25), place: "东山镇集市", regionID: regions["东山镇"], participants: 320, beneficiaries: 320))
        list.append(Activity(planID: planID, kind: .mediaColumn, title: "（演示数据）《健康青山》科普专栏", organisers: ["县融媒体中心"],
                             date: demo.day(-45), place: "县融媒体中心《健康青山》", beneficiaries: 5000))
        list.append(Activity(planID: planID, kind: .healthDayCampaign, title: "（演示数据）全民健康生活方式宣传周", organisers: ["县卫生健康局"],
                             date: demo.day(-90), endDate: demo.day(-84), place: "城关街道文昌广场", regionID: regions["城关街道"],
                             participants: 800, beneficiaries: 1500))
        try await core.running.saveAll(list.map { ($0, 0) }, action: "activity.create", actor: Self.actor, actorID: nil)
    }

    // MARK: Tasks

    /// Progress on the tasks: the first done, one overdue part still in progress, the ones due within days begun.
    /// Parts not listed stay 未开始, so a part past its date is red and one due within days is amber.
    static let progress: [(task: String, unit: String, progress: TaskProgress, daysAgo: Int, note: String)] = [
        ("1", "县卫生健康局", .done, 400, "领导小组已成立，实施方案已印发。"),
        ("2", "县卫生健康局", .done, 380, "动员大会已召开，签订责任书25份。"),
        ("3", "县卫生健康局", .inProgress, 15, "已起草健康影响评价办法，正在征求意见。"),
        ("5", "县文化体育局", .done, 20, "两条健康步道已建成并投入使用。"),
        ("5", "县住房和城乡建设局", .inProgress, 30, "已完成6处社区健身场地，其余4处在施工。"),
        ("6", "县市场监督管理局", .inProgress, 35, "城区两个农贸市场改造已完成一个。"),
        ("8", "县教育局", .inProgress, 10, "已有6所学校完成健康促进学校自评。"),
        ("11", "县疾病预防控制中心", .inProgress, 5, "本年度已开展讲座11场。"),
    ]

    func taskProgress() async throws {
        let assignments = try await core.taskAssignments(of: plan)
        for entry in Self.progress {
            guard var stored = assignments.first(where: { $0.value.taskNumber == entry.task && $0.value.unit == entry.unit && $0.value.subtaskID == nil })
            else { continue }
            let date = max(demo.day(-entry.daysAgo), demo.start)
            try stored.value.record(entry.progress, note: "（演示数据）\(entry.note)", author: reporter(entry.unit), on: date, today: today)
            try await core.running.save(stored.value, expectedRevision: stored.revision, action: "task.progress", actor: Self.actor, actorID: nil)
        }
    }
}
