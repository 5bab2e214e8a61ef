import Domain
import Foundation
import Plot

/// The figures of a programme's one-page dashboard, computed once and used by the page, the CSV
/// export, the SVG downloads and the JSON API.
struct Dashboard: Sendable {
    struct UnitLoad: Codable, Sendable {
        var unit: String
        var tasks: Int
        var member: Bool
        var hasLiaison: Bool
    }

    struct PhaseRow: Codable, Sendable {
        var name: String
        var start: String
        var end: String
        var state: String
        var elapsedPercent: Int
        var daysLeft: Int
    }

    var plan: Plan
    var progress: ProgrammeProgress
    var units: [UnitLoad]
    /// Units that report monthly (see `UnitDirectory.reportingUnits`) and how many have a liaison account.
    var memberUnits: Int
    /// Reporting units without a liaison account, in the plan's order: the office's to-do.
    var unitsWithoutLiaison: [String]
    var nextReportDue: LocalDate?
    /// Every target's verdict for the latest year judged so far (see `DashboardView.Model.query`).
    var verdicts: [EvaluationEntry] = []
    /// Why there are no verdicts to show, when the programme cannot be judged yet.
    var verdictsUnavailable: String?
    /// The cell targets at the programme's place, from the register.
    var coverage: [CoverageEntry] = []

    /// Each cell target's progress towards its target (coverage over the share asked, or named places over
    /// the count asked), coloured by its verdict.
    var coverageChart: BarChart {
        BarChart(title: "健康细胞目标完成度", bars: coverage.map { e in
            let target = plan.cellTargets[e.targetIndex]
            let needed = target.atLeastPercent.map { ($0, e.percent ?? 0) } ?? (Double(max(1, target.atLeastCount ?? 1)), Double(e.certified))
            let share = needed.0 > 0 ? min(1, needed.1 / needed.0) : 0
            let tone: BarChart.Tone = e.met == true ? .good : e.met == false ? .bad : .muted
            return BarChart.Bar(label: e.label, value: share, valueLabel: "\(e.atLeastPercentText) / \(e.target)", tone: tone)
        }, maximum: 1)
    }

    var memberUnitsWithLiaison: Int { memberUnits - unitsWithoutLiaison.count }

    init(plan: Plan, today: LocalDate, liaisonUnits: Set<String>) {
        self.plan = plan
        progress = ProgrammeProgress(plan: plan, today: today)
        let directory = UnitDirectory(plan)
        let reporting = directory.reportingUnits.map(\.name)
        let members = Set(reporting)
        units = directory.workload().map {
            UnitLoad(unit: $0.unit.name, tasks: $0.tasks, member: members.contains($0.unit.name),
                     hasLiaison: liaisonUnits.contains($0.unit.name))
        }
        memberUnits = members.count
        unitsWithoutLiaison = MonthlyReportRules.unitsWithoutAccounts(of: plan, covered: liaisonUnits)
        nextReportDue = ReportingSchedule(plan: plan)?.nextDue(on: today)?.dueDate
    }

    var phaseRows: [PhaseRow] {
        progress.phases.map {
            PhaseRow(name: $0.phase.name, start: $0.phase.start.iso, end: $0.phase.end.iso, state: $0.state.chineseName,
                     elapsedPercent: Int(($0.elapsed * 100).rounded()), daysLeft: $0.daysLeft)
        }
    }

    /// Progress by phase: the share of each phase's days gone, today's share of the whole as the reference.
    var phaseChart: BarChart {
        BarChart(title: "各阶段时间进度", bars: progress.phases.map { row in
            let label: String = switch row.state {
            case .upcoming: "未开始"
            case .finished: "已结束"
            case .current: "已过 \(Display.percent(row.elapsed))，剩 \(row.daysLeft) 天"
            }
            return BarChart.Bar(label: row.phase.name, value: row.elapsed, valueLabel: label,
                                tone: row.state == .finished ? .muted : (row.state == .current ? .accent : .muted))
        }, maximum: 1)
    }

    /// Tasks per unit, largest first; units without a liaison account in amber.
    func workloadChart(limit: Int = 15) -> BarChart {
        BarChart(title: "各单位承担任务数", bars: units.prefix(limit).map {
            BarChart.Bar(label: $0.unit, value: Double($0.tasks), valueLabel: "\($0.tasks) 项\($0.member && !$0.hasLiaison ? " · 无联络员" : "")",
                         tone: $0.member && !$0.hasLiaison ? .warn : .accent)
        })
    }

    /// The export: one CSV with the key figures, the phases and the units.
    var csv: String {
        var out = "\u{FEFF}" + CSV.line(["项目", "数值"])
        out += CSV.line(["方案", plan.title])
        out += CSV.line(["日期", progress.today.iso])
        out += CSV.line(["时间进度", Display.percent(progress.elapsed)])
        out += CSV.line(["成员单位", String(memberUnits)])
        out += CSV.line(["已落实联络员的责任单位", String(memberUnitsWithLiaison)])
        out += CSV.line(["任务", String(plan.tasks.count)])
        out += "\r\n" + CSV.line(["阶段", "开始", "结束", "状态", "时间进度(%)", "剩余天数"])
        for row in phaseRows {
            out += CSV.line([row.name, row.start, row.end, row.state, String(row.elapsedPercent), String(row.daysLeft)])
        }
        out += "\r\n" + CSV.line(["单位", "承担任务数", "需报送月报", "已有联络员账号"])
        for unit in units {
            out += CSV.line([unit.unit, String(unit.tasks), unit.member ? "是" : "否", unit.hasLiaison ? "是" : "否"])
        }
        return out
    }
}
