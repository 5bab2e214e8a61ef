import Core
import Domain
import Foundation

extension NewInspectionView {
    struct Model {
        var plan: Plan
        var values: [String: String]
        var problems: [String]
    }
}
