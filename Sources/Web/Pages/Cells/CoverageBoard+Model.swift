import Core
import Domain
import Foundation

extension CoverageBoardView {
    struct Model {
        var programme: CellWorkflow.Programme
        var entries: [CoverageEntry]
        var pendingReview: Int
        var canImport: Bool
        var canRegister: Bool
        var ownTownship: Region?
        var sheets: [ScoreSheet]
        /// Kinds the register holds places of at the programme's place without a target in the plan: counted only.
        var untargeted: [UntargetedKind] = []
    }

    struct UntargetedKind {
        var slug: String
        var name: String
        var places: Int
        var certified: Int
        var hasSheet: Bool
    }
}

extension CoverageBoardView.UntargetedKind {
    /// The register's places of every kind no cell target names, at the place (its whole area), sub-kinds summed.
    static func list(_ counts: [CellCount], programme: CellWorkflow.Programme, sheets: [ScoreSheet]) -> [Self] {
        let targeted = Set(programme.plan.cellTargets.map(\.cell))
        let atPlace = counts.filter { $0.regionID == programme.place.id && !targeted.contains($0.cell) && $0.places > 0 }
        return Dictionary(grouping: atPlace, by: \.cell).map { cell, rows in
            Self(slug: cell, name: programme.kindName(cell), places: rows.reduce(0) { $0 + $1.places },
                 certified: rows.reduce(0) { $0 + $1.certified }, hasSheet: sheets.contains { $0.cellType == cell })
        }.sorted { $0.name < $1.name }
    }
}
