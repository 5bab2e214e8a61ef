import Foundation

// A composite healthy-city index for comparing the regions of one comparison group, modelled on the
// national evaluation of 健康城市评价指标体系（2018版）. This is the platform's documented method, not the
// official algorithm: see `CompositeIndex.methodDescription`.

/// A rule for filling a value that is missing in the evaluation year.
public enum Substitution: String, Sendable, CaseIterable, Codable {
    /// The region's own value in the previous year.
    case previousYear
    /// The indicator's reference value (for example the provincial figure).
    case reference

    public var label: String {
        switch self {
        case .previousYear: "上一年度数值"
        case .reference: "参照值"
        }
    }
}

/// How entropy weights and expert weights become the final weights.
public enum WeightCombination: Sendable, Equatable, Codable {
    /// w = entropy × expert / Σ (entropy × expert).
    case multiplicative
    /// w = alpha × entropy + (1 − alpha) × expert, both normalised; alpha in 0…1.
    case linear(Double)
}

public struct CompositeIndexInput: Sendable {
    public struct Indicator: Sendable {
        public var code: String
        public var name: String
        /// The first-level dimension (一级指标), e.g. 健康环境; each gets its own sub-index.
        public var dimension: String
        public var higherIsBetter: Bool
        /// Relative expert weight, > 0; normalised over the included indicators.
        public var expertWeight: Double

        public init(code: String, name: String, dimension: String, higherIsBetter: Bool = true, expertWeight: Double = 1) {
            self.code = code; self.name = name; self.dimension = dimension
            self.higherIsBetter = higherIsBetter; self.expertWeight = expertWeight
        }
    }

    public var year: Int
    /// Region keys (names or ids): the comparison group. The output keeps this order.
    public var regions: [String]
    public var indicators: [Indicator]
    /// region → indicator code → value in `year`.
    public var values: [String: [String: Double]]
    /// region → indicator code → value in `year - 1`, used by `Substitution.previousYear`.
    public var previousYear: [String: [String: Double]]
    /// indicator code → reference value, used by `Substitution.reference`.
    public var references: [String: Double]
    /// Rules tried in order for a missing value; empty means no substitution.
    public var substitution: [Substitution]
    public var combination: WeightCombination

    public init(
        year: Int, regions: [String], indicators: [Indicator], values: [String: [String: Double]],
        previousYear: [String: [String: Double]] = [:], references: [String: Double] = [:],
        substitution: [Substitution] = [], combination: WeightCombination = .multiplicative
    ) {
        self.year = year; self.regions = regions; self.indicators = indicators; self.values = values
        self.previousYear = previousYear; self.references = references
        self.substitution = substitution; self.combination = combination
    }
}

/// Input the index cannot be computed from, with a Chinese message for the page.
public enum CompositeIndexError: Error, Equatable, Sendable, CustomStringConvertible {
    case tooFewRegions(count: Int)
    case noIndicators
    case duplicateRegion(String)
    case duplicateIndicator(String)
    case invalidExpertWeight(code: String, weight: Double)
    /// `region` is nil for a reference value.
    case nonFiniteValue(region: String?, code: String, source: String)
    case invalidAlpha(Double)
    case allIndicatorsExcluded

    public var message: String {
        switch self {
        case .tooFewRegions(let count): "至少需要 2 个地区才能比较，当前只有 \(count) 个"
        case .noIndicators: "没有指标，无法计算综合指数"
        case .duplicateRegion(let region): "地区“\(region)”重复出现"
        case .duplicateIndicator(let code): "指标代码“\(code)”重复出现"
        case .invalidExpertWeight(let code, let weight): "指标“\(code)”的专家权重 \(weight) 无效：须为大于 0 的有限数"
        case .nonFiniteValue(let region?, let code, let source): "地区“\(region)”指标“\(code)”的\(source)不是有限数"
        case .nonFiniteValue(nil, let code, let source): "指标“\(code)”的\(source)不是有限数"
        case .invalidAlpha(let alpha): "线性组合系数 α = \(alpha) 无效：须在 0 到 1 之间"
        case .allIndicatorsExcluded: "所有指标都因超过半数地区缺少数据而被排除，无法计算综合指数"
        }
    }

    public var description: String { message }
}

public struct CompositeIndexResult: Sendable, Codable, Equatable {
    /// A missing value filled by a substitution rule.
    public struct SubstitutionRecord: Sendable, Codable, Equatable {
        public var region: String
        public var code: String
        public var rule: Substitution
        public var value: Double
    }

    /// An indicator left out for every region.
    public struct Exclusion: Sendable, Codable, Equatable {
        public var code: String
        public var name: String
        public var missingRegions: [String]
        public var reason: String
    }

    /// A value still missing after substitution, scored instead of excluded.
    public struct Imputation: Sendable, Codable, Equatable {
        public var region: String
        public var code: String
        public var score: Double
        public var reason: String
    }

    public struct IndicatorWeight: Sendable, Codable, Equatable {
        public var code: String
        public var name: String
        public var dimension: String
        public var higherIsBetter: Bool
        /// The observed range standardisation used; equal when the indicator is constant.
        public var minimum: Double
        public var maximum: Double
        /// e_j, in 0…1.
        public var entropy: Double
        /// d_j = 1 − e_j.
        public var divergence: Double
        public var entropyWeight: Double
        /// The expert weight normalised over the included indicators.
        public var expertWeight: Double
        /// The final weight; these sum to 1.
        public var weight: Double
    }

    public struct RegionScore: Sendable, Codable, Equatable {
        public var region: String
        /// indicator code → value used, after substitution (absent where imputed).
        public var values: [String: Double]
        /// indicator code → standardised score in 0…1: one row of the standardised matrix.
        public var standardized: [String: Double]
        /// 0…100.
        public var index: Double
        /// dimension → 0…100; a dimension whose weights sum to 0 has none.
        public var subIndices: [String: Double]
        /// 1 = best; ties share the rank (1, 2, 2, 4).
        public var rank: Int
    }

    public var year: Int
    public var combination: WeightCombination
    /// Codes of the indicators used, in input order; the columns of the standardised matrix.
    public var included: [String]
    /// Dimensions of the included indicators, in order of first appearance.
    public var dimensions: [String]
    public var excluded: [Exclusion]
    public var substitutions: [SubstitutionRecord]
    public var imputations: [Imputation]
    /// One per included indicator, in `included` order.
    public var indicators: [IndicatorWeight]
    /// One per region, in input order.
    public var regions: [RegionScore]
    /// The method choices made for this computation, in Chinese.
    public var notes: [String]
}

/// The composite index: substitution → min–max standardisation within the group → entropy weights →
/// combination with expert weights → index, sub-indices and rank.
///
/// Missing values (our rule): each configured substitution is tried in order. A value still missing
/// after that excludes the indicator for *all* regions when more than half of the regions lack it (a
/// comparison on a minority of the group would mislead); otherwise the region gets the group's worst
/// standardised score for it — 0, or 1 when the observed values are all equal (then every region ties) —
/// so that a missing figure never helps a region.
public enum CompositeIndex {
    public static let methodDescription: [String] = [
        "本平台的方法，非官方算法；参照《健康城市评价指标体系（2018版）》全国评价的思路。",
        "1. 缺失值替代：按配置的顺序依次尝试上一年度数值、参照值（如全省数值）；替代后仍缺失的，若超过半数地区缺少该指标，则对所有地区剔除该指标，否则该地区在该指标上记组内最差的标准化得分（0）。",
        "2. 标准化：在参与比较的地区范围内用极差法，正向指标 y = (x − 最小值)/(最大值 − 最小值)，逆向指标 y = (最大值 − x)/(最大值 − 最小值)；各地区数值相同时均记 1，该指标不区分地区。",
        "3. 熵权：p = y / Σy，熵值 e = −(1/ln n)·Σ p·ln p，差异系数 d = 1 − e，熵权 = d / Σd；所有指标都不区分地区时只用专家权重。",
        "4. 组合权重：专家权重归一化后，默认与熵权相乘再归一化，也可按 α·熵权 + (1 − α)·专家权重线性组合。",
        "5. 综合指数 = 100 × Σ 权重 × 标准化得分（0–100）；每个一级指标的分指数 = 100 × 该维度内加权得分 / 该维度权重之和；指数从高到低排名，并列名次相同。",
        "标准化和熵权都依赖参与比较的地区：换一组地区，结果会不同。",
    ]

    /// Indices closer than this (on the 0–100 scale) share a rank, so rounding noise never breaks a tie.
    static let tieTolerance = 1e-9

    public static func compute(_ input: CompositeIndexInput) throws(CompositeIndexError) -> CompositeIndexResult {
        try validate(input)
        let regions = input.regions
        var notes: [String] = []

        // 1. Substitution, then exclusion or imputation of what is still missing.
        var used: [String: [String: Double]] = [:]
        var substitutions: [CompositeIndexResult.SubstitutionRecord] = []
        var missing: [String: [String]] = [:]
        for indicator in input.indicators {
            for region in regions {
                if let value = input.values[region]?[indicator.code] {
                    used[region, default: [:]][indicator.code] = value
                } else if let (rule, value) = substitute(region: region, code: indicator.code, input) {
                    used[region, default: [:]][indicator.code] = value
                    substitutions.append(.init(region: region, code: indicator.code, rule: rule, value: value))
                } else {
                    missing[indicator.code, default: []].append(region)
                }
            }
        }
        var included: [CompositeIndexInput.Indicator] = []
        var excluded: [CompositeIndexResult.Exclusion] = []
        for indicator in input.indicators {
            let lacking = missing[indicator.code] ?? []
            if lacking.count * 2 > regions.count {
                let reason = "\(regions.count) 个地区中有 \(lacking.count) 个缺少数据（替代后），超过半数，对所有地区剔除该指标"
                excluded.append(.init(code: indicator.code, name: indicator.name, missingRegions: lacking, reason: reason))
            } else {
                included.append(indicator)
            }
        }
        guard !included.isEmpty else { throw .allIndicatorsExcluded }

        // 2. Min–max standardisation within the group.
        var columns: [[Double]] = []
        var ranges: [(min: Double, max: Double)] = []
        var imputations: [CompositeIndexResult.Imputation] = []
        for indicator in included {
            // At most half the regions are missing and there are at least 2, so something was observed.
            let observed = regions.compactMap { used[$0]?[indicator.code] }
            let low = observed.min()!, high = observed.max()!
            let constant = low == high
            if constant { notes.append("指标“\(indicator.name)”各地区数值相同，不区分地区：均记 1，熵权为 0") }
            columns.append(regions.map { region in
                guard let x = used[region]?[indicator.code] else {
                    let reason = constant
                        ? "缺少数据且无可用替代值；该指标各地区数值相同，记组内最差得分 1"
                        : "缺少数据且无可用替代值，记组内最差的标准化得分 0"
                    imputations.append(.init(region: region, code: indicator.code, score: constant ? 1 : 0, reason: reason))
                    return constant ? 1 : 0
                }
                if constant { return 1 }
                return (indicator.higherIsBetter ? x - low : high - x) / (high - low)
            })
            ranges.append((low, high))
        }

        // 3. Entropy weights.
        let entropies = zip(columns, ranges).map { column, range in range.min == range.max ? 1 : entropy(of: column) }
        let divergences = entropies.map { max(0, 1 - $0) }
        let divergenceTotal = divergences.reduce(0, +)
        let entropyWeights = divergences.map { divergenceTotal > 0 ? $0 / divergenceTotal : 0 }

        // 4. Expert weights and their combination.
        let expertTotal = included.reduce(0) { $0 + $1.expertWeight }
        let expertWeights = included.map { $0.expertWeight / expertTotal }
        let weights: [Double]
        if divergenceTotal == 0 {
            weights = expertWeights
            notes.append("所有指标在各地区间都没有差异，熵权无法确定，只使用专家权重")
        } else {
            switch input.combination {
            case .multiplicative:
                let products = zip(entropyWeights, expertWeights).map(*)
                let total = products.reduce(0, +)
                weights = products.map { $0 / total }
            case .linear(let alpha):
                weights = zip(entropyWeights, expertWeights).map { alpha * $0 + (1 - alpha) * $1 }
            }
        }
        notes.insert(contentsOf: methodNotes(input, regionCount: regions.count), at: 0)

        // 5. Index, sub-indices and rank.
        let dimensions = inOrderOfAppearance(included.map(\.dimension))
        for dimension in inOrderOfAppearance(input.indicators.map(\.dimension)) where !dimensions.contains(dimension) {
            notes.append("一级指标“\(dimension)”的指标全部被剔除，不计算分指数")
        }
        for dimension in dimensions where !included.indices.contains(where: { included[$0].dimension == dimension && weights[$0] > 0 }) {
            notes.append("一级指标“\(dimension)”的权重之和为 0，不计算分指数")
        }
        var scores = regions.indices.map { i in
            let row = columns.map { $0[i] }
            var subIndices: [String: Double] = [:]
            for dimension in dimensions {
                let members = included.indices.filter { included[$0].dimension == dimension }
                let weight = members.reduce(0) { $0 + weights[$1] }
                if weight > 0 { subIndices[dimension] = 100 * members.reduce(0) { $0 + weights[$1] * row[$1] } / weight }
            }
            return CompositeIndexResult.RegionScore(
                region: regions[i],
                values: used[regions[i]] ?? [:],
                standardized: Dictionary(uniqueKeysWithValues: zip(included.map(\.code), row)),
                index: 100 * zip(weights, row).reduce(0) { $0 + $1.0 * $1.1 },
                subIndices: subIndices,
                rank: 0
            )
        }
        let indices = scores.map(\.index)
        for i in scores.indices {
            scores[i].rank = 1 + indices.count(where: { $0 > indices[i] + tieTolerance })
        }

        let indicators = included.indices.map { j in
            CompositeIndexResult.IndicatorWeight(
                code: included[j].code, name: included[j].name, dimension: included[j].dimension,
                higherIsBetter: included[j].higherIsBetter, minimum: ranges[j].min, maximum: ranges[j].max,
                entropy: entropies[j], divergence: divergences[j], entropyWeight: entropyWeights[j],
                expertWeight: expertWeights[j], weight: weights[j]
            )
        }
        return CompositeIndexResult(
            year: input.year, combination: input.combination, included: included.map(\.code), dimensions: dimensions,
            excluded: excluded, substitutions: substitutions, imputations: imputations,
            indicators: indicators, regions: scores, notes: notes
        )
    }

    /// e = −(1/ln n) Σ p ln p with 0·ln 0 = 0; a column summing to 0 carries no information (e = 1).
    static func entropy(of column: [Double]) -> Double {
        let total = column.reduce(0, +)
        guard total > 0 else { return 1 }
        let sum = column.reduce(0.0) { sum, y in
            let p = y / total
            return p > 0 ? sum + p * log(p) : sum
        }
        return -sum / log(Double(column.count))
    }

    static func substitute(region: String, code: String, _ input: CompositeIndexInput) -> (Substitution, Double)? {
        for rule in input.substitution {
            let value = switch rule {
            case .previousYear: input.previousYear[region]?[code]
            case .reference: input.references[code]
            }
            if let value { return (rule, value) }
        }
        return nil
    }

    static func methodNotes(_ input: CompositeIndexInput, regionCount: Int) -> [String] {
        var notes = ["在参与比较的 \(regionCount) 个地区内用极差法标准化，换一组地区结果会不同"]
        switch input.combination {
        case .multiplicative: notes.append("熵权与专家权重相乘后归一化")
        case .linear(let alpha): notes.append("熵权与专家权重线性组合：权重 = \(alpha) × 熵权 + \(1 - alpha) × 专家权重")
        }
        notes.append(input.substitution.isEmpty
            ? "未配置缺失值替代"
            : "缺失值依次用" + input.substitution.map(\.label).joined(separator: "、") + "替代")
        notes.append("替代后仍缺失：超过半数地区缺少的指标对所有地区剔除，否则缺失地区记组内最差得分")
        notes.append("指数相差不超过 \(tieTolerance) 视为并列，并列名次相同（如 1、2、2、4）")
        return notes
    }

    static func validate(_ input: CompositeIndexInput) throws(CompositeIndexError) {
        guard input.regions.count >= 2 else { throw .tooFewRegions(count: input.regions.count) }
        if let region = firstDuplicate(input.regions) { throw .duplicateRegion(region) }
        guard !input.indicators.isEmpty else { throw .noIndicators }
        if let code = firstDuplicate(input.indicators.map(\.code)) { throw .duplicateIndicator(code) }
        for indicator in input.indicators where !(indicator.expertWeight > 0 && indicator.expertWeight.isFinite) {
            throw .invalidExpertWeight(code: indicator.code, weight: indicator.expertWeight)
        }
        if case .linear(let alpha) = input.combination, !(0...1).contains(alpha) { throw .invalidAlpha(alpha) }
        // Only entries the computation can read are checked: callers may pass wider tables.
        for indicator in input.indicators {
            let code = indicator.code
            if let value = input.references[code], !value.isFinite {
                throw .nonFiniteValue(region: nil, code: code, source: "参照值")
            }
            for region in input.regions {
                if let value = input.values[region]?[code], !value.isFinite {
                    throw .nonFiniteValue(region: region, code: code, source: "\(input.year) 年数值")
                }
                if let value = input.previousYear[region]?[code], !value.isFinite {
                    throw .nonFiniteValue(region: region, code: code, source: "\(input.year - 1) 年数值")
                }
            }
        }
    }

    private static func inOrderOfAppearance(_ keys: [String]) -> [String] {
        var seen: Set<String> = []
        return keys.filter { seen.insert($0).inserted }
    }

    private static func firstDuplicate(_ keys: [String]) -> String? {
        var seen: Set<String> = []
        return keys.first { !seen.insert($0).inserted }
    }
}
