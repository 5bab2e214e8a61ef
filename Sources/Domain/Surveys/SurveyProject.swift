import Foundation

/// How a survey's sample was drawn, which decides strata and primary sampling units for the variance.
public enum SurveyLayout: String, Codable, Sendable, CaseIterable, StrictEnum {
    /// Townships are strata; villages (communities) within them are the PSUs. A respondent without a
    /// village is its own PSU (stratified simple random sampling).
    case townshipStrata = "township-strata"
    /// The programme's area is one stratum and townships are the PSUs (the national monitoring's
    /// county → townships by PPS), so few townships give few degrees of freedom.
    case townshipClusters = "township-clusters"
    /// A simple random sample: no strata, every respondent its own PSU.
    case simple

    public var chineseName: String {
        switch self {
        case .townshipStrata: "按乡镇分层，村（社区）为初级抽样单位"
        case .townshipClusters: "全县一层，乡镇为初级抽样单位（按人口规模抽取乡镇）"
        case .simple: "简单随机抽样（不分层、不分群）"
        }
    }
}

/// A survey's fieldwork state: responses are only taken while it is open.
public enum SurveyStatus: String, Codable, Sendable, CaseIterable, StrictEnum {
    case open, closed

    public var chineseName: String { self == .open ? "调查中" : "已结束" }
}

/// The sample planned in one township and, for design weights, how many people of the survey's age
/// range live there.
public struct SurveyQuota: Codable, Sendable, Equatable {
    public var regionID: UUID
    public var planned: Int
    /// Residents of the survey's population in the township; the design weight of each of its respondents
    /// is this over the township's completed interviews.
    public var population: Double?

    public init(regionID: UUID, planned: Int, population: Double? = nil) {
        self.regionID = regionID; self.planned = planned; self.population = population
    }
}

/// Population totals for post-stratification: the cell variables (answers or bands of the questionnaire,
/// e.g. `residence`, `sex`, `age_group`) and the total of every cell, keyed by the cell's values joined with "|".
public struct PopulationTotals: Codable, Sendable, Equatable {
    public var variables: [String]
    public var totals: [String: Double]

    public init(variables: [String], totals: [String: Double]) { self.variables = variables; self.totals = totals }

    public static func cellKey(_ values: [String]) -> String { values.joined(separator: "|") }

    /// Reads a table whose header is the cell variables followed by a total column (人数 / 总数 / population /
    /// total), one row per cell. Every problem names its line and column; nothing is returned if there is any.
    public static func read(rows: [TableRow], file: String, questionnaire: Questionnaire) throws(InputRejected) -> PopulationTotals {
        guard let header = rows.first else {
            throw InputRejected([InputIssue(SourceLocation(file: file), "总体人数表是空的：第一行应是分层变量和「人数」")])
        }
        let names = header.cells.map { $0.trimmingCharacters(in: .whitespaces) }
        let totalNames: Set<String> = ["人数", "总数", "人口数", "population", "total"]
        guard let totalColumn = names.lastIndex(where: { totalNames.contains($0.lowercased()) }) else {
            throw InputRejected([InputIssue(SourceLocation(file: file, line: header.line),
                                            "表头中没有人数列（人数、总数、人口数、population 或 total）")])
        }
        var issues: [InputIssue] = []
        let known = Set(questionnaire.questions.filter { $0.kind == .choice || $0.kind == .text }.map(\.id) + questionnaire.bands.map(\.id))
        var variables: [String] = []
        for (index, name) in names.enumerated() where index != totalColumn {
            if name.isEmpty { continue }
            if !known.contains(name) {
                issues.append(InputIssue(SourceLocation(file: file, line: header.line, column: index + 1, field: [.key(name)]),
                                         "问卷「\(questionnaire.title)」没有名为「\(name)」的选择题或分组；可用：\(known.sorted().joined(separator: "、"))"))
            }
            variables.append(name)
        }
        if variables.isEmpty {
            issues.append(InputIssue(SourceLocation(file: file, line: header.line), "至少需要一个分层变量列（如 sex、age_group、residence）"))
        }
        if !issues.isEmpty { throw InputRejected(issues) }
        let columns = names.indices.filter { $0 != totalColumn && !names[$0].isEmpty }
        var totals: [String: Double] = [:]
        var firstLine: [String: Int] = [:]
        for row in rows.dropFirst() where !row.cells.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            let values = columns.map { row.cell($0).trimmingCharacters(in: .whitespaces) }
            for (offset, column) in columns.enumerated() where values[offset].isEmpty {
                issues.append(InputIssue(SourceLocation(file: file, line: row.line, column: column + 1, field: [.key(names[column])]), "空白"))
            }
            let text = row.cell(totalColumn).trimmingCharacters(in: .whitespaces)
            let location = SourceLocation(file: file, line: row.line, column: totalColumn + 1, field: [.key(names[totalColumn])])
            guard let total = TableFile.number(text), total.isFinite else {
                issues.append(InputIssue(location, "人数不是数字：「\(text)」")); continue
            }
            if total <= 0 { issues.append(InputIssue(location, "人数须大于 0")); continue }
            let key = cellKey(values)
            if let earlier = firstLine[key] {
                issues.append(InputIssue(SourceLocation(file: file, line: row.line), "与第 \(earlier) 行是同一格（\(values.joined(separator: "、"))）"))
                continue
            }
            firstLine[key] = row.line
            totals[key] = total
        }
        if totals.isEmpty, issues.isEmpty {
            issues.append(InputIssue(SourceLocation(file: file, line: header.line), "只有表头，没有人数"))
        }
        if !issues.isEmpty { throw InputRejected(issues) }
        return PopulationTotals(variables: variables, totals: totals)
    }
}

/// A population survey run in a programme: its questionnaire, year, sampling layout, quotas by township and
/// weighting. Responses are kept as the answers given; scores and estimates are computed from them.
public struct Survey: Codable, Sendable, Equatable, Identifiable {
    public var id: UUID
    public var planID: String
    public var name: String
    public var questionnaireID: String
    /// The year the figures describe (the indicator period they are published to).
    public var year: Int
    public var layout: SurveyLayout
    public var interval: String
    /// How a stratum with a single PSU enters the variance (`SingletonMethod(name:)`).
    public var singleton: String
    public var quotas: [SurveyQuota]
    public var populationTotals: PopulationTotals?
    public var status: SurveyStatus
    public var note: String?
    public var createdBy: String
    public var createdAt: Date
    public var publishedAt: Date?

    public init(id: UUID = UUID(), planID: String, name: String, questionnaireID: String, year: Int,
                layout: SurveyLayout = .townshipStrata, interval: IntervalMethod = .logit, singleton: String = "centered",
                quotas: [SurveyQuota] = [], populationTotals: PopulationTotals? = nil, status: SurveyStatus = .open,
                note: String? = nil, createdBy: String, createdAt: Date = Clock.system.now(), publishedAt: Date? = nil) {
        self.id = id; self.planID = planID; self.name = name; self.questionnaireID = questionnaireID; self.year = year
        self.layout = layout; self.interval = interval.rawValue; self.singleton = singleton; self.quotas = quotas
        self.populationTotals = populationTotals; self.status = status; self.note = note
        self.createdBy = createdBy; self.createdAt = createdAt; self.publishedAt = publishedAt
    }

    public var intervalMethod: IntervalMethod { IntervalMethod(rawValue: interval) ?? .logit }
    public var singletonMethod: SingletonMethod { SingletonMethod(name: singleton) ?? .centered }

    /// The single-PSU rules offered for a survey, with their Chinese descriptions.
    public static let singletonChoices: [(id: String, label: String)] = [
        ("centered", "以全部初级抽样单位的均值为中心（R adjust / Stata centered）"),
        ("skip", "该层不计入方差（samplics skip）"),
        ("certainty", "视为必然入样，层内每人作为初级抽样单位（samplics certainty）"),
        ("fail", "拒绝估计，提示合并该层"),
    ]

    public var singletonLabel: String { Self.singletonChoices.first { $0.id == singleton }?.label ?? singleton }
    public var plannedTotal: Int { quotas.reduce(0) { $0 + $1.planned } }
    public func quota(for regionID: UUID) -> SurveyQuota? { quotas.first { $0.regionID == regionID } }
}

/// Where a response came from.
public enum ResponseSource: String, Codable, Sendable, CaseIterable {
    case form, file

    public var chineseName: String { self == .form ? "在线填报" : "文件导入" }
}

/// One completed interview as given: the respondent's code, township, village (PSU) and raw answers by
/// question id. An explicit weight (from an imported file) replaces the design weight.
public struct SurveyResponse: Codable, Sendable, Equatable, Identifiable {
    public var id: UUID
    public var surveyID: UUID
    /// The respondent's code (问卷编号), unique within the survey.
    public var respondent: String
    public var regionID: UUID
    public var village: String?
    public var weight: Double?
    public var answers: [String: String]
    public var source: ResponseSource
    /// The key the interviewer's device gave the submission, so a resent one (after a lost connection) is
    /// recognised instead of refused or duplicated.
    public var submissionKey: String?
    public var enteredBy: String
    public var enteredAt: Date

    public init(id: UUID = UUID(), surveyID: UUID, respondent: String, regionID: UUID, village: String? = nil,
                weight: Double? = nil, answers: [String: String], source: ResponseSource, submissionKey: String? = nil,
                enteredBy: String, enteredAt: Date = Clock.system.now()) {
        self.id = id; self.surveyID = surveyID; self.respondent = respondent; self.regionID = regionID
        self.village = village; self.weight = weight; self.answers = answers; self.source = source
        self.submissionKey = submissionKey; self.enteredBy = enteredBy; self.enteredAt = enteredAt
    }
}

public enum SurveyStoreError: Error, Equatable, CustomStringConvertible {
    case notFound(UUID)
    /// Respondent codes already in the survey, refused with the whole batch.
    case duplicateRespondents([String])
    case closed(String)

    public var description: String {
        switch self {
        case .notFound(let id): "没有编号为 \(id.uuidString.lowercased()) 的调查"
        case .duplicateRespondents(let codes):
            "调查中已有这些问卷编号：\(codes.prefix(20).joined(separator: "、"))\(codes.count > 20 ? " 等 \(codes.count) 个" : "")"
        case .closed(let name): "调查「\(name)」已结束，不再接收答卷"
        }
    }
}

/// Completed interviews per township, for progress.
public struct SurveyProgress: Equatable, Sendable, Codable {
    public var regionID: UUID
    public var completed: Int

    public init(regionID: UUID, completed: Int) { self.regionID = regionID; self.completed = completed }
}

/// Who changes a survey, for the programme's audit log (written in the change's own transaction).
public struct SurveyActor: Sendable, Equatable {
    public var name: String
    public var id: UUID?

    public init(name: String, id: UUID?) { self.name = name; self.id = id }
}

/// Where surveys and their responses are kept.
public protocol SurveyStore: Sendable {
    func surveys(planID: String) async throws -> [Survey]
    func survey(id: UUID) async throws -> Survey?
    /// Creates or replaces the survey's settings (never its responses).
    func save(_ survey: Survey, by actor: SurveyActor) async throws
    /// Adds every response or none; a respondent code already in the survey refuses the batch
    /// (`SurveyStoreError.duplicateRespondents`). A response whose submission key is already stored is
    /// skipped (a resend) and counted in `resent`. File imports are entered in the audit log.
    func add(_ responses: [SurveyResponse], to surveyID: UUID, by actor: SurveyActor) async throws -> (added: Int, resent: Int)
    func responses(surveyID: UUID) async throws -> [SurveyResponse]
    /// Whether an interview with this submission key is already stored (a device resending it).
    func hasSubmission(key: String, surveyID: UUID) async throws -> Bool
    /// Respondent codes already used in the survey.
    func respondents(surveyID: UUID) async throws -> Set<String>
    func progress(surveyID: UUID) async throws -> [SurveyProgress]
    func deleteResponse(id: UUID, surveyID: UUID, by actor: SurveyActor) async throws -> Bool
}
