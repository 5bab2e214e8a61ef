@testable import Domain
import Foundation
import Testing

/// A small county programme for the running rules: three phases from March 2024 to September 2025,
/// reports due on the 30th, four member units and a collective (各乡镇) naming the townships.
enum RunningFixtures {
    static func day(_ iso: String) -> LocalDate { LocalDate(iso: iso)! }

    /// An instant given as China wall-clock time (UTC+8, no daylight saving).
    static func instant(_ iso: String, _ hour: Int = 12, _ minute: Int = 0) -> Date {
        let seconds = day(iso).dayNumber * 86_400 + (hour - 8) * 3_600 + minute * 60
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    static func evidence(_ name: String, size: Int = 1_024) -> EvidenceRef {
        EvidenceRef(sha256: String(repeating: String(name.unicodeScalars.first!.value % 10), count: 64), fileName: name, size: size)
    }

    static let plan = Plan(
        id: "ceshi-2024", title: "测试县创建健康县工作实施方案", programme: .healthyCounty,
        place: Place(name: "测试县", level: .county),
        phases: [
            Phase(name: "启动阶段", start: day("2024-03-01"), end: day("2024-03-31")),
            Phase(name: "实施阶段", start: day("2024-04-01"), end: day("2025-06-30")),
            Phase(name: "验收阶段", start: day("2025-07-01"), end: day("2025-09-30")),
        ],
        reporting: ReportingRule(monthlyDueDay: 30, text: "各成员单位于每月30日前报送工作进展"),
        organisation: Organisation(memberUnits: ["县卫健委", "县教育局", "县融媒体中心", "新关镇", "各乡镇"],
                                   office: Office(unit: "县卫健委")),
        units: [
            PlanUnit(name: "县卫健委", kind: .department, aliases: ["县卫生健康委员会"]),
            PlanUnit(name: "县教育局", kind: .department),
            PlanUnit(name: "县融媒体中心", kind: .institution),
            PlanUnit(name: "新关镇", kind: .township),
            PlanUnit(name: "县财政局", kind: .department),
            PlanUnit(name: "各乡镇", kind: .group, covers: .townships),
        ],
        tasks: [
            PlanTask(number: "1", section: "建设健康环境", title: "改善人居环境", text: "改善人居环境。开展城乡环境卫生整治。",
                     responsible: ["县卫健委", "新关镇"]),
            PlanTask(number: "2", section: "培育健康人群", title: "健康学校", text: "健康学校。开展学校健康教育。",
                     responsible: ["县教育局"]),
            PlanTask(number: "3", section: "培育健康人群", title: "办好一个讲座",
                     text: "办好一个讲座。健康促进专兼职人员每月至少在机关、企事业单位、学校、村(社区)开展一次健康教育讲座,全年不少于12次。",
                     responsible: ["各乡镇", "县卫健委"]),
        ])

    static let schedule = ReportingSchedule(plan: plan)!

    static func principal(_ role: Role, unit: String? = nil, planID: String? = "ceshi-2024") -> Principal {
        Principal(kind: .user(UUID()), name: "\(role.rawValue)-\(unit ?? "")", role: role,
                  planID: role == .admin ? nil : planID, unit: unit)
    }
}

/// The rejection a call throws, or nil when it succeeds. (Closures are not yet inferred as typed-throwing,
/// so any other error fails the test.)
func runningRejection(_ body: () throws -> Void, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> InputRejected? {
    do {
        try body()
        return nil
    } catch let rejected as InputRejected {
        return rejected
    } catch {
        Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

extension InputRejected {
    /// The fields the issues name, as written (`recommendations[1].reason`).
    var fields: [String] { issues.map { $0.location.field?.description ?? "" } }
    var messages: [String] { issues.map(\.message) }
}
