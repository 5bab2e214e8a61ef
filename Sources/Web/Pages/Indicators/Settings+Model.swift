import Domain
import Foundation

extension IndicatorSettingsView {
    struct Model {
        var programme: IndicatorWorkflow.Programme
        var problem: String?
        var notice: String?
        /// What was typed into a refused form, shown instead of the stored settings.
        var typed: ProgrammeSettings? = nil
    }
}
