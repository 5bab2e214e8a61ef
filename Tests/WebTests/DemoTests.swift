import Core
import Domain
import Foundation
import Persistence
import Testing
import TestSupport
import VaporTesting
@testable import Web

/// The demo programme a first start loads: on an empty database, once, with an account for every role that signs in,
/// and with each kind of pending work a programme at work has, whatever day it is loaded on.
@Suite struct DemoTests {
    static let password = "Demo-pass-2026"

    @discardableResult
    static func load(_ site: TestSite) async throws -> DemoLoader.Outcome {
        try await DemoLoader.load(in: site.app.appCore, password: password, hash: { try Bcrypt.hash($0, cost: 4) })
    }

    static func setClock(_ site: TestSite, _ iso: String) {
        let now = ISO8601DateFormatter().date(from: iso + "T10:00:00+08:00")!
        site.app.clock = { now }
    }

    @Test(arguments: TestEngine.available)
    func loadsOnceOnAnEmptyDatabaseWithEveryKindOfPendingWork(engine: TestEngine) async throws {
        try await withTestSite(engine, plans: []) { site in
            Self.setClock(site, "2026-06-15")
            let core = site.app.appCore
            let today = core.today
            let first = try await Self.load(site)
            #expect(first.loaded)

            let plan = try #require(try await core.plans.plan(id: DemoProgramme.planID))
            #expect(plan.id.hasPrefix("demo-"))
            #expect(plan.title.contains("演示数据") && plan.place.name.contains("演示数据"))
            #expect(PlanValidator.problems(in: plan).isEmpty, "\(PlanValidator.problems(in: plan))")
            // Mid-way: begun over a year ago, ending months ahead, today in a phase that is neither the first nor the last.
            let span = try #require(plan.programmeSpan)
            #expect(span.lowerBound.days(until: today) > 365 && today.days(until: span.upperBound) > 270)
            let current = try #require(plan.phases.firstIndex { $0.start <= today && today <= $0.end })
            #expect(current > 0 && current < plan.phases.count - 1)
            let regions = try await core.regions.regions(underPlan: plan.id)
            #expect(regions.filter { $0.level == .township }.count == 5 && regions.filter { $0.level == .village }.count == 13)
            #expect(UnitDirectory(plan).memberUnits.count == 10)

            // Monthly reports: late ones, missing ones, one returned, this month's due within three days.
            let schedule = try #require(ReportingSchedule(plan: plan))
            let reports = try await core.running.records(MonthlyReport.self, planID: plan.id).map(\.value)
            let standings = schedule.reportableMonths(on: today).flatMap { month in
                MonthlyRollUp(month: month, units: MonthlyReportRules.reportingUnits(of: plan), reports: reports, schedule: schedule,
                              today: today).standings
            }
            #expect(standings.filter { $0.status == .late }.count >= 3)
            #expect(standings.filter { $0.isOverdue && $0.status != .returned }.count == 4)
            #expect(reports.filter { $0.state == .returned }.count == 1)
            let next = try #require(schedule.nextDue(on: today))
            #expect(next.month == today.yearMonth && (0...3).contains(today.days(until: next.dueDate)))
            #expect(!reports.contains { ($0.firstSubmittedAt ?? .distantPast) > core.now || $0.updatedAt > core.now })

            // Problems to rectify and one awaiting re-check; figures awaiting review and one returned.
            let problems = try await core.running.records(InspectionProblem.self, planID: plan.id).map(\.value)
            #expect(problems.filter(\.state.awaitsUnit).count == 3)
            #expect(problems.filter { $0.state == .submitted }.count == 1)
            #expect(problems.contains { $0.state.awaitsUnit && $0.deadline < today })
            let figures = try await core.indicators.observations(planID: plan.id, indicator: nil, regionIDs: nil, state: nil)
            #expect(figures.filter { $0.state == .submitted }.count == 4)
            #expect(figures.filter { $0.state == .returned }.map(\.indicator) == ["HC16"])
            #expect(try await core.indicatorWorkflow.evaluate(plan.id).count > 0)

            // The register: scorings proposing to name, places still to score.
            let ids = regions.map(\.id)
            let proposed = try await core.cells.assessments(regionIDs: ids, state: .proposed, limit: 100)
            #expect(proposed.count == 4 && proposed.allSatisfy { $0.proposal == .pass })
            let applied = try await core.cells.places(CellQuery(status: .applied, regionIDs: ids, limit: 500)).places
            #expect(applied.contains { $0.cell == "family" && $0.regionID != regions[0].id })
            let coverage = try await core.cellWorkflow.coverage(try await core.cellWorkflow.programme(plan.id))
            #expect(!coverage.isEmpty)

            // A survey with answers, meetings held and to come, trainings, activities, red and amber tasks.
            let surveys = try await core.surveys.surveys(planID: plan.id)
            #expect(surveys.count == 1)
            #expect(try await core.surveys.responses(surveyID: surveys[0].id).count == 68)
            let meetings = try await core.running.records(Meeting.self, planID: plan.id).map(\.value)
            #expect(meetings.contains { $0.state == .notified && $0.date > today })
            #expect(meetings.contains { $0.state != .notified && !$0.attendingUnits.isEmpty && !$0.absentUnits.isEmpty })
            #expect(try await core.running.records(Training.self, planID: plan.id).count == 2)
            #expect(try await core.running.records(Activity.self, planID: plan.id).count >= 6)
            let lights = try await core.taskAssignments(of: plan).map { $0.value.trafficLight(on: today) }
            #expect(lights.contains(.red) && lights.contains(.yellow) && lights.contains(.done))
            #expect(plan.tasks.contains { if case .date(let d)? = $0.deadline { return (1...7).contains(today.days(until: d)) }; return false })

            // An account for every role but the administrator's, none of them asked to change the password.
            let users = try await core.accounts.users(planID: nil).filter { $0.username.hasPrefix("demo-") }
            #expect(Set(users.map(\.role)) == Set(Role.allCases).subtracting([.admin]))
            #expect(users.count == DemoPerson.all.count && users.allSatisfy { !$0.mustChangePassword })

            // What each account has waiting, as the homes will be compared with.
            let manifest = first.manifest
            #expect(manifest.count("demo-office", .reportLate) == 4)
            #expect(manifest.count("demo-office", .reportReturned) == 0, "a returned report waits on its unit")
            #expect(manifest.count("demo-office", .figuresToReview) == 4)
            #expect(manifest.count("demo-office", .scoringsToConfirm) == 4)
            #expect(manifest.count("demo-office", .problemsToRecheck) == 1)
            #expect(manifest.count("demo-jiaoyu", .reportReturned) == 1 && manifest.count("demo-jiaoyu", .figuresReturned) == 1)
            #expect(manifest.count("demo-zhujian", .reportLate) == 1 && manifest.count("demo-zhujian", .problemsToRectify) == 1)
            #expect(manifest.count("demo-zhujian", .tasksRed) == 1)
            #expect(manifest.count("demo-dongshan", .problemsToRectify) == 1 && manifest.count("demo-dongshan", .placesToAssess) > 0)
            #expect(manifest.count("demo-weijian", .reportDue) == 0 && manifest.count("demo-shijian", .reportDue) == 1)
            #expect(manifest.pending["demo-leader"] == [:])

            // Loading again changes nothing.
            let second = try await Self.load(site)
            #expect(!second.loaded)
            #expect(second.manifest == manifest)
            #expect(try await core.accounts.users(planID: nil).count == users.count + 1)
        }
    }

    /// Every demo account signs in through the form with the demo password and reaches its home.
    @Test(arguments: TestEngine.available)
    func everyDemoAccountSignsIn(engine: TestEngine) async throws {
        try await withTestSite(engine, plans: []) { site in
            try await Self.load(site)
            for person in DemoPerson.all {
                let form = try await site.get("/login", as: nil)
                let csrf = try #require(form.headers.setCookie?[Cookies.loginCSRF]?.string)
                let ok = try await site.post("/login", ["username": person.username, "password": Self.password], as: nil, csrf: csrf,
                                             cookies: [Cookies.loginCSRF: csrf])
                #expect(ok.status == .seeOther, "\(person.username): \(ok.body.string.prefix(300))")
                let session = try #require(ok.headers.setCookie?[Cookies.session], "\(person.username)")
                let home = try await site.get("/", as: TestBrowser(cookie: session.string, csrf: "", account: nil))
                #expect(home.status == .ok, "\(person.username)")
            }
        }
    }

    /// Loaded on the first or last day of a month, of a year, or on a leap day, the demo still holds each kind of work
    /// and its report is due within three days.
    @Test(arguments: ["2026-01-01", "2026-01-31", "2028-02-29", "2026-12-31", "2027-03-30"])
    func holdsItsWorkWhateverTheDay(day: String) async throws {
        try await withTestSite(.sqlite, plans: []) { site in
            Self.setClock(site, day)
            let manifest = try await Self.load(site).manifest
            let today = site.app.appCore.today
            #expect(manifest.today == today)
            let due = try #require(manifest.reportDue)
            #expect((0...3).contains(today.days(until: due)))
            for kind in [WorkItem.Kind.reportLate, .figuresToReview, .scoringsToConfirm, .problemsToRecheck,
                         .problemsToRectify, .meetings] {
                #expect(manifest.count("demo-office", kind) > 0, "\(kind) on \(day)")
            }
            #expect(manifest.count("demo-zhujian", .tasksRed) > 0 && manifest.count("demo-assessor", .placesToAssess) > 0)
            #expect(manifest.count("demo-jiaoyu", .reportReturned) == 1)
            #expect(manifest.records["surveyResponses"] == 68 && manifest.records["assessments"] == 4)
        }
    }

    /// A password the account rules refuse is refused before anything is written.
    @Test func aWeakPasswordLoadsNothing() async throws {
        try await withTestSite(.sqlite, plans: []) { site in
            await #expect(throws: FormRejected.self) {
                try await DemoLoader.load(in: site.app.appCore, password: "short", hash: { try Bcrypt.hash($0, cost: 4) })
            }
            let loaded = try await DemoLoader.isLoaded(in: site.app.appCore)
            #expect(!loaded)
        }
    }
}
