import Domain
import Foundation

extension IndicatorEntryView {
    struct Model {
        var programme: IndicatorWorkflow.Programme
        var unit: String?
        var units: [String]
        var period: Period
        var region: Region
        var regions: [Region]
        var indicators: [Indicator]
        /// The unit's indicators the register counts: named, not asked for.
        var fromRegister: [Indicator] = []
        var stored: [String: Observation]
        var isOffice: Bool
        var errors: [String: String] = [:]
        var typed: [String: String] = [:]
        var problem: String?
        var notice: String?
    }
}
