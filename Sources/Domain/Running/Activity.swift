import Foundation

public enum ActivityKind: String, Sendable, StrictEnum {
    case lecture, consultation, mediaColumn, training, healthDayCampaign, other

    public var chineseName: String {
        switch self {
        case .lecture: "健康讲座"
        case .consultation: "义诊咨询"
        case .mediaColumn: "媒体专栏"
        case .training: "培训"
        case .healthDayCampaign: "主题日活动"
        case .other: "其他"
        }
    }

    /// The words plans and indicator names use for the kind (健康教育讲座, 义诊): how a duty's sentence and an
    /// indicator's name (讲座次数) are tied to the activities they count.
    public var nameWords: [String] {
        switch self {
        case .lecture: ["讲座", "健康课堂", "大讲堂"]
        case .consultation: ["义诊", "健康咨询"]
        case .mediaColumn: ["专栏", "专题节目"]
        case .training: ["培训"]
        case .healthDayCampaign: ["主题日", "宣传日"]
        case .other: []
        }
    }
}

/// A health-promotion activity a unit held: a lecture, a consultation point, a media column, a training,
/// a health-day campaign.
public struct Activity: Codable, Sendable, Equatable, Identifiable {
    public var id: UUID
    public var planID: String
    public var kind: ActivityKind
    public var title: String
    /// Canonical unit names; the first organised it, the others joined.
    public var organisers: [String]
    public var date: LocalDate
    /// The last day of an activity over several days (a week-long campaign); nil for one day.
    public var endDate: LocalDate?
    /// Where it took place; for a media column, the outlet (县融媒体中心《健康之窗》).
    public var place: String
    public var regionID: UUID?
    public var participants: Int?
    /// People reached (受益人次): the figure the year's beneficiary target counts.
    public var beneficiaries: Int
    /// The health day a campaign marks, by its calendar name (世界卫生日).
    public var healthDay: String?
    public var evidence: [EvidenceRef]
    public var note: String?

    public init(id: UUID = UUID(), planID: String, kind: ActivityKind, title: String, organisers: [String], date: LocalDate,
                endDate: LocalDate? = nil, place: String, regionID: UUID? = nil, participants: Int? = nil, beneficiaries: Int = 0,
                healthDay: String? = nil, evidence: [EvidenceRef] = [], note: String? = nil) {
        self.id = id; self.planID = planID; self.kind = kind; self.title = title; self.organisers = organisers
        self.date = date; self.endDate = endDate; self.place = place; self.regionID = regionID
        self.participants = participants; self.beneficiaries = beneficiaries; self.healthDay = healthDay
        self.evidence = evidence; self.note = note
    }

    /// Checks an activity as a unit records it (after it took place) and returns it with the organisers'
    /// canonical names. Every problem names its field.
    public func checked(plan: Plan, today: LocalDate, calendar: HealthDayCalendar = HealthDayCalendar(),
                        source: String = "活动记录") throws(InputRejected) -> Activity {
        var issues = IssueList(source)
        issues.requireText(title, ["title"], "请填写活动名称")
        issues.requireText(place, ["place"], kind == .mediaColumn ? "请填写媒体名称或栏目" : "请填写活动地点")

        let directory = UnitDirectory(plan)
        var canonical: [String] = []
        if organisers.isEmpty { issues.add(["organisers"], "请填写组织单位") }
        for (i, name) in organisers.enumerated() {
            guard let unit = directory.concreteUnitName(name) else {
                issues.add(FieldPath(["organisers"]).index(i), "「\(name)」不是本方案的单位")
                continue
            }
            if canonical.contains(unit) {
                issues.add(FieldPath(["organisers"]).index(i), "组织单位「\(unit)」重复")
            } else {
                canonical.append(unit)
            }
        }

        if date > today { issues.add(["date"], "活动日期 \(date.chinese) 晚于今天：请在活动结束后登记") }
        if let endDate {
            if endDate < date { issues.add(["endDate"], "结束日期 \(endDate.chinese) 早于开始日期 \(date.chinese)") }
            else if endDate > today { issues.add(["endDate"], "结束日期 \(endDate.chinese) 晚于今天") }
        }
        if let participants, participants < 0 { issues.add(["participants"], "参加人数不能为负数") }
        if beneficiaries < 0 { issues.add(["beneficiaries"], "受益人次不能为负数") }
        if let participants, participants > 0, kind != .mediaColumn, beneficiaries < participants {
            // Everyone present is reached; only media reach people who did not attend.
            issues.add(["beneficiaries"], "受益人次（\(beneficiaries)）少于参加人数（\(participants)）")
        }

        if let healthDay {
            let names = Set(calendar.days(in: date.year).map(\.name))
            if !names.contains(healthDay) { issues.add(["healthDay"], "「\(healthDay)」不是卫生日日历中的主题日") }
        } else if kind == .healthDayCampaign && calendar.days(on: date).isEmpty {
            issues.add(["healthDay"], "请选择本次主题日活动对应的卫生日（\(date.chinese)不在任何卫生日内）")
        }
        try issues.throwIfAny()

        var result = self
        result.organisers = canonical
        result.title = title.trimmingCharacters(in: .whitespacesAndNewlines)
        result.place = place.trimmingCharacters(in: .whitespacesAndNewlines)
        return result
    }

    /// The dates of a unit's activities of a kind: what a recurring duty (每月一次讲座) counts.
    public static func dates(of kind: ActivityKind, organisedBy unit: String, in activities: [Activity]) -> [LocalDate] {
        activities.filter { $0.kind == kind && $0.organisers.contains(unit) }.map(\.date).sorted()
    }
}
