import Foundation

/// A survey questionnaire kept as data (issue 8): scored knowledge items grouped into aspects and
/// dimensions, plain questions (demographics, behaviour, awareness), and indicators derived from answers.
///
/// Shape of the health literacy questionnaire (domain-reference.md §3): 判断, 单选, 多选 and 情景 items;
/// judgement and single choice score 1, multiple choice scores 2 only for the exact key; a respondent is
/// literate with at least `literacyLine` (80%) of the maximum, overall and within each aspect and
/// dimension. The questionnaires we ship are editable templates (`template`), not the official items,
/// and say so in `note`. Item and question ids are the column names of response files.
public struct Questionnaire: Equatable, Sendable {
    /// A slug, unique in a library, e.g. `health-literacy`.
    public var id: String
    public var title: String
    public var version: String
    /// True for an editable template written on the public structure rather than an official text.
    public var template: Bool
    /// What the questionnaire is and where it comes from; required for templates so the UI can show it.
    public var note: String?
    /// The column holding each respondent's id in response files (`id` unless stated).
    public var idColumn: String
    /// The number question holding the respondent's age, needed for `ageRange`.
    public var ageQuestion: String?
    /// Who may be surveyed (15–69 for health literacy); a respondent outside it is an input error.
    public var ageRange: AgeRange?
    /// The share of the maximum a respondent must reach to be literate (0.8). Decimal so that exactly
    /// 80% compares exactly.
    public var literacyLine: Decimal
    /// The 3 aspects (基本知识和理念 …) of the literacy rule, declared by id and name.
    public var aspects: [QuestionGroup]
    /// The 6 dimensions (科学健康观 …), declared by id and name.
    public var dimensions: [QuestionGroup]
    /// Scored items in questionnaire order; scenario items hold their sub-questions.
    public var items: [QuestionItem]
    /// Unscored questions: demographics, behaviour (smoking, exercise), awareness.
    public var questions: [PlainQuestion]
    /// 0/1 indicators derived from plain answers (smoker, regular exercise, aware …).
    public var indicators: [DerivedIndicator]
    /// Categories banded from number answers (age group …), for subgroups and weighting cells.
    public var bands: [Banding]

    public static let defaultLiteracyLine: Decimal = Decimal(string: "0.8")!

    public init(id: String, title: String, version: String, template: Bool = true, note: String? = nil,
                idColumn: String = "id", ageQuestion: String? = nil, ageRange: AgeRange? = nil,
                literacyLine: Decimal = Questionnaire.defaultLiteracyLine, aspects: [QuestionGroup] = [],
                dimensions: [QuestionGroup] = [], items: [QuestionItem] = [], questions: [PlainQuestion] = [],
                indicators: [DerivedIndicator] = [], bands: [Banding] = []) {
        self.id = id; self.title = title; self.version = version; self.template = template; self.note = note
        self.idColumn = idColumn; self.ageQuestion = ageQuestion; self.ageRange = ageRange
        self.literacyLine = literacyLine; self.aspects = aspects; self.dimensions = dimensions
        self.items = items; self.questions = questions; self.indicators = indicators; self.bands = bands
    }

    /// Every scored question (scenario sub-questions in place of their scenario), with the aspect and
    /// dimension a sub-question inherits from its scenario filled in.
    public var scoredItems: [ScoredItem] {
        items.flatMap { item -> [ScoredItem] in
            guard item.kind == .scenario else { return [ScoredItem(item: item, scenario: nil)] }
            return item.questions.map { sub in
                var resolved = sub
                resolved.aspect = sub.aspect ?? item.aspect
                resolved.dimension = sub.dimension ?? item.dimension
                return ScoredItem(item: resolved, scenario: item.id)
            }
        }
    }

    /// The highest possible score.
    public var maximumScore: Int { scoredItems.reduce(0) { $0 + $1.item.maximumPoints } }

    /// The highest possible score within an aspect or dimension id.
    public func maximumScore(inGroup id: String) -> Int {
        scoredItems.filter { $0.item.aspect == id || $0.item.dimension == id }.reduce(0) { $0 + $1.item.maximumPoints }
    }

    public func question(id: String) -> PlainQuestion? { questions.first { $0.id == id } }

    /// The columns a response file must have, in questionnaire order: the id, every scored item, every
    /// plain question.
    public var columns: [String] { [idColumn] + scoredItems.map(\.item.id) + questions.map(\.id) }

    /// The name of the 0/1 variable "literate within group `id`" in estimation tables.
    public static func literacyVariable(group id: String) -> String { "literate_\(id)" }
    /// The name of the score variable of group `id` in estimation tables.
    public static func scoreVariable(group id: String) -> String { "score_\(id)" }
}

/// An aspect or a dimension of the literacy rule.
public struct QuestionGroup: Equatable, Sendable {
    /// Short and stable, e.g. `knowledge`; estimation variables are named after it.
    public var id: String
    public var name: String

    public init(id: String, name: String) { self.id = id; self.name = name }
}

/// Who may answer: ages within [minimum, maximum], either end open.
public struct AgeRange: Equatable, Sendable {
    public var minimum: Int?
    public var maximum: Int?

    public init(minimum: Int? = nil, maximum: Int? = nil) { self.minimum = minimum; self.maximum = maximum }

    public func contains(_ age: Double) -> Bool {
        if let minimum, age < Double(minimum) { return false }
        if let maximum, age > Double(maximum) { return false }
        return true
    }

    /// "15–69 岁", "15 岁及以上", for messages.
    public var text: String {
        switch (minimum, maximum) {
        case let (low?, high?): "\(low)–\(high) 岁"
        case let (low?, nil): "\(low) 岁及以上"
        case let (nil, high?): "\(high) 岁及以下"
        case (nil, nil): "不限年龄"
        }
    }
}

/// 判断, 单选, 多选 and 情景 items.
public enum ItemKind: String, CaseIterable, Sendable, StrictEnum {
    case judgement, single, multiple, scenario

    public var chineseName: String {
        switch self {
        case .judgement: "判断题"
        case .single: "单选题"
        case .multiple: "多选题"
        case .scenario: "情景题"
        }
    }

    /// Points when an item does not state them (domain-reference.md §3); a scenario scores through its
    /// sub-questions.
    public var defaultPoints: Int {
        switch self {
        case .judgement, .single: 1
        case .multiple: 2
        case .scenario: 0
        }
    }
}

/// One scored item, or a scenario (情景题): a stem shared by single/multiple sub-questions.
public struct QuestionItem: Equatable, Sendable {
    /// The column name in response files (`q01`); for a scenario only a name, its sub-questions are the columns.
    public var id: String
    public var kind: ItemKind
    /// The question, or the scenario's stem.
    public var text: String
    /// Labelled options (single letters A–Z) of single and multiple items. Judgement items have the
    /// fixed options A 对 / B 错 and write none.
    public var options: [AnswerOption]
    /// The key as written: `对`/`错` for judgement, one label (`B`) for single, labels (`ABD`, `A,B,D`)
    /// for multiple; none for a scenario.
    public var answer: String?
    /// Points when the answer is right; the kind's default when nil.
    public var points: Int?
    /// Aspect and dimension ids; a scenario's are inherited by sub-questions that state none.
    public var aspect: String?
    public var dimension: String?
    /// A scenario's sub-questions.
    public var questions: [QuestionItem]

    public init(id: String, kind: ItemKind, text: String, options: [AnswerOption] = [], answer: String? = nil,
                points: Int? = nil, aspect: String? = nil, dimension: String? = nil, questions: [QuestionItem] = []) {
        self.id = id; self.kind = kind; self.text = text; self.options = options; self.answer = answer
        self.points = points; self.aspect = aspect; self.dimension = dimension; self.questions = questions
    }

    public var maximumPoints: Int { points ?? kind.defaultPoints }

    /// The option labels that make up the key (`["对"]` or `["错"]` for judgement), nil when the key
    /// cannot be read.
    public var key: Set<String>? {
        guard let answer else { return nil }
        switch kind {
        case .judgement: return AnswerText.judgement(answer).map { [$0] }
        case .single, .multiple:
            guard case .labels(let labels) = AnswerText.labels(answer), !labels.isEmpty,
                  Set(labels).count == labels.count else { return nil }
            return Set(labels)
        case .scenario: return nil
        }
    }

    /// The options a respondent may choose from.
    public var choices: [AnswerOption] {
        kind == .judgement ? [AnswerOption(label: "A", text: "对"), AnswerOption(label: "B", text: "错")] : options
    }
}

/// A scored question as the scorer sees it: aspect and dimension resolved, with its scenario.
public struct ScoredItem: Equatable, Sendable {
    public var item: QuestionItem
    /// The id of the scenario it belongs to, if any.
    public var scenario: String?
}

/// An option: its label letter and text.
public struct AnswerOption: Equatable, Sendable, Codable {
    public var label: String
    public var text: String

    public init(label: String, text: String) { self.label = label; self.text = text }
}

/// What a plain question is about; it decides where its answer goes in a scored respondent.
public enum QuestionRole: String, CaseIterable, Sendable, StrictEnum {
    case demographic, behaviour, awareness

    public var chineseName: String {
        switch self {
        case .demographic: "基本情况"
        case .behaviour: "行为"
        case .awareness: "知晓情况"
        }
    }
}

public enum PlainQuestionKind: String, CaseIterable, Sendable, StrictEnum {
    /// One of the listed values.
    case choice
    /// A number, optionally within [minimum, maximum] and whole.
    case number
    /// Free text (a township name …).
    case text
}

/// An unscored question: sex, age, township, smoking status, exercise frequency, knows the programme …
public struct PlainQuestion: Equatable, Sendable {
    /// The column name in response files.
    public var id: String
    public var role: QuestionRole
    public var text: String
    public var kind: PlainQuestionKind
    /// The allowed values of a choice question, as they appear in response files.
    public var options: [String]
    public var minimum: Double?
    public var maximum: Double?
    /// A number question that takes whole numbers only (age, times a week).
    public var integer: Bool
    /// A blank answer is an input error.
    public var required: Bool

    public init(id: String, role: QuestionRole, text: String, kind: PlainQuestionKind, options: [String] = [],
                minimum: Double? = nil, maximum: Double? = nil, integer: Bool = false, required: Bool = false) {
        self.id = id; self.role = role; self.text = text; self.kind = kind; self.options = options
        self.minimum = minimum; self.maximum = maximum; self.integer = integer; self.required = required
    }
}

/// A 0/1 indicator computed from plain answers, e.g. `smoker: smoking in [每天吸, 偶尔吸]`.
///
/// Three-valued: with `all`, one false condition makes it 0 (someone who does not exercise needs no
/// minutes), otherwise an unanswered condition makes it unknown (nil), otherwise 1; `any` is the dual.
public struct DerivedIndicator: Equatable, Sendable {
    public enum Combination: String, Sendable, CaseIterable { case all, any }

    /// The variable name in estimation tables.
    public var id: String
    public var name: String
    public var combination: Combination
    public var conditions: [IndicatorCondition]

    public init(id: String, name: String, combination: Combination = .all, conditions: [IndicatorCondition]) {
        self.id = id; self.name = name; self.combination = combination; self.conditions = conditions
    }

    /// 1, 0, or nil when the answers do not decide it. `answers` are normalised plain answers by
    /// question id; a blank answer is absent.
    public func evaluate(_ answers: [String: String]) -> Int? {
        let results = conditions.map { $0.evaluate(answers[$0.question]) }
        switch combination {
        case .all:
            if results.contains(false) { return 0 }
            return results.contains(nil) ? nil : 1
        case .any:
            if results.contains(true) { return 1 }
            return results.contains(nil) ? nil : 0
        }
    }
}

/// One test on one plain answer.
public struct IndicatorCondition: Equatable, Sendable {
    public enum Test: Equatable, Sendable {
        /// The answer is one of these values.
        case isIn([String])
        case notIn([String])
        /// A number answer ≥ / ≤ the bound.
        case atLeast(Double)
        case atMost(Double)
    }

    public var question: String
    public var test: Test

    public init(question: String, test: Test) { self.question = question; self.test = test }

    /// nil when the question was not answered.
    public func evaluate(_ answer: String?) -> Bool? {
        guard let answer, !answer.isEmpty else { return nil }
        switch test {
        case .isIn(let values): return values.contains(answer)
        case .notIn(let values): return !values.contains(answer)
        case .atLeast(let bound): return TableFile.number(answer).map { $0 >= bound }
        case .atMost(let bound): return TableFile.number(answer).map { $0 <= bound }
        }
    }
}

/// Categories cut from a whole-number answer at `bounds`: [15, 25, 35] gives `<15`, `15–24`, `25–34`,
/// `35+` — age groups for subgroup estimates and post-stratification cells.
public struct Banding: Equatable, Sendable {
    public var id: String
    public var name: String
    public var question: String
    /// Strictly increasing lower bounds.
    public var bounds: [Int]

    public init(id: String, name: String, question: String, bounds: [Int]) {
        self.id = id; self.name = name; self.question = question; self.bounds = bounds
    }

    /// The band of a value.
    public func band(of value: Double) -> String {
        guard let first = bounds.first, value >= Double(first) else { return "<\(bounds.first ?? 0)" }
        for (i, low) in bounds.enumerated() {
            if i + 1 < bounds.count, value < Double(bounds[i + 1]) { return "\(low)–\(bounds[i + 1] - 1)" }
        }
        return "\(bounds.last!)+"
    }
}

// MARK: - Reading answers

/// How answers are spelt in response files and answer keys.
enum AnswerText {
    enum Labels: Equatable {
        case labels([String])
        /// A character that is neither a letter nor a separator.
        case invalid(Character)
    }

    /// Separators between labels: comma, 、, semicolon, slash, space (half and full width).
    private static let separators: Set<Character> = [",", "，", "、", ";", "；", "/", " ", "\t"]

    /// "ABD", "A,B,D", "a b d", "Ａ、Ｂ" → ["A", "B", "D"] in the order written (duplicates kept so the
    /// caller can reject them).
    static func labels(_ raw: String) -> Labels {
        var out: [String] = []
        for character in PlanText.fold(raw).uppercased() {
            if separators.contains(character) { continue }
            guard character.isASCII, character.isLetter else { return .invalid(character) }
            out.append(String(character))
        }
        return .labels(out)
    }

    static let judgementSpellings: [String: String] = [
        "对": "对", "√": "对", "✓": "对", "✔": "对", "正确": "对", "1": "对", "A": "对",
        "错": "错", "×": "错", "✗": "错", "✘": "错", "错误": "错", "0": "错", "B": "错",
    ]

    /// 对/错, √/×, 正确/错误, 1/0 or A/B (the fixed options A 对, B 错) → "对" or "错".
    static func judgement(_ raw: String) -> String? {
        judgementSpellings[PlanText.fold(raw).trimmingCharacters(in: .whitespacesAndNewlines).uppercased()]
    }

    /// A plain answer as compared with options: folded to half width, trimmed.
    static func plain(_ raw: String) -> String {
        PlanText.fold(raw).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

// MARK: - Coding

// Strict like plans and score sheets: unknown keys are errors, absent lists are empty, blank text is an
// error. Options of scored items are a mapping `A: text`; an answer key may also be written as a list.

extension Questionnaire: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, title, version, template, note, idColumn, ageQuestion, ageRange, literacyLine
        case aspects, dimensions, items, questions, indicators, bands
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.text(.id)
        title = try c.text(.title)
        version = try c.text(.version)
        template = try c.decode(Bool.self, forKey: .template)
        note = try c.optional(.note)
        idColumn = try c.optional(.idColumn) ?? "id"
        ageQuestion = try c.optional(.ageQuestion)
        ageRange = try c.optional(.ageRange)
        literacyLine = try c.optionalPoints(.literacyLine) ?? Questionnaire.defaultLiteracyLine
        aspects = try c.list(.aspects)
        dimensions = try c.list(.dimensions)
        items = try c.list(.items)
        questions = try c.list(.questions)
        indicators = try c.list(.indicators)
        bands = try c.list(.bands)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(title, forKey: .title)
        try c.encode(version, forKey: .version)
        try c.encode(template, forKey: .template)
        try c.encodeIfPresent(note, forKey: .note)
        if idColumn != "id" { try c.encode(idColumn, forKey: .idColumn) }
        try c.encodeIfPresent(ageQuestion, forKey: .ageQuestion)
        try c.encodeIfPresent(ageRange, forKey: .ageRange)
        if !items.isEmpty || literacyLine != Questionnaire.defaultLiteracyLine { try c.encode(literacyLine, forKey: .literacyLine) }
        try c.encodeUnlessEmpty(aspects, forKey: .aspects)
        try c.encodeUnlessEmpty(dimensions, forKey: .dimensions)
        try c.encodeUnlessEmpty(items, forKey: .items)
        try c.encodeUnlessEmpty(questions, forKey: .questions)
        try c.encodeUnlessEmpty(indicators, forKey: .indicators)
        try c.encodeUnlessEmpty(bands, forKey: .bands)
    }
}

extension QuestionGroup: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable { case id, name }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.text(.id)
        name = try c.text(.name)
    }
}

extension AgeRange: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable { case minimum, maximum }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        minimum = try c.optional(.minimum)
        maximum = try c.optional(.maximum)
    }
}

extension QuestionItem: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, kind, text, options, answer, points, aspect, dimension, questions
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.text(.id)
        kind = try c.decode(ItemKind.self, forKey: .kind)
        text = try c.text(.text)
        options = try c.decodeIfPresent(OptionMap.self, forKey: .options)?.options ?? []
        if c.contains(.answer), try !c.decodeNil(forKey: .answer) {
            if let list = try? c.decode([String].self, forKey: .answer) {
                answer = list.joined(separator: ",")
            } else {
                answer = try c.decode(String.self, forKey: .answer)
            }
        } else {
            answer = nil
        }
        points = try c.optional(.points)
        aspect = try c.optional(.aspect)
        dimension = try c.optional(.dimension)
        questions = try c.list(.questions)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(kind, forKey: .kind)
        try c.encode(text, forKey: .text)
        if !options.isEmpty { try c.encode(OptionMap(options: options), forKey: .options) }
        try c.encodeIfPresent(answer, forKey: .answer)
        try c.encodeIfPresent(points, forKey: .points)
        try c.encodeIfPresent(aspect, forKey: .aspect)
        try c.encodeIfPresent(dimension, forKey: .dimension)
        try c.encodeUnlessEmpty(questions, forKey: .questions)
    }
}

/// Options written as a mapping `A: 文本`. They are put in label order: JSON objects (the web layer's
/// storage) do not keep key order, and the letters are the order people read.
private struct OptionMap: Codable {
    var options: [AnswerOption]

    init(options: [AnswerOption]) { self.options = options }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: AnyCodingKey.self)
        options = try c.allKeys.map { key in AnswerOption(label: key.stringValue, text: try c.decode(String.self, forKey: key)) }
            .sorted { $0.label < $1.label }
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: AnyCodingKey.self)
        for option in options { try c.encode(option.text, forKey: AnyCodingKey(stringValue: option.label)) }
    }
}

extension PlainQuestion: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, role, text, kind, options, minimum, maximum, integer, required
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.text(.id)
        role = try c.decode(QuestionRole.self, forKey: .role)
        text = try c.text(.text)
        kind = try c.decode(PlainQuestionKind.self, forKey: .kind)
        options = try c.list(.options)
        minimum = try c.optional(.minimum)
        maximum = try c.optional(.maximum)
        integer = try c.optional(.integer) ?? false
        required = try c.optional(.required) ?? false
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(role, forKey: .role)
        try c.encode(text, forKey: .text)
        try c.encode(kind, forKey: .kind)
        try c.encodeUnlessEmpty(options, forKey: .options)
        try c.encodeIfPresent(minimum, forKey: .minimum)
        try c.encodeIfPresent(maximum, forKey: .maximum)
        if integer { try c.encode(integer, forKey: .integer) }
        if required { try c.encode(required, forKey: .required) }
    }
}

extension DerivedIndicator: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable { case id, name, all, any }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.text(.id)
        name = try c.text(.name)
        switch (c.contains(.all), c.contains(.any)) {
        case (true, false):
            combination = .all
            conditions = try c.decode([IndicatorCondition].self, forKey: .all)
        case (false, true):
            combination = .any
            conditions = try c.decode([IndicatorCondition].self, forKey: .any)
        default:
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "指标须写且只写 all（全部条件成立）或 any（任一条件成立）之一"))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(conditions, forKey: combination == .all ? .all : .any)
    }
}

extension IndicatorCondition: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case question
        case isIn = "in"
        case notIn, atLeast, atMost
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        question = try c.text(.question)
        let tests = [CodingKeys.isIn, .notIn, .atLeast, .atMost].filter { c.contains($0) }
        guard tests.count == 1 else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "每个条件须写且只写一种判断：in、notIn、atLeast 或 atMost"))
        }
        switch tests[0] {
        case .isIn: test = .isIn(try c.decode([String].self, forKey: .isIn))
        case .notIn: test = .notIn(try c.decode([String].self, forKey: .notIn))
        case .atLeast: test = .atLeast(try c.decode(Double.self, forKey: .atLeast))
        default: test = .atMost(try c.decode(Double.self, forKey: .atMost))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(question, forKey: .question)
        switch test {
        case .isIn(let values): try c.encode(values, forKey: .isIn)
        case .notIn(let values): try c.encode(values, forKey: .notIn)
        case .atLeast(let bound): try c.encode(bound, forKey: .atLeast)
        case .atMost(let bound): try c.encode(bound, forKey: .atMost)
        }
    }
}

extension Banding: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable { case id, name, question, bounds }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.text(.id)
        name = try c.text(.name)
        question = try c.text(.question)
        bounds = try c.decode([Int].self, forKey: .bounds)
    }
}
