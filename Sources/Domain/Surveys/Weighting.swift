import Foundation

/// The steps from selection probabilities to final weights: base weights, non-response adjustment,
/// post-stratification or raking to population totals (urban/rural × sex × age group in the health literacy survey).
///
/// The non-response, post-stratification and raking rules follow samplics' `SampleWeight` (`adjust`,
/// `poststratify`, `rake`) and are checked against it; unlike samplics they refuse empty cells and say so.
public enum Weighting {
    /// Base weights: 1 / Π_stages π, one list of stage-wise inclusion probabilities per record
    /// (county → township → village → household → person, as many stages as the design has).
    public static func baseWeights(stageProbabilities: [[Double]]) throws(SurveyError) -> [Double] {
        guard !stageProbabilities.isEmpty else { throw .emptyDesign }
        var weights: [Double] = []
        weights.reserveCapacity(stageProbabilities.count)
        for (record, stages) in stageProbabilities.enumerated() {
            guard !stages.isEmpty else { throw .invalidProbability(record: record + 1, stage: 1, value: .nan) }
            var product = 1.0
            for (stage, p) in stages.enumerated() {
                guard p.isFinite, p > 0, p <= 1 else {
                    throw .invalidProbability(record: record + 1, stage: stage + 1, value: p)
                }
                product *= p
            }
            weights.append(1 / product)
        }
        return weights
    }

    /// A sampled unit's outcome, as samplics codes it.
    public enum ResponseStatus: String, Sendable, CaseIterable {
        case respondent = "rr"
        case nonrespondent = "nr"
        case ineligible = "in"
        /// Eligibility unknown (not contacted).
        case unknown = "uk"
    }

    /// Non-response adjustment within cells (samplics `adjust`). In each cell, with weight sums R, NR, I, U:
    /// when `unknownToIneligible`, unknowns are shared out over known-eligibility units, a = (R+NR+I+U)/(R+NR+I),
    /// and respondents then carry the non-respondents: respondents get w·(R+NR)/R·a, ineligibles w·a.
    /// Otherwise respondents get w·(R+NR+U)/R and ineligibles keep w. Non-respondents and unknowns get 0.
    public static func adjustForNonResponse(weights: [Double], status: [ResponseStatus], cells: [String]? = nil,
                                            unknownToIneligible: Bool = true) throws(SurveyError) -> [Double] {
        try checkWeights(weights)
        guard status.count == weights.count else { throw .lengthMismatch(what: "应答状态", expected: weights.count, found: status.count) }
        if let cells, cells.count != weights.count { throw .lengthMismatch(what: "调整格", expected: weights.count, found: cells.count) }
        var sums: [String: [ResponseStatus: Double]] = [:]
        for i in weights.indices { sums[cells?[i] ?? "", default: [:]][status[i], default: 0] += weights[i] }
        var factors: [String: (respondent: Double, ineligible: Double)] = [:]
        for (cell, sum) in sums {
            let r = sum[.respondent] ?? 0, nr = sum[.nonrespondent] ?? 0
            let i = sum[.ineligible] ?? 0, u = sum[.unknown] ?? 0
            var unknownShare = 1.0
            var carried = nr
            if unknownToIneligible {
                if u > 0 {
                    guard r + nr + i > 0 else { throw .noRespondents(cell: cell) }
                    unknownShare = (r + nr + i + u) / (r + nr + i)
                }
            } else {
                carried += u
            }
            var respondentFactor = unknownShare
            if r > 0 {
                respondentFactor *= (r + carried) / r
            } else if carried > 0 {
                throw .noRespondents(cell: cell)
            }
            factors[cell] = (respondentFactor, unknownShare)
        }
        return weights.indices.map { i in
            let factor = factors[cells?[i] ?? ""]!
            switch status[i] {
            case .respondent: return weights[i] * factor.respondent
            case .ineligible: return weights[i] * factor.ineligible
            case .nonrespondent, .unknown: return 0
            }
        }
    }

    /// Post-stratification: within each cell the weights are scaled to sum to the cell's population total
    /// (samplics `poststratify` with `control`). A cell with a total but no sample, or a sample cell without a total,
    /// is refused: silently dropping either would bias every estimate.
    public static func postStratify(weights: [Double], cells: [String], totals: [String: Double]) throws(SurveyError) -> [Double] {
        try checkWeights(weights)
        guard cells.count == weights.count else { throw .lengthMismatch(what: "事后分层格", expected: weights.count, found: cells.count) }
        let factors = try cellFactors(weights: weights, cells: cells, totals: totals, margin: nil)
        return weights.indices.map { weights[$0] * factors[cells[$0]]! }
    }

    /// One raking dimension: each record's category and the population total of every category.
    public struct Margin: Sendable {
        public var name: String
        public var categories: [String]
        public var totals: [String: Double]

        public init(name: String, categories: [String], totals: [String: Double]) {
            self.name = name; self.categories = categories; self.totals = totals
        }
    }

    public struct RakingResult: Sendable, Equatable {
        public var weights: [Double]
        /// Full passes over the margins.
        public var iterations: Int
        /// Largest |Σ w − total| / total over all categories at the end.
        public var deviation: Double
    }

    /// Raking (iterative proportional fitting, samplics `rake`): post-stratify to each margin in turn and repeat the
    /// pass until every category's weight sum is within `tolerance` (relative) of its total. Margins whose totals
    /// disagree cannot all be met and are refused up front; no convergence within `maxIterations` passes is an error.
    public static func rake(weights: [Double], margins: [Margin], tolerance: Double = 1e-6,
                            maxIterations: Int = 100) throws(SurveyError) -> RakingResult {
        try checkWeights(weights)
        guard !margins.isEmpty else { throw .invalidSelection("没有给出迭代调整（raking）的边际") }
        guard tolerance > 0, maxIterations > 0 else { throw .invalidSelection("收敛容差与最大迭代次数须为正数") }
        var grandTotals: [String: Double] = [:]
        for margin in margins {
            guard margin.categories.count == weights.count else {
                throw .lengthMismatch(what: "边际「\(margin.name)」", expected: weights.count, found: margin.categories.count)
            }
            // Checks empty categories and missing totals before any pass.
            _ = try cellFactors(weights: weights, cells: margin.categories, totals: margin.totals, margin: margin.name)
            grandTotals[margin.name] = margin.totals.values.reduce(0, +)
        }
        let sums = grandTotals.values
        if let low = sums.min(), let high = sums.max(), (high - low) > tolerance * high {
            throw .inconsistentMargins(grandTotals)
        }
        var current = weights
        var deviation = Double.infinity
        for iteration in 1...maxIterations {
            for margin in margins {
                let factors = try cellFactors(weights: current, cells: margin.categories, totals: margin.totals, margin: margin.name)
                for i in current.indices { current[i] *= factors[margin.categories[i]]! }
            }
            deviation = 0
            for margin in margins {
                var sums: [String: Double] = [:]
                for i in current.indices { sums[margin.categories[i], default: 0] += current[i] }
                for (category, total) in margin.totals {
                    deviation = max(deviation, abs(sums[category, default: 0] - total) / total)
                }
            }
            if deviation <= tolerance { return RakingResult(weights: current, iterations: iteration, deviation: deviation) }
        }
        throw .notConverged(iterations: maxIterations, deviation: deviation)
    }

    /// total / Σ w per cell, refusing empty cells, cells without totals and totals that are not positive.
    private static func cellFactors(weights: [Double], cells: [String], totals: [String: Double],
                                    margin: String?) throws(SurveyError) -> [String: Double] {
        var sums: [String: Double] = [:]
        for i in weights.indices { sums[cells[i], default: 0] += weights[i] }
        for cell in SurveyDesign.sortedLevels(Array(sums.keys)) where totals[cell] == nil {
            throw .missingTotal(margin: margin, cell: cell)
        }
        var factors: [String: Double] = [:]
        for cell in SurveyDesign.sortedLevels(Array(totals.keys)) {
            let total = totals[cell]!
            guard total.isFinite, total > 0 else { throw .invalidTotal(margin: margin, cell: cell, value: total) }
            guard let sum = sums[cell], sum > 0 else { throw .emptyCell(margin: margin, cell: cell) }
            factors[cell] = total / sum
        }
        return factors
    }

    private static func checkWeights(_ weights: [Double]) throws(SurveyError) {
        guard !weights.isEmpty else { throw .emptyDesign }
        for (i, w) in weights.enumerated() where !(w.isFinite && w >= 0) { throw .invalidWeight(record: i + 1, value: w) }
    }
}
