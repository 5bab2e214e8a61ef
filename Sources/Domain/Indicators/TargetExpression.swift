import Foundation

/// A target in the platform's small language, e.g. `>= 20%`, `<= 9.8 per 100000`, `> ref(province)`,
/// `>= ref(province) * 1.2`, `rising(3)`, `change(baseline) <= -20%`, `delta(year) >= 1.5pp`,
/// `>= 24% by 2022`, `yes`, joined by `and` / `or` with parentheses. `and` binds tighter than `or`.
public indirect enum TargetExpression: Equatable, Sendable {
    case compare(Measure, Comparator, Bound)
    /// Strictly rising or falling over the last `years` years (the evaluated year included).
    case trend(TrendDirection, years: Int)
    /// A yes/no indicator is 是.
    case yes
    /// The condition is due in `year`; before that it is judged but cannot fail the target alone.
    case deadline(TargetExpression, year: Int)
    case all([TargetExpression])
    case any([TargetExpression])

    public enum Measure: Equatable, Sendable {
        /// The value in the evaluated year.
        case value
        /// Relative change from the programme's baseline year: (v − v₀) ÷ v₀.
        case changeFromBaseline
        /// Relative change from the previous year.
        case changeFromPreviousYear
        /// Difference from the previous year, in the indicator's unit (percentage points for %).
        case deltaFromPreviousYear
        /// Difference from the baseline year.
        case deltaFromBaseline
    }

    public enum Comparator: String, Equatable, Sendable, CaseIterable {
        case greaterOrEqual = ">=", lessOrEqual = "<=", greater = ">", less = "<", equal = "="
    }

    public enum TrendDirection: String, Equatable, Sendable { case rising, falling }

    public enum ReferenceKind: String, Equatable, Sendable, CaseIterable, Codable {
        case national, province, city, county

        public var chineseName: String {
            switch self {
            case .national: "全国"
            case .province: "全省"
            case .city: "全市"
            case .county: "全县"
            }
        }
    }

    public enum Bound: Equatable, Sendable {
        case quantity(Quantity)
        /// The reference value for the same indicator and year, times `factor`, plus `offset`.
        case reference(ReferenceKind, factor: Double, offset: Quantity?)
    }

    /// A number with the unit it was written in.
    public struct Quantity: Equatable, Sendable {
        public enum Unit: Equatable, Sendable {
            /// the indicator's own unit
            case plain
            case percent, permille
            /// per N (per 100000 = 1/10万)
            case per(Int)
            /// percentage points, for differences of rates in %
            case points
        }

        public var number: Double
        public var unit: Unit

        public init(_ number: Double, _ unit: Unit = .plain) { self.number = number; self.unit = unit }

        /// The multiplier the number is written against (100 for %); nil for plain numbers and points.
        public var base: Double? {
            switch unit {
            case .percent: 100
            case .permille: 1000
            case .per(let n): Double(n)
            case .plain, .points: nil
            }
        }
    }
}

// MARK: - Printing

extension TargetExpression: CustomStringConvertible {
    /// The canonical text, which parses back to the same expression.
    public var description: String { text(nested: false) }

    private func text(nested: Bool) -> String {
        switch self {
        case let .compare(measure, comparator, bound):
            let left = measure.text.map { $0 + " " } ?? ""
            return left + comparator.rawValue + " " + bound.description
        case let .trend(direction, years):
            return direction.rawValue + "(\(years))"
        case .yes:
            return "yes"
        case let .deadline(inner, year):
            // A deadline on a deadline needs its parentheses: `x by 2020 by 2022` does not parse.
            if case .deadline = inner { return "(" + inner.text(nested: false) + ") by \(year)" }
            return inner.text(nested: true) + " by \(year)"
        case let .all(parts):
            let joined = parts.map { $0.text(nested: true) }.joined(separator: " and ")
            return nested ? "(" + joined + ")" : joined
        case let .any(parts):
            let joined = parts.map { $0.text(nested: true) }.joined(separator: " or ")
            return nested ? "(" + joined + ")" : joined
        }
    }
}

extension TargetExpression.Measure {
    var text: String? {
        switch self {
        case .value: nil
        case .changeFromBaseline: "change(baseline)"
        case .changeFromPreviousYear: "change(year)"
        case .deltaFromPreviousYear: "delta(year)"
        case .deltaFromBaseline: "delta(baseline)"
        }
    }
}

extension TargetExpression.Bound: CustomStringConvertible {
    public var description: String {
        switch self {
        case let .quantity(q): return q.description
        case let .reference(kind, factor, offset):
            var text = "ref(\(kind.rawValue))"
            if factor != 1 { text += " * " + NumberText.format(factor, decimals: 6) }
            if let offset {
                text += offset.number < 0 ? " - " + TargetExpression.Quantity(-offset.number, offset.unit).description
                                          : " + " + offset.description
            }
            return text
        }
    }
}

extension TargetExpression.Quantity: CustomStringConvertible {
    public var description: String {
        let n = NumberText.format(number, decimals: 6)
        switch unit {
        case .plain: return n
        case .percent: return n + "%"
        case .permille: return n + "‰"
        case .per(let base): return n + " per \(base)"
        case .points: return n + "pp"
        }
    }
}

// MARK: - Parsing

/// A target that does not parse: the message says what was expected at which character (1-based).
public struct TargetSyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
    public var position: Int
    public var message: String

    public var description: String { "第 \(position) 个字符：\(message)" }
}

extension TargetExpression {
    public init(parsing text: String) throws(TargetSyntaxError) {
        var parser = TargetParser(text)
        self = try parser.parseAll()
    }
}

private struct TargetParser {
    enum Token: Equatable {
        case number(Double), word(String), symbol(String), end
    }

    struct Located { var token: Token; var position: Int }

    private var tokens: [Located] = []
    private var index = 0
    private let tokenizeError: TargetSyntaxError?

    init(_ text: String) {
        // Full-width ％ （ ） ＞ and digits read as their ASCII twins; folding keeps character positions.
        do { tokens = try Self.tokenize(PlanText.fold(text)); tokenizeError = nil } catch { tokenizeError = error }
    }

    private static func tokenize(_ text: String) throws(TargetSyntaxError) -> [Located] {
        let chars = Array(text)
        var result: [Located] = []
        var i = 0
        while i < chars.count {
            let c = chars[i]
            let position = i + 1
            if c.isWhitespace { i += 1; continue }
            if c.isASCIIDigit || (c == "." && i + 1 < chars.count && chars[i + 1].isASCIIDigit) {
                var j = i
                while j < chars.count, chars[j].isASCIIDigit || chars[j] == "." { j += 1 }
                let literal = String(chars[i..<j])
                guard let value = Double(literal) else {
                    throw TargetSyntaxError(position: position, message: "「\(literal)」不是数字")
                }
                result.append(Located(token: .number(value), position: position)); i = j; continue
            }
            if c.isLetter && c.isASCII {
                var j = i
                while j < chars.count, chars[j].isASCII, chars[j].isLetter { j += 1 }
                result.append(Located(token: .word(String(chars[i..<j]).lowercased()), position: position)); i = j; continue
            }
            let two = i + 1 < chars.count ? String(chars[i...i + 1]) : ""
            if [">=", "<=", "=="].contains(two) {
                result.append(Located(token: .symbol(two == "==" ? "=" : two), position: position)); i += 2; continue
            }
            switch c {
            case "≥": result.append(Located(token: .symbol(">="), position: position))
            case "≤": result.append(Located(token: .symbol("<="), position: position))
            case ">", "<", "=", "(", ")", "*", "+", "-", "%", "‰", ",":
                result.append(Located(token: .symbol(String(c)), position: position))
            default:
                throw TargetSyntaxError(position: position, message: "不认识的字符「\(c)」")
            }
            i += 1
        }
        result.append(Located(token: .end, position: chars.count + 1))
        return result
    }

    private var current: Located { tokens[index] }

    private func error(_ message: String) -> TargetSyntaxError {
        TargetSyntaxError(position: current.position, message: message)
    }

    private var found: String {
        switch current.token {
        case .end: "结尾"
        case .number(let n): "「\(NumberText.format(n, decimals: 6))」"
        case .word(let w): "「\(w)」"
        case .symbol(let s): "「\(s)」"
        }
    }

    private mutating func take(_ symbol: String) -> Bool {
        if current.token == .symbol(symbol) { index += 1; return true }
        return false
    }

    private mutating func takeWord(_ word: String) -> Bool {
        if current.token == .word(word) { index += 1; return true }
        return false
    }

    private mutating func expect(_ symbol: String) throws(TargetSyntaxError) {
        guard take(symbol) else { throw error("应为「\(symbol)」，却是\(found)") }
    }

    mutating func parseAll() throws(TargetSyntaxError) -> TargetExpression {
        if let tokenizeError { throw tokenizeError }
        guard current.token != .end else { throw error("目标表达式为空") }
        let expression = try parseOr()
        guard current.token == .end else { throw error("多余的内容\(found)；两个条件之间要用 and 或 or 连接") }
        return expression
    }

    private mutating func parseOr() throws(TargetSyntaxError) -> TargetExpression {
        var parts = [try parseAnd()]
        while takeWord("or") { parts.append(try parseAnd()) }
        return parts.count == 1 ? parts[0] : .any(parts)
    }

    private mutating func parseAnd() throws(TargetSyntaxError) -> TargetExpression {
        var parts = [try parseDated()]
        while takeWord("and") { parts.append(try parseDated()) }
        return parts.count == 1 ? parts[0] : .all(parts)
    }

    private mutating func parseDated() throws(TargetSyntaxError) -> TargetExpression {
        let inner = try parseAtom()
        guard takeWord("by") else { return inner }
        guard case .number(let n) = current.token, n == n.rounded(), (1900...2100).contains(n) else {
            throw error("by 后应为年份（如 2022），却是\(found)")
        }
        index += 1
        return .deadline(inner, year: Int(n))
    }

    private mutating func parseAtom() throws(TargetSyntaxError) -> TargetExpression {
        if take("(") {
            let inner = try parseOr()
            try expect(")")
            return inner
        }
        if case .symbol = current.token, let comparator = comparatorHere() {
            return .compare(.value, comparator, try parseBound(for: .value))
        }
        guard case .word(let word) = current.token else {
            throw error("应为比较（如 >= 20%）、趋势（rising(3)）或括号，却是\(found)")
        }
        switch word {
        case "yes":
            index += 1
            return .yes
        case "rising", "falling":
            index += 1
            var years = 2
            if take("(") {
                guard case .number(let n) = current.token, n == n.rounded(), n >= 2, n <= 20 else {
                    throw error("趋势的年数应为 2–20 的整数，却是\(found)")
                }
                index += 1; years = Int(n)
                try expect(")")
            }
            return .trend(word == "rising" ? .rising : .falling, years: years)
        case "value":
            index += 1
            return try comparison(.value)
        case "change", "delta":
            index += 1
            try expect("(")
            let measure: TargetExpression.Measure
            if takeWord("baseline") { measure = word == "change" ? .changeFromBaseline : .deltaFromBaseline }
            else if takeWord("year") { measure = word == "change" ? .changeFromPreviousYear : .deltaFromPreviousYear }
            else { throw error("\(word)( ) 里应为 baseline 或 year，却是\(found)") }
            try expect(")")
            return try comparison(measure)
        default:
            throw error("不认识的词\(found)；可用 value、change、delta、rising、falling、yes、ref、and、or、by")
        }
    }

    private mutating func comparison(_ measure: TargetExpression.Measure) throws(TargetSyntaxError) -> TargetExpression {
        guard let comparator = comparatorHere() else { throw error("应为比较符号（>=、<=、>、<、=），却是\(found)") }
        return .compare(measure, comparator, try parseBound(for: measure))
    }

    private mutating func comparatorHere() -> TargetExpression.Comparator? {
        guard case .symbol(let s) = current.token, let comparator = TargetExpression.Comparator(rawValue: s) else { return nil }
        index += 1
        return comparator
    }

    private mutating func parseBound(for measure: TargetExpression.Measure) throws(TargetSyntaxError) -> TargetExpression.Bound {
        // Errors about the bound point at where it starts, not at the token after it.
        let start = current.position
        if takeWord("ref") {
            guard measure == .value else {
                throw TargetSyntaxError(position: start, message: "ref( ) 只能与指标值本身比较，不能与变化量比较")
            }
            try expect("(")
            guard case .word(let w) = current.token, let kind = TargetExpression.ReferenceKind(rawValue: w) else {
                throw error("ref( ) 里应为 national、province、city 或 county，却是\(found)")
            }
            index += 1
            try expect(")")
            var factor = 1.0
            if take("*") {
                guard case .number(let n) = current.token, n > 0 else { throw error("* 后应为正数，却是\(found)") }
                index += 1; factor = n
            }
            var offset: TargetExpression.Quantity?
            if take("+") { offset = try parseQuantity(allowNegative: false) }
            else if take("-") { var q = try parseQuantity(allowNegative: false); q.number = -q.number; offset = q }
            return .reference(kind, factor: factor, offset: offset)
        }
        let quantity = try parseQuantity(allowNegative: true)
        switch (measure, quantity.unit) {
        case (.value, .points):
            throw TargetSyntaxError(position: start, message: "pp（百分点）只用于变化量 delta( )")
        case (.changeFromBaseline, .percent), (.changeFromPreviousYear, .percent):
            break
        case (.changeFromBaseline, _), (.changeFromPreviousYear, _):
            throw TargetSyntaxError(position: start, message: "change( ) 是相对变化，应写成百分比，如 -20%")
        default:
            break
        }
        return .quantity(quantity)
    }

    private mutating func parseQuantity(allowNegative: Bool) throws(TargetSyntaxError) -> TargetExpression.Quantity {
        let negative = allowNegative && take("-")
        guard case .number(let n) = current.token else { throw error("应为数字，却是\(found)") }
        index += 1
        let number = negative ? -n : n
        if take("%") { return .init(number, .percent) }
        if take("‰") { return .init(number, .permille) }
        if takeWord("pp") { return .init(number, .points) }
        if takeWord("per") {
            guard case .number(let base) = current.token, base == base.rounded(), base >= 1, base <= 1_000_000 else {
                throw error("per 后应为整数基数（如 100000），却是\(found)")
            }
            index += 1
            return .init(number, .per(Int(base)))
        }
        return .init(number, .plain)
    }
}
