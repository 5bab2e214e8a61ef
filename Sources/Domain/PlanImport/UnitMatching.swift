import Foundation

/// A unit of a programme already stored, offered as the match of an imported draft's unit.
public struct KnownUnit: Equatable, Hashable, Sendable, Codable {
    public var planID: String
    public var planTitle: String
    /// The place of the programme (偏关县), so that units of the same place are preferred.
    public var placeName: String?
    public var name: String
    public var kind: UnitKind
    public var aliases: [String]

    public init(planID: String, planTitle: String, placeName: String? = nil, name: String, kind: UnitKind,
                aliases: [String] = []) {
        self.planID = planID; self.planTitle = planTitle; self.placeName = placeName
        self.name = name; self.kind = kind; self.aliases = aliases
    }

    public var spellings: [String] { [name] + aliases }

    /// Every unit (not collective references) of the plans, in plan order.
    public static func all(in plans: [Plan]) -> [KnownUnit] {
        plans.flatMap { plan in
            plan.units.filter { $0.kind != .group }.map {
                KnownUnit(planID: plan.id, planTitle: plan.title, placeName: plan.place.name, name: $0.name,
                          kind: $0.kind, aliases: $0.aliases)
            }
        }
    }
}

/// A draft unit and the stored unit it most likely is.
public struct UnitMatch: Equatable, Sendable {
    public enum Quality: String, Sendable, Codable {
        /// A spelling of the draft unit is a spelling of the known unit.
        case exact
        /// The spellings differ but mean the same unit (市卫健委 / 市卫生健康委员会).
        case sameKey
    }

    public var draft: PlanUnit
    /// The best candidate, nil when nothing matched.
    public var known: KnownUnit?
    public var quality: Quality?
    /// Every candidate, best first, one per distinct name.
    public var candidates: [KnownUnit]

    public init(draft: PlanUnit, known: KnownUnit?, quality: Quality?, candidates: [KnownUnit]) {
        self.draft = draft; self.known = known; self.quality = quality; self.candidates = candidates
    }
}

/// Pairs the units of an imported draft with units of stored programmes, so that a programme
/// imported again keeps the unit names its accounts and contacts already use.
public enum UnitMatcher {
    /// One match per draft unit that is not a collective reference (kind `.group`), in draft order.
    /// Candidates from a programme of `preferredPlaceName` come first, then exact before same-key
    /// matches, then the order of `known`.
    public static func match(_ draftUnits: [PlanUnit], known: [KnownUnit], preferredPlaceName: String?) -> [UnitMatch] {
        let place = preferredPlaceName?.trimmingCharacters(in: .whitespaces).nilIfBlank
        let keyed = known.enumerated().map { index, unit in
            (index: index, unit: unit, spellings: Set(unit.spellings), keys: Set(unit.spellings.map(UnitNames.matchKey)))
        }
        return draftUnits.filter { $0.kind != .group }.map { draft in
            let spellings = Set(draft.spellings)
            let keys = Set(draft.spellings.map(UnitNames.matchKey))
            var ranked: [(rank: [Int], unit: KnownUnit, quality: UnitMatch.Quality)] = []
            for entry in keyed {
                let quality: UnitMatch.Quality
                if !entry.spellings.isDisjoint(with: spellings) {
                    quality = .exact
                } else if !entry.keys.isDisjoint(with: keys) {
                    quality = .sameKey
                } else {
                    continue
                }
                let samePlace = place != nil && entry.unit.placeName == place
                ranked.append(([samePlace ? 0 : 1, quality == .exact ? 0 : 1, entry.index], entry.unit, quality))
            }
            ranked.sort { $0.rank.lexicographicallyPrecedes($1.rank) }
            var seen = Set<String>()
            let distinct = ranked.filter { seen.insert($0.unit.name).inserted }
            return UnitMatch(draft: draft, known: distinct.first?.unit, quality: distinct.first?.quality,
                             candidates: distinct.map(\.unit))
        }
    }

    /// The draft unit name → known unit name each match proposes.
    public static func proposals(_ matches: [UnitMatch]) -> [String: String] {
        Dictionary(matches.compactMap { match in match.known.map { (match.draft.name, $0.name) } },
                   uniquingKeysWith: { first, _ in first })
    }

    /// Renames each draft unit named in `choices` (draft name → chosen name) to the chosen name and
    /// keeps its former spellings as aliases, so that every reference in the plan (tasks, member units,
    /// office, working groups), which keeps the document's spelling, still resolves. A unit renamed to
    /// a spelling another unit already has is merged into that unit. An empty choice, or one naming the
    /// unit itself, changes nothing; collective references are never renamed.
    public static func apply(_ choices: [String: String], to plan: Plan) -> Plan {
        var result = plan
        var units: [PlanUnit] = []
        for unit in plan.units {
            var unit = unit
            if unit.kind != .group, let chosen = choices[unit.name]?.trimmingCharacters(in: .whitespaces),
               !chosen.isEmpty, chosen != unit.name {
                unit.aliases = unit.spellings
                unit.name = chosen
            }
            if let target = units.firstIndex(where: { $0.spellings.contains(unit.name) }) {
                units[target].aliases += unit.spellings
            } else {
                units.append(unit)
            }
        }
        for index in units.indices {
            var seen: Set<String> = [units[index].name]
            units[index].aliases = units[index].aliases.filter { seen.insert($0).inserted }
        }
        result.units = units
        // Two member-unit spellings of one merged unit would now list the unit twice.
        var members = Set<String>()
        result.organisation.memberUnits = plan.organisation.memberUnits.filter { name in
            let owner = units.first { $0.spellings.contains(name) }?.name ?? name
            return members.insert(owner).inserted
        }
        return result
    }
}

/// Where an imported draft's place sits in the region tree.
public enum DraftPlacement {
    /// The importer reads only a place's name and level. A draft whose place has no code and no parents
    /// takes the place (code and parents) of a stored programme of the same name and level, the one it
    /// would replace first, so that it joins the existing region tree (townships, province viewers)
    /// instead of starting a new root region of that name.
    public static func placed(_ plan: Plan, among stored: [Plan]) -> Plan {
        guard plan.place.code == nil, plan.place.parents.isEmpty else { return plan }
        let same = stored.filter { $0.place.name == plan.place.name && $0.place.level == plan.place.level }
        guard let source = same.first(where: { $0.id == plan.id }) ?? same.first else { return plan }
        var result = plan
        result.place = source.place
        return result
    }
}

extension String {
    var nilIfBlank: String? { trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : self }
}
