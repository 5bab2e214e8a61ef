import Core
import Domain
import Foundation

extension MonthlySummaryDocument {
    /// The month's summary from the roll-up: each expected unit's standing and, for submitted reports, their content.
    init(rollUp: MonthlyRollUp, reports: [MonthlyReport], plan: Plan, issuedOn: LocalDate) {
        let byUnit = Dictionary(reports.filter { $0.month == rollUp.month }.map { ($0.unit, $0) }, uniquingKeysWith: { a, _ in a })
        let units = rollUp.standings.map { standing -> UnitReport in
            let report = byUnit[standing.unit]
            let status: MonthlySummaryDocument.Status = switch standing.status {
            case .onTime: .onTime
            case .late: .late
            case .returned: .returned
            case .notSubmitted, .draft: .missing
            }
            return UnitReport(unitName: standing.unit, status: status, submittedOn: standing.submittedOn,
                              workDone: report?.workDone ?? "", activities: report?.activities ?? "",
                              problems: report?.problems ?? "", nextSteps: report?.nextSteps ?? "")
        }
        self.init(programmeName: plan.title, officeName: (plan.organisation.office?.name).flatMap { $0.isEmpty ? nil : $0 } ?? "创建工作领导小组办公室",
                  year: rollUp.month.year, month: rollUp.month.month, dueDate: rollUp.dueDate, issuedOn: issuedOn, units: units)
    }
}

extension CircularDocument {
    init(plan: Plan, inspection: Domain.Inspection, problems: [InspectionProblem], issuedOn: LocalDate) {
        let listed = problems.enumerated().map { index, p in
            Problem(number: index + 1, responsibleUnit: p.unit, description: p.text, deadline: p.deadline,
                    status: p.state == .closed ? .closed : (p.state == .submitted || p.state == .recheckPassed) ? .awaitingRecheck : .open)
        }
        self.init(programmeName: plan.title,
                  inspection: Inspection(date: inspection.date, inspectors: inspection.inspectors,
                                         inspected: inspection.subjects.map(\.displayName), findings: inspection.findings),
                  problems: listed, issuingOffice: (plan.organisation.office?.name).flatMap { $0.isEmpty ? nil : $0 } ?? "创建工作领导小组办公室", issuedOn: issuedOn)
    }
}
