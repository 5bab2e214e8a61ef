import Foundation

public enum Verdict: String, Codable, Sendable, CaseIterable {
    case met
    case notMet = "not_met"
    case noData = "no_data"

    public var chineseName: String {
        switch self {
        case .met: "达标"
        case .notMet: "未达标"
        case .noData: "缺数据"
        }
    }
}

/// The verdict for one target in one region and year, with the reason in Chinese built from the numbers.
public struct TargetOutcome: Equatable, Sendable, Codable {
    public var verdict: Verdict
    /// The indicator's value in the evaluated year, if there is one.
    public var value: Double?
    public var reason: String

    public init(verdict: Verdict, value: Double?, reason: String) {
        self.verdict = verdict; self.value = value; self.reason = reason
    }
}

/// The yearly figures a target is judged on: the indicator's values in one region, the reference figures
/// for comparison, and the programme's baseline year.
public struct TargetSeries: Sendable, Equatable {
    public var values: [Int: Double]
    public var references: [TargetExpression.ReferenceKind: [Int: Double]]
    public var baselineYear: Int?

    public init(values: [Int: Double], references: [TargetExpression.ReferenceKind: [Int: Double]] = [:],
                baselineYear: Int? = nil) {
        self.values = values; self.references = references; self.baselineYear = baselineYear
    }
}

/// Problems that make an expression meaningless for an indicator (a % target on a count, `yes` on a rate).
extension TargetExpression {
    public func problems(for indicator: Indicator) -> [String] {
        switch self {
        case .yes:
            return indicator.kind == .yesNo ? [] : ["yes 只用于是/否指标，「\(indicator.name)」的单位是\(indicator.unit)"]
        case .trend:
            return indicator.kind == .yesNo ? ["是/否指标没有升降趋势，请用 yes"] : []
        case let .deadline(inner, _):
            return inner.problems(for: indicator)
        case let .all(parts), let .any(parts):
            return parts.flatMap { $0.problems(for: indicator) }
        case let .compare(measure, _, bound):
            if indicator.kind == .yesNo { return ["是/否指标的目标请写 yes"] }
            let quantity: Quantity?
            switch bound {
            case .quantity(let q): quantity = q
            case .reference(_, _, let offset): quantity = offset
            }
            guard let quantity else { return [] }
            switch (measure, quantity.unit) {
            case (_, .plain), (.changeFromBaseline, _), (.changeFromPreviousYear, _):
                return []
            case (_, .points):
                return indicator.unit == "%" ? [] : ["pp（百分点）只用于以 % 计的指标，「\(indicator.name)」的单位是\(indicator.unit)"]
            default:
                return indicator.acceptsProportionUnits ? []
                    : ["「\(indicator.name)」以\(indicator.unit)计，不能用 \(quantity) 这样的比例单位；请直接写数值"]
            }
        }
    }

    /// The earliest deadline year written in the expression, if any.
    public var deadlines: [Int] {
        switch self {
        case let .deadline(inner, year): [year] + inner.deadlines
        case let .all(parts), let .any(parts): parts.flatMap(\.deadlines)
        case .compare, .trend, .yes: []
        }
    }

    /// How many years before the evaluated one the expression looks at (2 for `rising(3)`).
    public var lookback: Int {
        switch self {
        case let .trend(_, years): years - 1
        case let .compare(measure, _, _):
            measure == .changeFromPreviousYear || measure == .deltaFromPreviousYear ? 1 : 0
        case .yes: 0
        case let .deadline(inner, _): inner.lookback
        case let .all(parts), let .any(parts): parts.map(\.lookback).max() ?? 0
        }
    }
}

public enum TargetEvaluator {
    public static func evaluate(_ expression: TargetExpression, indicator: Indicator, series: TargetSeries,
                                year: Int) -> TargetOutcome {
        let judged = Judge(indicator: indicator, series: series, year: year).judge(expression)
        var reason = judged.reason
        if let pending = judged.pendingDeadline {
            reason = "未到 \(pending) 年期限，按\(year)年现状判断：" + reason
        }
        return TargetOutcome(verdict: judged.verdict, value: series.values[year], reason: reason)
    }
}

private struct Judged {
    var verdict: Verdict
    var reason: String
    /// Set when the condition is not yet due in the evaluated year.
    var pendingDeadline: Int?
}

private struct Judge {
    let indicator: Indicator
    let series: TargetSeries
    let year: Int

    func judge(_ expression: TargetExpression) -> Judged {
        switch expression {
        case let .compare(measure, comparator, bound):
            return compare(measure, comparator, bound)
        case let .trend(direction, years):
            return trend(direction, years: years)
        case .yes:
            guard let v = series.values[year] else { return missing([year]) }
            return Judged(verdict: v >= 0.5 ? .met : .notMet, reason: "\(year)年 " + (v >= 0.5 ? "是" : "否，目标为是"))
        case let .deadline(inner, deadline):
            var judged = judge(inner)
            if year < deadline { judged.pendingDeadline = min(judged.pendingDeadline ?? deadline, deadline) }
            return judged
        case let .all(parts):
            return combine(parts.map(judge), all: true)
        case let .any(parts):
            return combine(parts.map(judge), all: false)
        }
    }

    /// Parts whose deadline has not come are set aside while any part is due: a 2022 target cannot fail 2020.
    /// One already reached still satisfies an `or`: setting it aside could only make the target fail.
    private func combine(_ parts: [Judged], all: Bool) -> Judged {
        let due = parts.filter { $0.pendingDeadline == nil }
        let reachedEarly = all ? [] : parts.filter { $0.pendingDeadline != nil && $0.verdict == .met }
        let considered = due.isEmpty ? parts : due + reachedEarly
        let verdicts = considered.map(\.verdict)
        let decisive: Verdict = all ? .notMet : .met
        let verdict: Verdict = verdicts.contains(decisive) ? decisive
            : verdicts.contains(.noData) ? .noData : (all ? .met : .notMet)
        let quoted = verdict == decisive ? considered.filter { $0.verdict == decisive } : considered
        var reason = quoted.map(\.reason).joined(separator: "；")
        let pending = parts.compactMap(\.pendingDeadline)
        if !due.isEmpty, let next = pending.min() { reason += "；\(next) 年的目标尚未到期" }
        return Judged(verdict: verdict, reason: reason, pendingDeadline: due.isEmpty ? pending.min() : nil)
    }

    private func missing(_ years: [Int], what: String = "") -> Judged {
        let list = years.map(String.init).joined(separator: "、")
        return Judged(verdict: .noData, reason: "缺 \(list) 年数据" + what)
    }

    private func format(_ v: Double) -> String { indicator.format(v) }

    /// A quantity in the indicator's unit (or, for relative changes, as a fraction).
    private func resolve(_ q: TargetExpression.Quantity, relative: Bool) -> Double {
        if relative { return q.number / 100 }
        guard let base = q.base, let own = indicator.ratioBase else { return q.number }
        return q.number / base * own
    }

    private func compare(_ measure: TargetExpression.Measure, _ comparator: TargetExpression.Comparator,
                         _ bound: TargetExpression.Bound) -> Judged {
        let relative = measure == .changeFromBaseline || measure == .changeFromPreviousYear
        // The right-hand side first: a missing reference is reported even when the value is there.
        let limit: Double
        let limitText: String
        switch bound {
        case .quantity(let q):
            limit = resolve(q, relative: relative)
            limitText = "目标 " + describeLimit(q, measure: measure)
        case let .reference(kind, factor, offset):
            guard let ref = series.references[kind]?[year] else {
                guard series.values[year] != nil else { return missing([year], what: "和\(kind.chineseName)参考值") }
                return Judged(verdict: .noData, reason: "缺 \(year) 年\(kind.chineseName)参考值")
            }
            let shift = offset.map { resolve($0, relative: false) } ?? 0
            limit = ref * factor + shift
            var text = "\(kind.chineseName) \(format(ref))"
            if factor != 1 { text += " × \(NumberText.format(factor))" }
            if let offset { text += (offset.number < 0 ? " − " : " + ") + describeLimit(.init(abs(offset.number), offset.unit), measure: .value) }
            if factor != 1 || offset != nil { text += " = \(format(limit))" }
            limitText = text
        }

        guard let current = series.values[year] else { return missing([year]) }
        let measured: Double
        let measuredText: String
        switch measure {
        case .value:
            measured = current
            measuredText = "\(year)年 \(format(current))"
        case .deltaFromPreviousYear, .changeFromPreviousYear, .deltaFromBaseline, .changeFromBaseline:
            let fromPrevious = measure == .deltaFromPreviousYear || measure == .changeFromPreviousYear
            let fromYear: Int
            if fromPrevious { fromYear = year - 1 } else {
                guard let baseline = series.baselineYear else {
                    return Judged(verdict: .noData, reason: "方案未设置基线年，无法计算较基线的变化")
                }
                fromYear = baseline
            }
            let label = fromPrevious ? "\(fromYear)年" : "基线 \(fromYear) 年"
            guard let earlier = series.values[fromYear] else {
                return Judged(verdict: .noData, reason: "缺\(label)数据，无法计算变化")
            }
            if relative {
                guard earlier != 0 else { return Judged(verdict: .noData, reason: "\(label)的值为 0，无法计算相对变化") }
                measured = (current - earlier) / earlier
                measuredText = "\(year)年 \(format(current)) 较\(label) \(format(earlier)) 变化 \(signed(measured * 100))%"
            } else {
                measured = current - earlier
                let unit = indicator.unit == "%" ? " 个百分点" : (indicator.unit.isEmpty ? "" : " " + indicator.unit)
                measuredText = "\(year)年 \(format(current)) 较\(label) \(format(earlier)) 变化 \(signed(measured))\(unit)"
            }
        }
        let holds = Self.holds(measured, comparator, limit)
        let symbol = holds ? comparator.symbol : comparator.negatedSymbol
        return Judged(verdict: holds ? .met : .notMet, reason: "\(measuredText) \(symbol) \(limitText)")
    }

    private func signed(_ v: Double) -> String {
        (v > 0 ? "+" : "") + NumberText.format(v, decimals: 2)
    }

    private func describeLimit(_ q: TargetExpression.Quantity, measure: TargetExpression.Measure) -> String {
        switch q.unit {
        case .points: return NumberText.format(q.number) + " 个百分点"
        case .plain:
            if measure == .value { return format(q.number) }
            return NumberText.format(q.number) + (indicator.unit.isEmpty ? "" : " " + indicator.unit)
        case .per(let base):
            return NumberText.format(q.number) + (base == 100_000 ? "/10万" : base == 10_000 ? "/万" : "/\(base)")
        case .percent, .permille:
            return q.description
        }
    }

    static func holds(_ value: Double, _ comparator: TargetExpression.Comparator, _ limit: Double) -> Bool {
        // Values typed with a few decimals meet a limit they equal, despite binary rounding.
        let tolerance = 1e-9 * max(1, abs(limit))
        switch comparator {
        case .greaterOrEqual: return value >= limit - tolerance
        case .lessOrEqual: return value <= limit + tolerance
        case .greater: return value > limit + tolerance
        case .less: return value < limit - tolerance
        case .equal: return abs(value - limit) <= tolerance
        }
    }

    private func trend(_ direction: TargetExpression.TrendDirection, years: Int) -> Judged {
        let span = Array((year - years + 1)...year)
        let label = Self.yearsText(years)
        let absent = span.filter { series.values[$0] == nil }
        if !absent.isEmpty {
            return Judged(verdict: .noData, reason: "缺 \(absent.map(String.init).joined(separator: "、")) 年数据，无法判断\(label)趋势")
        }
        let values = span.map { series.values[$0]! }
        let ok = zip(values, values.dropFirst()).allSatisfy { direction == .rising ? $1 > $0 : $1 < $0 }
        let path = values.map(format).joined(separator: " → ")
        let word = direction == .rising ? "上升" : "下降"
        return Judged(verdict: ok ? .met : .notMet,
                      reason: "\(span[0])–\(year)年 \(path)，" + (ok ? "逐年\(word)" : "未逐年\(word)"))
    }

    private static func yearsText(_ n: Int) -> String {
        let words = [2: "两", 3: "三", 4: "四", 5: "五", 6: "六", 7: "七", 8: "八", 9: "九", 10: "十"]
        return (words[n] ?? "\(n)") + "年"
    }
}

extension TargetExpression.Comparator {
    public var symbol: String {
        switch self {
        case .greaterOrEqual: "≥"
        case .lessOrEqual: "≤"
        case .greater: ">"
        case .less: "<"
        case .equal: "="
        }
    }

    var negatedSymbol: String {
        switch self {
        case .greaterOrEqual: "<"
        case .lessOrEqual: ">"
        case .greater: "≤"
        case .less: "≥"
        case .equal: "≠"
        }
    }
}
