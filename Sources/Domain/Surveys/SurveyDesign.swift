import Foundation

/// How a stratum holding a single PSU enters the variance: with one PSU there is no spread between PSUs to measure.
public enum SingletonMethod: Sendable, Hashable {
    /// Refuse, naming the strata (samplics' default, `SinglePSUEst.error`).
    case fail
    /// The stratum contributes nothing to the variance; it still counts in the degrees of freedom
    /// (samplics `skip`, R `lonely.psu = "remove"`).
    case skip
    /// The single PSU was a certainty selection: the stratum's records become its PSUs (samplics `certainty`).
    case certainty
    /// The PSU's total is compared with the mean of all PSU totals instead of its stratum's mean
    /// (R `lonely.psu = "adjust"`, Stata `singleunit(centered)`, svy `center`). Not in samplics.
    case centered
    /// Strata renamed before anything else (`from → into`), typically a singleton merged with a neighbour
    /// (samplics `combine` with `strata_comb`); a singleton left after merging is refused.
    case combine([String: String])

    /// The methods named on a command line; `combine` needs its mapping and is built separately.
    public init?(name: String) {
        switch name {
        case "fail", "error": self = .fail
        case "skip": self = .skip
        case "certainty": self = .certainty
        case "centered", "centred", "center": self = .centered
        default: return nil
        }
    }
}

/// A sampling design for variance estimation: weights, optional strata and PSUs (first-stage units, sampled
/// with replacement as the usual approximation), the single-PSU rule and an optional finite population correction.
///
/// Without PSUs each record is its own PSU; without strata the sample is one stratum.
public struct SurveyDesign: Sendable {
    public let weights: [Double]
    public let strata: [String]?
    public let psus: [String]?
    public let singleton: SingletonMethod
    /// Population number of PSUs N_h per stratum (after `combine`; key "" when unstratified). When given, each
    /// stratum's variance is multiplied by 1 − n_h / N_h, n_h the PSUs sampled. Off by default: with-replacement.
    public let populationPSUs: [String: Double]?
    /// PSUs minus strata after the single-PSU treatment (samplics' rule): the degrees of freedom of every interval,
    /// domains included, since a domain estimate uses the whole design.
    public let degreesOfFreedom: Int
    /// Strata that hold one PSU, before the single-PSU treatment.
    public let singletonStrata: [String]
    /// Strata after the treatment, each with its PSUs' record indices.
    let layout: [VarianceStratum]

    struct VarianceStratum: Sendable {
        var name: String
        var psus: [[Int]]
        var correction: Double
        var lonely: Bool
    }

    public var count: Int { weights.count }
    public var strataCount: Int { layout.count }
    public var psuCount: Int { layout.reduce(0) { $0 + $1.psus.count } }

    public init(weights: [Double], strata: [String]? = nil, psus: [String]? = nil,
                singleton: SingletonMethod = .fail, populationPSUs: [String: Double]? = nil) throws(SurveyError) {
        let n = weights.count
        guard n > 0 else { throw .emptyDesign }
        if let strata, strata.count != n { throw .lengthMismatch(what: "分层", expected: n, found: strata.count) }
        if let psus, psus.count != n { throw .lengthMismatch(what: "PSU", expected: n, found: psus.count) }
        var total = 0.0
        for (i, w) in weights.enumerated() {
            guard w.isFinite, w >= 0 else { throw .invalidWeight(record: i + 1, value: w) }
            total += w
        }
        guard total > 0 else { throw .zeroTotalWeight }
        if let strata, let psus {
            var seen: [String: [String]] = [:]
            var conflicts: [String] = []
            for i in 0..<n {
                let known = seen[psus[i], default: []]
                if !known.contains(strata[i]) {
                    if known.count == 1 { conflicts.append(psus[i]) }
                    seen[psus[i]] = known + [strata[i]]
                }
            }
            if let psu = conflicts.first { throw .psuInTwoStrata(psu: psu, strata: seen[psu]!) }
        }
        self.weights = weights
        self.strata = strata
        self.psus = psus
        self.singleton = singleton
        self.populationPSUs = populationPSUs

        // Group the records: stratum → PSU → records, in order of first appearance.
        var mapping: [String: String] = [:]
        if case .combine(let into) = singleton { mapping = into }
        var strataOrder: [String] = []
        var groups: [String: (order: [String], rows: [String: [Int]])] = [:]
        for i in 0..<n {
            let original = strata?[i] ?? ""
            let stratum = mapping[original] ?? original
            let psu = psus?[i] ?? "#\(i)"
            if groups[stratum] == nil { strataOrder.append(stratum); groups[stratum] = ([], [:]) }
            if groups[stratum]!.rows[psu] == nil { groups[stratum]!.order.append(psu) }
            groups[stratum]!.rows[psu, default: []].append(i)
        }
        var layout: [VarianceStratum] = []
        var singles: [String] = []
        var unresolved: [String] = []
        for name in strataOrder {
            let group = groups[name]!
            var units = group.order.map { group.rows[$0]! }
            var correction = 1.0
            if let populationPSUs {
                guard let population = populationPSUs[name] else { throw .missingPopulationPSUs(stratum: name) }
                guard population.isFinite, population >= Double(units.count) else {
                    throw .invalidPopulationPSUs(stratum: name, sampled: units.count, population: population)
                }
                correction = 1 - Double(units.count) / population
            }
            var lonely = false
            if units.count == 1 {
                singles.append(name)
                switch singleton {
                case .fail: unresolved.append(name)
                case .skip, .centered: lonely = true
                case .certainty:
                    units = units[0].map { [$0] }
                    if units.count == 1 { unresolved.append(name) }
                case .combine: unresolved.append(name)
                }
            }
            layout.append(VarianceStratum(name: name, psus: units, correction: correction, lonely: lonely))
        }
        if !unresolved.isEmpty { throw .singletonStrata(unresolved) }
        self.layout = layout
        self.singletonStrata = singles
        self.degreesOfFreedom = layout.reduce(0) { $0 + $1.psus.count } - layout.count
    }

    /// The with-replacement Taylor variance of a total of linearised scores z (one per record):
    /// Σ_h (1 − f_h) · n_h/(n_h − 1) · Σ_j (z_hj − z̄_h)², z_hj the PSU totals of stratum h.
    func variance(ofScores z: [Double]) -> Double {
        var grandMean = 0.0
        if singleton == .centered {
            var sum = 0.0, count = 0
            for stratum in layout {
                for psu in stratum.psus { sum += psu.reduce(0) { $0 + z[$1] }; count += 1 }
            }
            grandMean = sum / Double(count)
        }
        var variance = 0.0
        for stratum in layout {
            let totals = stratum.psus.map { psu in psu.reduce(0) { $0 + z[$1] } }
            let m = Double(totals.count)
            if totals.count > 1 {
                let mean = totals.reduce(0, +) / m
                let squares = totals.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
                variance += stratum.correction * m / (m - 1) * squares
            } else if stratum.lonely, singleton == .centered {
                variance += stratum.correction * (totals[0] - grandMean) * (totals[0] - grandMean)
            }
        }
        return variance
    }
}
