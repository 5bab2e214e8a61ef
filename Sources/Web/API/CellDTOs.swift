import Crypto
import Core
import Domain
import Foundation
import Persistence
import Vapor

/// The JSON of one registered place (`/api/v1/plans/{id}/cells/{cid}`).
extension CellController {
    struct APIPlaceDetail: Encodable {
        var place: CellPlace
        var region: String
        var history: [CellTransition]
        var assessments: [CellAssessment]
    }
}
