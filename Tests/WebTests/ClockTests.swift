import Domain
import Foundation
import Persistence
import Testing
import TestSupport
import VaporTesting
@testable import Web

/// One clock: moving the application's clock moves the indicator and cell pages with it.
@Suite struct ClockTests {
    static let plan = "pianguan-2023"

    @Test func movingTheClockMovesTheIndicatorAndCellPages() async throws {
        try await withTestSite(.sqlite) { site in
            // The seed programme judged over the most years.
            let flow = IndicatorWorkflow(plans: FluentPlanStore(database: site.app.db), regions: FluentRegionStore(database: site.app.db),
                                         store: FluentIndicatorStore(database: site.app.db), today: .endOfYear(2024))
            var longest: (id: String, years: ClosedRange<Int>)?
            for id in Fixtures.seedPlanIDs {
                let years = try await flow.programme(id).indicators.evaluationYears
                if years.count > longest?.years.count ?? 0 { longest = (id, years) }
            }
            let (judgedPlan, years) = try #require(longest)
            func moveClock(to iso: String) {
                let instant = ISO8601DateFormatter().date(from: iso)!
                site.app.clock = { instant }
            }

            // The board opens on the last full year as the clock tells it.
            // One year into the programme, then one year after its end: the year judged moves from its first to its last.
            try #require(years.count > 1)
            for year in [years.lowerBound + 1, years.upperBound + 1] {
                let iso = "\(year)-06-15T04:00:00Z"
                moveClock(to: iso)
                let judged = years.lastFullYear(asOf: year)
                let admin = try await site.browser("admin")
                let board = try await site.page(SiteURL.indicators(judgedPlan, year: nil).path, as: admin)
                #expect(board.contains("<th>\(judged)年值</th>"), "board at \(iso)")
                let dashboard = try await site.page(SiteURL.dashboard(judgedPlan).path, as: admin)
                #expect(dashboard.contains("目标达标情况（\(judged)年）"), "dashboard at \(iso)")
            }

            // A step taken on the register without a date is dated today, the clock's today.
            moveClock(to: "2024-06-15T04:00:00Z")
            let office = try await site.browser("office")
            let township = try #require(site.regions["新关镇"])
            let school = try await FluentCellStore(database: site.app.db)
                .add(CellPlace(cell: "school", subkind: "primary", name: "新关镇小学", regionID: township), actor: "测试")
            let moved = try await site.post(SiteURL.cellPlaceTransition(plan: Self.plan, id: school.id).path,
                                            ["to": "applied", "date": "", "reason": "申报"], as: office)
            #expect(moved.status == .seeOther || moved.status == .ok, "\(moved.body.string.prefix(300))")
            let page = try await site.page(SiteURL.cellPlace(plan: Self.plan, id: school.id).path, as: office)
            #expect(page.contains("2024-06-15"), "the step is dated by the application's clock")
            // A naming date after the clock's today is refused on the form that takes one.
            let late = try await site.post(SiteURL.cellPlaceTransition(plan: Self.plan, id: school.id).path,
                                           ["to": "none", "date": "2024-07-01", "reason": "撤回"], as: office)
            #expect(late.status != .internalServerError)
        }
    }
}
