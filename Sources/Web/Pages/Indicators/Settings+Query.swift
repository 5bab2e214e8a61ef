import Domain
import Foundation
import Vapor

extension IndicatorSettingsView.Model {
    /// The programme's settings as stored, read again (after a save, with what the save did).
    static func query(_ req: Request, programme: IndicatorWorkflow.Programme, notice: String? = nil) async throws -> Self {
        .init(programme: try await req.indicatorWorkflow.programme(programme.plan.id), notice: notice)
    }

    /// The form again after a refused save: the settings as typed, and why they were not saved.
    func refused(_ problems: [String], typed: ProgrammeSettings) -> Self {
        var model = self
        model.problem = problems.joined(separator: "；")
        model.notice = nil
        model.typed = typed
        return model
    }
}

/// A submitted settings form read over the stored settings: what it changes, and what is wrong with it.
struct IndicatorSettingsForm {
    var settings: ProgrammeSettings
    var problems: [String] = []

    init(_ fields: FormFields, programme: IndicatorWorkflow.Programme) {
        settings = programme.indicators.settings
        settings.baselineYear = year(fields, "baselineYear", "基线年")
        settings.endYear = year(fields, "endYear", "评价截止年")
        if let b = settings.baselineYear, let e = settings.endYear, e < b { problems.append("评价截止年不能早于基线年") }
        if let threshold = TableFile.number(fields.text("jumpThreshold")), threshold > 0, threshold <= 1000 {
            settings.validation.jumpThreshold = threshold / 100
        } else { problems.append("与上年相比的提示幅度：请填写 0–1000 之间的百分数") }
        let units = Set(programme.plan.units.map(\.name))
        for indicator in programme.indicators.indicators {
            // The weight first: an indicator no unit supplies yet still has one. An emptied field is the default again.
            let weight = fields.text("weight.\(indicator.code)")
            if weight.isEmpty { settings.expertWeights[indicator.code] = nil }
            else if let w = TableFile.number(weight), w > 0 { settings.expertWeights[indicator.code] = w }
            else { problems.append("\(indicator.code) 专家权重：应为正数") }
            let unit = fields.text("source.\(indicator.code)")
            if unit.isEmpty { continue }
            if !units.contains(unit) { problems.append("\(indicator.code) 数据来源单位：方案中没有单位「\(unit)」"); continue }
            if unit != programme.indicators.sourceUnits[indicator.code] || settings.sourceUnits[indicator.code] != nil {
                settings.sourceUnits[indicator.code] = unit
            }
        }
    }

    /// A year field: nil when empty, a problem when it is not a year.
    private mutating func year(_ fields: FormFields, _ key: String, _ label: String) -> Int? {
        let raw = fields.text(key)
        guard !raw.isEmpty else { return nil }
        guard let y = Int(raw), (1900...2100).contains(y) else { problems.append("\(label)：「\(raw)」不是年份"); return nil }
        return y
    }
}
