import Foundation

/// What is estimated from a variable: the weighted share of 1s in a 0/1 variable, or a weighted mean.
public enum SurveyParameter: String, Sendable, CaseIterable {
    case proportion, mean
}

/// How the confidence interval of a proportion is built. Means always take the Wald interval.
public enum IntervalMethod: String, Sendable, CaseIterable {
    /// On the logit scale, mapped back: stays inside (0, 1). samplics' interval for proportions; the default.
    case logit
    /// Estimate ± t·se, not clipped to [0, 1] (samplics' interval for means).
    case wald
}

/// The simple random sample the design variance is compared with in the design effect.
public enum DesignEffectReference: String, Sendable, CaseIterable {
    /// With replacement, n records: Kish's deft², needs no population size, unaffected by rescaled weights.
    case withReplacement = "wr"
    /// Without replacement: the reference variance times 1 − n/N̂, N̂ the domain's weight sum.
    case withoutReplacement = "wor"
}

/// One estimate for the whole sample (`domain` nil) or one subgroup.
public struct SurveyEstimate: Sendable, Equatable {
    public var variable: String
    public var parameter: SurveyParameter
    public var domain: String?
    public var estimate: Double
    public var standardError: Double
    public var ciLow: Double
    public var ciHigh: Double
    /// The interval actually built: means are always Wald.
    public var interval: IntervalMethod
    /// Unweighted number of records in the domain.
    public var n: Int
    /// Estimated population size of the domain (its weight sum).
    public var weightSum: Double
    /// Design variance over the reference SRS variance; nil when the reference is zero or undefined (n < 2).
    public var deff: Double?
    public var degreesOfFreedom: Int
}

extension SurveyDesign {
    /// Weighted proportion or mean of `values` (one per record), for the whole sample or for each distinct value
    /// of `domains` (sorted, numbers in numeric order).
    ///
    /// The estimator is the ratio ŷ = Σ w·y / Σ w over the domain's records. Its variance is the Taylor
    /// linearisation: scores z_i = 1[i ∈ d]·w_i·(y_i − ŷ) / Σ_d w — zero outside the domain, so that a domain
    /// keeps the whole design (every stratum and PSU) rather than being cut out of it — fed to
    /// `variance(ofScores:)`. The interval uses Student's t with the design's degrees of freedom
    /// (PSUs − strata), as samplics does.
    public func estimate(_ parameter: SurveyParameter, of values: [Double], variable: String,
                         domains: [String]? = nil, interval: IntervalMethod = .logit, confidence: Double = 0.95,
                         deffReference: DesignEffectReference = .withReplacement) throws(SurveyError) -> [SurveyEstimate] {
        guard values.count == count else { throw .lengthMismatch(what: "变量「\(variable)」", expected: count, found: values.count) }
        if let domains, domains.count != count { throw .lengthMismatch(what: "分组", expected: count, found: domains.count) }
        guard confidence > 0, confidence < 1 else { throw .invalidConfidence(confidence) }
        for (i, y) in values.enumerated() {
            guard y.isFinite else { throw .notFinite(record: i + 1) }
            if parameter == .proportion, y != 0, y != 1 { throw .notBinary(record: i + 1, value: y) }
        }
        guard degreesOfFreedom >= 1 else { throw .noDegreesOfFreedom }
        let t = Distributions.studentTQuantile(1 - (1 - confidence) / 2, degreesOfFreedom: Double(degreesOfFreedom))
        let method: IntervalMethod = parameter == .proportion ? interval : .wald

        var results: [SurveyEstimate] = []
        let labels: [String?] = domains.map { SurveyDesign.sortedLevels($0) } ?? [nil]
        for label in labels {
            let inDomain: (Int) -> Bool = { i in label == nil || domains![i] == label! }
            var weightSum = 0.0, weighted = 0.0, n = 0
            for i in 0..<count where inDomain(i) {
                weightSum += weights[i]
                weighted += weights[i] * values[i]
                n += 1
            }
            guard weightSum > 0 else { throw .emptyDomain(label ?? "全部") }
            let estimate = weighted / weightSum
            var scores = [Double](repeating: 0, count: count)
            var spread = 0.0
            for i in 0..<count where inDomain(i) {
                let deviation = values[i] - estimate
                scores[i] = weights[i] * deviation / weightSum
                spread += weights[i] * deviation * deviation
            }
            let variance = max(variance(ofScores: scores), 0)
            let se = variance.squareRoot()
            let (low, high) = SurveyDesign.interval(estimate: estimate, se: se, t: t, method: method)
            results.append(SurveyEstimate(
                variable: variable, parameter: parameter, domain: label, estimate: estimate, standardError: se,
                ciLow: low, ciHigh: high, interval: method, n: n, weightSum: weightSum,
                deff: SurveyDesign.designEffect(variance: variance, spread: spread, weightSum: weightSum, n: n,
                                                reference: deffReference),
                degreesOfFreedom: degreesOfFreedom))
        }
        return results
    }

    /// Distinct values in the order people read them: "2" before "10", "15-24" before "25-34".
    public static func sortedLevels(_ values: [String]) -> [String] {
        Array(Set(values)).sorted { a, b in
            let order = a.compare(b, options: [.numeric])
            return order == .orderedSame ? a < b : order == .orderedAscending
        }
    }

    static func interval(estimate p: Double, se: Double, t: Double, method: IntervalMethod) -> (Double, Double) {
        switch method {
        case .wald:
            return (p - t * se, p + t * se)
        case .logit:
            // samplics: an estimate of exactly 0 or 1 has the degenerate interval [p, p].
            if p == 0 || p == 1 { return (p, p) }
            let centre = log(p / (1 - p))
            let scale = se / (p * (1 - p))
            let expit = { (x: Double) in exp(x) / (1 + exp(x)) }
            return (expit(centre - t * scale), expit(centre + t * scale))
        }
    }

    /// deff = V_design / V_srs, V_srs = s²/n with s² = n/(n−1) · Σ_d w(y − ŷ)² / Σ_d w (the weighted
    /// element variance), times 1 − n/N̂ for the without-replacement reference. svy's `deff="wr"` / `"wor"`.
    static func designEffect(variance: Double, spread: Double, weightSum: Double, n: Int,
                             reference: DesignEffectReference) -> Double? {
        guard n >= 2 else { return nil }
        let elementVariance = Double(n) / Double(n - 1) * spread / weightSum
        var srs = elementVariance / Double(n)
        if reference == .withoutReplacement { srs *= 1 - Double(n) / weightSum }
        guard srs > 0, srs.isFinite else { return nil }
        return variance / srs
    }
}
