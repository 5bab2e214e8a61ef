@testable import Domain
import Foundation
import Testing

/// Day arithmetic, months and periods as spans: what every deadline below rests on.
@Suite struct RunningCalendarTests {
    typealias F = RunningFixtures

    @Test func dayNumberRoundTripsOverCenturiesAndLeapDays() {
        for n in stride(from: -800_000, through: 800_000, by: 997) {
            #expect(LocalDate(dayNumber: n).dayNumber == n)
        }
        #expect(LocalDate(dayNumber: 0).iso == "1970-01-01")
        #expect(F.day("2024-02-28").adding(days: 1).iso == "2024-02-29")
        #expect(F.day("2023-02-28").adding(days: 1).iso == "2023-03-01")
        #expect(F.day("2000-02-28").adding(days: 1).iso == "2000-02-29")
        #expect(F.day("1900-02-28").adding(days: 1).iso == "1900-03-01")
        #expect(F.day("2024-12-31").adding(days: 1).iso == "2025-01-01")
        #expect(F.day("2024-03-01").adding(days: -1).iso == "2024-02-29")
        #expect(F.day("2024-01-01").days(until: F.day("2025-01-01")) == 366)
        #expect(F.day("2025-01-01").days(until: F.day("2024-12-31")) == -1)
    }

    @Test func weekdays() {
        #expect(F.day("1970-01-01").weekday == .thursday)
        #expect(F.day("2024-03-14").weekday == .thursday)
        #expect(F.day("2024-11-20").weekday == .wednesday)
        #expect(F.day("1969-12-28").weekday == .sunday)
        #expect(Weekday.sunday.chineseName == "星期日")
    }

    @Test func nthWeekdayOfAMonth() {
        #expect(LocalDate.nth(2, .thursday, year: 2024, month: 3)?.iso == "2024-03-14")
        #expect(LocalDate.nth(2, .thursday, year: 2025, month: 3)?.iso == "2025-03-13")
        #expect(LocalDate.nth(1, .friday, year: 2024, month: 3)?.iso == "2024-03-01")
        #expect(LocalDate.nth(5, .friday, year: 2024, month: 3)?.iso == "2024-03-29")
        #expect(LocalDate.nth(5, .monday, year: 2024, month: 2) == nil)
        #expect(LocalDate.nth(0, .monday, year: 2024, month: 2) == nil)
    }

    @Test func chinaDayOfAnInstant() {
        // 23:30 on the 30th in Beijing is still the 30th, although UTC has reached 15:30 the same day;
        // 07:30 on the 1st in Beijing is still the 30th/31st in UTC.
        #expect(LocalDate.inChina(F.instant("2024-04-30", 23, 30)).iso == "2024-04-30")
        #expect(LocalDate.inChina(F.instant("2024-05-01", 7, 30)).iso == "2024-05-01")
        #expect(LocalDate.inChina(F.instant("2024-05-01", 0, 0)).iso == "2024-05-01")
    }

    @Test func yearMonths() throws {
        let feb = try #require(YearMonth(year: 2024, month: 2))
        #expect(feb.lastDay.iso == "2024-02-29")
        #expect(feb.clampedDay(30).iso == "2024-02-29")
        #expect(feb.clampedDay(15).iso == "2024-02-15")
        #expect(feb.previous.description == "2024-01")
        #expect(YearMonth(year: 2024, month: 12)!.next.description == "2025-01")
        #expect(YearMonth(year: 2024, month: 1)!.previous.description == "2023-12")
        #expect(YearMonth(year: 2024, month: 13) == nil)
        #expect(feb.chineseName == "2024年2月")
        #expect(YearMonth(parsing: "2024年3月") == YearMonth(year: 2024, month: 3))
        #expect(YearMonth(parsing: "2024") == nil)
        #expect(YearMonth.range(YearMonth(year: 2024, month: 11)!, through: YearMonth(year: 2025, month: 2)!).map(\.description)
                == ["2024-11", "2024-12", "2025-01", "2025-02"])
        #expect(YearMonth.range(YearMonth(year: 2025, month: 1)!, through: YearMonth(year: 2024, month: 2)!).isEmpty)
    }

    @Test func yearMonthCodesAsText() throws {
        let month = YearMonth(year: 2024, month: 3)!
        let data = try JSONEncoder().encode([month])
        #expect(String(decoding: data, as: UTF8.self) == "[\"2024-03\"]")
        #expect(try JSONDecoder().decode([YearMonth].self, from: data) == [month])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([YearMonth].self, from: Data("[\"2024\"]".utf8)) }
    }

    @Test func periodsAsSpans() {
        let q = Period.containing(F.day("2024-05-17"), kind: .quarter)
        #expect(q == Period(year: 2024, kind: .quarter, index: 2))
        #expect(q.firstDay.iso == "2024-04-01" && q.lastDay.iso == "2024-06-30")
        #expect(q.following == Period(year: 2024, kind: .quarter, index: 3))
        #expect(Period(year: 2024, kind: .quarter, index: 4).following == Period(year: 2025, kind: .quarter, index: 1))
        #expect(Period.containing(F.day("2024-02-10"), kind: .month).lastDay.iso == "2024-02-29")
        #expect(Period.year(2024).following == .year(2025))
        #expect(Period.year(2024).contains(F.day("2024-12-31")))
        #expect(!Period.year(2024).contains(F.day("2025-01-01")))
    }

    @Test func programmeSpanRunsFromFirstPhaseToLast() {
        #expect(F.plan.programmeSpan == F.day("2024-03-01")...F.day("2025-09-30"))
        var plan = F.plan
        plan.phases = []
        #expect(plan.programmeSpan == nil)
    }

    @Test func theFixturePlanIsValid() {
        #expect(PlanValidator.problems(in: F.plan).isEmpty)
    }
}
