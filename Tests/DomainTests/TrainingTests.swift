@testable import Domain
import Foundation
import Testing

/// Training courses, the coverage of member units and tiers, and how meetings and courses reach the dossier.
@Suite struct TrainingTests {
    typealias F = RunningFixtures

    static func course(kind: TrainingKind = .allStaff, tier: TrainingTier = .county, date: String = "2024-04-12",
                       attendees: [TrainingAttendance] = [.init(unit: "县卫生健康委员会", count: 40), .init(unit: "县教育局", count: 12)]) -> Training {
        Training(planID: F.plan.id, kind: kind, tier: tier, title: " 健康素养全员培训 ", audience: "卫生健康系统全体职工", organiser: "县卫健委",
                 date: F.day(date), place: "县医院报告厅", hours: Decimal(string: "2.5")!, attendees: attendees,
                 materials: [F.evidence("课件.pdf")])
    }

    @Test func tiersAndKindsHaveChineseNames() {
        #expect(TrainingTier.allCases.map(\.chineseName) == ["县级", "乡镇级", "村级"])
        #expect(TrainingKind.allCases.map(\.chineseName) == ["全员培训", "专题培训班", "政策培训", "技能培训", "其他培训"])
    }

    @Test func aGoodCourseIsCanonicalisedAndUnitsWithNobodyLeftOut() throws {
        let checked = try Self.course(attendees: [.init(unit: "县卫生健康委员会", count: 40), .init(unit: "新关镇", count: 0)])
            .checked(plan: F.plan, today: F.day("2024-04-12"))
        #expect(checked.attendees == [.init(unit: "县卫健委", count: 40)])
        #expect(checked.title == "健康素养全员培训" && checked.totalAttendees == 40)
    }

    @Test func aBadCourseNamesEveryField() {
        var bad = Self.course(date: "2024-05-01", attendees: [.init(unit: "县卫健委", count: 5), .init(unit: "火星局", count: 3),
                                                              .init(unit: "县卫生健康委员会", count: 2), .init(unit: "县教育局", count: -1)])
        bad.title = ""
        bad.audience = " "
        bad.place = ""
        bad.organiser = "某协会"
        bad.hours = 0
        let rejected = runningRejection { _ = try bad.checked(plan: F.plan, today: F.day("2024-04-30")) }
        #expect(rejected?.fields == ["title", "audience", "place", "organiser", "date", "hours", "attendees[1]", "attendees[2]", "attendees[3]"])
        #expect(rejected?.messages[6] == "参训人数：「火星局」不是本方案的单位")
        #expect(rejected?.messages[7] == "参训人数：「县卫健委」重复")
        #expect(rejected?.issues.first?.location.file == "培训记录")

        var nobody = Self.course(attendees: [.init(unit: "县教育局", count: 0)])
        nobody.hours = 300
        #expect(runningRejection { _ = try nobody.checked(plan: F.plan, today: F.day("2024-04-30")) }?.messages
                == ["学时：300 超过 200，请核对", "参训人数：请至少登记一个单位的参训人数"])
    }

    @Test func coverageListsEveryMemberUnitAndEveryTier() throws {
        let courses = [
            try Self.course().checked(plan: F.plan, today: F.day("2024-12-31")),
            try Self.course(kind: .course, tier: .township, attendees: [.init(unit: "新关镇", count: 30), .init(unit: "县教育局", count: 3)])
                .checked(plan: F.plan, today: F.day("2024-12-31")),
            // Not a member unit, yet it sent people: listed after the members.
            try Self.course(kind: .policy, tier: .county, attendees: [.init(unit: "县财政局", count: 2)]).checked(plan: F.plan, today: F.day("2024-12-31")),
        ]
        let coverage = TrainingCoverage(plan: F.plan, trainings: courses)
        #expect(coverage.units.map(\.unit) == ["县卫健委", "县教育局", "县融媒体中心", "新关镇", "县财政局"])
        #expect(coverage.units.map(\.attendees) == [40, 15, 0, 30, 2])
        #expect(coverage.units.map(\.allStaffAttendees) == [40, 12, 0, 0, 0])
        #expect(coverage.units.map(\.courses) == [1, 2, 0, 1, 1])
        #expect(coverage.unitsWithoutAllStaff == ["县融媒体中心", "新关镇", "县财政局"])
        #expect(coverage.tiers.map(\.courses) == [2, 1, 0])
        #expect(coverage.tiers.map(\.attendees) == [54, 33, 0])
        #expect(coverage.tiers[0].hours == 5)
        #expect(coverage.kindsHeld == [.allStaff, .course, .policy])
        let none = TrainingCoverage(plan: F.plan, trainings: [])
        #expect(none.units.count == 4 && none.units.allSatisfy { $0.attendees == 0 } && none.kindsHeld.isEmpty)
    }

    @Test func minutesAndMaterialsAreFiledUnderTheSheetsItems() throws {
        let sheet = try DossierFixture.sheet()
        var meeting = try MeetingTests.held()
        try meeting.recordMinutes("纪要", decisions: [], files: [F.evidence("签到表.pdf")], plan: F.plan)
        meeting.minutesDocument = F.evidence("纪要.docx")
        let notMinuted = try MeetingTests.held()
        let training = try Self.course().checked(plan: F.plan, today: F.day("2024-12-31"))
        let links = MeetingDossier.links(meetings: [meeting, notMinuted], trainings: [training], sheet: sheet)
        #expect(links.map(\.evidence.fileName) == ["纪要.docx", "签到表.pdf", "课件.pdf"])
        #expect(links.map(\.target) == [.scoreItem(sheet: sheet.id, item: "1.1"), .scoreItem(sheet: sheet.id, item: "1.1"),
                                        .scoreItem(sheet: sheet.id, item: "4.6")])

        // Through the builder: the files land in the items' folders.
        let plan = try DossierFixture.plan()
        let dossier = DossierBuilder(sheet: sheet, plan: plan).build(links: links, generatedAt: DossierFixture.generatedAt)
        let item = try #require(dossier.scoreItems.first { $0.id == "1.1" })
        #expect(item.files.map(\.link.evidence.fileName) == ["纪要.docx", "签到表.pdf"])
        #expect(try #require(dossier.scoreItems.first { $0.id == "4.6" }).files.count == 1)

        // A sheet without such items: each meeting and course is filed under itself.
        var bare = sheet
        bare.sections = []
        let own = MeetingDossier.links(meetings: [meeting], trainings: [training], sheet: bare)
        #expect(own.map(\.target) == [.activity(id: meeting.id, title: "2024-05-10 创建工作领导小组第一次会议"),
                                      .activity(id: meeting.id, title: "2024-05-10 创建工作领导小组第一次会议"),
                                      .activity(id: training.id, title: "2024-04-12 健康素养全员培训")])
        #expect(MeetingDossier.subjects(meetings: [meeting], trainings: [training]).count == 2)
    }
}
