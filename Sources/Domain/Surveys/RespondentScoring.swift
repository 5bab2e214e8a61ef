import Foundation

/// The score of one respondent within an aspect or dimension.
public struct GroupScore: Equatable, Sendable, Codable {
    public var id: String
    public var name: String
    public var score: Int
    public var maximum: Int
    /// score ≥ line × maximum.
    public var literate: Bool

    public init(id: String, name: String, score: Int, maximum: Int, literate: Bool) {
        self.id = id; self.name = name; self.score = score; self.maximum = maximum; self.literate = literate
    }
}

/// One respondent's answers scored against a questionnaire: what the web layer stores and the estimation
/// tables are made of.
public struct ScoredRespondent: Equatable, Sendable, Codable {
    public var id: String
    /// The line (CSV) or row (xlsx) it was read from.
    public var line: Int?
    public var score: Int
    public var maximum: Int
    /// score ≥ line × maximum; nil when the questionnaire has no scored items.
    public var literate: Bool?
    /// In declaration order.
    public var aspects: [GroupScore]
    public var dimensions: [GroupScore]
    /// Points earned on each scored item, by item id.
    public var itemPoints: [String: Int]
    /// Scored items left blank (scored 0: a question not answered is not known).
    public var unanswered: [String]
    /// Derived 0/1 indicators by id; an indicator the answers do not decide is absent.
    public var indicators: [String: Int]
    /// Answers to demographic questions, as the questionnaire spells the options; blanks absent.
    public var demographics: [String: String]
    /// Answers to behaviour and awareness questions, likewise.
    public var answers: [String: String]
    /// Number answers (age, times a week …) by question id; also in `answers`/`demographics` as text.
    public var numbers: [String: Double]
    /// Banded categories (age group …) by band id.
    public var bands: [String: String]
    /// Columns of the row the questionnaire does not know (weight, stratum, PSU, interviewer …), as read.
    public var passThrough: [String: String]

    /// An indicator's value, nil when not decided by the answers.
    public func indicator(_ id: String) -> Int? { indicators[id] }

    public func aspect(_ id: String) -> GroupScore? { aspects.first { $0.id == id } }
    public func dimension(_ id: String) -> GroupScore? { dimensions.first { $0.id == id } }

    /// The numeric variables for the estimation core: `score`, `literate` and `score_<group>`,
    /// `literate_<group>` (when the questionnaire is scored), derived indicators that are decided, and
    /// number answers (age, minutes …).
    public var variables: [String: Double] {
        var out: [String: Double] = [:]
        if let literate {
            out["score"] = Double(score)
            out["literate"] = literate ? 1 : 0
            for group in aspects + dimensions {
                out[Questionnaire.scoreVariable(group: group.id)] = Double(group.score)
                out[Questionnaire.literacyVariable(group: group.id)] = group.literate ? 1 : 0
            }
        }
        for (id, value) in indicators { out[id] = Double(value) }
        return out.merging(numbers) { first, _ in first }
    }
}

/// Scores respondents' raw answers (column → text, as in a CSV row) against a questionnaire.
public enum RespondentScoring {
    /// Scores one respondent; every problem in the answers is thrown together, each naming its column.
    /// `ageRange` overrides the questionnaire's. `file` and `line` only place the problems.
    public static func score(_ answers: [String: String], questionnaire: Questionnaire, ageRange: AgeRange? = nil,
                             file: String = "答卷", line: Int? = nil) throws(InputRejected) -> ScoredRespondent {
        var issues: [InputIssue] = []
        let range = ageRange ?? questionnaire.ageRange
        if range != nil, questionnaire.ageQuestion == nil {
            throw InputRejected([InputIssue(SourceLocation(file: file), "问卷没有年龄题（ageQuestion），无法核对调查对象年龄范围")])
        }
        let respondent = score(answers, questionnaire: questionnaire, ageRange: range, line: line) { column, message in
            issues.append(InputIssue(SourceLocation(file: file, line: line, field: [.key(column)]), message))
        }
        if !issues.isEmpty { throw InputRejected(issues) }
        return respondent
    }

    /// The scoring itself; problems go to `report` with their column, the result is meaningless if any was reported.
    static func score(_ raw: [String: String], questionnaire q: Questionnaire, ageRange: AgeRange?, line: Int?,
                      report: (String, String) -> Void) -> ScoredRespondent {
        func value(_ column: String) -> String { (raw[column] ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }

        let id = value(q.idColumn)
        if id.isEmpty { report(q.idColumn, "缺少调查对象编号") }

        var itemPoints: [String: Int] = [:]
        var unanswered: [String] = []
        for scored in q.scoredItems {
            let item = scored.item
            let text = value(item.id)
            guard !text.isEmpty else {
                unanswered.append(item.id)
                itemPoints[item.id] = 0
                continue
            }
            itemPoints[item.id] = points(for: text, item: item) { report(item.id, $0) }
        }

        var plain: [String: String] = [:]
        var numbers: [String: Double] = [:]
        for question in q.questions {
            let text = value(question.id)
            if text.isEmpty {
                if question.required { report(question.id, "必填项「\(question.text)」为空") }
                continue
            }
            switch question.kind {
            case .choice:
                let folded = AnswerText.plain(text)
                if let option = question.options.first(where: { AnswerText.plain($0) == folded }) {
                    plain[question.id] = option
                } else {
                    report(question.id, "「\(text)」不在选项中；可选：\(question.options.joined(separator: "、"))")
                }
            case .number:
                guard let number = TableFile.number(text) else {
                    report(question.id, "不是数字：「\(text)」"); continue
                }
                if question.integer, number != number.rounded() {
                    report(question.id, "应为整数：「\(text)」"); continue
                }
                if let low = question.minimum, number < low {
                    report(question.id, "「\(text)」小于最小值 \(low.shortestText)"); continue
                }
                if let high = question.maximum, number > high {
                    report(question.id, "「\(text)」大于最大值 \(high.shortestText)"); continue
                }
                plain[question.id] = number.shortestText
                numbers[question.id] = number
            case .text:
                plain[question.id] = AnswerText.plain(text)
            }
        }

        if let range = ageRange, let ageQuestion = q.ageQuestion {
            if let age = numbers[ageQuestion] {
                if !range.contains(age) {
                    report(ageQuestion, "年龄 \(age.shortestText) 岁不在调查对象范围（\(range.text)）内")
                }
            } else if value(ageQuestion).isEmpty, !(q.question(id: ageQuestion)?.required ?? false) {
                report(ageQuestion, "缺少年龄，无法核对是否属于调查对象（\(range.text)）")
            }
        }

        let scored = q.scoredItems
        let total = itemPoints.values.reduce(0, +)
        let maximum = q.maximumScore
        func group(_ g: QuestionGroup) -> GroupScore {
            let members = scored.filter { $0.item.aspect == g.id || $0.item.dimension == g.id }
            let score = members.reduce(0) { $0 + (itemPoints[$1.item.id] ?? 0) }
            let maximum = members.reduce(0) { $0 + $1.item.maximumPoints }
            return GroupScore(id: g.id, name: g.name, score: score, maximum: maximum,
                              literate: reaches(score, of: maximum, line: q.literacyLine))
        }

        var indicators: [String: Int] = [:]
        for indicator in q.indicators {
            if let result = indicator.evaluate(plain) { indicators[indicator.id] = result }
        }
        var bands: [String: String] = [:]
        for banding in q.bands {
            if let number = numbers[banding.question] { bands[banding.id] = banding.band(of: number) }
        }
        let known = Set(q.columns)
        let respondent = ScoredRespondent(
            id: id, line: line, score: total, maximum: maximum,
            literate: maximum > 0 ? reaches(total, of: maximum, line: q.literacyLine) : nil,
            aspects: q.aspects.map(group), dimensions: q.dimensions.map(group),
            itemPoints: itemPoints, unanswered: unanswered, indicators: indicators,
            demographics: plain.filter { q.question(id: $0.key)?.role == .demographic },
            answers: plain.filter { q.question(id: $0.key)?.role != .demographic },
            numbers: numbers, bands: bands,
            passThrough: raw.filter { !known.contains($0.key) })
        return respondent
    }

    /// The literacy rule: score ≥ line × maximum, exact (so 80% of the maximum is literate).
    static func reaches(_ score: Int, of maximum: Int, line: Decimal) -> Bool {
        maximum > 0 && Decimal(score) >= line * Decimal(maximum)
    }

    /// Points for a non-blank answer; problems go to `report`, and a problem scores 0.
    static func points(for text: String, item: QuestionItem, report: (String) -> Void) -> Int {
        let labels = item.choices.map(\.label).joined(separator: "、")
        switch item.kind {
        case .judgement:
            guard let answer = AnswerText.judgement(text) else {
                report("判断题答案「\(text)」无法识别；可填 对/错、√/×、1/0 或 A/B")
                return 0
            }
            return item.key == [answer] ? item.maximumPoints : 0
        case .single, .multiple:
            guard case .labels(let chosen) = AnswerText.labels(text) else {
                report("答案「\(text)」不是选项字母；可选 \(labels)")
                return 0
            }
            let options = Set(item.options.map(\.label))
            let outside = chosen.filter { !options.contains($0) }
            if !outside.isEmpty {
                report("答案「\(text)」中的「\(outside.joined(separator: "、"))」不在选项中；可选 \(labels)")
                return 0
            }
            if item.kind == .single, chosen.count > 1 {
                report("单选题只能选一个选项，填了「\(text)」")
                return 0
            }
            if Set(chosen).count != chosen.count {
                report("答案「\(text)」有重复的选项")
                return 0
            }
            return Set(chosen) == item.key ? item.maximumPoints : 0
        case .scenario:
            return 0
        }
    }
}

/// A response file scored against a questionnaire: every respondent, or nothing.
public struct SurveyResponses: Equatable, Sendable, Codable {
    public var questionnaireID: String
    public var file: String
    /// The line of the header row.
    public var headerLine: Int
    /// The file's columns that the questionnaire does not know, in file order (weight, stratum, PSU …).
    public var passThroughColumns: [String]
    public var respondents: [ScoredRespondent]
    /// The numeric columns of `estimationTable()`, in order.
    public var variableNames: [String]
    /// The text columns of `estimationTable()` (choice and text answers, bands), in order.
    public var categoryNames: [String]
    /// The respondent id column.
    public var idColumn: String

    /// Reads `rows` (the header first, as `TableFile.rows` returns them) and scores every row. Every
    /// problem — a missing or duplicated column, an answer not among the options, a value outside a
    /// question's range, an age outside `ageRange` (the questionnaire's when nil), a blank required
    /// answer, a duplicated respondent id — is reported with its line and column, and then nothing is
    /// returned.
    public static func read(rows: [TableRow], file: String, questionnaire q: Questionnaire,
                            ageRange: AgeRange? = nil) throws(InputRejected) -> SurveyResponses {
        guard let header = rows.first else {
            throw InputRejected([InputIssue(SourceLocation(file: file), "文件中没有表头和答卷")])
        }
        var issues: [InputIssue] = []
        let range = ageRange ?? q.ageRange
        if range != nil, q.ageQuestion == nil {
            issues.append(InputIssue(SourceLocation(file: file), "问卷没有年龄题（ageQuestion），无法核对调查对象年龄范围"))
        }

        let names = header.cells.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        var position: [String: Int] = [:]
        for (index, name) in names.enumerated() where !name.isEmpty {
            if let earlier = position[name] {
                issues.append(InputIssue(SourceLocation(file: file, line: header.line, column: index + 1, field: [.key(name)]),
                                         "表头「\(name)」重复（第 \(earlier + 1) 列和第 \(index + 1) 列）"))
            } else {
                position[name] = index
            }
        }
        // A header typed in another case still matches (Q01 for q01).
        var columnOf: [String: Int] = [:]
        for column in q.columns {
            if let index = position[column] ?? names.firstIndex(where: { $0.lowercased() == column.lowercased() }) {
                columnOf[column] = index
            } else {
                issues.append(InputIssue(SourceLocation(file: file, line: header.line, field: [.key(column)]),
                                         "找不到这一列（表头中没有「\(column)」）"))
            }
        }
        let matched = Set(columnOf.values)
        let passThrough = names.enumerated().filter { !$0.element.isEmpty && !matched.contains($0.offset) && position[$0.element] == $0.offset }
        let variableNames = variables(of: q), categoryNames = categories(of: q)
        let generated = Set(variableNames + categoryNames)
        let lowercased = Dictionary(q.columns.map { ($0.lowercased(), $0) }) { first, _ in first }
        for (index, name) in passThrough {
            let location = SourceLocation(file: file, line: header.line, column: index + 1, field: [.key(name)])
            if let column = lowercased[name.lowercased()] {
                issues.append(InputIssue(location, "表头「\(name)」与「\(column)」只差大小写，无法确定用哪一列"))
            } else if generated.contains(name) {
                issues.append(InputIssue(location, "列「\(name)」与计算出的变量同名，请把这一列改名"))
            }
        }
        if !issues.isEmpty { throw InputRejected(issues) }

        let records = rows.dropFirst()
        guard !records.isEmpty else {
            throw InputRejected([InputIssue(SourceLocation(file: file, line: header.line), "只有表头，没有答卷")])
        }
        var respondents: [ScoredRespondent] = []
        var firstLine: [String: Int] = [:]
        for row in records {
            var raw: [String: String] = [:]
            for (column, index) in columnOf { raw[column] = row.cell(index) }
            for (index, name) in passThrough { raw[name] = row.cell(index) }
            func location(_ column: String) -> SourceLocation {
                SourceLocation(file: file, line: row.line, column: columnOf[column].map { $0 + 1 }, field: [.key(column)])
            }
            let respondent = RespondentScoring.score(raw, questionnaire: q, ageRange: range, line: row.line) { column, message in
                issues.append(InputIssue(location(column), message))
            }
            if !respondent.id.isEmpty {
                if let earlier = firstLine[respondent.id] {
                    issues.append(InputIssue(location(q.idColumn), "调查对象编号「\(respondent.id)」与第 \(earlier) 行重复"))
                } else {
                    firstLine[respondent.id] = row.line
                }
            }
            respondents.append(respondent)
        }
        if !issues.isEmpty { throw InputRejected(issues) }
        return SurveyResponses(questionnaireID: q.id, file: file, headerLine: header.line,
                               passThroughColumns: passThrough.map(\.element), respondents: respondents,
                               variableNames: variableNames, categoryNames: categoryNames, idColumn: q.idColumn)
    }

    /// Numeric estimation variables of a questionnaire, in order.
    static func variables(of q: Questionnaire) -> [String] {
        var out: [String] = []
        if !q.scoredItems.isEmpty {
            out += ["score", "literate"]
            for group in q.aspects + q.dimensions {
                out += [Questionnaire.scoreVariable(group: group.id), Questionnaire.literacyVariable(group: group.id)]
            }
        }
        out += q.indicators.map(\.id)
        out += q.questions.filter { $0.kind == .number }.map(\.id)
        return out
    }

    /// Text estimation columns of a questionnaire, in order.
    static func categories(of q: Questionnaire) -> [String] {
        q.questions.filter { $0.kind != .number }.map(\.id) + q.bands.map(\.id)
    }

    /// A table for the estimation core: header (`id`, the variables, the categories, the pass-through
    /// columns) then one row per respondent at its original line, so problems found by `SurveyData.read`
    /// point into the uploaded file. Undecided indicators and blank answers are empty cells.
    public func estimationTable() -> [TableRow] {
        let header = TableRow(line: headerLine, cells: [idColumn] + variableNames + categoryNames + passThroughColumns)
        return [header] + respondents.map { respondent in
            let values = respondent.variables
            var cells = [respondent.id]
            cells += variableNames.map { values[$0].map(\.shortestText) ?? "" }
            cells += categoryNames.map { respondent.demographics[$0] ?? respondent.answers[$0] ?? respondent.bands[$0] ?? "" }
            cells += passThroughColumns.map { respondent.passThrough[$0] ?? "" }
            return TableRow(line: respondent.line ?? 0, cells: cells)
        }
    }

    /// The respondents as checked survey records for `SurveyDesign` and `estimate`: weight, stratum and
    /// PSU come from pass-through columns, proportions from the 0/1 variables (`literate`, `smoker` …).
    public func surveyData(columns: SurveyColumns) throws(InputRejected) -> SurveyData {
        try SurveyData.read(rows: estimationTable(), file: file, columns: columns)
    }
}
