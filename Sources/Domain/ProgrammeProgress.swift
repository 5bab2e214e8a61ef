import Foundation

/// Where a programme stands in its calendar on a given day: each phase's share of time gone,
/// the current phase, the days left. Task and report progress join this as those features land.
public struct ProgrammeProgress: Equatable, Sendable {
    public enum State: String, Equatable, Sendable {
        case upcoming, current, finished

        public var chineseName: String {
            switch self {
            case .upcoming: "未开始"
            case .current: "进行中"
            case .finished: "已结束"
            }
        }
    }

    public struct PhaseProgress: Equatable, Sendable {
        public var phase: Phase
        public var state: State
        /// Days of the phase that have passed, 0...1.
        public var elapsed: Double
        public var totalDays: Int
        public var daysLeft: Int
    }

    public var today: LocalDate
    public var phases: [PhaseProgress]
    /// Share of the whole programme calendar gone (first phase start to last phase end).
    public var elapsed: Double
    public var daysToEnd: Int?

    public var currentPhases: [PhaseProgress] { phases.filter { $0.state == .current } }

    public init(plan: Plan, today: LocalDate) {
        self.today = today
        let day = today.dayNumber
        phases = plan.phases.map { phase in
            let start = phase.start.dayNumber
            let end = phase.end.dayNumber
            let total = end - start + 1
            let state: State = day < start ? .upcoming : (day > end ? .finished : .current)
            let gone = min(max(day - start + 1, 0), total)
            return PhaseProgress(phase: phase, state: state, elapsed: total > 0 ? Double(gone) / Double(total) : 0,
                                 totalDays: total, daysLeft: max(end - day, 0))
        }
        if let first = plan.phases.map(\.start).min(), let last = plan.phases.map(\.end).max() {
            let total = last.dayNumber - first.dayNumber + 1
            let gone = min(max(day - first.dayNumber + 1, 0), total)
            elapsed = total > 0 ? Double(gone) / Double(total) : 0
            daysToEnd = last.dayNumber - day
        } else {
            elapsed = 0
            daysToEnd = nil
        }
    }
}
