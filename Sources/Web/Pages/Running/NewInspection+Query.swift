import Core
import Domain
import Foundation
import Vapor

extension NewInspectionView.Model {
    /// An empty form dated today.
    static func query(_ req: Request, plan: Plan) -> Self {
        .init(plan: plan, values: ["date": req.today.iso], problems: [])
    }

    /// The form again after a refused save, with what was typed and why it was not saved.
    func refused(_ problems: [String], typed values: [String: String]) -> Self {
        var model = self
        model.values = values
        model.problems = problems
        return model
    }
}
