import Foundation

/// Who a task names as responsible, in the document's own spelling.
struct Responsibility: Equatable, Sendable {
    var responsible: [String]
    var lead: String?
    var participants: [String]

    var isEmpty: Bool { responsible.isEmpty }
}

/// Reads responsibility clauses in every phrasing plans use:
/// `（责任单位：A、B）`, `(责任部门:A,B)`, `（牵头单位：A；配合单位：B）`, `牵头单位：A 参加单位：B`,
/// `（A牵头，B配合）`, `（A为主，B协同）` and a sentence `A负责。`.
enum ResponsibilityParser {
    static let leadLabels = ["牵头单位", "牵头部门", "主责单位", "主责部门", "主办单位", "组长单位"]
    static let participantLabels = ["配合单位", "配合部门", "参加单位", "参加部门", "参与单位", "参与部门",
                                    "协办单位", "协同单位", "协助单位", "成员单位"]
    static let responsibleLabels = ["主要责任单位", "责任单位", "责任部门", "责任主体", "责任处室", "实施单位",
                                    "负责单位", "落实单位"]
    static let allLabels = responsibleLabels + leadLabels + participantLabels

    static let leadVerbs = ["牵头", "为主", "负责", "主责"]
    static let participantVerbs = ["配合", "协同", "参与", "协助", "参加"]

    /// A line that is only a clause, e.g. `（责任部门：县卫体局）` on its own after the task text.
    /// Unbracketed 牵头单位：/配合单位： lines stand alone (task-breakdown tables put each on its own line).
    static func startsWithClause(_ text: String) -> Bool {
        var s = Substring(text)
        if let f = s.first, f == "（" || f == "(" {
            s = s.dropFirst()
            return allLabels.contains { s.hasPrefix($0) }
        }
        return responsibleLabels.contains { s.hasPrefix($0) }
    }

    /// The range of a bracketed clause that ends the text, if it names units by label or by 牵头/配合.
    static func trailingClauseRange(in text: String) -> Range<String.Index>? {
        var end = text.endIndex
        // Plans sometimes leave punctuation after the clause: `…（责任单位：…）、`.
        while end > text.startIndex, "、，,。；; ".contains(text[text.index(before: end)]) { end = text.index(before: end) }
        guard end > text.startIndex else { return nil }
        let lastIndex = text.index(before: end)
        guard text[lastIndex] == "）" || text[lastIndex] == ")" else { return nil }
        var depth = 0
        var i = lastIndex
        while true {
            let c = text[i]
            if c == "）" || c == ")" { depth += 1 }
            if c == "（" || c == "(" {
                depth -= 1
                if depth == 0 {
                    let inner = String(text[text.index(after: i)..<lastIndex])
                    return parseClause(inner) != nil ? i..<end : nil
                }
            }
            if i == text.startIndex { return nil }
            i = text.index(before: i)
        }
    }

    /// The responsibility stated in a task's text: the last labelled clause, else a trailing
    /// `（A牵头，B配合）`, else a closing sentence `A负责。`.
    static func find(in text: String) -> Responsibility? {
        if let range = trailingClauseRange(in: text) {
            let inner = PlanText.unwrapBrackets(PlanText.trimPunctuation(String(text[range])))
            if let found = parseClause(inner) { return found }
        }
        // A labelled clause anywhere, bracketed or not (the last one closes the item).
        if let found = lastLabelledClause(in: text) { return found }
        for sentence in PlanText.sentences(text).reversed() {
            if let found = closingDutySentence(sentence) { return found }
        }
        return nil
    }

    /// `责任单位：A、B` anywhere in the text, ending at the bracket that closes it or at the end of the
    /// sentence; labels joined in one clause (`牵头单位：A；配合单位：B`) are read together.
    static func lastLabelledClause(in text: String) -> Responsibility? {
        let positions = labelPositions(in: text)
        guard var start = positions.last else { return nil }
        for p in positions.reversed().dropFirst() {
            if text[p..<start].contains("。") { break }
            start = p
        }
        var depth = 0
        var end = text.endIndex
        var j = start
        while j < text.endIndex {
            let c = text[j]
            if c == "（" || c == "(" { depth += 1 }
            if c == "）" || c == ")" {
                if depth == 0 { end = j; break }
                depth -= 1
            }
            // A clause ends with its sentence or its line, unless the next line goes on with another label.
            if depth == 0 && (c == "。" || c == "\n" && !startsWithLabel(text[text.index(after: j)...])) { end = j; break }
            j = text.index(after: j)
        }
        return parseClause(String(text[start..<end]))
    }

    static func startsWithLabel(_ text: Substring) -> Bool {
        allLabels.contains { text.hasPrefix($0 + "：") || text.hasPrefix($0 + ":") }
    }

    /// Where labels followed by a colon start, in order; a label inside a longer one (责任单位 in
    /// 主要责任单位) counts once.
    static func labelPositions(in text: String) -> [String.Index] {
        var found: [(String.Index, String.Index)] = []
        for label in allLabels {
            var searchStart = text.startIndex
            while let r = text.range(of: label, range: searchStart..<text.endIndex) {
                searchStart = r.upperBound
                guard r.upperBound < text.endIndex, text[r.upperBound] == "：" || text[r.upperBound] == ":" else { continue }
                found.append((r.lowerBound, r.upperBound))
            }
        }
        let kept = found.filter { candidate in
            !found.contains { other in
                other != candidate && other.0 <= candidate.0 && candidate.1 <= other.1
            }
        }
        return kept.map(\.0).sorted()
    }

    /// The inside of a clause: labelled segments, or `A牵头，B配合`.
    static func parseClause(_ clause: String) -> Responsibility? {
        let text = PlanText.trimPunctuation(clause)
        guard !text.isEmpty else { return nil }
        // Labelled segments: split where a label begins.
        let marks: [(String.Index, String)] = labelPositions(in: text).map { position in
            (position, allLabels.filter { text[position...].hasPrefix($0) }.max { $0.count < $1.count }!)
        }
        if let first = marks.first, text[text.startIndex..<first.0].allSatisfy({ PlanText.isSpace($0) || "（(".contains($0) }) {
            var result = Responsibility(responsible: [], lead: nil, participants: [])
            var leads: [String] = []
            for (k, mark) in marks.enumerated() {
                let contentStart = text.index(mark.0, offsetBy: mark.1.count + 1)
                let contentEnd = k + 1 < marks.count ? marks[k + 1].0 : text.endIndex
                guard contentStart <= contentEnd else { continue }
                let names = unitNames(String(text[contentStart..<contentEnd]))
                result.responsible += names
                if leadLabels.contains(mark.1) { leads += names }
                if participantLabels.contains(mark.1) { result.participants += names }
            }
            if !leads.isEmpty || !result.participants.isEmpty {
                result.lead = leads.first
                if leads.count > 1 { result.participants = Array(leads.dropFirst()) + result.participants }
            }
            return result.responsible.isEmpty ? nil : result
        }
        return verbClause(text)
    }

    /// `A牵头，B、C配合` / `A为主，B协同`: every segment ends with a role verb.
    static func verbClause(_ text: String) -> Responsibility? {
        let segments = PlanText.splitList(text, separators: ["，", ",", "；", ";"])
        guard !segments.isEmpty, segments.count <= 4 else { return nil }
        var leads: [String] = []
        var participants: [String] = []
        for segment in segments {
            if let verb = leadVerbs.first(where: { segment.hasSuffix($0) }) {
                let names = unitNames(String(segment.dropLast(verb.count)))
                guard !names.isEmpty, names.allSatisfy(UnitNames.looksLikeUnit) else { return nil }
                leads += names
            } else if let verb = participantVerbs.first(where: { segment.hasSuffix($0) }) {
                let names = unitNames(String(segment.dropLast(verb.count)))
                guard !names.isEmpty, names.allSatisfy(UnitNames.looksLikeUnit) else { return nil }
                participants += names
            } else {
                return nil
            }
        }
        guard !leads.isEmpty else { return nil }
        let hasRoles = !participants.isEmpty
        return Responsibility(responsible: leads + participants,
                              lead: hasRoles ? leads.first : nil,
                              participants: hasRoles ? Array(leads.dropFirst()) + participants : [])
    }

    /// A sentence that is only `A负责` / `由A负责`: the unit carries the item.
    static func closingDutySentence(_ sentence: String) -> Responsibility? {
        var s = PlanText.trimPunctuation(sentence)
        if s.hasPrefix("由") { s.removeFirst() }
        guard s.count <= 40, s.hasSuffix("负责") else { return nil }
        let names = unitNames(String(s.dropLast(2)))
        guard !names.isEmpty, names.allSatisfy(UnitNames.looksLikeUnit) else { return nil }
        return Responsibility(responsible: names, lead: nil, participants: [])
    }

    /// Unit names in a list, cleaned of `等`, trailing posts and stray punctuation.
    static func unitNames(_ list: String) -> [String] {
        PlanText.splitList(list).compactMap { raw in
            var name = PlanText.trimPunctuation(raw)
            for suffix in ["等有关单位", "等相关单位", "等单位", "等部门", "等"] where name.hasSuffix(suffix) && name.count > suffix.count + 1 {
                name = String(name.dropLast(suffix.count))
            }
            for prefix in ["由"] where name.hasPrefix(prefix) { name = String(name.dropFirst(prefix.count)) }
            name = PlanText.trimPunctuation(name)
            // A bracket left open by the clause's own closing bracket is not part of a name.
            while let last = name.last, last == "）" || last == ")", PlanText.bracketBalance(name) == 0,
                  name.filter({ $0 == "（" || $0 == "(" }).count < name.filter({ $0 == "）" || $0 == ")" }).count {
                name.removeLast()
            }
            return name.isEmpty ? nil : name
        }
    }
}
