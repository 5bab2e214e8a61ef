import Domain
import Foundation

extension RegionAdminView {
    struct Model {
        /// A township (or a county of a city's programme) with the villages below it.
        struct Group {
            var region: Region
            var villages: [Region]
        }

        var plan: Plan
        var place: Region
        var groups: [Group]
        /// Where a township may be added: the programme's place and the counties below it.
        var parents: [Region]
        var notice: String?
        var problems: [String] = []
        /// The form that was refused (a region's id, or "add"), opened again with what was typed.
        var refusedForm: String?
        var typed: [String: String] = [:]

        var townshipCount: Int { groups.filter { [.township, .town].contains($0.region.level) }.count }
        var villageCount: Int { groups.reduce(0) { $0 + $1.villages.count } }

        /// What a form shows: what was typed when it was the refused one, else the stored value.
        func shown(_ form: String, _ field: String, _ stored: String?) -> String {
            refusedForm == form ? typed[field] ?? "" : stored ?? ""
        }
    }
}

extension RegionImportView {
    struct Model {
        /// One row of the file and what importing it will do.
        struct Row {
            var line: Int
            var name: String
            var code: String?
            var level: RegionLevel
            var parent: String
            /// The stored region it updates, nil when it adds one.
            var updates: Region?
        }

        var plan: Plan
        var place: Region
        var fileName: String
        var rows: [Row]
        var result: RegionImportResult
        var payload: String
    }
}

/// The programmes whose regions the administrator may edit.
struct RegionPlansView {
    var programmes: [PlanSummary]
}
