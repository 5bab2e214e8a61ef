import Domain
import Foundation

extension ReferenceValuesView {
    struct Model {
        var programme: IndicatorWorkflow.Programme
        var references: [ReferenceValue]
        var canManage: Bool
        var problem: String?
        /// What was typed into a refused form, shown again.
        var typed = FormFields()
    }
}
