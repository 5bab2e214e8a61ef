@testable import Domain
import Foundation
import Testing

/// Activities, the health-day calendar and the year's beneficiaries.
@Suite struct RunningActivityTests {
    typealias F = RunningFixtures

    static func lecture(organisers: [String] = ["县卫健委"], date: String = "2024-05-10", participants: Int? = 80,
                        beneficiaries: Int = 80) -> Activity {
        Activity(planID: F.plan.id, kind: .lecture, title: " 高血压防治讲座 ", organisers: organisers, date: F.day(date),
                 place: "县政府会议室", participants: participants, beneficiaries: beneficiaries)
    }

    @Test func kindsHaveChineseNames() {
        #expect(ActivityKind.allCases.map(\.chineseName) == ["健康讲座", "义诊咨询", "媒体专栏", "培训", "主题日活动", "其他"])
    }

    @Test func aGoodActivityIsCanonicalised() throws {
        let checked = try Self.lecture(organisers: ["县卫生健康委员会", "县教育局"]).checked(plan: F.plan, today: F.day("2024-05-10"))
        #expect(checked.organisers == ["县卫健委", "县教育局"])
        #expect(checked.title == "高血压防治讲座")
    }

    @Test func badActivitiesNameEveryField() {
        var bad = Self.lecture(organisers: ["县卫健委", "县卫生健康委员会", "某协会"], date: "2024-06-01", participants: -1,
                               beneficiaries: -5)
        bad.title = ""
        bad.place = " "
        bad.endDate = F.day("2024-05-01")
        let rejected = runningRejection { _ = try bad.checked(plan: F.plan, today: F.day("2024-05-20")) }
        #expect(rejected?.fields == ["title", "place", "organisers[1]", "organisers[2]", "date", "endDate", "participants",
                                     "beneficiaries"])
        #expect(rejected?.messages[2] == "组织单位「县卫健委」重复")
        #expect(rejected?.issues.first?.location.file == "活动记录")

        let none = Activity(planID: "p", kind: .mediaColumn, title: "健康之窗", organisers: [], date: F.day("2024-05-01"), place: "")
        let noneRejected = runningRejection { _ = try none.checked(plan: F.plan, today: F.day("2024-05-20")) }
        #expect(noneRejected?.messages == ["请填写媒体名称或栏目", "请填写组织单位"])

        let fewer = Self.lecture(participants: 100, beneficiaries: 50)
        #expect(runningRejection { _ = try fewer.checked(plan: F.plan, today: F.day("2024-05-20")) }?.fields == ["beneficiaries"])
        // A media column reaches more people than took part in making it; no such rule there.
        var column = Self.lecture(participants: 5, beneficiaries: 3)
        column.kind = .mediaColumn
        #expect(runningRejection { _ = try column.checked(plan: F.plan, today: F.day("2024-05-20")) } == nil)
    }

    @Test func healthDayCampaignsNameARealHealthDay() {
        var campaign = Activity(planID: F.plan.id, kind: .healthDayCampaign, title: "世界卫生日义诊", organisers: ["县卫健委", "新关镇"],
                                date: F.day("2024-04-07"), place: "人民广场", beneficiaries: 300)
        #expect(runningRejection { _ = try campaign.checked(plan: F.plan, today: F.day("2024-04-08")) } == nil)
        campaign.healthDay = "世界卫生日"
        #expect(runningRejection { _ = try campaign.checked(plan: F.plan, today: F.day("2024-04-08")) } == nil)
        campaign.healthDay = "世界睡眠日"
        #expect(runningRejection { _ = try campaign.checked(plan: F.plan, today: F.day("2024-04-08")) }?.fields == ["healthDay"])
        campaign.healthDay = nil
        campaign.date = F.day("2024-08-20")
        #expect(runningRejection { _ = try campaign.checked(plan: F.plan, today: F.day("2024-08-21")) }?.messages
                == ["请选择本次主题日活动对应的卫生日（2024年8月20日不在任何卫生日内）"])
    }

    @Test func everyHealthDayOfTheYear() throws {
        let days = HealthDayCalendar().days(in: 2024)
        #expect(days.count == 26)
        func on(_ name: String) -> HealthDay? { days.first { $0.name == name } }
        #expect(on("世界肾脏日")?.start.iso == "2024-03-14")
        #expect(on("世界慢阻肺日")?.start.iso == "2024-11-20")
        #expect(on("全国肿瘤防治宣传周").map { "\($0.start)…\($0.end)" } == "2024-04-15…2024-04-21")
        #expect(on("爱国卫生月").map { "\($0.start)…\($0.end)" } == "2024-04-01…2024-04-30")
        #expect(on("世界心脏日")?.start.iso == "2024-09-29")
        #expect(on("世界艾滋病日")?.start.iso == "2024-12-01")
        let food = try #require(on("食品安全宣传周"))
        #expect(food.start.iso == "2024-06-10" && food.end.iso == "2024-06-16" && food.isTentative)
        // In order, the month before its days.
        #expect(days.map(\.start) == days.map(\.start).sorted())
        #expect(days.first?.name == "世界肾脏日" && days[2].name == "爱国卫生月" && days[3].name == "世界卫生日")
        #expect(days.filter { $0.rule == .fixedDate }.count == 21)

        let y2025 = HealthDayCalendar().days(in: 2025)
        #expect(y2025.first { $0.name == "世界肾脏日" }?.start.iso == "2025-03-13")
        #expect(y2025.first { $0.name == "世界慢阻肺日" }?.start.iso == "2025-11-19")
        #expect(on("全国肿瘤防治宣传周")?.dateText == "4月15日至21日")
        #expect(on("爱国卫生月")?.dateText == "4月")
        #expect(on("世界卫生日")?.dateText == "4月7日")
    }

    @Test func theFoodSafetyWeekIsSetByTheOffice() throws {
        let calendar = HealthDayCalendar(foodSafetyWeeks: [2024: F.day("2024-06-17")])
        let week = try #require(calendar.days(in: 2024).first { $0.name == HealthDayCalendar.foodSafetyWeekName })
        #expect(week.start.iso == "2024-06-17" && week.end.iso == "2024-06-23" && !week.isTentative)
        #expect(calendar.days(in: 2025).first { $0.name == HealthDayCalendar.foodSafetyWeekName }?.isTentative == true)
        #expect(runningRejection { try HealthDayCalendar.checkFoodSafetyWeek(year: 2024, start: F.day("2025-06-01")) }?.fields
                == ["foodSafetyWeeks.2024"])
        let data = try JSONEncoder().encode(calendar)
        #expect(try JSONDecoder().decode(HealthDayCalendar.self, from: data) == calendar)
    }

    @Test func daysOnADateAndWhatIsComing() {
        let calendar = HealthDayCalendar()
        #expect(calendar.days(on: F.day("2024-04-15")).map(\.name) == ["爱国卫生月", "全国肿瘤防治宣传周"])
        #expect(calendar.days(on: F.day("2024-04-07")).map(\.name) == ["爱国卫生月", "世界卫生日"])
        #expect(calendar.days(on: F.day("2024-08-20")).isEmpty)
        #expect(calendar.upcoming(from: F.day("2024-11-25"), within: 40).map(\.name) == ["世界艾滋病日"])
        #expect(calendar.upcoming(from: F.day("2024-12-20"), within: 90).map(\.start.iso) == ["2025-03-13"])
        #expect(calendar.upcoming(from: F.day("2024-09-29"), within: 0).map(\.name) == ["世界心脏日"])
    }

    @Test func healthDayCoverageAndJointCampaigns() {
        let activities = [
            Activity(planID: "p", kind: .healthDayCampaign, title: "世界卫生日", organisers: ["县卫健委", "县教育局"],
                     date: F.day("2024-04-07"), place: "广场", beneficiaries: 500),
            Activity(planID: "p", kind: .lecture, title: "结核病讲座", organisers: ["县卫健委"], date: F.day("2024-03-22"),
                     place: "礼堂", beneficiaries: 60, healthDay: "世界防治结核病日"),
            Activity(planID: "p", kind: .healthDayCampaign, title: "肿瘤周义诊", organisers: ["新关镇"],
                     date: F.day("2024-04-18"), place: "卫生院", beneficiaries: 120),
        ]
        let coverage = HealthDayCoverage(year: 2024, activities: activities, today: F.day("2024-04-30"))
        #expect(coverage.entries.map(\.day.name) == ["世界肾脏日", "世界防治结核病日", "爱国卫生月", "世界卫生日", "全国肿瘤防治宣传周", "全国儿童预防接种日"])
        #expect(coverage.uncovered.map(\.name) == ["世界肾脏日", "全国儿童预防接种日"])
        let byName = Dictionary(uniqueKeysWithValues: coverage.entries.map { ($0.day.name, $0) })
        #expect(byName["世界卫生日"]?.isJoint == true)
        // A campaign on 04-07 also falls within the patriotic health month.
        #expect(byName["爱国卫生月"]?.activityIDs.count == 2)
        #expect(coverage.notJoint.map(\.name) == ["世界防治结核病日", "全国肿瘤防治宣传周"])
    }

    @Test func beneficiariesAgainstThirtyPercentOfThePopulation() {
        let activities = [
            Self.lecture(date: "2024-02-01", beneficiaries: 20_000),
            Self.lecture(date: "2024-07-01", beneficiaries: 15_500),
            Self.lecture(date: "2023-12-31", beneficiaries: 99_999),   // another year
        ]
        let progress = BeneficiaryProgress(activities: activities, year: 2024, population: 150_001)
        #expect(progress.target == 45_001)   // 30% of 150,001 = 45,000.3, rounded up
        #expect(progress.beneficiaries == 35_500)
        #expect(progress.gap == 9_501 && !progress.isMet)
        #expect(progress.achievedPercent == Decimal(string: "23.7"))
        // Exact decimal arithmetic: 30% of 1,000 is 300, not 301.
        #expect(BeneficiaryProgress(activities: [], year: 2024, population: 1_000).target == 300)
        let custom = BeneficiaryProgress(activities: activities, year: 2024, population: 100_000, targetPercent: Decimal(string: "12.5")!)
        #expect(custom.target == 12_500 && custom.isMet && custom.gap == 0)
        #expect(BeneficiaryProgress(activities: [], year: 2024, population: 0).achievedPercent == nil)
        #expect(runningRejection { try BeneficiaryProgress.check(population: 0, targetPercent: 120) }?.fields
                == ["population", "targetPercent"])
    }

    @Test func activitiesRoundTripAsJSON() throws {
        var activity = Self.lecture()
        activity.evidence = [F.evidence("签到表.pdf")]
        #expect(try JSONDecoder().decode(Activity.self, from: JSONEncoder().encode(activity)) == activity)
        #expect(String(decoding: try JSONEncoder().encode(activity), as: UTF8.self).contains("\"kind\":\"lecture\""))
    }
}
