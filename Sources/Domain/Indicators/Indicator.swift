import Foundation

/// What an indicator measures and how its values behave. Values are stored in the indicator's own unit
/// (23.1 for 23.1 %, 3.9 for 3.9 ‰), which is how offices and statistical yearbooks write them.
public struct Indicator: Codable, Sendable, Equatable, Identifiable {
    public enum Direction: String, Codable, Sendable { case higher, lower }

    public enum Kind: String, Codable, Sendable {
        /// numerator ÷ denominator × `ratioBase`
        case rate
        /// a measured or reported figure (years, m² per person, days)
        case number
        /// how many of something (lectures held, places certified)
        case count
        /// 是 (1) or 否 (0): a mechanism set up, a standard reached
        case yesNo
    }

    public var id: String { code }
    public var code: String
    public var name: String
    /// As displayed: %, ‰, 1/10万, 天, 岁, m²/人, 是/否 …
    public var unit: String
    public var kind: Kind
    public var direction: Direction
    /// For rates: the multiplier from numerator ÷ denominator to the value (100 for %, 1000 for ‰ or per
    /// thousand, 100000 for per 100,000); 1 for densities such as m² per person.
    public var ratioBase: Double?
    public var firstLevel: String?
    public var secondLevel: String?
    public var numerator: String?
    public var denominator: String?
    /// The kind of department that supplies the data (数据来源部门), matched against a plan's units.
    public var sourceDepartment: String?
    /// A change indicator (HC37) may be negative; every other value is at least 0.
    public var allowsNegative: Bool
    /// Set for plan-local indicators: the programme that introduced it.
    public var planID: String?

    public init(code: String, name: String, unit: String, kind: Kind, direction: Direction = .higher,
                ratioBase: Double? = nil, firstLevel: String? = nil, secondLevel: String? = nil,
                numerator: String? = nil, denominator: String? = nil, sourceDepartment: String? = nil,
                allowsNegative: Bool = false, planID: String? = nil) {
        self.code = code; self.name = name; self.unit = unit; self.kind = kind; self.direction = direction
        self.ratioBase = ratioBase; self.firstLevel = firstLevel; self.secondLevel = secondLevel
        self.numerator = numerator; self.denominator = denominator; self.sourceDepartment = sourceDepartment
        self.allowsNegative = allowsNegative; self.planID = planID
    }

    /// A share of a whole, which cannot exceed 100 % (or 1000 ‰) unless it is a change.
    public var isProportion: Bool {
        kind == .rate && !allowsNegative && (unit == "%" || unit == "‰")
    }

    /// The largest value a proportion can take, in the indicator's unit.
    public var maximum: Double? {
        if kind == .yesNo { return 1 }
        guard isProportion, let ratioBase else { return nil }
        return ratioBase
    }

    /// Whether a target may be written in a unit of proportion (%, ‰, per N) for this indicator.
    public var acceptsProportionUnits: Bool {
        guard kind == .rate, let ratioBase else { return false }
        return ratioBase > 1
    }

    /// The value written with its unit, e.g. "23.1%", "3.9‰", "9.8/10万", "78.2岁", "是".
    public func format(_ value: Double) -> String {
        if kind == .yesNo { return value >= 0.5 ? "是" : "否" }
        let number = NumberText.format(value)
        switch unit {
        case "%": return NumberText.percent(value)
        case "‰": return number + unit
        // 1/10万 is written 9.8/10万, not "9.8 1/10万"
        case let perN where perN.hasPrefix("1/"): return number + perN.dropFirst()
        case "": return number
        // 78.2岁, 12户; but 12.3 m²/人 keeps a space before a Latin unit
        case let u where u.first.map({ $0.isASCII && $0.isLetter }) == true: return number + " " + unit
        default: return number + unit
        }
    }
}

/// Numbers as people write them: at most three decimals, no trailing zeros, no exponent.
public enum NumberText {
    /// A share in percent, as every page, export and command shows it: at most two decimals (33.33%, 0.39%,
    /// 100%), so a coverage reads the same on the register's board and on the indicator board.
    public static func percent(_ value: Double) -> String { format(value, decimals: 2) + "%" }

    public static func format(_ value: Double, decimals: Int = 3) -> String {
        guard value.isFinite else { return "—" }
        var scaled = (value * pow(10, Double(decimals))).rounded() / pow(10, Double(decimals))
        if scaled == 0 { scaled = 0 } // no "-0"
        var text = String(format: "%.\(decimals)f", scaled)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }
}
