import Domain
import Foundation
import Persistence

/// What needs each person: the one place that computes a person's pending work across every module. Homes, the
/// to-do API, reminders and the daily digest all read it, so they never disagree with each other or with the
/// module pages (each part below counts what its module page lists).
public struct WorkQueue: Sendable {
    let core: AppCore

    /// Meetings and trainings this many days ahead are listed.
    public static let lookAheadDays = 14

    /// The work waiting on `principal`, most urgent first, each with its link.
    public func items(for principal: Principal) async throws -> [WorkItem] {
        guard let planID = principal.planID, let plan = try await core.plans.plan(id: planID) else { return [] }
        var parts = WorkParts(core: core, plan: plan, today: core.today)
        let items: [WorkItem]
        switch principal.role {
        case .office:
            items = try await parts.forOffice()
        case .leader:
            items = try await parts.forLeader()
        case .liaison, .township:
            let township = principal.role == .township ? principal.regionID : nil
            if let unit = principal.reportingUnit, UnitDirectory(plan).concreteUnitName(unit) != nil {
                items = try await parts.forUnit(unit, township: township)
            } else if let township {
                // A township not yet a unit of the plan reports nothing, but still scores its places.
                items = try await parts.placesToAssess(under: township) + parts.trainings()
            } else {
                items = []
            }
        case .assessor:
            items = try await parts.forAssessor()
        case .admin, .province:
            items = []
        }
        let links = core.environment.links
        return WorkItem.ordered(items).map { item in
            var item = item
            item.url = links.path(item.destination)
            return item
        }
    }
}

extension AppCore {
    public var workQueue: WorkQueue { WorkQueue(core: self) }
}

/// The parts of the queue, one per module; each reads its module's records once.
struct WorkParts {
    let core: AppCore
    let plan: Plan
    let today: LocalDate

    init(core: AppCore, plan: Plan, today: LocalDate) {
        self.core = core; self.plan = plan; self.today = today
    }

    var planID: String { plan.id }

    func item(_ kind: WorkItem.Kind, _ title: String, count: Int, due: LocalDate?, _ destination: WorkItem.Destination,
              urgency: WorkItem.Urgency? = nil, scope: String = "") -> WorkItem {
        WorkItem(kind: kind, title: title, count: count, due: due, destination: destination,
                 urgency: urgency ?? WorkItem.urgency(due: due, today: today), planID: planID,
                 key: [kind.rawValue, planID, scope, due?.iso ?? ""].joined(separator: "|"))
    }

    mutating func forOffice() async throws -> [WorkItem] {
        var items: [WorkItem] = []
        items += try await officeReports()
        items += try await officeProblems()
        items += try await officeFigures()
        items += try await officeCells()
        items += try await programmeTasks()
        items += try await policySteps(role: .office, unit: nil)
        items += try await meetings(unit: nil)
        items += try await accountsMissing()
        return items
    }

    /// A leader reads: where the programme is behind, the same counts the office sees, without the office's chores.
    mutating func forLeader() async throws -> [WorkItem] {
        var items: [WorkItem] = []
        items += try await officeReports()
        items += try await officeProblems().filter { $0.kind == .problemsToRectify }
        items += try await programmeTasks()
        items += try await meetings(unit: nil)
        return items
    }

    mutating func forUnit(_ unit: String, township: UUID?) async throws -> [WorkItem] {
        var items: [WorkItem] = []
        items += try await unitReports(unit)
        items += try await unitProblems(unit)
        items += try await unitFigures(unit)
        items += try await unitTasks(unit)
        items += try await policySteps(role: .draftingDepartment, unit: unit)
        items += try await meetings(unit: unit)
        items += try await trainings()
        if let township { items += try await placesToAssess(under: township) }
        return items
    }

    mutating func forAssessor() async throws -> [WorkItem] {
        var items: [WorkItem] = []
        items += try await placesToAssess(under: nil)
        items += try await policySteps(role: .expert, unit: nil)
        return items
    }
}

extension AppCore {
    /// The units an enabled account reports for (a liaison's department, a township officer's township).
    public func unitsWithAccounts(planID: String) async throws -> Set<String> {
        Set(try await accounts.users(planID: planID).filter { !$0.disabled }.compactMap { $0.principal.reportingUnit })
    }
}
