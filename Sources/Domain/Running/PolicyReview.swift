import Foundation

// Health impact assessment of public policies (公共政策健康影响评价), domain-reference §5:
// 登记 → 筛选 → 分析评估 → 报告与建议 → 采纳反馈 → 备案 → 监测评价.

/// What is assessed: normative documents of the government or its departments, and major government-invested projects.
public enum PolicyKind: String, Sendable, StrictEnum {
    case normativeDocument, majorProject

    public var chineseName: String {
        switch self {
        case .normativeDocument: "规范性文件"
        case .majorProject: "重大工程项目"
        }
    }
}

/// The last step a review has completed.
public enum PolicyReviewStage: String, Sendable, StrictEnum {
    case registered, screening, analysis, reporting, adoptionFeedback, filed, monitoring

    public var chineseName: String {
        switch self {
        case .registered: "登记"
        case .screening: "筛选"
        case .analysis: "分析评估"
        case .reporting: "报告与建议"
        case .adoptionFeedback: "采纳反馈"
        case .filed: "备案"
        case .monitoring: "监测评价"
        }
    }
}

public enum ScreeningDecision: String, Sendable, StrictEnum {
    case noAssessment, rapid, full

    public var chineseName: String {
        switch self {
        case .noAssessment: "无需评估"
        case .rapid: "简易评估"
        case .full: "全面评估"
        }
    }
}

public enum AdoptionDecision: String, Sendable, StrictEnum {
    case adopted, partlyAdopted, notAdopted

    public var chineseName: String {
        switch self {
        case .adopted: "采纳"
        case .partlyAdopted: "部分采纳"
        case .notAdopted: "不采纳"
        }
    }

    /// Whatever is not adopted, wholly or in part, needs the drafting department's reason.
    public var needsReason: Bool { self != .adopted }
}

/// Who takes part: the drafting department is responsible and answers the advice; the office (卫生健康部门 /
/// 健评办) keeps the register and coordinates; experts (健康专家委员会 or a third party) screen and assess.
public enum PolicyReviewRole: String, Sendable, StrictEnum {
    case draftingDepartment, office, expert

    public var chineseName: String {
        switch self {
        case .draftingDepartment: "起草部门"
        case .office: "健评办"
        case .expert: "评估专家"
        }
    }

    /// A principal's part in a review: the drafting unit's liaison, the office (and administrator), an assessor.
    public static func of(_ principal: Principal, in review: PolicyReview) -> PolicyReviewRole? {
        guard !principal.isReadOnly else { return nil }
        if principal.role == .admin { return .office }
        guard principal.planID == review.planID else { return nil }
        switch principal.role {
        case .office: return .office
        case .assessor: return .expert
        case .liaison: return principal.unit == review.draftingUnit ? .draftingDepartment : nil
        default: return nil
        }
    }
}

public struct Screening: Codable, Sendable, Equatable {
    public var experts: [String]
    public var decision: ScreeningDecision
    public var date: LocalDate
    public var reason: String

    public init(experts: [String], decision: ScreeningDecision, date: LocalDate, reason: String = "") {
        self.experts = experts; self.decision = decision; self.date = date; self.reason = reason
    }
}

public struct AdoptionResponse: Codable, Sendable, Equatable {
    public var decision: AdoptionDecision
    public var reason: String?
    public var date: LocalDate

    public init(decision: AdoptionDecision, reason: String? = nil, date: LocalDate) {
        self.decision = decision; self.reason = reason; self.date = date
    }
}

public struct Recommendation: Codable, Sendable, Equatable {
    public var text: String
    public var response: AdoptionResponse?

    public init(text: String, response: AdoptionResponse? = nil) { self.text = text; self.response = response }
}

public struct MonitoringNote: Codable, Sendable, Equatable {
    public var date: LocalDate
    public var text: String

    public init(date: LocalDate, text: String) { self.date = date; self.text = text }
}

/// One policy or project through its health impact assessment.
public struct PolicyReview: Codable, Sendable, Equatable, Identifiable {
    public var id: UUID
    public var planID: String
    public var title: String
    public var kind: PolicyKind
    /// The drafting department's canonical unit name.
    public var draftingUnit: String
    public var registeredOn: LocalDate
    public var stage: PolicyReviewStage
    public var screening: Screening?
    public var analysis: String?
    public var report: String?
    public var reportEvidence: [EvidenceRef]
    public var recommendations: [Recommendation]
    public var filedOn: LocalDate?
    public var monitoring: [MonitoringNote]

    public init(id: UUID = UUID(), planID: String, title: String, kind: PolicyKind, draftingUnit: String, registeredOn: LocalDate,
                stage: PolicyReviewStage = .registered, screening: Screening? = nil, analysis: String? = nil, report: String? = nil,
                reportEvidence: [EvidenceRef] = [], recommendations: [Recommendation] = [], filedOn: LocalDate? = nil,
                monitoring: [MonitoringNote] = []) {
        self.id = id; self.planID = planID; self.title = title; self.kind = kind; self.draftingUnit = draftingUnit
        self.registeredOn = registeredOn; self.stage = stage; self.screening = screening; self.analysis = analysis
        self.report = report; self.reportEvidence = reportEvidence; self.recommendations = recommendations
        self.filedOn = filedOn; self.monitoring = monitoring
    }

    public static let expertsForScreening = 2...3

    /// The steps that may follow `stage`. Screening decides the way: 无需评估 goes straight to filing.
    /// Monitoring repeats (one entry per follow-up).
    public static func allowedNext(from stage: PolicyReviewStage, decision: ScreeningDecision?) -> [PolicyReviewStage] {
        switch stage {
        case .registered: [.screening]
        case .screening:
            switch decision {
            case .noAssessment?: [.filed]
            case .rapid?, .full?: [.analysis]
            case nil: []
            }
        case .analysis: [.reporting]
        case .reporting: [.adoptionFeedback]
        case .adoptionFeedback: [.filed]
        case .filed, .monitoring: [.monitoring]
        }
    }

    public var allowedNext: [PolicyReviewStage] { Self.allowedNext(from: stage, decision: screening?.decision) }

    /// Who may complete a step. Answering advice is the drafting department's alone; filing is the register keeper's.
    public static func roles(for step: PolicyReviewStage) -> Set<PolicyReviewRole> {
        switch step {
        case .registered: [.draftingDepartment, .office]
        case .screening, .analysis, .reporting: [.expert, .office]
        case .adoptionFeedback: [.draftingDepartment]
        case .filed: [.office]
        case .monitoring: [.office, .draftingDepartment]
        }
    }

    public static func may(_ role: PolicyReviewRole, _ step: PolicyReviewStage) -> Bool { roles(for: step).contains(role) }

    /// Registers a policy (before its legal review): a title, a unit of the plan. Returns the review at 登记.
    public static func register(planID: String, title: String, kind: PolicyKind, draftingUnit: String, on date: LocalDate,
                                by role: PolicyReviewRole, plan: Plan, today: LocalDate,
                                source: String = "政策登记") throws(InputRejected) -> PolicyReview {
        var issues = IssueList(source)
        if !may(role, .registered) { issues.add(.root, "\(role.chineseName)不能登记政策") }
        issues.requireText(title, ["title"], "请填写政策（项目）名称")
        let unit = UnitDirectory(plan).concreteUnitName(draftingUnit)
        if unit == nil { issues.add(["draftingUnit"], "「\(draftingUnit)」不是本方案的单位") }
        if date > today { issues.add(["registeredOn"], "登记日期 \(date.chinese) 晚于今天") }
        try issues.throwIfAny()
        guard let unit else { throw IssueList.reject(source, ["draftingUnit"], "「\(draftingUnit)」不是本方案的单位") }
        return PolicyReview(planID: planID, title: title.trimmingCharacters(in: .whitespacesAndNewlines), kind: kind,
                            draftingUnit: unit, registeredOn: date)
    }

    private func begin(_ step: PolicyReviewStage, by role: PolicyReviewRole, _ issues: inout IssueList) {
        if !allowedNext.contains(step) {
            let next = allowedNext.map(\.chineseName).joined(separator: "、")
            issues.add(["stage"], "当前处于「\(stage.chineseName)」，不能进行「\(step.chineseName)」" + (next.isEmpty ? "" : "（下一步：\(next)）"))
        }
        if !Self.may(role, step) { issues.add(.root, "\(role.chineseName)不能进行「\(step.chineseName)」") }
    }

    private func checkDate(_ date: LocalDate, after earlier: LocalDate, _ field: FieldPath, _ issues: inout IssueList) {
        if date < earlier { issues.add(field, "日期 \(date.chinese) 早于上一步（\(earlier.chinese)）") }
    }

    /// 筛选: two or three experts decide whether and how deeply to assess. 无需评估 must say why.
    public mutating func screen(_ screening: Screening, by role: PolicyReviewRole,
                                source: String = "政策筛选") throws(InputRejected) {
        var issues = IssueList(source)
        begin(.screening, by: role, &issues)
        let experts = screening.experts.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        if !Self.expertsForScreening.contains(experts.count) {
            issues.add(["experts"], "筛选须由 2–3 名专家进行（现有 \(experts.count) 名）")
        }
        if Set(experts).count != experts.count { issues.add(["experts"], "专家有重复") }
        if screening.decision == .noAssessment && isBlank(screening.reason) {
            issues.add(["reason"], "结论为无需评估时请说明理由")
        }
        checkDate(screening.date, after: registeredOn, ["date"], &issues)
        try issues.throwIfAny()
        var recorded = screening
        recorded.experts = experts
        self.screening = recorded
        stage = .screening
    }

    /// 分析评估: the assessment's findings.
    public mutating func recordAnalysis(_ text: String, by role: PolicyReviewRole,
                                        source: String = "分析评估") throws(InputRejected) {
        var issues = IssueList(source)
        begin(.analysis, by: role, &issues)
        issues.requireText(text, ["analysis"], "请填写分析评估结果")
        try issues.throwIfAny()
        analysis = text
        stage = .analysis
    }

    /// 报告与建议: the report and its recommendations, each answered later on its own.
    public mutating func recordReport(_ text: String, recommendations texts: [String], evidence: [EvidenceRef] = [],
                                      by role: PolicyReviewRole, source: String = "评估报告") throws(InputRejected) {
        var issues = IssueList(source)
        begin(.reporting, by: role, &issues)
        issues.requireText(text, ["report"], "请填写评估报告")
        if texts.isEmpty { issues.add(["recommendations"], "请至少提出一条建议") }
        for (i, text) in texts.enumerated() where isBlank(text) {
            issues.add(FieldPath(["recommendations"]).index(i), "第 \(i + 1) 条建议为空")
        }
        try issues.throwIfAny()
        report = text
        reportEvidence = evidence
        recommendations = texts.map { Recommendation(text: $0) }
        stage = .reporting
    }

    /// 采纳反馈 for one recommendation: the drafting department adopts it, partly adopts it or not, with reasons
    /// for what it does not adopt. May be changed until the feedback is complete.
    public mutating func respond(to index: Int, _ response: AdoptionResponse, by role: PolicyReviewRole,
                                 source: String = "采纳反馈") throws(InputRejected) {
        var issues = IssueList(source)
        let field = FieldPath(["recommendations"]).index(index)
        if stage != .reporting {
            issues.add(["stage"], "当前处于「\(stage.chineseName)」，不能反馈采纳情况")
        }
        if !Self.may(role, .adoptionFeedback) { issues.add(.root, "只有起草部门能反馈采纳情况") }
        if !recommendations.indices.contains(index) {
            issues.add(field, "没有第 \(index + 1) 条建议")
        }
        if response.decision.needsReason && response.reason.map(isBlank) ?? true {
            issues.add(field.key("reason"), "\(response.decision.chineseName)时请说明理由")
        }
        try issues.throwIfAny()
        recommendations[index].response = response
    }

    /// Ends 采纳反馈 once every recommendation has an answer.
    public mutating func completeFeedback(by role: PolicyReviewRole, source: String = "采纳反馈") throws(InputRejected) {
        var issues = IssueList(source)
        begin(.adoptionFeedback, by: role, &issues)
        for (i, recommendation) in recommendations.enumerated() where recommendation.response == nil {
            issues.add(FieldPath(["recommendations"]).index(i), "第 \(i + 1) 条建议尚未反馈采纳情况")
        }
        try issues.throwIfAny()
        stage = .adoptionFeedback
    }

    /// 备案: the office files the review in the register.
    public mutating func file(on date: LocalDate, by role: PolicyReviewRole, source: String = "备案") throws(InputRejected) {
        var issues = IssueList(source)
        begin(.filed, by: role, &issues)
        checkDate(date, after: screening?.date ?? registeredOn, ["filedOn"], &issues)
        try issues.throwIfAny()
        filedOn = date
        stage = .filed
    }

    /// 监测评价: a follow-up on the policy's effects after it is issued; repeats.
    public mutating func recordMonitoring(_ note: MonitoringNote, by role: PolicyReviewRole,
                                          source: String = "监测评价") throws(InputRejected) {
        var issues = IssueList(source)
        begin(.monitoring, by: role, &issues)
        issues.requireText(note.text, ["text"], "请填写监测评价情况")
        if let filedOn { checkDate(note.date, after: filedOn, ["date"], &issues) }
        try issues.throwIfAny()
        monitoring.append(note)
        stage = .monitoring
    }

    /// Share of answered recommendations adopted wholly or partly, 0...1; nil before any answer.
    public var adoptionRate: Double? {
        let answered = recommendations.compactMap(\.response)
        guard !answered.isEmpty else { return nil }
        return Double(answered.filter { $0.decision != .notAdopted }.count) / Double(answered.count)
    }
}

/// Each unit's inventory of policies put through assessment.
public struct PolicyInventory: Sendable, Equatable {
    public struct UnitPolicies: Sendable, Equatable {
        public var unit: String
        /// By registration date, then title.
        public var reviews: [PolicyReview]
    }

    /// By unit name.
    public var units: [UnitPolicies]

    public init(_ reviews: [PolicyReview]) {
        units = Dictionary(grouping: reviews, by: \.draftingUnit)
            .map { UnitPolicies(unit: $0.key, reviews: $0.value.sorted { ($0.registeredOn, $0.title) < ($1.registeredOn, $1.title) }) }
            .sorted { $0.unit < $1.unit }
    }

    public func reviews(of unit: String) -> [PolicyReview] { units.first { $0.unit == unit }?.reviews ?? [] }
}
