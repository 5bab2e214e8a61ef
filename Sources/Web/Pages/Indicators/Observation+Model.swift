import Domain
import Foundation

extension ObservationView {
    struct Model {
        var programme: IndicatorWorkflow.Programme
        var observation: Observation
        var history: [ObservationRevision]
        var region: Region?
        var canManage: Bool
        var canSubmit: Bool
        var notice: String?
    }
}
