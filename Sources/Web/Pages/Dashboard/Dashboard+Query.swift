import Domain
import Foundation
import Vapor

extension Dashboard {
    /// The programme's figures as of today, with the units that have a liaison account. Without verdicts: the
    /// CSV, the charts and the API leave them out, so they do not pay for judging.
    static func query(_ req: Request, plan: Plan, today: LocalDate) async throws -> Self {
        Dashboard(plan: plan, today: today, liaisonUnits: try await req.appCore.unitsWithAccounts(planID: plan.id))
    }
}

extension DashboardView.Model {
    /// The dashboard as its page shows it: with every target's verdict for the latest year judged and the cell
    /// targets at the programme's place; on the office's home, its latest changes too.
    static func query(_ req: Request, plan: Plan, isHome: Bool = false) async throws -> Self {
        var dashboard = try await Dashboard.query(req, plan: plan, today: req.today)
        // A programme whose place is not yet in the region list has nothing to judge; any other failure is an error.
        do {
            let programme = try await req.indicatorWorkflow.programme(plan.id)
            dashboard.verdicts = try await req.indicatorWorkflow.judge(programme, years: .judged).entries
        } catch IndicatorWorkflowError.placeNotRegistered {
            dashboard.verdictsUnavailable = IndicatorWorkflowError.placeNotRegistered(plan.id).description
        }
        if let programme = try? await req.cellWorkflow.programme(plan.id) {
            dashboard.coverage = try await req.cellWorkflow.coverage(programme).filter { $0.regionID == programme.place.id }
        }
        let recent = isHome && req.principal?.role == .office ? try await req.audit.entries(planID: plan.id, limit: 5, offset: 0) : []
        let principal = try req.requirePrincipal()
        let work = isHome ? try await req.appCore.workQueue.items(for: principal) : []
        return .init(dashboard: dashboard, isHome: isHome, recentChanges: recent, work: work)
    }
}
