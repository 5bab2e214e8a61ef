import Foundation

/// A reporting period: a year, a quarter or a month. Targets are judged on years.
public struct Period: Hashable, Comparable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable, Codable { case year, quarter, month }

    public var year: Int
    public var kind: Kind
    /// 0 for a year, 1–4 for a quarter, 1–12 for a month.
    public var index: Int

    public static func year(_ year: Int) -> Period { Period(year: year, kind: .year, index: 0) }

    public init(year: Int, kind: Kind, index: Int) { self.year = year; self.kind = kind; self.index = index }

    /// `2024`, `2024Q1`, `2024-03`: the stored form.
    public var description: String {
        switch kind {
        case .year: "\(year)"
        case .quarter: "\(year)Q\(index)"
        case .month: String(format: "%d-%02d", year, index)
        }
    }

    public var chineseName: String {
        switch kind {
        case .year: "\(year)年"
        case .quarter: "\(year)年第\(index)季度"
        case .month: "\(year)年\(index)月"
        }
    }

    public static func < (a: Period, b: Period) -> Bool {
        func rank(_ kind: Kind) -> Int { kind == .year ? 0 : kind == .quarter ? 1 : 2 }
        return (a.year, rank(a.kind), a.index) < (b.year, rank(b.kind), b.index)
    }

    /// Reads the forms people type: 2024, 2024年, 2024Q1, 2024-Q1, 2024年第1季度, 2024年一季度, 2024-03, 2024/3, 2024年3月.
    public init?(parsing raw: String) {
        let text = PlanText.fold(raw).replacingOccurrences(of: " ", with: "")
        let chars = Array(text)
        guard chars.count >= 4, chars[0..<4].allSatisfy(\.isASCIIDigit), let year = Int(String(chars[0..<4])),
              (1900...2100).contains(year) else { return nil }
        var rest = String(chars[4...])
        if rest.isEmpty || rest == "年" || rest == "年度" { self = .year(year); return }
        if rest.hasPrefix("年") { rest.removeFirst() }
        if rest.hasPrefix("-") || rest.hasPrefix("/") || rest.hasPrefix(".") { rest.removeFirst() }
        let upper = rest.uppercased()
        if upper.hasPrefix("Q"), let q = Int(upper.dropFirst()), (1...4).contains(q) {
            self.init(year: year, kind: .quarter, index: q); return
        }
        if rest.hasSuffix("季度") {
            var q = String(rest.dropLast(2))
            if q.hasPrefix("第") { q.removeFirst() }
            let words: [String: Int] = ["一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4]
            guard let n = words[q] else { return nil }
            self.init(year: year, kind: .quarter, index: n); return
        }
        if rest.hasSuffix("月") { rest.removeLast() }
        // After a separator or 年 a month may be one digit (2024-3, 2024年3月); run on (202403) it takes two.
        let separated = chars.count > 4 && !chars[4].isASCIIDigit
        guard let m = Int(rest), (1...12).contains(m), rest.count <= 2, separated || rest.count == 2 else { return nil }
        self.init(year: year, kind: .month, index: m)
    }
}

extension Period: Codable {
    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let period = Period(parsing: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "「\(text)」不是期间（应为 2024、2024Q1 或 2024-03）"))
        }
        self = period
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

/// Where an observation is in review: a unit drafts and submits, the office approves (which locks it) or
/// returns it for revision.
public enum ReviewState: String, Codable, Sendable, CaseIterable {
    case draft, submitted, approved, returned

    public var chineseName: String {
        switch self {
        case .draft: "草稿"
        case .submitted: "已提交"
        case .approved: "已审核"
        case .returned: "已退回"
        }
    }

    /// Whether the figures may still be changed (by their unit, or by the office).
    public var isEditable: Bool { self != .approved }
}

/// A file kept as evidence; stored once by its content hash.
public struct EvidenceRef: Codable, Sendable, Equatable {
    public var sha256: String
    public var fileName: String
    public var size: Int

    public init(sha256: String, fileName: String, size: Int) {
        self.sha256 = sha256; self.fileName = fileName; self.size = size
    }
}

/// A survey estimate's confidence interval, carried with the figure it became (same unit as the value).
public struct ObservationInterval: Codable, Sendable, Equatable {
    public var low: Double
    public var high: Double
    /// How it was built, e.g. "95% CI, logit, n=312, deff=1.42".
    public var method: String

    public init(low: Double, high: Double, method: String) { self.low = low; self.high = high; self.method = method }
}

/// One figure for an indicator, a region and a period within a programme.
public struct Observation: Codable, Sendable, Equatable, Identifiable {
    public var id: UUID
    public var planID: String
    public var indicator: String
    public var regionID: UUID
    public var period: Period
    public var value: Double
    public var numerator: Double?
    public var denominator: Double?
    public var sourceUnit: String?
    public var note: String?
    public var evidence: EvidenceRef?
    /// The confidence interval when the figure is a survey estimate.
    public var interval: ObservationInterval?
    public var state: ReviewState
    /// Warnings from the validation rules that the person entering the figure accepted.
    public var warnings: [String]
    public var revision: Int
    public var updatedBy: String
    public var updatedAt: Date

    public init(id: UUID = UUID(), planID: String, indicator: String, regionID: UUID, period: Period, value: Double,
                numerator: Double? = nil, denominator: Double? = nil, sourceUnit: String? = nil, note: String? = nil,
                evidence: EvidenceRef? = nil, interval: ObservationInterval? = nil, state: ReviewState = .draft,
                warnings: [String] = [], revision: Int = 1, updatedBy: String, updatedAt: Date = Clock.system.now()) {
        self.id = id; self.planID = planID; self.indicator = indicator; self.regionID = regionID
        self.period = period; self.value = value; self.numerator = numerator; self.denominator = denominator
        self.sourceUnit = sourceUnit; self.note = note; self.evidence = evidence; self.interval = interval; self.state = state
        self.warnings = warnings; self.revision = revision; self.updatedBy = updatedBy; self.updatedAt = updatedAt
    }
}

/// One entry in an observation's history: what it was after a change, who made it and why.
public struct ObservationRevision: Codable, Sendable, Equatable {
    public enum Action: String, Codable, Sendable {
        case created, edited, submitted, approved, returned, reopened, imported

        public var chineseName: String {
            switch self {
            case .created: "录入"
            case .edited: "修改"
            case .submitted: "提交"
            case .approved: "审核通过"
            case .returned: "退回"
            case .reopened: "解锁"
            case .imported: "导入"
            }
        }
    }

    public var revision: Int
    public var action: Action
    public var value: Double
    public var numerator: Double?
    public var denominator: Double?
    public var state: ReviewState
    public var note: String?
    public var actor: String
    public var at: Date

    public init(revision: Int, action: Action, value: Double, numerator: Double?, denominator: Double?,
                state: ReviewState, note: String?, actor: String, at: Date) {
        self.revision = revision; self.action = action; self.value = value; self.numerator = numerator
        self.denominator = denominator; self.state = state; self.note = note; self.actor = actor; self.at = at
    }
}

/// A reference figure for comparisons: the national, provincial, city or county level of an indicator in a year.
public struct ReferenceValue: Codable, Sendable, Equatable {
    public var indicator: String
    public var kind: TargetExpression.ReferenceKind
    public var year: Int
    public var value: Double
    /// Where the figure comes from (a bulletin, a yearbook).
    public var source: String?

    public init(indicator: String, kind: TargetExpression.ReferenceKind, year: Int, value: Double, source: String? = nil) {
        self.indicator = indicator; self.kind = kind; self.year = year; self.value = value; self.source = source
    }
}

extension ReferenceValue {
    /// National figures published by the health commission (domain-reference.md §1), shipped with the platform.
    public static let national: [ReferenceValue] = {
        let source = "国家卫生健康委发布的全国监测结果"
        let literacy: [(Int, Double)] = [(2018, 17.06), (2019, 19.17), (2020, 23.15), (2021, 25.40), (2022, 27.78),
                                         (2023, 29.70), (2024, 31.87)]
        return literacy.map { ReferenceValue(indicator: "HC38", kind: .national, year: $0.0, value: $0.1, source: source) }
            + [ReferenceValue(indicator: "HC39", kind: .national, year: 2018, value: 26.6, source: source),
               ReferenceValue(indicator: "HC39", kind: .national, year: 2024, value: 23.2, source: source),
               ReferenceValue(indicator: "HC40", kind: .national, year: 2022, value: 37.2, source: source)]
    }()
}
