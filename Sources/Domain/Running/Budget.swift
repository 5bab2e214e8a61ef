import Foundation

/// Amounts in yuan as `Decimal`: exact to the fen (分), which binary floating point is not.
public enum Money {
    /// Reads what people type: 12345.6, 12,345.60, ￥12345, 12345元, 1.5万元 (×10,000). Nil for anything else,
    /// including more than two decimal places of yuan.
    public static func parseYuan(_ raw: String) -> Decimal? {
        var text = PlanText.fold(raw).trimmingCharacters(in: .whitespaces)
            .replacingOccurrences(of: ",", with: "").replacingOccurrences(of: " ", with: "")
        if text.hasPrefix("¥") || text.hasPrefix("￥") { text.removeFirst() }
        var factor: Decimal = 1
        if text.hasSuffix("万元") { text.removeLast(2); factor = 10_000 }
        else if text.hasSuffix("万") { text.removeLast(); factor = 10_000 }
        else if text.hasSuffix("元") { text.removeLast() }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard !text.isEmpty, parts.count <= 2, parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }), !parts[0].isEmpty,
              parts.count == 1 || !parts[1].isEmpty,
              let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else { return nil }
        let yuan = value * factor
        return isWholeFen(yuan) ? yuan : nil
    }

    /// 1,234,567.50元 (always two decimals, grouped by thousands, a minus sign for overspending).
    public static func yuanText(_ amount: Decimal) -> String {
        let fen = NSDecimalNumber(decimal: rounded(amount * 100, scale: 0)).int64Value
        let negative = fen < 0
        let magnitude = negative ? -fen : fen
        var whole = String(magnitude / 100)
        var grouped = ""
        while whole.count > 3 {
            grouped = "," + whole.suffix(3) + grouped
            whole.removeLast(3)
        }
        return (negative ? "-" : "") + whole + grouped + String(format: ".%02d", Int(magnitude % 100)) + "元"
    }

    public static func isWholeFen(_ amount: Decimal) -> Bool { rounded(amount, scale: 2) == amount }

    static func rounded(_ value: Decimal, scale: Int) -> Decimal {
        var input = value
        var output = Decimal()
        NSDecimalRound(&output, &input, scale, .plain)
        return output
    }
}

/// How a budget line stands.
public enum BudgetStatus: String, Sendable, StrictEnum {
    case normal, nearLimit, overBudget

    public var chineseName: String {
        switch self {
        case .normal: "正常"
        case .nearLimit: "接近预算"
        case .overBudget: "超出预算"
        }
    }
}

/// One payment against a budget line.
public struct Spending: Codable, Sendable, Equatable, Identifiable {
    public var id: UUID
    public var date: LocalDate
    public var amount: Decimal
    public var purpose: String
    public var evidence: [EvidenceRef]

    public init(id: UUID = UUID(), date: LocalDate, amount: Decimal, purpose: String, evidence: [EvidenceRef] = []) {
        self.id = id; self.date = date; self.amount = amount; self.purpose = purpose; self.evidence = evidence
    }
}

/// A line of the programme's budget (创建工作经费) with what has been spent on it.
public struct BudgetLine: Codable, Sendable, Equatable, Identifiable {
    public var id: UUID
    public var planID: String
    public var name: String
    /// The budgeted amount in yuan.
    public var amount: Decimal
    public var year: Int?
    public var unit: String?
    public var spending: [Spending]

    public init(id: UUID = UUID(), planID: String, name: String, amount: Decimal, year: Int? = nil, unit: String? = nil,
                spending: [Spending] = []) {
        self.id = id; self.planID = planID; self.name = name; self.amount = amount; self.year = year; self.unit = unit
        self.spending = spending
    }

    /// The share of the budget at which a line is flagged 接近预算 unless the office sets another.
    public static let defaultWarningShare: Decimal = Decimal(string: "0.9")!

    public var spent: Decimal { spending.reduce(0) { $0 + $1.amount } }
    /// What is left; negative once overspent.
    public var remaining: Decimal { amount - spent }
    public var overspend: Decimal { max(spent - amount, 0) }

    public func status(warningShare: Decimal = BudgetLine.defaultWarningShare) -> BudgetStatus {
        if spent > amount { return .overBudget }
        return amount > 0 && spent >= amount * warningShare ? .nearLimit : .normal
    }

    /// Checks a line the office enters.
    public func check(source: String = "预算") throws(InputRejected) {
        var issues = IssueList(source)
        issues.requireText(name, ["name"], "请填写预算项目名称")
        if amount <= 0 { issues.add(["amount"], "预算金额应大于 0") }
        else if !Money.isWholeFen(amount) { issues.add(["amount"], "预算金额最多精确到分（两位小数）") }
        try issues.throwIfAny()
    }

    /// Adds a payment. Overspending is allowed (the money is already spent) but reported: the warning, if any,
    /// is returned for the page to show.
    @discardableResult
    public mutating func addSpending(_ entry: Spending, today: LocalDate, warningShare: Decimal = BudgetLine.defaultWarningShare,
                                     source: String = "支出") throws(InputRejected) -> String? {
        var issues = IssueList(source)
        if entry.amount <= 0 { issues.add(["amount"], "支出金额应大于 0") }
        else if !Money.isWholeFen(entry.amount) { issues.add(["amount"], "支出金额最多精确到分（两位小数）") }
        if entry.date > today { issues.add(["date"], "支出日期 \(entry.date.chinese) 晚于今天") }
        if let year, entry.date.year != year { issues.add(["date"], "支出日期不在预算年度 \(year) 年内") }
        issues.requireText(entry.purpose, ["purpose"], "请填写支出用途")
        try issues.throwIfAny()
        spending.append(entry)
        return warning(warningShare: warningShare)
    }

    /// 「…」已超出预算 1,000.00元 / 已使用 92%: nil while the line is normal.
    public func warning(warningShare: Decimal = BudgetLine.defaultWarningShare) -> String? {
        switch status(warningShare: warningShare) {
        case .normal: nil
        case .overBudget: "预算项目「\(name)」已超出预算 \(Money.yuanText(overspend))"
        case .nearLimit: "预算项目「\(name)」已使用 \(usedPercent ?? 0)%，剩余 \(Money.yuanText(remaining))"
        }
    }

    /// Spent over amount in whole percent (rounded down); nil for a zero budget.
    public var usedPercent: Int? {
        guard amount > 0 else { return nil }
        var input = spent * 100 / amount
        var output = Decimal()
        NSDecimalRound(&output, &input, 0, .down)
        return NSDecimalNumber(decimal: output).intValue
    }
}

/// The whole budget: totals and the lines that need attention.
public struct BudgetSummary: Sendable, Equatable {
    public var lines: [BudgetLine]

    public init(_ lines: [BudgetLine]) { self.lines = lines }

    public var amount: Decimal { lines.reduce(0) { $0 + $1.amount } }
    public var spent: Decimal { lines.reduce(0) { $0 + $1.spent } }
    public var remaining: Decimal { amount - spent }
    public var overBudget: [BudgetLine] { lines.filter { $0.status() == .overBudget } }
    public var nearLimit: [BudgetLine] { lines.filter { $0.status() == .nearLimit } }
}
