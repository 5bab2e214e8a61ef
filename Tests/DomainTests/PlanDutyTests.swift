import Domain
import Foundation
import Testing
import TestSupport

/// The plan's own duties (偏关: a lecture a month per unit, 12 a year), counted for every unit that owes them,
/// and the indicators the activity log feeds.
@Suite struct PlanDutyTests {
    static func day(_ iso: String) -> LocalDate { LocalDate(iso: iso)! }

    static func lecture(_ iso: String, by units: [String], reached: Int = 50) -> Activity {
        Activity(planID: "pianguan-2023", kind: .lecture, title: "健康讲座", organisers: units, date: day(iso), place: "县医院",
                 participants: reached, beneficiaries: reached)
    }

    @Test func pianguanStatesItsLectureDuty() throws {
        let plan = try Fixtures.plan("pianguan-2023")
        let duty = try #require(plan.duties.first)
        #expect(duty.activityKind == .lecture)
        #expect(duty.requirement.minimumPerPeriod == 1 && duty.requirement.period == .month && duty.requirement.yearTarget == 12)
        #expect(duty.text?.contains("每月至少在机关") == true)
        #expect(plan.duties.count == 1)
    }

    @Test func everyUnitThatOwesTheDutyIsListedThoseWithNoneToo() throws {
        let plan = try Fixtures.plan("pianguan-2023")
        let duty = try #require(plan.duties.first)
        let owing = duty.owingUnits(in: plan)
        // 偏关 lists no member units by name: every unit that reports owes it, collective names excluded.
        #expect(owing.contains("县卫体局") && owing.contains("县疾控中心"))
        #expect(!owing.contains("领导小组各成员单位"))
        let activities = [Self.lecture("2023-05-10", by: ["县卫体局"]), Self.lecture("2023-06-12", by: ["县卫体局", "县疾控中心"]),
                          Self.lecture("2023-06-20", by: ["县疾控中心"])]
        let standing = DutyStanding(duty, plan: plan, activities: activities, asOf: Self.day("2023-07-15"))
        #expect(standing.rows.map(\.unit) == owing)
        let health = try #require(standing.rows.first { $0.unit == "县卫体局" })
        // The programme starts on 2023-04-01: April, May and June are owed by mid-July.
        #expect(health.tally.doneSoFar == 2 && health.tally.expectedSoFar == 3)
        #expect(health.tally.missedPeriods.map(\.chineseName) == ["2023年4月"])
        let idle = try #require(standing.rows.first { $0.unit == "县财政局" })
        #expect(idle.tally.doneSoFar == 0 && idle.tally.shortfall == 3)
        #expect(standing.behind.count == standing.rows.count, "nobody lectured in April")
        #expect(standing.title == "健康讲座（每月至少1次，全年不少于12次）")
    }

    @Test func aDutyOfTownshipsIsOwedByTownshipsOnly() throws {
        var plan = try Fixtures.plan("shanting-2019")
        plan.duties = [PlanDuty(activity: "consultation", requirement: RecurringRequirement(minimumPerPeriod: 1, period: .quarter),
                                units: .townships)]
        let owing = plan.duties[0].owingUnits(in: plan)
        #expect(!owing.isEmpty)
        #expect(owing.allSatisfy { name in plan.units.first { $0.name == name }?.kind == .township })
    }

    @Test func lectureCountsAndBeneficiariesComeFromTheLogOnceItHoldsThem() throws {
        let plan = try Fixtures.plan("pianguan-2023")
        let programme = ProgrammeIndicators(plan: plan, currentYear: 2024)
        let today = Self.day("2024-03-10")
        let none = IndicatorSources(programme, plan: plan, registered: [], today: today)
        #expect(none.source(of: "LECTURES") == .submitted)
        #expect(none.reason("LECTURES", year: 2023).contains("尚未登记健康讲座"))

        let log = ActivityFacts(activities: [Self.lecture("2023-05-10", by: ["县卫体局"], reached: 3000),
                                             Self.lecture("2023-11-02", by: ["县疾控中心"], reached: 600),
                                             Self.lecture("2024-02-01", by: ["县疾控中心"], reached: 10)],
                                populations: [2023: 12000])
        let sources = IndicatorSources(programme, plan: plan, registered: [], today: today, activities: log)
        #expect(sources.source(of: "LECTURES") == .activities && !sources.isEntered("LECTURES"))
        #expect(sources.source(of: "BENEFICIARIES") == .activities)
        #expect(sources.activityMeasures == ["LECTURES": .count(.lecture), "BENEFICIARIES": .beneficiaryShare])
        #expect(sources.reason("LECTURES", year: 2023).contains("由健康活动记录统计：2023年全年登记的健康讲座次数"))
        #expect(sources.reason("LECTURES", year: 2024).contains("截至今天（2024-03-10）"))
        #expect(sources.source(of: "HC38") == .submitted)

        #expect(log.value(.count(.lecture), year: 2023, through: .endOfYear(2023)) == 2)
        #expect(log.value(.count(.lecture), year: 2023, through: Self.day("2023-06-30")) == 1)
        #expect(log.value(.beneficiaryShare, year: 2023, through: .endOfYear(2023)) == 30)
        #expect(log.value(.beneficiaryShare, year: 2024, through: today) == nil, "no population set for 2024")
        #expect(log.value(.beneficiaries, year: 2024, through: today) == 10)
    }

    @Test func theMeasureIsReadFromTheIndicatorsNameAndUnit() {
        let lectures = Indicator(code: "X", name: "健康教育讲座次数", unit: "次", kind: .count, direction: .higher)
        let share = Indicator(code: "Y", name: "直接受益人数", unit: "%", kind: .rate, direction: .higher, ratioBase: 100)
        let people = Indicator(code: "Z", name: "直接受益人数", unit: "人", kind: .count, direction: .higher)
        let literacy = Indicator(code: "HC38", name: "居民健康素养水平", unit: "%", kind: .rate, direction: .higher, ratioBase: 100)
        #expect(ActivityMeasure.of(lectures) == .count(.lecture))
        #expect(ActivityMeasure.of(share) == .beneficiaryShare)
        #expect(ActivityMeasure.of(people) == .beneficiaries)
        #expect(ActivityMeasure.of(literacy) == nil)
    }
}
