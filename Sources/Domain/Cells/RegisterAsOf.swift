import Foundation

/// One place of the register with the dated steps of its status, so it can be counted as it stood on a day.
public struct CellPlaceHistory: Sendable, Equatable {
    public struct Step: Sendable, Equatable {
        public var status: CellStatus
        /// The day the step took effect: the date given for it (命名日期, 摘牌日期), else the day it was recorded.
        public var on: LocalDate

        public init(status: CellStatus, on: LocalDate) { self.status = status; self.on = on }
    }

    public var regionID: UUID
    public var cell: String
    public var subkind: String?
    public var eligible: Bool
    /// In the order they were recorded.
    public var steps: [Step]

    public init(regionID: UUID, cell: String, subkind: String?, eligible: Bool, steps: [Step]) {
        self.regionID = regionID; self.cell = cell; self.subkind = subkind; self.eligible = eligible; self.steps = steps
    }

    /// The status at the end of `day`: the last recorded step that had taken effect by then. A step recorded
    /// later but dated earlier (a naming entered after the fact) counts from its date.
    public func status(asOf day: LocalDate) -> CellStatus {
        steps.last { $0.on <= day }?.status ?? .none
    }
}

/// The register's counts as they stood on a day: what a year's coverage and count indicators are judged on.
public enum RegisterAsOf {
    /// Counts per region, each covering the regions below it (as `CellStore.counts` does), of the places
    /// named on or before `day` and not revoked by then. `parents` maps a region to the one above it; counts
    /// roll up along it.
    public static func counts(_ places: [CellPlaceHistory], asOf day: LocalDate, parents: [UUID: UUID]) -> [CellCount] {
        struct Key: Hashable { var region: UUID; var cell: String; var subkind: String? }
        var totals: [Key: (places: Int, eligible: Int, certified: Int)] = [:]
        for place in places {
            let named = place.eligible && place.status(asOf: day) == .certified
            var region: UUID? = place.regionID
            var seen = Set<UUID>()
            while let current = region, seen.insert(current).inserted {
                let key = Key(region: current, cell: place.cell, subkind: place.subkind)
                var total = totals[key] ?? (0, 0, 0)
                total.places += 1
                total.eligible += place.eligible ? 1 : 0
                total.certified += named ? 1 : 0
                totals[key] = total
                region = parents[current]
            }
        }
        return totals.map { key, t in
            CellCount(regionID: key.region, cell: key.cell, subkind: key.subkind, places: t.places, eligible: t.eligible,
                      certified: t.certified)
        }.sorted { ($0.regionID.uuidString, $0.cell, $0.subkind ?? "") < ($1.regionID.uuidString, $1.cell, $1.subkind ?? "") }
    }
}
