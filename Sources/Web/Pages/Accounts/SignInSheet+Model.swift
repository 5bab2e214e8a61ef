import Core
import Domain
import Foundation

extension SignInSheetView {
    struct Model {
        var plan: Plan
        var opened: [UnitAccounts.Opened]
        var issuedOn: LocalDate
        var signInAddress: String
    }
}
