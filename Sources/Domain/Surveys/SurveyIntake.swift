import Foundation

/// Turns what interviewers hand in — a form's answers or a response file — into checked `SurveyResponse`s.
/// Every problem is named by its line and column (file) or its question (form); if there is any, nothing is returned.
public struct SurveyIntake: Sendable {
    public var survey: Survey
    public var questionnaire: Questionnaire
    /// The survey's townships (its quotas), by id.
    public var townships: [Region]

    public init(survey: Survey, questionnaire: Questionnaire, townships: [Region]) {
        self.survey = survey; self.questionnaire = questionnaire; self.townships = townships
    }

    /// Header names, besides the questionnaire's own columns, read from a response file.
    static let villageColumns: Set<String> = ["village", "村", "村（社区）", "村(社区)", "社区", "村居", "psu"]
    static let weightColumns: Set<String> = ["weight", "权重", "wt"]

    /// The township a written name means: the exact name, or the name without 镇/乡/街道/苏木 on either side.
    public func township(named written: String) -> Region? {
        let name = written.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { return nil }
        if let exact = townships.first(where: { $0.name == name }) { return exact }
        let short = Self.shortName(name)
        let matches = townships.filter { Self.shortName($0.name) == short }
        return matches.count == 1 ? matches[0] : nil
    }

    static func shortName(_ name: String) -> String {
        for suffix in ["街道办事处", "街道", "镇", "乡", "苏木"] where name.hasSuffix(suffix) && name.count > suffix.count {
            return String(name.dropLast(suffix.count))
        }
        return name
    }

    /// Reads a response file (rows as `TableFile.rows` returns them, header first). The township comes from the
    /// questionnaire's `township` question; a `village`/`村` column gives the PSU and a `weight`/`权重` column an
    /// explicit weight. Codes already in the survey (`existing`) are refused by row.
    public func read(rows: [TableRow], file: String, existing: Set<String>, actor: String) throws(InputRejected) -> [SurveyResponse] {
        guard survey.status == .open else {
            throw InputRejected([InputIssue(SourceLocation(file: file), "调查「\(survey.name)」已结束，不再接收答卷")])
        }
        guard questionnaire.question(id: "township") != nil else {
            throw InputRejected([InputIssue(SourceLocation(file: file), "问卷「\(questionnaire.title)」没有 township（所在乡镇）题，无法把答卷归到乡镇")])
        }
        guard let headerRow = rows.first else {
            throw InputRejected([InputIssue(SourceLocation(file: file), "文件中没有表头和答卷")])
        }
        let header = headerRow.cells.map { $0.trimmingCharacters(in: .whitespaces) }
        func index(_ names: Set<String>) -> Int? { header.firstIndex { names.contains($0.lowercased()) } }
        let townshipIndex = index(["township"]), idIndex = index([questionnaire.idColumn.lowercased()])
        let villageIndex = index(Self.villageColumns), weightIndex = index(Self.weightColumns)

        // Townships, weights and codes already taken are checked on the raw rows, so that one pass reports them
        // together with the answers' problems.
        var issues: [InputIssue] = []
        var townshipOf: [Int: Region] = [:], weightOf: [Int: Double] = [:], villageOf: [Int: String] = [:]
        let townshipRequired = questionnaire.question(id: "township")?.required == true
        let names = townships.map(\.name).joined(separator: "、")
        for row in rows.dropFirst() {
            func place(_ column: Int) -> SourceLocation {
                SourceLocation(file: file, line: row.line, column: column + 1, field: [.key(header[column])])
            }
            if let townshipIndex {
                let written = row.cell(townshipIndex).trimmingCharacters(in: .whitespaces)
                if let township = township(named: written) { townshipOf[row.line] = township }
                else if !written.isEmpty { issues.append(InputIssue(place(townshipIndex), "「\(written)」不是本次调查的乡镇（\(names)）")) }
                else if !townshipRequired { issues.append(InputIssue(place(townshipIndex), "缺少乡镇")) }
            }
            if let villageIndex {
                let village = row.cell(villageIndex).trimmingCharacters(in: .whitespaces)
                if !village.isEmpty { villageOf[row.line] = village }
            }
            if let idIndex {
                let code = row.cell(idIndex).trimmingCharacters(in: .whitespaces)
                if existing.contains(code) { issues.append(InputIssue(place(idIndex), "调查中已有问卷编号「\(code)」")) }
            }
            if let weightIndex {
                let text = row.cell(weightIndex).trimmingCharacters(in: .whitespaces)
                if text.isEmpty {
                    issues.append(InputIssue(place(weightIndex), "缺少权重（有权重列时每份答卷都须有权重）"))
                } else if let value = TableFile.number(text), value.isFinite, value > 0 {
                    weightOf[row.line] = value
                } else {
                    issues.append(InputIssue(place(weightIndex), "权重须为大于 0 的数：「\(text)」"))
                }
            }
        }
        var scored: SurveyResponses?
        do { scored = try SurveyResponses.read(rows: rows, file: file, questionnaire: questionnaire) } catch { issues += error.issues }
        if !issues.isEmpty {
            throw InputRejected(issues.sorted { ($0.location.line ?? 0, $0.location.column ?? 0) < ($1.location.line ?? 0, $1.location.column ?? 0) })
        }
        // The answers as written (item answers included: the scores are recomputed from them, never stored).
        let answerColumns = questionnaire.columns.filter { $0 != questionnaire.idColumn }.compactMap { id in
            header.firstIndex { $0.lowercased() == id.lowercased() }.map { (id, $0) }
        }
        let rowAt = Dictionary(rows.dropFirst().map { ($0.line, $0) }, uniquingKeysWith: { a, _ in a })
        return scored!.respondents.map { respondent in
            let line = respondent.line ?? 0
            var answers: [String: String] = [:]
            for (id, column) in answerColumns {
                let text = rowAt[line]?.cell(column).trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
                if !text.isEmpty { answers[id] = text }
            }
            let township = townshipOf[line]!
            answers["township"] = township.name
            return SurveyResponse(surveyID: survey.id, respondent: respondent.id, regionID: township.id,
                                  village: villageOf[line], weight: weightOf[line],
                                  answers: answers, source: .file, enteredBy: actor)
        }
    }

    /// Checks one interview entered on the form: `answers` by question id (multiple-choice answers as
    /// letters, e.g. "ABD"), the township by id. Problems name the question.
    public func check(respondent: String, regionID: UUID?, village: String?, answers: [String: String],
                      submissionKey: String?, existing: Set<String>, actor: String, at date: Date = Clock.system.now()) throws(InputRejected) -> SurveyResponse {
        let form = "答卷"
        var issues: [InputIssue] = []
        if survey.status != .open {
            issues.append(InputIssue(SourceLocation(file: form), "调查「\(survey.name)」已结束，不再接收答卷"))
        }
        let code = respondent.trimmingCharacters(in: .whitespaces)
        if code.isEmpty {
            issues.append(InputIssue(SourceLocation(file: form, field: [.key("respondent")]), "请填写问卷编号"))
        } else if existing.contains(code) {
            issues.append(InputIssue(SourceLocation(file: form, field: [.key("respondent")]), "调查中已有问卷编号「\(code)」"))
        }
        let township = regionID.flatMap { id in townships.first { $0.id == id } }
        if township == nil {
            issues.append(InputIssue(SourceLocation(file: form, field: [.key("township")]), "请选择本次调查的乡镇"))
        }
        var given = answers.filter { !$0.value.trimmingCharacters(in: .whitespaces).isEmpty && $0.key != questionnaire.idColumn }
        if let township, questionnaire.question(id: "township") != nil { given["township"] = township.name }
        var scoredAnswers = given
        scoredAnswers[questionnaire.idColumn] = code.isEmpty ? "?" : code
        do {
            _ = try RespondentScoring.score(scoredAnswers, questionnaire: questionnaire, file: form)
        } catch {
            issues += error.issues.filter { $0.location.field != [.key(questionnaire.idColumn)] }
        }
        let known = Set(questionnaire.columns)
        for key in given.keys where !known.contains(key) {
            issues.append(InputIssue(SourceLocation(file: form, field: [.key(key)]), "问卷中没有这道题"))
        }
        if !issues.isEmpty { throw InputRejected(issues) }
        let trimmedVillage = village?.trimmingCharacters(in: .whitespaces)
        return SurveyResponse(surveyID: survey.id, respondent: code, regionID: township!.id,
                              village: trimmedVillage?.isEmpty == false ? trimmedVillage : nil, answers: given,
                              source: .form, submissionKey: submissionKey, enteredBy: actor, enteredAt: date)
    }
}
