import Foundation
import Yams

/// Reads questionnaire files (YAML; JSON with the same keys also parses) into checked questionnaires.
///
/// Like `ScoreSheetFile`: every problem is an `InputIssue` with file, line and field, and a file with any
/// problem yields nothing, so a mistyped answer key can never silently change who counts as literate.
public enum QuestionnaireFile {
    /// Reads and checks one file.
    public static func load(path: String) throws(InputRejected) -> Questionnaire {
        try parse(try YAMLFile.text(path: path), file: path)
    }

    /// Parses and checks questionnaire text. `file` only names the place of problems.
    public static func parse(_ text: String, file: String) throws(InputRejected) -> Questionnaire {
        let (questionnaire, node) = try YAMLFile.decode(Questionnaire.self, from: text, file: file)
        let problems = QuestionnaireValidator.problems(in: questionnaire)
        if !problems.isEmpty {
            throw InputRejected(YAMLFile.place(problems.map { ($0.field, $0.message) }, in: node, file: file))
        }
        return questionnaire
    }

    /// The questionnaire as YAML text that `parse` reads back as the same questionnaire (for saving
    /// what the web editor changed). Comments of the original file are not kept.
    public static func yaml(_ questionnaire: Questionnaire) throws -> String {
        let encoder = YAMLEncoder()
        // Chinese as written rather than \u escapes, and no folding of long question text.
        encoder.options = YAMLEncoder.Options(width: -1, allowUnicode: true)
        return try encoder.encode(questionnaire)
    }

    /// Checks a questionnaire built or edited in memory (the web editor): problems carry the field but
    /// no line.
    public static func check(_ questionnaire: Questionnaire, file: String) throws(InputRejected) {
        let problems = QuestionnaireValidator.problems(in: questionnaire)
        if !problems.isEmpty {
            throw InputRejected(problems.map { InputIssue(SourceLocation(file: file, field: $0.field), $0.message) })
        }
    }
}

/// The rules a decoded questionnaire must meet beyond its types.
enum QuestionnaireValidator {
    struct Problem {
        var field: FieldPath
        var message: String
    }

    private static let slugPattern = #"^[a-z0-9][a-z0-9-]*$"#
    /// Column and variable names: letters (Chinese too), digits and underscores, not starting with a digit,
    /// so they can be typed as CSV headers and as `--proportion` names.
    private static let namePattern = #"^[\p{L}_][\p{L}\p{N}_]*$"#

    static func problems(in q: Questionnaire) -> [Problem] {
        var out: [Problem] = []
        func add(_ field: FieldPath, _ message: String) { out.append(Problem(field: field, message: message)) }

        if q.id.range(of: slugPattern, options: .regularExpression) == nil {
            add(["id"], "id「\(q.id)」应为小写英文、数字和连字符组成的标识，如 health-literacy")
        }
        if q.template, (q.note ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            add(["template"], "模板（template: true）须在 note 中说明：这是依据公开结构编制的可编辑模板，不是官方题目")
        }
        if q.items.isEmpty && q.questions.isEmpty {
            add(["items"], "问卷没有任何题目（items 和 questions 都为空）")
        }

        // Item, scenario, question, indicator and band ids share one space: they are the columns of
        // response files and the variables of estimation tables.
        var firstUse: [String: String] = [:]
        func claim(_ id: String, _ field: FieldPath, _ what: String) {
            if id.range(of: namePattern, options: .regularExpression) == nil {
                add(field, "编号「\(id)」只能由字母、汉字、数字和下划线组成，且不能以数字开头（它是数据文件的列名）")
            } else if let earlier = firstUse[id] {
                add(field, "编号「\(id)」在本问卷中重复（已用于\(earlier)）")
            } else {
                firstUse[id] = what
            }
        }
        claim(q.idColumn, ["idColumn"], "调查对象编号列")
        if !q.items.isEmpty {
            firstUse["score"] = "总分变量 score"
            firstUse["literate"] = "具备健康素养变量 literate"
            for group in q.aspects + q.dimensions {
                firstUse[Questionnaire.literacyVariable(group: group.id)] = "「\(group.name)」的素养变量"
                firstUse[Questionnaire.scoreVariable(group: group.id)] = "「\(group.name)」的得分变量"
            }
            if q.literacyLine <= 0 || q.literacyLine > 1 {
                add(["literacyLine"], "literacyLine 应大于 0 且不超过 1（如 0.8 表示满分的 80%），现为 \(q.literacyLine.scoreText)")
            }
        }

        // Aspects and dimensions: one id space, since both name estimation variables.
        var groupIDs: [String: String] = [:]
        for (key, groups) in [("aspects", q.aspects), ("dimensions", q.dimensions)] {
            for (g, group) in groups.enumerated() {
                let field: FieldPath = [.key(key), .index(g), "id"]
                if group.id.range(of: namePattern, options: .regularExpression) == nil {
                    add(field, "编号「\(group.id)」只能由字母、汉字、数字和下划线组成，且不能以数字开头")
                } else if let earlier = groupIDs[group.id] {
                    add(field, "方面/维度编号「\(group.id)」重复（已用于「\(earlier)」）")
                } else {
                    groupIDs[group.id] = group.name
                }
            }
        }
        let aspectIDs = Set(q.aspects.map(\.id)), dimensionIDs = Set(q.dimensions.map(\.id))

        func checkGroups(aspect: String?, dimension: String?, at path: FieldPath, title: String, leaf: Bool) {
            for (key, value, declared, name) in [("aspect", aspect, aspectIDs, "方面"), ("dimension", dimension, dimensionIDs, "维度")] {
                if let value {
                    if !declared.contains(value) {
                        let known = declared.isEmpty ? "问卷没有声明任何\(name)" : "可用：\(declared.sorted().joined(separator: "、"))"
                        add(path.key(key), "「\(title)」所属\(name)「\(value)」未声明；\(known)")
                    }
                } else if leaf, !declared.isEmpty {
                    add(path.key("text"), "「\(title)」没有写所属\(name)（\(key)）")
                }
            }
        }

        func checkScored(_ item: QuestionItem, at path: FieldPath, inherited: (String?, String?)) {
            let title = item.id
            claim(item.id, path.key("id"), "\(item.kind.chineseName)「\(item.id)」")
            if let points = item.points, points <= 0 {
                add(path.key("points"), "「\(title)」的分值必须大于 0")
            }
            if !item.questions.isEmpty {
                add(path.key("questions"), "只有情景题（scenario）才有小题")
            }
            checkGroups(aspect: item.aspect ?? inherited.0, dimension: item.dimension ?? inherited.1,
                        at: path, title: title, leaf: true)
            switch item.kind {
            case .judgement:
                if !item.options.isEmpty {
                    add(path.key("options"), "判断题「\(title)」的选项固定为 A 对、B 错，不用写 options")
                }
                guard let answer = item.answer else {
                    add(path.key("text"), "「\(title)」没有答案（answer）"); return
                }
                if AnswerText.judgement(answer) == nil {
                    add(path.key("answer"), "判断题「\(title)」的答案应为 对 或 错（也可写 √/×），现为「\(answer)」")
                }
            case .single, .multiple:
                if item.options.count < 2 {
                    add(path.key("options"), "「\(title)」至少要有两个选项")
                }
                var seen: Set<String> = []
                for option in item.options {
                    let field = path.key("options").key(option.label)
                    if option.label.range(of: "^[A-Z]$", options: .regularExpression) == nil {
                        add(field, "选项标记「\(option.label)」应为一个大写字母 A–Z")
                    } else if !seen.insert(option.label).inserted {
                        add(field, "选项「\(option.label)」重复")
                    }
                    if option.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                        add(field, "选项「\(option.label)」没有内容")
                    }
                }
                guard let answer = item.answer else {
                    add(path.key("text"), "「\(title)」没有答案（answer）"); return
                }
                switch AnswerText.labels(answer) {
                case .invalid(let character):
                    add(path.key("answer"), "「\(title)」的答案「\(answer)」中的「\(character)」不是选项字母")
                case .labels(let labels):
                    if labels.isEmpty {
                        add(path.key("answer"), "「\(title)」的答案不能为空")
                    } else if item.kind == .single, labels.count != 1 {
                        add(path.key("answer"), "单选题「\(title)」的答案只能是一个选项，现为「\(answer)」")
                    } else if Set(labels).count != labels.count {
                        add(path.key("answer"), "「\(title)」的答案「\(answer)」有重复的选项")
                    } else {
                        let options = Set(item.options.map(\.label))
                        for label in labels where !options.contains(label) {
                            add(path.key("answer"), "「\(title)」的答案「\(label)」不在选项中（可选 \(item.options.map(\.label).joined(separator: "、"))）")
                        }
                    }
                }
            case .scenario:
                break
            }
        }

        for (i, item) in q.items.enumerated() {
            let path = FieldPath(["items", .index(i)])
            guard item.kind == .scenario else {
                checkScored(item, at: path, inherited: (nil, nil))
                continue
            }
            claim(item.id, path.key("id"), "情景题「\(item.id)」")
            if !item.options.isEmpty { add(path.key("options"), "情景题「\(item.id)」本身没有选项，选项写在各小题中") }
            if item.answer != nil { add(path.key("answer"), "情景题「\(item.id)」本身没有答案，答案写在各小题中") }
            if item.points != nil { add(path.key("points"), "情景题「\(item.id)」本身不计分，分值写在各小题中") }
            checkGroups(aspect: item.aspect, dimension: item.dimension, at: path, title: item.id, leaf: false)
            if item.questions.isEmpty {
                add(path.key("text"), "情景题「\(item.id)」没有小题（questions）")
            }
            for (j, sub) in item.questions.enumerated() {
                let subPath = path.key("questions").index(j)
                if sub.kind != .single && sub.kind != .multiple {
                    add(subPath.key("kind"), "情景题的小题只能是单选题（single）或多选题（multiple），「\(sub.id)」是\(sub.kind.chineseName)")
                    if sub.kind == .scenario { continue }
                }
                checkScored(sub, at: subPath, inherited: (item.aspect, item.dimension))
            }
        }

        // A declared aspect or dimension without items would have maximum 0 and no meaningful rule.
        let scored = q.scoredItems
        if !scored.isEmpty {
            for (key, groups) in [("aspects", q.aspects), ("dimensions", q.dimensions)] {
                for (g, group) in groups.enumerated()
                where !scored.contains(where: { $0.item.aspect == group.id || $0.item.dimension == group.id }) {
                    add([.key(key), .index(g), "id"], "「\(group.name)」下没有任何题目")
                }
            }
        } else if !q.aspects.isEmpty || !q.dimensions.isEmpty {
            add(q.aspects.isEmpty ? ["dimensions"] : ["aspects"], "问卷没有计分题（items），不需要声明方面和维度")
        }

        for (i, question) in q.questions.enumerated() {
            let path = FieldPath(["questions", .index(i)])
            claim(question.id, path.key("id"), "问题「\(question.id)」")
            switch question.kind {
            case .choice:
                if question.options.count < 2 {
                    add(path.key("options"), "选择题「\(question.id)」至少要有两个选项")
                }
                var seen: Set<String> = []
                for (o, option) in question.options.enumerated() {
                    let value = AnswerText.plain(option)
                    if value.isEmpty {
                        add(path.key("options").index(o), "「\(question.id)」的第 \(o + 1) 个选项为空")
                    } else if !seen.insert(value).inserted {
                        add(path.key("options").index(o), "「\(question.id)」的选项「\(option)」重复")
                    }
                }
                if question.minimum != nil || question.maximum != nil || question.integer {
                    add(path.key("kind"), "选择题「\(question.id)」不能写 minimum、maximum 或 integer（这些只用于数值题 number）")
                }
            case .number:
                if !question.options.isEmpty {
                    add(path.key("options"), "数值题「\(question.id)」不能写 options（选项只用于选择题 choice）")
                }
                if let low = question.minimum, let high = question.maximum, low > high {
                    add(path.key("minimum"), "「\(question.id)」的最小值 \(low.shortestText) 大于最大值 \(high.shortestText)")
                }
            case .text:
                if !question.options.isEmpty || question.minimum != nil || question.maximum != nil || question.integer {
                    add(path.key("kind"), "文本题「\(question.id)」不能写 options、minimum、maximum 或 integer")
                }
            }
        }

        if let ageQuestion = q.ageQuestion {
            if let question = q.question(id: ageQuestion) {
                if question.kind != .number { add(["ageQuestion"], "年龄题「\(ageQuestion)」应为数值题（kind: number）") }
            } else {
                add(["ageQuestion"], "没有编号为「\(ageQuestion)」的问题（questions）")
            }
        }
        if let range = q.ageRange {
            if q.ageQuestion == nil { add(["ageRange"], "写了调查对象年龄范围，但没有指明年龄题（ageQuestion）") }
            if let low = range.minimum, low < 0 { add(["ageRange", "minimum"], "最小年龄不能为负数") }
            if let low = range.minimum, let high = range.maximum, low > high {
                add(["ageRange", "minimum"], "最小年龄 \(low) 大于最大年龄 \(high)")
            }
        }

        for (i, indicator) in q.indicators.enumerated() {
            let path = FieldPath(["indicators", .index(i)])
            claim(indicator.id, path.key("id"), "指标「\(indicator.name)」")
            let listKey = indicator.combination.rawValue
            if indicator.conditions.isEmpty {
                add(path.key(listKey), "指标「\(indicator.name)」没有任何条件")
            }
            for (c, condition) in indicator.conditions.enumerated() {
                let conditionPath = path.key(listKey).index(c)
                guard let question = q.question(id: condition.question) else {
                    add(conditionPath.key("question"), "指标「\(indicator.name)」引用的问题「\(condition.question)」不存在")
                    continue
                }
                switch condition.test {
                case .isIn(let values), .notIn(let values):
                    let key = if case .isIn = condition.test { "in" } else { "notIn" }
                    if question.kind == .number {
                        add(conditionPath.key(key), "「\(question.id)」是数值题，请用 atLeast / atMost 判断")
                    } else if values.isEmpty {
                        add(conditionPath.key(key), "条件的取值列表为空")
                    } else if question.kind == .choice {
                        let options = Set(question.options.map(AnswerText.plain))
                        for (v, value) in values.enumerated() where !options.contains(AnswerText.plain(value)) {
                            add(conditionPath.key(key).index(v),
                                "「\(value)」不是问题「\(question.id)」的选项；可选：\(question.options.joined(separator: "、"))")
                        }
                    }
                case .atLeast, .atMost:
                    if question.kind != .number {
                        let key = if case .atLeast = condition.test { "atLeast" } else { "atMost" }
                        add(conditionPath.key(key), "atLeast / atMost 只能用于数值题，「\(question.id)」是\(question.kind == .choice ? "选择题" : "文本题")")
                    }
                }
            }
        }

        for (i, banding) in q.bands.enumerated() {
            let path = FieldPath(["bands", .index(i)])
            claim(banding.id, path.key("id"), "分组「\(banding.name)」")
            if let question = q.question(id: banding.question) {
                if question.kind != .number || !question.integer {
                    add(path.key("question"), "分组只能用于整数数值题（kind: number, integer: true），「\(banding.question)」不是")
                }
            } else {
                add(path.key("question"), "分组「\(banding.name)」引用的问题「\(banding.question)」不存在")
            }
            if banding.bounds.isEmpty {
                add(path.key("bounds"), "分组「\(banding.name)」没有分界点")
            } else if zip(banding.bounds, banding.bounds.dropFirst()).contains(where: { $0 >= $1 }) {
                add(path.key("bounds"), "分组「\(banding.name)」的分界点应从小到大排列且不重复")
            }
        }
        return out
    }
}

/// All questionnaires of a folder, by id.
public struct QuestionnaireLibrary: Sendable {
    /// In file-name order.
    public let questionnaires: [Questionnaire]
    private let files: [String: String]

    /// Reads every `*.yaml` file of `directory` (not sub-folders). Problems of all files are thrown
    /// together, including an id used by two files.
    public static func load(directory: String) throws(InputRejected) -> QuestionnaireLibrary {
        let found = try YAMLFile.loadFolder(directory, kind: "问卷", id: \Questionnaire.id, load: QuestionnaireFile.load(path:))
        return QuestionnaireLibrary(questionnaires: found.values, files: found.files)
    }

    public func questionnaire(id: String) -> Questionnaire? { questionnaires.first { $0.id == id } }

    /// The file a questionnaire was read from.
    public func file(of id: String) -> String? { files[id] }
}
