import Core
import Domain
import Foundation

extension PolicyView {
    struct Model {
        var plan: Plan
        var stored: Stored<PolicyReview>
        var role: PolicyReviewRole?
        var today: LocalDate
        var notice: String?
    }
}
