import Domain
import Foundation

extension IndicatorView {
    struct Model {
        var programme: IndicatorWorkflow.Programme
        var indicator: Indicator
        var observations: [Observation]
        var references: [ReferenceValue]
        var entries: [EvaluationEntry]
        /// The figures the verdicts use, from the indicator's declared source.
        var data: EvaluationData
        var canManage: Bool
    }
}
