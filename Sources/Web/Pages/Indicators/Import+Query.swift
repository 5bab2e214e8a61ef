import Domain
import Foundation
import Vapor

extension IndicatorImportView.Model {
    /// A file of figures read and stored whole: what it added, or every problem (nothing stored then).
    static func importing(_ req: Request, programme: IndicatorWorkflow.Programme, file: File, fileName: String,
                          state: ReviewState, actor: String) async throws -> (model: Self, status: HTTPResponseStatus) {
        do {
            let data = Data(buffer: file.data)
            let rows = try await req.offload { try TableFile.rows(data: data, fileName: fileName) }
            let result = try await req.indicatorWorkflow.importRows(rows, file: fileName, into: programme, state: state, actor: actor)
            return (.init(programme: programme, result: result, fileName: fileName), .ok)
        } catch let rejected as InputRejected {
            return (.init(programme: programme, problem: rejected.issues.map(\.description)), .unprocessableEntity)
        } catch let error as IndicatorStoreError {
            return (.init(programme: programme, problem: [error.description]), .conflict)
        }
    }
}
