import Foundation

/// One estimate in a survey's results: a variable for everyone or for one subgroup.
public struct SurveyResultRow: Codable, Sendable, Equatable {
    public var variable: String
    public var label: String
    public var parameter: String
    /// The subgrouping (`residence`, `sex`, `age_group`, `township` …), nil for everyone.
    public var group: String?
    public var groupLabel: String?
    public var domain: String?
    public var estimate: Double
    public var se: Double
    public var ciLow: Double
    public var ciHigh: Double
    public var n: Int
    public var deff: Double?
}

/// A survey's weighted estimates, with how they were made, or why they could not be.
public struct SurveyResults: Codable, Sendable, Equatable {
    public var completed: Int
    public var planned: Int
    /// Responses left out because they no longer pass the questionnaire (it was edited after they were taken).
    public var excluded: [String]
    public var weighting: String
    public var design: String
    public var interval: String
    public var singleton: String
    public var degreesOfFreedom: Int?
    public var rows: [SurveyResultRow]
    /// Why nothing could be estimated (no responses, weights missing for some townships …).
    public var failure: String?

    public func overall(_ variable: String) -> SurveyResultRow? {
        rows.first { $0.variable == variable && $0.group == nil }
    }

    /// The platform indicator a survey variable measures by default, for publishing.
    public static func defaultIndicator(for variable: String) -> String? {
        ["literate": "HC38", "smoker": "HC39", "regular_exercise": "HC40", "aware": "AWARENESS"][variable]
    }
}

/// One response scored, with what estimation needs.
public struct ScoredSurveyResponse: Sendable {
    public var response: SurveyResponse
    public var scored: ScoredRespondent
}

public enum SurveyResultsCalculator {
    /// The subgroupings: demographic choice questions with a handful of options, the questionnaire's bands,
    /// and the township.
    public static func groupings(of q: Questionnaire) -> [(id: String, label: String)] {
        var out = q.questions.filter { $0.role == .demographic && $0.kind == .choice && $0.options.count <= 8 }
            .map { (id: $0.id, label: groupLabel($0.text)) }
        out += q.bands.map { (id: $0.id, label: $0.name) }
        out.append((id: "township", label: "乡镇（街道）"))
        return out
    }

    private static func groupLabel(_ text: String) -> String {
        text.replacingOccurrences(of: "您的", with: "")
    }

    /// Scores every response against the questionnaire; a response that no longer passes it is left out
    /// with its problems.
    public static func score(_ responses: [SurveyResponse], questionnaire q: Questionnaire)
        -> (scored: [ScoredSurveyResponse], excluded: [String]) {
        var scored: [ScoredSurveyResponse] = []
        var excluded: [String] = []
        for response in responses {
            var answers = response.answers
            answers[q.idColumn] = response.respondent
            do {
                scored.append(ScoredSurveyResponse(response: response, scored: try RespondentScoring.score(answers, questionnaire: q)))
            } catch {
                excluded.append("\(response.respondent)：\(error.issues.map(\.message).joined(separator: "；"))")
            }
        }
        return (scored, excluded)
    }

    /// The estimation variables in display order: literacy overall, per aspect and dimension, the mean
    /// score, then the questionnaire's derived indicators.
    public static func variables(of q: Questionnaire) -> [(id: String, label: String, parameter: SurveyParameter)] {
        var out: [(String, String, SurveyParameter)] = []
        if !q.scoredItems.isEmpty {
            out.append(("literate", "具备基本健康素养（健康素养水平）", .proportion))
            for group in q.aspects { out.append((Questionnaire.literacyVariable(group: group.id), "\(group.name)素养水平", .proportion)) }
            for group in q.dimensions { out.append((Questionnaire.literacyVariable(group: group.id), "\(group.name)素养水平", .proportion)) }
            out.append(("score", "平均得分（满分 \(q.maximumScore)）", .mean))
        }
        out += q.indicators.map { ($0.id, $0.name, .proportion) }
        return out.map { (id: $0.0, label: $0.1, parameter: $0.2) }
    }

    /// Weights for the scored responses: explicit weights when every response has one; else design weights
    /// from the quotas' populations (population ÷ completed interviews in the township); else 1. Then
    /// post-stratified to the survey's population totals when it has them.
    public static func weights(_ items: [ScoredSurveyResponse], survey: Survey, townshipName: (UUID) -> String)
        throws(SurveyResultsFailure) -> (weights: [Double], description: String) {
        let explicit = items.compactMap(\.response.weight)
        var weights: [Double]
        var description: String
        if explicit.count == items.count {
            weights = explicit
            description = "答卷自带权重"
        } else if !explicit.isEmpty {
            throw SurveyResultsFailure("\(explicit.count) 份答卷带有权重，另外 \(items.count - explicit.count) 份没有：请统一（导入时全部带权重列，或全部不带、由各乡镇人口数计算）")
        } else {
            var completed: [UUID: Int] = [:]
            for item in items { completed[item.response.regionID, default: 0] += 1 }
            let withPopulation = completed.keys.filter { survey.quota(for: $0)?.population != nil }
            if withPopulation.isEmpty {
                weights = Array(repeating: 1, count: items.count)
                description = "未加权（各乡镇未填写人口数，每份答卷权重为 1）"
            } else if withPopulation.count < completed.count {
                let missing = completed.keys.filter { survey.quota(for: $0)?.population == nil }.map(townshipName).sorted()
                throw SurveyResultsFailure("这些乡镇有答卷但未填写人口数，无法计算设计权重：\(missing.joined(separator: "、"))")
            } else {
                weights = items.map { item in
                    survey.quota(for: item.response.regionID)!.population! / Double(completed[item.response.regionID]!)
                }
                description = "设计权重 = 乡镇人口数 ÷ 该乡镇完成调查人数"
            }
        }
        if let totals = survey.populationTotals {
            let cells = items.map { item in
                PopulationTotals.cellKey(totals.variables.map { value(of: $0, in: item, townshipName: townshipName) ?? "" })
            }
            do {
                weights = try Weighting.postStratify(weights: weights, cells: cells, totals: totals.totals)
            } catch {
                throw SurveyResultsFailure("事后分层失败：\(error.description)（分层变量：\(totals.variables.joined(separator: "、"))）")
            }
            description += "；按 \(totals.variables.joined(separator: " × ")) 事后分层到总体人数（\(totals.totals.count) 格）"
        }
        return (weights, description)
    }

    /// A respondent's value of a grouping or cell variable: an answer, a band or the township's name.
    static func value(of variable: String, in item: ScoredSurveyResponse, townshipName: (UUID) -> String) -> String? {
        if variable == "township" { return townshipName(item.response.regionID) }
        let text = item.scored.demographics[variable] ?? item.scored.answers[variable] ?? item.scored.bands[variable]
        return text.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Every estimate of the survey: each variable for everyone and by each grouping.
    public static func compute(survey: Survey, questionnaire q: Questionnaire, responses: [SurveyResponse],
                               townshipName: @escaping (UUID) -> String) -> SurveyResults {
        let (items, excluded) = score(responses, questionnaire: q)
        var results = SurveyResults(completed: responses.count, planned: survey.plannedTotal, excluded: excluded,
                                    weighting: "", design: survey.layout.chineseName, interval: survey.intervalMethod.rawValue,
                                    singleton: survey.singleton, degreesOfFreedom: nil, rows: [], failure: nil)
        guard !items.isEmpty else {
            results.failure = responses.isEmpty ? "还没有答卷" : "没有可用的答卷"
            return results
        }
        do throws(SurveyResultsFailure) {
            let (weights, description) = try self.weights(items, survey: survey, townshipName: townshipName)
            results.weighting = description
            let design = try makeDesign(items, survey: survey, weights: weights)
            results.degreesOfFreedom = design.degreesOfFreedom
            guard design.degreesOfFreedom >= 1 else {
                throw SurveyResultsFailure("初级抽样单位（\(design.psuCount) 个）不多于分层（\(design.strataCount) 层），自由度为 0，无法计算置信区间："
                    + (survey.layout == .townshipStrata ? "请在答卷中填写村（社区），使每个乡镇至少有两个村（社区），或在设置中改用其他抽样设计"
                                                        : "请至少调查两个乡镇，或在设置中改用其他抽样设计"))
            }
            results.rows = try estimates(items, design: design, questionnaire: q, survey: survey, townshipName: townshipName)
        } catch {
            results.failure = error.message
        }
        return results
    }

    static func makeDesign(_ items: [ScoredSurveyResponse], survey: Survey, weights: [Double]) throws(SurveyResultsFailure) -> SurveyDesign {
        let strata: [String]?, psus: [String]?
        switch survey.layout {
        case .townshipStrata:
            strata = items.map { $0.response.regionID.uuidString }
            psus = items.map { item in
                let village = item.response.village?.trimmingCharacters(in: .whitespaces) ?? ""
                return item.response.regionID.uuidString + "|" + (village.isEmpty ? "#" + item.response.respondent : village)
            }
        case .townshipClusters:
            strata = nil
            psus = items.map { $0.response.regionID.uuidString }
        case .simple:
            strata = nil; psus = nil
        }
        do {
            return try SurveyDesign(weights: weights, strata: strata, psus: psus, singleton: survey.singletonMethod)
        } catch {
            throw SurveyResultsFailure("抽样设计无法用于估计：\(error.description)")
        }
    }

    static func estimates(_ items: [ScoredSurveyResponse], design: SurveyDesign, questionnaire q: Questionnaire,
                          survey: Survey, townshipName: (UUID) -> String) throws(SurveyResultsFailure) -> [SurveyResultRow] {
        // A variable a respondent has no value for (a question they skipped) is left out by domain: the marker
        // sorts into its own domain, whose estimate is dropped, so the design stays whole.
        let missing = "\u{1}"
        let groupings = groupings(of: q)
        let groupValues = groupings.map { grouping in items.map { value(of: grouping.id, in: $0, townshipName: townshipName) } }
        var rows: [SurveyResultRow] = []
        for variable in variables(of: q) {
            let raw = items.map { $0.scored.variables[variable.id] }
            guard raw.contains(where: { $0 != nil }) else { continue }
            let values = raw.map { $0 ?? 0 }
            func run(_ domains: [String], group: (id: String, label: String)?) throws(SurveyResultsFailure) {
                let found: [SurveyEstimate]
                do {
                    found = try design.estimate(variable.parameter, of: values, variable: variable.id, domains: domains,
                                                interval: survey.intervalMethod)
                } catch {
                    throw SurveyResultsFailure("估计「\(variable.label)」时出错：\(error.description)")
                }
                for e in found where e.domain != missing {
                    rows.append(SurveyResultRow(
                        variable: variable.id, label: variable.label, parameter: variable.parameter.rawValue,
                        group: group?.id, groupLabel: group?.label, domain: group == nil ? nil : e.domain,
                        estimate: e.estimate, se: e.standardError, ciLow: e.ciLow, ciHigh: e.ciHigh, n: e.n, deff: e.deff))
                }
            }
            try run(raw.map { $0 == nil ? missing : "" }, group: nil)
            for (index, grouping) in groupings.enumerated() {
                let labels = raw.indices.map { i in raw[i] == nil ? missing : (groupValues[index][i] ?? missing) }
                guard labels.contains(where: { $0 != missing }) else { continue }
                try run(labels, group: grouping)
            }
        }
        return rows
    }
}

public struct SurveyResultsFailure: Error, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
}
