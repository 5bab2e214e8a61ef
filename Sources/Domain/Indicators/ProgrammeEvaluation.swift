import Foundation

/// One verdict: a target, a region and a year. The keys before `reason` are the interface other tools read.
public struct EvaluationEntry: Codable, Sendable, Equatable {
    /// The target expression.
    public var target: String
    public var indicator: String
    public var region: String
    public var year: Int
    public var verdict: Verdict
    public var value: Double?
    public var reason: String
    /// Where the target is in the plan (`indicators[3]`, `cellTargets[0]`).
    public var targetID: String
    /// The document's wording.
    public var text: String?
    public var indicatorName: String
    public var regionCode: String?
    /// The value with its unit, as shown to people.
    public var formattedValue: String?
    /// The region judged: names can repeat across a province, ids cannot.
    public var regionID: UUID
    /// Where the value comes from, and why from there.
    public var source: FigureSource
    public var sourceNote: String

    enum CodingKeys: String, CodingKey {
        case target, indicator, region, year, verdict, value, reason
        case targetID = "targetId", text, indicatorName, regionCode, formattedValue, regionID = "regionId", source, sourceNote
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(target, forKey: .target)
        try c.encode(indicator, forKey: .indicator)
        try c.encode(region, forKey: .region)
        try c.encode(year, forKey: .year)
        try c.encode(verdict, forKey: .verdict)
        try c.encode(value, forKey: .value) // null when there is no value: the key is always there
        try c.encode(reason, forKey: .reason)
        try c.encode(targetID, forKey: .targetID)
        try c.encodeIfPresent(text, forKey: .text)
        try c.encode(indicatorName, forKey: .indicatorName)
        try c.encodeIfPresent(regionCode, forKey: .regionCode)
        try c.encodeIfPresent(formattedValue, forKey: .formattedValue)
        try c.encode(regionID, forKey: .regionID)
        try c.encode(source, forKey: .source)
        try c.encode(sourceNote, forKey: .sourceNote)
    }
}

/// Everything needed to judge a programme's targets, gathered in a few queries.
public struct EvaluationData: Sendable {
    /// The programme's place.
    public var place: Region
    /// The townships below the place, for per-township targets.
    public var townships: [Region]
    /// Indicator code → region → year → annual value.
    public var values: [String: [UUID: [Int: Double]]]
    public var references: [ReferenceValue]
    /// Which source each indicator's values come from; nil: every value was submitted.
    public var sources: IndicatorSources?

    public init(place: Region, townships: [Region], values: [String: [UUID: [Int: Double]]], references: [ReferenceValue],
                sources: IndicatorSources? = nil) {
        self.place = place; self.townships = townships; self.values = values; self.references = references
        self.sources = sources
    }

    /// The source of an indicator's figures and why, as every surface shows it.
    public func source(of indicator: String, year: Int) -> (source: FigureSource, note: String) {
        guard let sources else { return (.submitted, "采用填报、未被退回的数据") }
        return (sources.source(of: indicator), sources.reason(indicator, year: year))
    }
}

public enum ProgrammeEvaluation {
    /// Every target in every region it applies to, for the given years (all evaluation years by default).
    public static func evaluate(_ programme: ProgrammeIndicators, data: EvaluationData, years: [Int]? = nil)
        -> [EvaluationEntry] {
        let years = years ?? Array(programme.evaluationYears)
        var references: [String: [TargetExpression.ReferenceKind: [Int: Double]]] = [:]
        for reference in data.references { references[reference.indicator, default: [:]][reference.kind, default: [:]][reference.year] = reference.value }
        var entries: [EvaluationEntry] = []
        for target in programme.targets {
            guard let indicator = programme.indicator(code: target.indicator) else { continue }
            let regions = target.scope == .place ? [data.place] : data.townships
            for region in regions {
                let series = TargetSeries(values: data.values[indicator.code]?[region.id] ?? [:],
                                          references: references[indicator.code] ?? [:],
                                          baselineYear: programme.baselineYear)
                for year in years {
                    let outcome = TargetEvaluator.evaluate(target.expression, indicator: indicator, series: series, year: year)
                    let source = data.source(of: indicator.code, year: year)
                    entries.append(EvaluationEntry(target: target.expression.description, indicator: indicator.code,
                                                   region: region.name, year: year, verdict: outcome.verdict,
                                                   value: outcome.value, reason: outcome.reason, targetID: target.id,
                                                   text: target.text, indicatorName: indicator.name, regionCode: region.code,
                                                   formattedValue: outcome.value.map(indicator.format), regionID: region.id,
                                                   source: source.source, sourceNote: source.note))
                }
            }
        }
        return entries
    }
}

/// Where indicator data is kept.
public protocol IndicatorStore: Sendable {
    func settings(planID: String) async throws -> ProgrammeSettings
    func saveSettings(_ settings: ProgrammeSettings, planID: String, by actor: String) async throws

    /// The programme's observations, optionally for one indicator, some regions or one review state.
    func observations(planID: String, indicator: String?, regionIDs: [UUID]?, state: ReviewState?) async throws -> [Observation]
    func observation(id: UUID) async throws -> Observation?
    /// Annual values by indicator, region and year, for judging targets.
    func annualValues(planID: String) async throws -> [String: [UUID: [Int: Double]]]
    /// Review states of every observation of the programme, for checking an import.
    func states(planID: String) async throws -> [ObservationKey: ReviewState]

    /// Writes every figure and reference value, or none. An approved figure is never overwritten: that is an error.
    func record(_ figures: [PreparedObservation], references: [ReferenceValue], planID: String, state: ReviewState,
                action: ObservationRevision.Action, by actor: String) async throws -> RecordOutcome
    /// Moves observations to a review state, recording who and why; all or none.
    func transition(_ ids: [UUID], planID: String, to state: ReviewState, action: ObservationRevision.Action,
                    note: String?, by actor: String) async throws -> [Observation]
    func history(observationID: UUID) async throws -> [ObservationRevision]

    /// National figures shipped with the platform and the programme's own reference figures.
    func references(planID: String) async throws -> [ReferenceValue]
    func saveReference(_ value: ReferenceValue, planID: String, by actor: String) async throws
    func deleteReference(indicator: String, kind: TargetExpression.ReferenceKind, year: Int, planID: String) async throws

    /// Keeps a file once by its content (`sha256` is its hex digest); returns its reference.
    func storeEvidence(_ data: Data, sha256: String, fileName: String, contentType: String?) async throws -> EvidenceRef
    func evidence(sha256: String) async throws -> (data: Data, contentType: String?)?
}

extension IndicatorStore {
    public func observations(planID: String, indicator: String?, regionIDs: [UUID]?) async throws -> [Observation] {
        try await observations(planID: planID, indicator: indicator, regionIDs: regionIDs, state: nil)
    }
}

public struct RecordOutcome: Equatable, Sendable, Codable {
    public var created: Int
    public var updated: Int
    public init(created: Int, updated: Int) { self.created = created; self.updated = updated }
}

public enum IndicatorStoreError: Error, Equatable, Sendable, CustomStringConvertible {
    case locked(ObservationKey)
    case notFound(UUID)
    case notAllowed(from: ReviewState, to: ReviewState)

    public var description: String {
        switch self {
        case .locked(let key): "\(key.indicator) \(key.period.chineseName) 的数据已审核锁定，需创建办先解锁"
        case .notFound: "没有这条数据"
        case let .notAllowed(from, to): "「\(from.chineseName)」的数据不能改为「\(to.chineseName)」"
        }
    }
}

/// Who may move a figure between review states.
public enum ReviewWorkflow {
    /// The unit submits its drafts or returned figures; the office approves or returns what was submitted,
    /// and may reopen an approved figure (with a reason) so it can be corrected.
    public static func allows(from: ReviewState, to: ReviewState, asOffice: Bool) -> Bool {
        switch (from, to) {
        case (.draft, .submitted), (.returned, .submitted): true
        case (.submitted, .approved), (.submitted, .returned): asOffice
        case (.draft, .approved), (.returned, .approved): asOffice
        case (.approved, .returned): asOffice
        default: false
        }
    }
}
