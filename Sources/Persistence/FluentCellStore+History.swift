import Domain
import Fluent
import Foundation
import SQLKit

extension FluentCellStore {
    public func histories(regionIDs: [UUID]) async throws -> [CellPlaceHistory] {
        guard !regionIDs.isEmpty else { return [] }
        let sql = database as! any SQLDatabase
        struct PlaceRow: Decodable {
            var id: UUID; var region_id: UUID; var cell: String; var subkind: String; var eligible: Bool
            var status: String; var certified_on: String?; var revoked_on: String?
        }
        struct StepRow: Decodable { var place_id: UUID; var to_status: String; var on_date: String?; var at: Date }
        var places: [UUID: PlaceRow] = [:]
        var steps: [UUID: [CellPlaceHistory.Step]] = [:]
        // Bounded IN lists: a county has a few hundred regions, a province a few thousand.
        for chunk in regionIDs.chunked(500) {
            let regions = SQLGroupExpression(SQLList(chunk.map { SQLBind($0) }))
            for row in try await sql.select()
                .columns("id", "region_id", "cell", "subkind", "eligible", "status", "certified_on", "revoked_on")
                .from(Self.places).where("region_id", .in, regions).all(decoding: PlaceRow.self) {
                places[row.id] = row
            }
            let rows = try await sql.select()
                .column(SQLColumn("place_id", table: "t")).column(SQLColumn("to_status", table: "t"))
                .column(SQLColumn("on_date", table: "t")).column(SQLColumn("at", table: "t"))
                .from(SQLAlias(SQLIdentifier(Self.transitions), as: SQLIdentifier("t")))
                .join(SQLAlias(SQLIdentifier(Self.places), as: SQLIdentifier("p")), method: SQLJoinMethod.inner,
                      on: SQLColumn("id", table: "p"), .equal, SQLColumn("place_id", table: "t"))
                .where(SQLColumn("region_id", table: "p"), .in, regions)
                .orderBy(SQLColumn("at", table: "t")).orderBy(SQLColumn("seq", table: "t"))
                .all(decoding: StepRow.self)
            for row in rows {
                guard let status = CellStatus(rawValue: row.to_status) else { continue }
                let day = row.on_date.flatMap(LocalDate.init(iso:)) ?? LocalDate.inChina(row.at)
                steps[row.place_id, default: []].append(.init(status: status, on: day))
            }
        }
        return places.values.sorted { $0.id.uuidString < $1.id.uuidString }.map { row in
            var history = steps[row.id] ?? []
            // A place whose status has no recorded step (written before steps were kept) stands from its dates.
            let status = CellStatus(rawValue: row.status) ?? .none
            if history.last?.status != status {
                let certified = row.certified_on.flatMap(LocalDate.init(iso:))
                let revoked = row.revoked_on.flatMap(LocalDate.init(iso:))
                if let certified { history.append(.init(status: .certified, on: certified)) }
                if status == .revoked, let revoked { history.append(.init(status: .revoked, on: revoked)) }
            }
            return CellPlaceHistory(regionID: row.region_id, cell: row.cell, subkind: row.subkind.isEmpty ? nil : row.subkind,
                                    eligible: row.eligible, steps: history)
        }
    }
}
