import Domain
import Foundation
import Testing
import TestSupport

/// The register counted as at a day, each indicator's declared source, and targets parsed once per plan.
@Suite struct RegisterAsOfTests {
    static let county = UUID(), town = UUID(), village = UUID()
    static let parents = [town: county, village: town]

    static func day(_ iso: String) -> LocalDate { LocalDate(iso: iso)! }

    @Test func aPlaceCountsFromItsNamingUntilItsRevocation() {
        let named = CellPlaceHistory(regionID: Self.village, cell: "school", subkind: nil, eligible: true, steps: [
            .init(status: .applied, on: Self.day("2022-02-01")), .init(status: .certified, on: Self.day("2022-09-01")),
            .init(status: .revoked, on: Self.day("2024-03-01"))])
        // Entered in 2024, but named in 2021: it counts from 2021.
        let late = CellPlaceHistory(regionID: Self.town, cell: "school", subkind: nil, eligible: true, steps: [
            .init(status: .certified, on: Self.day("2021-05-01"))])
        let ineligible = CellPlaceHistory(regionID: Self.town, cell: "school", subkind: nil, eligible: false, steps: [
            .init(status: .certified, on: Self.day("2020-01-01"))])
        func certified(_ iso: String, in region: UUID) -> Int? {
            RegisterAsOf.counts([named, late, ineligible], asOf: Self.day(iso), parents: Self.parents)
                .first { $0.regionID == region && $0.cell == "school" }?.certified
        }
        #expect(certified("2020-12-31", in: Self.county) == 0)
        #expect(certified("2021-12-31", in: Self.county) == 1)
        #expect(certified("2022-12-31", in: Self.county) == 2)
        #expect(certified("2022-12-31", in: Self.village) == 1)
        #expect(certified("2024-02-29", in: Self.county) == 2)
        #expect(certified("2024-12-31", in: Self.county) == 1, "revoked in March 2024")
        let counts = RegisterAsOf.counts([named, late, ineligible], asOf: Self.day("2024-12-31"), parents: Self.parents)
        #expect(counts.first { $0.regionID == Self.county }.map { [$0.places, $0.eligible] } == [3, 2])
    }

    @Test func theSourceOfEachIndicatorIsDeclared() throws {
        let plan = try Fixtures.plan("pianguan-2023")
        let programme = ProgrammeIndicators(plan: plan, currentYear: 2024)
        let sources = IndicatorSources(programme, plan: plan, registered: ["school"], today: Self.day("2024-06-15"))
        #expect(sources.source(of: "HC19") == .register && !sources.isEntered("HC19"))
        #expect(sources.source(of: "HC18") == .submitted, "no community is registered: the figures stand in")
        #expect(sources.reason("HC18", year: 2023).contains("登记册中尚未登记"))
        #expect(sources.reason("HC19", year: 2023).contains("截至2023年底"))
        #expect(sources.reason("HC19", year: 2024).contains("今天（2024-06-15）"))
        #expect(sources.registerDay(for: 2023) == LocalDate.endOfYear(2023) && sources.registerDay(for: 2025) == nil)
        #expect(sources.source(of: "HC38") == .submitted && sources.isEntered("HC38"))
    }

    @Test func targetsAreParsedAgainOnlyWhenThePlanOrItsSettingsChange() throws {
        let cache = ProgrammeIndicatorsCache()
        var plan = try Fixtures.plan("pianguan-2023")
        let first = cache.indicators(plan: plan, settings: .init(), currentYear: 2024)
        #expect(cache.indicators(plan: plan, settings: .init(), currentYear: 2024).targets == first.targets)
        let moved = cache.indicators(plan: plan, settings: .init(baselineYear: 2019), currentYear: 2024)
        #expect(moved.baselineYear == 2019, "new settings are seen")
        plan.cellTargets.removeAll()
        let fewer = cache.indicators(plan: plan, settings: .init(baselineYear: 2019), currentYear: 2024)
        #expect(fewer.targets.count < moved.targets.count, "a new revision of the plan is seen")
    }
}
