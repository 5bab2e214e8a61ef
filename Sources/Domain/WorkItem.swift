import Foundation

/// One piece of work waiting on a person: what it is, how many, by when, where to do it, how urgent.
/// Homes, the to-do API, reminders and the daily digest are all built from these, computed in one place
/// (`WorkQueue` in Core), so every page and message says the same thing.
public struct WorkItem: Equatable, Sendable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case reportDue, reportLate, reportReturned, reportsToReview
        case problemsToRectify, problemsToRecheck
        case figuresToEnter, figuresToReview, figuresReturned
        case scoringsToConfirm, placesToAssess
        case tasksRed, tasksAmber
        case policySteps
        case meetings, trainings
        case accountsMissing

        /// What a reminder calls this kind of work.
        public var chineseName: String {
            switch self {
            case .reportDue: "月报待报"
            case .reportLate: "月报逾期"
            case .reportReturned: "月报退回"
            case .reportsToReview: "月报待审"
            case .problemsToRectify: "问题待整改"
            case .problemsToRecheck: "整改待复核"
            case .figuresToEnter: "指标待报送"
            case .figuresToReview: "指标待审核"
            case .figuresReturned: "指标被退回"
            case .scoringsToConfirm: "评分待命名"
            case .placesToAssess: "待评审"
            case .tasksRed: "任务红灯"
            case .tasksAmber: "任务黄灯"
            case .policySteps: "政策评价待办"
            case .meetings: "会议"
            case .trainings: "培训"
            case .accountsMissing: "账号未开通"
            }
        }
    }

    /// Most urgent first: overdue, then due soon (within a week) or returned, then the rest.
    public enum Urgency: String, Sendable, Codable, Comparable, CaseIterable {
        case overdue, soon, normal

        public var chineseName: String {
            switch self {
            case .overdue: "已逾期"
            case .soon: "即将到期"
            case .normal: "待办"
            }
        }

        private var rank: Int {
            switch self {
            case .overdue: 0
            case .soon: 1
            case .normal: 2
            }
        }

        public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
    }

    /// Where the work is done, as the web prints links (`WorkLinks`); Domain and Core do not know the site's paths.
    public enum Destination: Equatable, Sendable {
        case monthlyReports(plan: String, month: YearMonth?)
        case monthlyReport(plan: String, unit: String, month: YearMonth)
        case inspections(plan: String)
        case indicatorEntry(plan: String, unit: String?)
        case indicatorReview(plan: String)
        case cellReview(plan: String)
        case cellBatch(plan: String, region: UUID?)
        case cellRegister(plan: String, status: String?, region: UUID?)
        case tasks(plan: String, unit: String?)
        case policies(plan: String)
        case meetings(plan: String)
        case meeting(plan: String, id: UUID)
        case trainings(plan: String)
        case planUnits(plan: String)
    }

    public var kind: Kind
    /// A sentence in Chinese, e.g. 「11月工作月报待报送」.
    public var title: String
    public var count: Int
    public var due: LocalDate?
    public var destination: Destination
    /// The page where the work is done (a path on this site), printed from `destination` by the web's links.
    public var url: String
    public var urgency: Urgency
    /// The programme the work belongs to.
    public var planID: String?
    /// Stable while the same work is waiting (kind, programme, unit, due date), so a reminder is sent once per step.
    public var key: String

    public init(kind: Kind, title: String, count: Int, due: LocalDate?, destination: Destination, url: String = "",
                urgency: Urgency, planID: String?, key: String) {
        self.kind = kind; self.title = title; self.count = count; self.due = due; self.destination = destination; self.url = url
        self.urgency = urgency; self.planID = planID; self.key = key
    }

    /// A reminder's channel-neutral text: the title with the due date.
    public var sentence: String {
        guard let due else { return title }
        return "\(title)（\(urgency == .overdue ? "应于" : "请于")\(due.chinese)前完成）"
    }

    /// The urgency of work due on `due`, seen on `today`: overdue after the day, soon within `soonDays`.
    public static func urgency(due: LocalDate?, today: LocalDate, soonDays: Int = 7) -> Urgency {
        guard let due else { return .normal }
        if due < today { return .overdue }
        return today.adding(days: soonDays) >= due ? .soon : .normal
    }

    /// Most urgent first; within an urgency the earliest due date, then the largest count.
    public static func ordered(_ items: [WorkItem]) -> [WorkItem] {
        items.sorted { a, b in
            if a.urgency != b.urgency { return a.urgency < b.urgency }
            switch (a.due, b.due) {
            case let (x?, y?) where x != y: return x < y
            case (.some, nil): return true
            case (nil, .some): return false
            default: return a.count > b.count
            }
        }
    }
}

/// Prints a work item's destination as a path on this site. The web builds it from its one `SiteURL`, so links
/// in homes, the to-do API, reminders and digests are the links the pages make.
public struct WorkLinks: Sendable {
    public var path: @Sendable (WorkItem.Destination) -> String

    public init(path: @escaping @Sendable (WorkItem.Destination) -> String) { self.path = path }

    /// Outside the web (a core test), items carry no link.
    public static let none = WorkLinks { _ in "" }
}
