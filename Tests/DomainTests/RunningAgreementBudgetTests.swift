@testable import Domain
import Foundation
import Testing

/// Responsibility agreements (目标责任状) and the programme's budget lines.
@Suite struct RunningAgreementBudgetTests {
    typealias F = RunningFixtures

    static func agreement(_ unit: String, signed: String = "2024-03-15") -> ResponsibilityAgreement {
        ResponsibilityAgreement(planID: F.plan.id, unit: unit, signedOn: F.day(signed), signatory: "局长",
                                file: F.evidence("责任状.pdf"))
    }

    @Test func agreementsAreCheckedAndCanonicalised() throws {
        let checked = try Self.agreement("县卫生健康委员会").checked(plan: F.plan, existing: [], today: F.day("2024-03-20"))
        #expect(checked.unit == "县卫健委")
        let again = runningRejection {
            _ = try Self.agreement("县卫健委").checked(plan: F.plan, existing: [checked], today: F.day("2024-03-20"))
        }
        #expect(again?.fields == ["unit"])
        // Re-checking the stored record itself is not a duplicate.
        #expect(runningRejection { _ = try checked.checked(plan: F.plan, existing: [checked], today: F.day("2024-03-20")) } == nil)
        var bad = Self.agreement("某局", signed: "2024-04-01")
        bad.file = EvidenceRef(sha256: "", fileName: "", size: 0)
        let rejected = runningRejection { _ = try bad.checked(plan: F.plan, existing: [], today: F.day("2024-03-20")) }
        #expect(rejected?.fields == ["unit", "signedOn", "file"])
        #expect(rejected?.issues.first?.location.file == "目标责任状")
    }

    @Test func whoHasNotSigned() {
        let units = MonthlyReportRules.reportingUnits(of: F.plan)
        let unsigned = ResponsibilityAgreement.unsigned(units: units, agreements: [Self.agreement("县卫健委"), Self.agreement("新关镇")])
        #expect(unsigned == ["县教育局", "县融媒体中心"])
    }

    @Test(arguments: [
        ("12345.6", "12345.6"), ("12,345.60", "12345.6"), ("￥12345", "12345"), ("¥0.05", "0.05"), ("12345元", "12345"),
        ("1.5万元", "15000"), ("2万", "20000"), ("1.23456万", "12345.6"), ("１２３.４５", "123.45"), (" 100 ", "100"),
    ])
    func parsesYuan(text: String, expected: String) {
        #expect(Money.parseYuan(text) == Decimal(string: expected))
    }

    @Test(arguments: ["", "abc", "1.234", "12.", ".5", "1e3", "-5", "1.2.3", "万元", "1.2345678万"])
    func refusesWhatIsNoAmount(text: String) {
        #expect(Money.parseYuan(text) == nil, "「\(text)」")
    }

    @Test func formatsYuan() {
        #expect(Money.yuanText(Decimal(string: "1234567.5")!) == "1,234,567.50元")
        #expect(Money.yuanText(0) == "0.00元")
        #expect(Money.yuanText(Decimal(string: "999.99")!) == "999.99元")
        #expect(Money.yuanText(Decimal(string: "-1000")!) == "-1,000.00元")
    }

    @Test func spendingAgainstALine() throws {
        var line = BudgetLine(planID: F.plan.id, name: "健康教育宣传", amount: Decimal(string: "50000")!, year: 2024)
        #expect(runningRejection { try line.check() } == nil)
        // Decimal arithmetic: ten payments of 0.10 are exactly 1.00.
        for _ in 0..<10 {
            try line.addSpending(Spending(date: F.day("2024-03-01"), amount: Decimal(string: "0.1")!, purpose: "打印"), today: F.day("2024-03-02"))
        }
        #expect(line.spent == 1)
        #expect(line.status() == .normal && line.warning() == nil)
        let near = try line.addSpending(Spending(date: F.day("2024-04-01"), amount: 44_999, purpose: "宣传册印制"), today: F.day("2024-04-02"))
        #expect(line.spent == 45_000 && line.remaining == 5_000)
        #expect(line.status() == .nearLimit && line.usedPercent == 90)
        #expect(near == "预算项目「健康教育宣传」已使用 90%，剩余 5,000.00元")
        // Overspending is recorded (the money is spent) and flagged.
        let over = try line.addSpending(Spending(date: F.day("2024-05-01"), amount: Decimal(string: "6000.50")!, purpose: "展板"),
                                        today: F.day("2024-05-01"))
        #expect(line.status() == .overBudget && line.remaining == Decimal(string: "-1000.5"))
        #expect(line.overspend == Decimal(string: "1000.5"))
        #expect(over == "预算项目「健康教育宣传」已超出预算 1,000.50元")
        #expect(line.status(warningShare: Decimal(string: "0.5")!) == .overBudget)
        #expect(BudgetStatus.allCases.map(\.chineseName) == ["正常", "接近预算", "超出预算"])
    }

    @Test func badBudgetInputNamesItsField() {
        let bad = BudgetLine(planID: F.plan.id, name: " ", amount: Decimal(string: "10.001")!)
        #expect(runningRejection { try bad.check() }?.fields == ["name", "amount"])
        #expect(runningRejection { try BudgetLine(planID: "p", name: "x", amount: 0).check() }?.messages == ["预算金额应大于 0"])
        var line = BudgetLine(planID: F.plan.id, name: "培训", amount: 1_000, year: 2024)
        let rejected = runningRejection {
            try line.addSpending(Spending(date: F.day("2025-01-02"), amount: -5, purpose: ""), today: F.day("2025-01-01"))
        }
        #expect(rejected?.fields == ["amount", "date", "date", "purpose"])
        #expect(rejected?.issues.first?.location.file == "支出")
        #expect(runningRejection {
            try line.addSpending(Spending(date: F.day("2024-05-01"), amount: Decimal(string: "0.005")!, purpose: "x"), today: F.day("2024-06-01"))
        }?.messages == ["支出金额最多精确到分（两位小数）"])
        #expect(line.spending.isEmpty)
    }

    @Test func theWholeBudget() throws {
        var a = BudgetLine(planID: "p", name: "宣传", amount: 10_000)
        try a.addSpending(Spending(date: F.day("2024-03-01"), amount: 9_500, purpose: "x"), today: F.day("2024-03-01"))
        var b = BudgetLine(planID: "p", name: "培训", amount: 5_000)
        try b.addSpending(Spending(date: F.day("2024-03-01"), amount: 6_000, purpose: "x"), today: F.day("2024-03-01"))
        let c = BudgetLine(planID: "p", name: "评估", amount: Decimal(string: "20000.25")!)
        let summary = BudgetSummary([a, b, c])
        #expect(summary.amount == Decimal(string: "35000.25") && summary.spent == 15_500)
        #expect(summary.remaining == Decimal(string: "19500.25"))
        #expect(summary.overBudget.map(\.name) == ["培训"] && summary.nearLimit.map(\.name) == ["宣传"])
        #expect(try JSONDecoder().decode(BudgetLine.self, from: JSONEncoder().encode(b)) == b)
    }
}
