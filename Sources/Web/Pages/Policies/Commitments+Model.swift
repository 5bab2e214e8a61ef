import Core
import Domain
import Foundation

extension CommitmentsView {
    struct Model {
        var plan: Plan
        var agreements: [ResponsibilityAgreement]
        var unsigned: [String]
        var lines: [Stored<BudgetLine>]
        var canEdit: Bool
        var problems: [String]
        var notice: String?
    }
}
