import Core
import Domain
import Foundation

extension PolicyListView {
    struct Model {
        var plan: Plan
        var inventory: PolicyInventory
        var canRegister: Bool
        var ownUnit: String?
        var today: LocalDate
        var problems: [String]
        var values: [String: String]
    }
}
