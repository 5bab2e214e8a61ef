import Foundation

/// A target responsibility agreement (目标责任状) a unit signed for the programme, kept as a scanned file.
public struct ResponsibilityAgreement: Codable, Sendable, Equatable, Identifiable {
    public var id: UUID
    public var planID: String
    /// The unit's canonical name in the plan.
    public var unit: String
    public var signedOn: LocalDate
    /// Who signed for the unit (its head), where recorded.
    public var signatory: String?
    public var file: EvidenceRef

    public init(id: UUID = UUID(), planID: String, unit: String, signedOn: LocalDate, signatory: String? = nil, file: EvidenceRef) {
        self.id = id; self.planID = planID; self.unit = unit; self.signedOn = signedOn; self.signatory = signatory; self.file = file
    }

    /// Checks an agreement the office records: a unit of the plan, signed by today, not twice for one unit.
    /// Returns it with the unit's canonical name.
    public func checked(plan: Plan, existing: [ResponsibilityAgreement], today: LocalDate,
                        source: String = "目标责任状") throws(InputRejected) -> ResponsibilityAgreement {
        var issues = IssueList(source)
        let canonical = UnitDirectory(plan).concreteUnitName(unit)
        if let canonical {
            if existing.contains(where: { $0.unit == canonical && $0.id != id }) {
                issues.add(["unit"], "「\(canonical)」的目标责任状已登记；如需更换请修改原记录")
            }
        } else {
            issues.add(["unit"], "「\(unit)」不是本方案的单位")
        }
        if signedOn > today { issues.add(["signedOn"], "签订日期 \(signedOn.chinese) 晚于今天") }
        if file.size <= 0 || isBlank(file.sha256) { issues.add(["file"], "请上传签订的责任状文件") }
        try issues.throwIfAny()
        var result = self
        result.unit = canonical ?? unit
        return result
    }

    /// The units among `units` (every unit signs one; typically the reporting units) without an agreement yet, in order.
    public static func unsigned(units: [String], agreements: [ResponsibilityAgreement]) -> [String] {
        let signed = Set(agreements.map(\.unit))
        return units.filter { !signed.contains($0) }
    }
}
