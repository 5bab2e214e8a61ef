import Domain
import Foundation
import Persistence

/// What the demo holds, read back from the stores on the clock's today: how many records of each kind, and for each
/// demo account how much pending work of each kind (`WorkItem.Kind`) waits on it. The homes' tests and the browser
/// walk compare the homes with this; it is counted here from the records themselves, not from the work queue.
///
/// Counting rules: a report counts per unit and month (late = past its due date with nothing submitted or only a
/// draft; returned; due = this month's, not yet sent and not yet late); problems, figures, scorings and places per
/// record; tasks per unit's part (the office: per task, its worst part); meetings still to be held that invite the unit.
public struct DemoManifest: Codable, Sendable, Equatable {
    public var planID: String
    public var title: String
    /// The day the counts are for.
    public var today: LocalDate
    public var accounts: [DemoPerson]
    /// Records by kind: monthlyReports, inspections, problems, meetings, trainings, activities, figures, places,
    /// assessments, surveys, surveyResponses, regions.
    public var records: [String: Int]
    /// Username → work kind (`WorkItem.Kind` raw value) → count; kinds with nothing are left out.
    public var pending: [String: [String: Int]]

    public func count(_ username: String, _ kind: WorkItem.Kind) -> Int { pending[username]?[kind.rawValue] ?? 0 }

    /// The nearest due date of this month's report.
    public var reportDue: LocalDate?

    public static func read(in core: AppCore) async throws -> DemoManifest {
        let planID = DemoProgramme.planID
        guard let plan = try await core.plans.plan(id: planID) else { throw PlanEditingError.noSuchPlan(planID) }
        let today = core.today
        var records: [String: Int] = [:]
        var byUnit: [String: [WorkItem.Kind: Int]] = [:]
        var office: [WorkItem.Kind: Int] = [:]
        func add(_ unit: String?, _ kind: WorkItem.Kind, _ n: Int = 1) {
            guard n > 0 else { return }
            if let unit { byUnit[unit, default: [:]][kind, default: 0] += n }
        }

        // Monthly reports.
        let reports = try await core.running.records(MonthlyReport.self, planID: planID).map(\.value)
        records["monthlyReports"] = reports.count
        var reportDue: LocalDate?
        if let schedule = ReportingSchedule(plan: plan) {
            let byKey = Dictionary(reports.map { ("\($0.unit)|\($0.month)", $0) }, uniquingKeysWith: { a, _ in a })
            for month in schedule.reportableMonths(on: today) {
                let due = schedule.dueDate(for: month)
                for unit in MonthlyReportRules.reportingUnits(of: plan) {
                    let standing = ReportStanding(unit: unit, month: month, report: byKey["\(unit)|\(month)"], dueDate: due, today: today)
                    switch standing.status {
                    case .returned:
                        add(unit, .reportReturned)  // waits on the unit, not the office
                    case .notSubmitted, .draft:
                        if standing.isOverdue { add(unit, .reportLate); office[.reportLate, default: 0] += 1 }
                        else if month == today.yearMonth { add(unit, .reportDue); reportDue = due }
                    case .onTime, .late:
                        break
                    }
                }
            }
        }

        // Supervision problems.
        records["inspections"] = try await core.running.records(Inspection.self, planID: planID).count
        let problems = try await core.running.records(InspectionProblem.self, planID: planID).map(\.value)
        records["problems"] = problems.count
        for problem in problems {
            if problem.state.awaitsUnit { add(problem.unit, .problemsToRectify); office[.problemsToRectify, default: 0] += 1 }
            if problem.state == .submitted { office[.problemsToRecheck, default: 0] += 1 }
        }

        // Indicator figures.
        let figures = try await core.indicators.observations(planID: planID, indicator: nil, regionIDs: nil, state: nil)
        records["figures"] = figures.count
        for figure in figures {
            if figure.state == .submitted { office[.figuresToReview, default: 0] += 1 }
            if figure.state == .returned { add(figure.sourceUnit, .figuresReturned) }
        }

        // The register: scorings waiting for 命名, places waiting to be scored.
        let regions = try await core.regions.regions(underPlan: planID)
        records["regions"] = regions.count
        let places = try await core.cells.places(CellQuery(regionIDs: regions.map(\.id), limit: 10_000)).places
        records["places"] = places.count
        let proposed = try await core.cells.assessments(regionIDs: regions.map(\.id), state: .proposed, limit: 10_000)
        records["assessments"] = try await core.cells.assessments(regionIDs: regions.map(\.id), state: nil, limit: 10_000).count
        office[.scoringsToConfirm, default: 0] += proposed.count
        let scored = Set(proposed.map(\.placeID))
        let toAssess = places.filter { [.applied, .preliminary, .onsite].contains($0.status) && !scored.contains($0.id) }
        let townshipOf = Self.townships(regions)
        var assessorPlaces = 0
        for place in toAssess {
            assessorPlaces += 1
            if let township = townshipOf[place.regionID] { add(township, .placesToAssess) }
        }

        // Tasks: each unit's parts; the office's count is of tasks.
        let assignments = try await core.taskAssignments(of: plan).map(\.value)
        for part in assignments {
            switch part.trafficLight(on: today) {
            case .red: add(part.unit, .tasksRed)
            case .yellow: add(part.unit, .tasksAmber)
            default: break
            }
        }
        for parts in Dictionary(grouping: assignments, by: \.taskIndex).values {
            switch TaskAssignment.light(of: parts, on: today) {
            case .red: office[.tasksRed, default: 0] += 1
            case .yellow: office[.tasksAmber, default: 0] += 1
            default: break
            }
        }

        // Meetings to come; trainings and activities held.
        let meetings = try await core.running.records(Meeting.self, planID: planID).map(\.value)
        records["meetings"] = meetings.count
        for meeting in meetings where meeting.state == .notified && meeting.date >= today {
            office[.meetings, default: 0] += 1
            for unit in meeting.invited { add(unit, .meetings) }
        }
        records["trainings"] = try await core.running.records(Training.self, planID: planID).count
        records["activities"] = try await core.running.records(Activity.self, planID: planID).count
        let surveys = try await core.surveys.surveys(planID: planID)
        records["surveys"] = surveys.count
        var responses = 0
        for survey in surveys { responses += try await core.surveys.responses(surveyID: survey.id).count }
        records["surveyResponses"] = responses

        var pending: [String: [String: Int]] = [:]
        func keep(_ counts: [WorkItem.Kind: Int]) -> [String: Int] {
            Dictionary(uniqueKeysWithValues: counts.filter { $0.value > 0 }.map { ($0.key.rawValue, $0.value) })
        }
        for person in DemoPerson.all {
            switch person.role {
            case .office: pending[person.username] = keep(office)
            case .liaison: pending[person.username] = keep(byUnit[person.unit ?? ""] ?? [:])
            case .township: pending[person.username] = keep(byUnit[person.region ?? ""] ?? [:])
            case .assessor: pending[person.username] = keep([.placesToAssess: assessorPlaces])
            default: pending[person.username] = [:]
            }
        }
        return DemoManifest(planID: planID, title: plan.title, today: today, accounts: DemoPerson.all, records: records,
                            pending: pending, reportDue: reportDue)
    }

    /// Each region's township name (a township is its own).
    static func townships(_ regions: [Region]) -> [UUID: String] {
        let byID = Dictionary(regions.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var result: [UUID: String] = [:]
        for region in regions {
            var current: Region? = region
            while let here = current {
                if here.level == .township || here.level == .town { result[region.id] = here.name; break }
                current = here.parentID.flatMap { byID[$0] }
            }
        }
        return result
    }
}
