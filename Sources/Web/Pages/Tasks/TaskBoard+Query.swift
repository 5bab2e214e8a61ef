import Core
import Domain
import Foundation
import Vapor

extension TaskBoardView.Model {
    /// The board of every unit, and the tasks of the unit asked for (`?unit=`, a liaison's own by default) by urgency.
    static func query(_ req: Request, plan: Plan, scope: ProgrammeScope) async throws -> Self {
        let principal = try req.requirePrincipal()
        let all = try await req.appCore.taskAssignments(of: plan)
        let unit = req.query[String.self, at: "unit"].flatMap { UnitDirectory(plan).concreteUnitName($0) }
            ?? principal.reportingUnit
        let shown = unit.map { u in all.filter { $0.value.unit == u } } ?? []
        let ordered = TaskAssignment.byUrgency(shown.map(\.value)).compactMap { a in shown.first { $0.value.naturalKey == a.naturalKey } }
        return .init(plan: plan, board: TaskBoard(all.map(\.value), on: req.today), unit: unit, assignments: ordered, today: req.today,
                     canUpdate: unit.map { AccessPolicy.allows(principal, .reportProgress(scope, unit: $0)) } ?? false,
                     notice: req.query[String.self, at: "notice"])
    }
}
