import Foundation

/// A target in words, for pages people read: `>= ref(province) * 1.2` reads 「不低于全省水平的 1.2 倍」,
/// `change(baseline) <= -20%` 「较基线年下降至少 20%」. The expression itself is shown only where the office edits it.
extension TargetExpression {
    /// The sentence; `unit` is the indicator's own unit (岁, 人, %), written after plain numbers.
    public func sentence(unit: String? = nil) -> String { phrase(unit: unit, nested: false) }

    private func phrase(unit: String?, nested: Bool) -> String {
        switch self {
        case let .compare(measure, comparator, bound):
            return Self.comparison(measure, comparator, bound, unit: unit)
        case let .trend(direction, years):
            return "近 \(years) 年逐年" + (direction == .rising ? "上升" : "下降")
        case .yes:
            return "达到要求（是）"
        case let .deadline(inner, year):
            return "\(year) 年前" + inner.phrase(unit: unit, nested: true)
        case let .all(parts):
            let joined = parts.map { $0.phrase(unit: unit, nested: true) }.joined(separator: "，且")
            return nested ? "（" + joined + "）" : joined
        case let .any(parts):
            let joined = parts.map { $0.phrase(unit: unit, nested: true) }.joined(separator: "，或")
            return nested ? "（" + joined + "）" : joined
        }
    }

    private static func comparison(_ measure: Measure, _ comparator: Comparator, _ bound: Bound, unit: String?) -> String {
        let since: String
        switch measure {
        case .value:
            return comparator.words + bound.words(unit: unit)
        case .changeFromBaseline, .deltaFromBaseline: since = "较基线年"
        case .changeFromPreviousYear, .deltaFromPreviousYear: since = "较上一年"
        }
        // A change or a difference: its sign says up or down, the comparator how much at least or at most.
        guard case .quantity(let q) = bound else { return since + "变化" + comparator.words + bound.words(unit: unit) }
        let relative = measure == .changeFromBaseline || measure == .changeFromPreviousYear
        let up = relative ? "上升" : "提高", down = relative ? "下降" : "降低"
        let size = TargetExpression.Quantity(abs(q.number), q.unit).words(unit: unit)
        switch (comparator, q.number) {
        case (.greaterOrEqual, let n) where n > 0: return since + up + "至少 " + size
        case (.greater, let n) where n >= 0: return since + up + (n == 0 ? "" : "超过 " + size)
        case (.lessOrEqual, let n) where n < 0: return since + down + "至少 " + size
        case (.less, let n) where n <= 0: return since + down + (n == 0 ? "" : "超过 " + size)
        case (.lessOrEqual, let n) where n >= 0: return since + (n == 0 ? "不上升" : up + "不超过 " + size)
        case (.greaterOrEqual, let n) where n <= 0: return since + (n == 0 ? "不下降" : down + "不超过 " + size)
        default: return since + "变化" + comparator.words + " " + q.words(unit: unit)
        }
    }
}

extension TargetExpression.Comparator {
    /// 不低于 / 不高于 / 高于 / 低于 / 等于.
    public var words: String {
        switch self {
        case .greaterOrEqual: "不低于"
        case .lessOrEqual: "不高于"
        case .greater: "高于"
        case .less: "低于"
        case .equal: "等于"
        }
    }
}

extension TargetExpression.Bound {
    func words(unit: String?) -> String {
        switch self {
        case .quantity(let q):
            return " " + q.words(unit: unit)
        case let .reference(kind, factor, offset):
            var text = kind.chineseName + "水平"
            if factor != 1 { text += "的 " + NumberText.format(factor, decimals: 6) + " 倍" }
            if let offset {
                let size = TargetExpression.Quantity(abs(offset.number), offset.unit).words(unit: unit)
                text += (offset.number < 0 ? "减 " : "加 ") + size
            }
            return text
        }
    }
}

extension TargetExpression.Quantity {
    /// 20%、3‰、9.8/10万、1.5 个百分点、78.2岁.
    func words(unit: String?) -> String {
        let n = NumberText.format(number, decimals: 6)
        switch self.unit {
        case .plain:
            guard let unit, !unit.isEmpty, unit != "是/否" else { return n }
            return n + unit
        case .percent: return n + "%"
        case .permille: return n + "‰"
        case .per(let base): return n + "/" + Self.baseWords(base)
        case .points: return n + " 个百分点"
        }
    }

    /// 10万、1000、1万.
    static func baseWords(_ base: Int) -> String {
        if base >= 10_000, base % 10_000 == 0 { return "\(base / 10_000)万" }
        if base >= 1_000, base % 1_000 == 0, base < 10_000 { return "\(base / 1_000)千" }
        return "\(base)"
    }
}
