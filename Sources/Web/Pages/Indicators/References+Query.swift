import Domain
import Foundation
import Vapor

extension ReferenceValuesView.Model {
    /// The programme's reference values (the platform's national ones and its own).
    static func query(_ req: Request, programme: IndicatorWorkflow.Programme, scope: ProgrammeScope) async throws -> Self {
        let principal = try req.requirePrincipal()
        return .init(programme: programme, references: try await req.indicatorStore.references(planID: programme.plan.id),
                     canManage: AccessPolicy.allows(principal, .manageIndicatorData(scope)))
    }

    /// The page again after a refused save: what was typed, and why it was not saved.
    func refused(_ problems: [String], typed: FormFields) -> Self {
        var model = self
        model.problem = problems.joined(separator: "；")
        model.typed = typed
        return model
    }
}

/// A submitted reference value, checked: the indicator, level and year it is for, and the value (not needed to delete).
struct IndicatorReferenceForm {
    var indicator: Indicator?
    var kind: TargetExpression.ReferenceKind?
    var year: Int?
    var value: Double?
    var source: String?
    var delete: Bool
    var problems: [String] = []

    init(_ fields: FormFields, programme: IndicatorWorkflow.Programme) {
        indicator = programme.indicators.indicator(matching: fields.text("indicator"))
        if indicator == nil { problems.append("指标：请选择本方案的指标") }
        kind = TargetExpression.ReferenceKind(rawValue: fields.text("kind"))
        if kind == nil { problems.append("层级：请选择全国、全省、全市或全县") }
        year = fields.int("year").flatMap { (1900...2100).contains($0) ? $0 : nil }
        if year == nil { problems.append("年份：请填写四位年份") }
        delete = fields.text("delete") == "1"
        source = fields.optional("source")
        guard !delete else { return }
        value = TableFile.number(fields.values["value"] ?? "")
        if value == nil { problems.append("数值：「\(fields.values["value"] ?? "")」不是数字") }
        if let indicator, let value, let problem = ValidationRules.check(.init(value: value), indicator: indicator, previousYear: nil).errors.first {
            problems.append("数值：\(problem.message)")
        }
    }
}
