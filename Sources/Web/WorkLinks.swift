import Domain
import Foundation

extension SiteURL {
    /// A work item's page: homes, the to-do API, reminders and digests link where the pages themselves link.
    init(_ destination: WorkItem.Destination) {
        switch destination {
        case .monthlyReports(let plan, let month): self = .monthlyReports(plan, month: month?.description)
        case .monthlyReport(let plan, let unit, let month): self = .monthlyReport(plan: plan, unit: unit, month: month.description)
        case .inspections(let plan): self = .inspections(plan)
        case .indicatorEntry(let plan, let unit): self = .indicatorEntry(plan, unit: unit, period: nil, region: nil)
        case .indicatorReview(let plan): self = .indicatorReview(plan)
        case .cellReview(let plan): self = .cellReview(plan)
        case .cellBatch(let plan, let region): self = .cellBatch(plan, region: region, cell: nil)
        case .cellRegister(let plan, let status, let region):
            self = .cellRegister(plan, cell: nil, status: status, region: region, text: nil, page: 1)
        case .tasks(let plan, let unit): self = .tasks(plan, unit: unit)
        case .policies(let plan): self = .policies(plan)
        case .meetings(let plan): self = .meetings(plan)
        case .meeting(let plan, let id): self = .meeting(plan: plan, id: id)
        case .trainings(let plan): self = .trainings(plan, year: nil)
        case .planUnits(let plan): self = .planUnits(plan)
        }
    }

    static let workLinks = WorkLinks { SiteURL($0).path }
}
