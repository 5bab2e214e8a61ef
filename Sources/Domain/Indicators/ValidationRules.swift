import Foundation

/// A figure as someone typed it, before the rules have checked it.
public struct ObservationInput: Sendable, Equatable {
    public var value: Double?
    public var numerator: Double?
    public var denominator: Double?

    public init(value: Double?, numerator: Double? = nil, denominator: Double? = nil) {
        self.value = value; self.numerator = numerator; self.denominator = denominator
    }
}

/// What a validation rule says about one input: errors stop the entry, warnings are shown and kept with it.
public struct RuleFinding: Equatable, Sendable {
    public enum Severity: String, Sendable, Codable { case error, warning }
    public enum Field: String, Sendable, Codable { case value, numerator, denominator }

    public var severity: Severity
    public var field: Field
    public var message: String

    public init(_ severity: Severity, _ field: Field, _ message: String) {
        self.severity = severity; self.field = field; self.message = message
    }
}

/// Settings of the rules that are a matter of judgement.
public struct ValidationSettings: Sendable, Equatable, Codable {
    /// A change from last year larger than this share of last year's value is flagged (0.5 = 50 %).
    public var jumpThreshold: Double
    /// How far a typed value may differ from numerator ÷ denominator (rounding in the source table).
    public var ratioTolerance: Double

    public init(jumpThreshold: Double = 0.5, ratioTolerance: Double = 0.051) {
        self.jumpThreshold = jumpThreshold; self.ratioTolerance = ratioTolerance
    }
}

/// Validation rules in the DHIS2 sense, run whenever a figure is entered (form, import or API): each rule
/// relates the parts of one entry, or the entry to last year's figure.
public enum ValidationRules {
    public struct Outcome: Equatable, Sendable {
        /// The value to store: as typed, or computed from numerator and denominator.
        public var value: Double?
        public var findings: [RuleFinding]

        public var errors: [RuleFinding] { findings.filter { $0.severity == .error } }
        public var warnings: [RuleFinding] { findings.filter { $0.severity == .warning } }
    }

    /// The rules, for the help page: every one of them is checked by `check`.
    public static let descriptions = [
        "必须填写数值，或同时填写分子和分母",
        "分子、分母须同时填写；分母必须大于 0；分子不能为负",
        "比例类指标（% 或 ‰）的分子不能大于分母，数值在 0 到 100%（1000‰）之间",
        "同时填写数值和分子分母时，数值须与「分子 ÷ 分母」一致（允许表格四舍五入的差异）",
        "除「变化幅度」类指标外，数值不能为负",
        "计数类指标须为整数；是/否类指标只能填 1（是）或 0（否）",
        "与上年相比变化超过设定幅度（默认 50%）时提示核实（提示，不阻止保存）",
    ]

    public static func check(_ input: ObservationInput, indicator: Indicator, previousYear: Double?,
                             settings: ValidationSettings = .init()) -> Outcome {
        var findings: [RuleFinding] = []
        func error(_ field: RuleFinding.Field, _ message: String) { findings.append(.init(.error, field, message)) }

        var value = input.value
        switch (input.numerator, input.denominator) {
        case (nil, nil):
            if value == nil { error(.value, "请填写数值，或填写分子和分母") }
        case (_?, nil):
            error(.denominator, "填写了分子，也要填写分母")
        case (nil, _?):
            error(.numerator, "填写了分母，也要填写分子")
        case let (numerator?, denominator?):
            if indicator.kind != .rate {
                error(.numerator, "「\(indicator.name)」不是比率类指标，不按分子分母计算；请只填数值")
            } else if denominator <= 0 {
                error(.denominator, "分母必须大于 0（现为 \(NumberText.format(denominator))）")
            } else if numerator < 0 && !indicator.allowsNegative {
                error(.numerator, "分子不能为负（现为 \(NumberText.format(numerator))）")
            } else if indicator.isProportion && numerator > denominator {
                error(.numerator, "分子 \(NumberText.format(numerator)) 大于分母 \(NumberText.format(denominator))，比例不会超过 100%")
            } else {
                let computed = numerator / denominator * (indicator.ratioBase ?? 1)
                if let typed = value, abs(typed - computed) > settings.ratioTolerance * max(1, abs(computed) / 100) {
                    error(.value, "数值 \(NumberText.format(typed)) 与分子 ÷ 分母（\(indicator.format(computed))）不符")
                }
                value = value ?? computed
            }
        }

        if let v = value {
            if !v.isFinite {
                error(.value, "数值无效")
            } else if indicator.kind == .yesNo {
                if v != 0 && v != 1 { error(.value, "是/否类指标只能填 1（是）或 0（否）") }
            } else {
                if v < 0 && !indicator.allowsNegative { error(.value, "数值不能为负（现为 \(NumberText.format(v))）") }
                if let maximum = indicator.maximum, v > maximum + 1e-9 {
                    error(.value, "「\(indicator.name)」是比例，不能超过 \(indicator.format(maximum))（现为 \(indicator.format(v))）")
                }
                if indicator.kind == .count && v != v.rounded() {
                    error(.value, "计数类指标应为整数（现为 \(NumberText.format(v))）")
                }
            }
        }

        if findings.isEmpty, let v = value, let previous = previousYear, indicator.kind != .yesNo {
            if previous == 0 {
                if v != 0 {
                    findings.append(.init(.warning, .value, "上年为 \(indicator.format(previous))，今年为 \(indicator.format(v))，请核实"))
                }
            } else {
                let change = abs(v - previous) / abs(previous)
                if change > settings.jumpThreshold {
                    findings.append(.init(.warning, .value,
                        "与上年 \(indicator.format(previous)) 相比变化 \(NumberText.format(change * 100, decimals: 1))%，超过 \(NumberText.format(settings.jumpThreshold * 100))%，请核实"))
                }
            }
        }
        return Outcome(value: findings.contains { $0.severity == .error } ? nil : value, findings: findings)
    }
}
