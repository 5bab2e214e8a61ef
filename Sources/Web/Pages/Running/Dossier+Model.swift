import Core
import Domain
import Foundation

extension DossierView {
    struct Model {
        var plan: Plan
        var dossier: DossierPlan
        var canLink: Bool
        var notice: String?
    }
}
