import Foundation

/// How far one cell target stands in one region: certified over eligible, against the plan's target.
public struct CoverageEntry: Codable, Sendable, Equatable {
    public var cell: String
    /// The Chinese name of the kind (the target's label where it has one).
    public var label: String
    public var region: String
    public var regionID: UUID
    public var regionLevel: RegionLevel
    public var eligible: Int
    public var certified: Int
    /// Certified ÷ eligible in percent; nil when no eligible place is registered.
    public var percent: Double?
    /// The target as written for people: `≥20%`, `≥10户`.
    public var target: String
    /// How many more certified places the target needs here; 0 when met.
    public var gap: Int
    /// `还差 3 所学校`, or `已达标`.
    public var gapText: String
    /// nil when the register holds no eligible place of this kind here: nothing to judge.
    public var met: Bool?
    /// The target's position in the plan's list, so entries group by target.
    public var targetIndex: Int
    /// Whether the target binds this region (the programme's place, or each township for `per: township`),
    /// or the entry only shows the region's share of a programme-wide target.
    public var binding: Bool

    public var verdict: Verdict { met.map { $0 ? .met : .notMet } ?? .noData }

    enum CodingKeys: String, CodingKey {
        case cell, label, region, regionID, regionLevel, eligible, certified, percent, target, gap, gapText, met, targetIndex, binding, verdict
    }

    /// Every key always present (`percent` and `met` as null when nothing can be said), as other tools read them.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(cell, forKey: .cell); try c.encode(label, forKey: .label); try c.encode(region, forKey: .region)
        try c.encode(regionID, forKey: .regionID); try c.encode(regionLevel, forKey: .regionLevel)
        try c.encode(eligible, forKey: .eligible); try c.encode(certified, forKey: .certified)
        try c.encode(percent, forKey: .percent); try c.encode(target, forKey: .target); try c.encode(gap, forKey: .gap)
        try c.encode(gapText, forKey: .gapText); try c.encode(met, forKey: .met); try c.encode(targetIndex, forKey: .targetIndex)
        try c.encode(binding, forKey: .binding); try c.encode(verdict, forKey: .verdict)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        cell = try c.decode(String.self, forKey: .cell); label = try c.decode(String.self, forKey: .label)
        region = try c.decode(String.self, forKey: .region); regionID = try c.decode(UUID.self, forKey: .regionID)
        regionLevel = try c.decode(RegionLevel.self, forKey: .regionLevel)
        eligible = try c.decode(Int.self, forKey: .eligible); certified = try c.decode(Int.self, forKey: .certified)
        percent = try c.decodeIfPresent(Double.self, forKey: .percent); target = try c.decode(String.self, forKey: .target)
        gap = try c.decode(Int.self, forKey: .gap); gapText = try c.decode(String.self, forKey: .gapText)
        met = try c.decodeIfPresent(Bool.self, forKey: .met); targetIndex = try c.decode(Int.self, forKey: .targetIndex)
        binding = try c.decode(Bool.self, forKey: .binding)
    }

    public init(cell: String, label: String, region: String, regionID: UUID, regionLevel: RegionLevel, eligible: Int,
                certified: Int, percent: Double?, target: String, gap: Int, gapText: String, met: Bool?, targetIndex: Int,
                binding: Bool) {
        self.cell = cell; self.label = label; self.region = region; self.regionID = regionID; self.regionLevel = regionLevel
        self.eligible = eligible; self.certified = certified; self.percent = percent; self.target = target; self.gap = gap
        self.gapText = gapText; self.met = met; self.targetIndex = targetIndex; self.binding = binding
    }
}

/// Coverage of a programme's cell targets, from the maintained counts of the register.
public enum CoverageCalculator {
    /// One entry per target and region: the programme's place and each township below it. A target per
    /// township binds every township and is met at the place when every township meets it.
    public static func entries(plan: Plan, place: Region, townships: [Region], counts: [CellCount],
                               extraTypes: [String: String] = [:]) -> [CoverageEntry] {
        let totals = RegionBoard.totals(of: counts)
        var entries: [CoverageEntry] = []
        for (index, target) in plan.cellTargets.enumerated() {
            let label = target.label ?? CellKinds.name(of: target.cell, extra: extraTypes)
            func entry(_ region: Region, binding: Bool) -> CoverageEntry {
                let t = totals[region.id]?[target.cell] ?? (0, 0)
                return judge(target, label: label, region: region, eligible: t.eligible, certified: t.certified,
                             index: index, binding: binding)
            }
            if target.per == .township {
                let each = townships.map { entry($0, binding: true) }
                var whole = entry(place, binding: true)
                let short = each.filter { $0.met == false }
                whole.met = each.isEmpty ? nil : short.isEmpty
                whole.gap = short.reduce(0) { $0 + $1.gap }
                whole.gapText = each.isEmpty ? "未登记乡镇" : short.isEmpty ? "各乡镇均已达标"
                    : "\(short.count) 个乡镇未达标，共还差 \(whole.gap) \(CellKinds.measureWord(target.cell))"
                whole.target = "每个乡镇" + whole.target
                entries.append(whole)
                entries += each
            } else {
                entries.append(entry(place, binding: true))
                // A county-wide share is shown per township too, to see where the gap lies; a county-wide
                // count is not split.
                if target.atLeastPercent != nil { entries += townships.map { entry($0, binding: false) } }
            }
        }
        return entries
    }

    static func judge(_ target: CellTarget, label: String, region: Region, eligible: Int, certified: Int,
                      index: Int, binding: Bool) -> CoverageEntry {
        let word = CellKinds.measureWord(target.cell)
        let percent = eligible > 0 ? Double(certified) / Double(eligible) * 100 : nil
        let needed: Int
        let targetText: String
        if let share = target.atLeastPercent {
            // The smallest whole number of places reaching the share; the epsilon keeps 20% of 10 at 2.
            needed = Int((share * Double(eligible) / 100 - 1e-9).rounded(.up))
            targetText = "≥\(NumberText.format(share))%"
        } else {
            needed = target.atLeastCount ?? 0
            targetText = "≥\(needed)\(word)"
        }
        let gap = max(0, needed - certified)
        let met: Bool? = target.atLeastPercent != nil && eligible == 0 ? nil : gap == 0
        let gapText = met == nil ? "未登记应创建单位" : gap == 0 ? "已达标"
            : "还差 \(gap) \(word)\(CellKinds.noun(of: target.cell, label: target.label))"
        return CoverageEntry(cell: target.cell, label: label, region: region.name, regionID: region.id,
                             regionLevel: region.level, eligible: eligible, certified: certified, percent: percent,
                             target: targetText, gap: gap, gapText: gapText, met: met, targetIndex: index, binding: binding)
    }

    /// The coverage indicators' values from the register: HC18–HC20 and the programme's COVERAGE-/CELLS-
    /// indicators for each region an entry names, keyed indicator → region → value.
    public static func indicatorValues(_ entries: [CoverageEntry], indicators: ProgrammeIndicators)
        -> [String: [UUID: Double]] {
        var values: [String: [UUID: Double]] = [:]
        for target in indicators.targets {
            guard let index = target.cellTargetIndex else { continue }
            // A region whose register holds no eligible place of the kind says nothing (not "zero").
            for entry in entries where entry.targetIndex == index && entry.eligible > 0 {
                let isCount = indicators.indicator(code: target.indicator)?.kind == .count
                if isCount { values[target.indicator, default: [:]][entry.regionID] = Double(entry.certified) }
                else if let percent = entry.percent { values[target.indicator, default: [:]][entry.regionID] = percent }
            }
        }
        return values
    }
}

extension ProgrammeTarget {
    /// The position in the plan's `cellTargets` of a target made from a cell target (`cellTargets[2]` → 2).
    public var cellTargetIndex: Int? {
        guard id.hasPrefix("cellTargets["), id.hasSuffix("]") else { return nil }
        return Int(id.dropFirst("cellTargets[".count).dropLast())
    }
}
