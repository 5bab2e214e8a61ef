import Foundation

/// Rosters of leading groups: `组  长：彭江闽    市委副书记、市政府市长`, `王  坤 （党委副书记、镇长）`.
/// Spacing in the source separates a name from its post, so rows are read from the raw lines.
enum Roster {
    enum Role: Sendable { case leader, deputy, member, memberUnits, other }

    static let labels: [(String, Role)] = [
        ("常务副组长", .deputy), ("第一副组长", .deputy), ("副组长", .deputy), ("第一组长", .leader), ("组长", .leader),
        ("副总指挥", .deputy), ("总指挥", .leader), ("副主任委员", .deputy), ("主任委员", .leader),
        ("成员单位", .memberUnits), ("成员", .member), ("顾问", .other), ("秘书长", .other),
    ]
    static let otherLabels = ["办公室主任", "牵头单位", "参加单位", "配合单位", "责任单位", "责任部门", "附件", "抄送", "联络员", "主送"]

    /// The role label a line starts with (spacing inside the label ignored), and where its content begins.
    /// Only the first 48 characters are searched for the colon: a label is a few characters and its spacing, and
    /// paragraphs being joined ask this of their whole text at every line.
    static func label(of raw: String) -> (role: Role, rest: Substring)? {
        guard let colon = raw.prefix(48).firstIndex(where: { $0 == "：" || $0 == ":" }) else { return nil }
        let head = PlanText.collapseSpaces(String(raw[..<colon]))
        guard let role = labels.first(where: { $0.0 == head })?.1 else { return nil }
        return (role, raw[raw.index(after: colon)...])
    }

    static func isLabelled(_ text: String) -> Bool {
        if label(of: text) != nil { return true }
        let s = PlanText.collapseSpaces(String(text.prefix(48)))
        return otherLabels.contains { s.hasPrefix($0 + "：") || s.hasPrefix($0 + ":") }
    }

    /// A roster row: a name and a post apart by a wide gap, or a name followed by a bracketed post.
    static func isRosterRow(_ raw: String) -> Bool {
        let s = raw.trimmingCharacters(in: .whitespaces)
        let chars = Array(s)
        guard chars.count >= 3, chars.count <= 60, !s.contains("。") else { return false }
        var run = 0
        for (i, c) in chars.enumerated() {
            if c == "\u{3000}" { run += 2 } else if c == " " || c == "\t" { run += 1 } else {
                if run >= 2, i - run > 0, !PlanText.isSpace(chars[i - run - 1]) { return true }
                run = 0
            }
        }
        return person(fromRaw: s) != nil && (s.hasSuffix("）") || s.hasSuffix(")"))
    }

    static func isPersonName(_ name: String) -> Bool {
        (2...4).contains(name.count) && name.allSatisfy(PlanText.isHan) && !UnitNames.looksLikeUnit(name)
            && !name.hasPrefix("各")
    }

    /// A person from a raw roster row; nil when the row is not `name post`.
    static func person(fromRaw raw: String) -> Person? {
        let s = raw.trimmingCharacters(in: CharacterSet.whitespaces.union(["\u{3000}"]))
        if let open = s.firstIndex(where: { $0 == "（" || $0 == "(" }), s.hasSuffix("）") || s.hasSuffix(")") {
            let name = PlanText.collapseSpaces(String(s[..<open]))
            let title = PlanText.collapseSpaces(String(s[s.index(after: open)..<s.index(before: s.endIndex)]))
            guard isPersonName(name) else { return nil }
            return Person(name: name, title: title.isEmpty ? nil : title)
        }
        // Tokens with the width of the gap before each: padding inside a name (肖  立) and a stray OCR
        // space (张明 春) join the name; a wide gap (肖  立    市委常委) starts the post.
        var tokens: [(text: String, gap: Int)] = []
        var gap = 0
        for c in s {
            if PlanText.isSpace(c) { gap += c == "\u{3000}" ? 2 : 1; continue }
            if gap > 0 || tokens.isEmpty { tokens.append((String(c), gap)) } else { tokens[tokens.count - 1].text.append(c) }
            gap = 0
        }
        guard let first = tokens.first?.text else { return nil }
        var name = first
        var rest = Array(tokens.dropFirst())
        while rest.count >= 2, let next = rest.first, next.text.allSatisfy(PlanText.isHan),
              name.count == 1 && next.text.count <= 2 || next.text.count == 1 && next.gap == 1 && name.count < 3 {
            name += next.text
            rest.removeFirst()
        }
        if rest.count == 1, first.count == 1, let next = rest.first, next.text.count <= 2, next.text.allSatisfy(PlanText.isHan) {
            name += next.text
            rest.removeFirst()
        }
        guard isPersonName(name) else { return nil }
        let title = PlanText.collapseSpaces(rest.map(\.text).joined())
        if title.isEmpty { return tokens.count > 1 || first.count <= 4 ? Person(name: name, title: nil) : nil }
        return Person(name: name, title: title)
    }

    struct Parsed {
        var leader: [Person] = []
        var deputies: [Person] = []
        var members: [Person] = []
        var memberUnits: [String] = []
        var notes: [String] = []
        var span: SourceSpan?
        var memberUnitsSpan: SourceSpan?
    }

    /// Reads every labelled roster block in the paragraphs (body or annex).
    static func parse(_ paragraphs: [PlanParagraph]) -> Parsed {
        var parsed = Parsed()
        var role: Role?
        func include(_ p: PlanParagraph) {
            let span = parsed.span.map { SourceSpan(first: min($0.first, p.firstLine), last: max($0.last, p.lastLine)) }
            parsed.span = span ?? p.span
        }
        func add(_ person: Person, to role: Role) {
            switch role {
            case .leader: parsed.leader.append(person)
            case .deputy: parsed.deputies.append(person)
            case .member: parsed.members.append(person)
            case .memberUnits, .other: break
            }
        }
        for p in paragraphs {
            let raw = p.rawLines.joined()
            if let (found, rest) = label(of: raw) {
                role = found
                include(p)
                let restRaw = String(rest)
                let cleaned = PlanText.collapseSpaces(restRaw)
                if found == .memberUnits || (found == .member && looksLikeUnitList(cleaned)) {
                    parsed.memberUnits += memberUnitList(cleaned)
                    parsed.memberUnitsSpan = p.span
                    role = .memberUnits
                } else if cleaned.hasPrefix("各") {
                    parsed.notes.append(cleaned)
                } else if let person = person(fromRaw: restRaw) {
                    add(person, to: found)
                }
                continue
            }
            guard let current = role else { continue }
            if current == .memberUnits {
                role = nil
                continue
            }
            if p.text.hasPrefix("各") && p.text.count <= 24 && !p.text.contains("。") {
                parsed.notes.append(PlanText.trimPunctuation(p.text))
                include(p)
            } else if p.rawLines.count == 1, let person = person(fromRaw: raw), isRosterRow(raw) || p.text.count <= 24 {
                add(person, to: current)
                include(p)
            } else {
                role = nil
            }
        }
        return parsed
    }

    static func looksLikeUnitList(_ text: String) -> Bool {
        let items = PlanText.splitList(text)
        return items.count >= 3 && items.filter(UnitNames.looksLikeUnit).count * 2 >= items.count
    }

    /// Member units as listed, without a closing `主要负责人` or `为成员单位`.
    static func memberUnitList(_ text: String) -> [String] {
        var items = ResponsibilityParser.unitNames(text)
        if var last = items.popLast() {
            for suffix in ["主要负责人", "分管负责人", "负责同志", "主要领导", "分管领导", "负责人", "为成员单位", "为成员"]
            where last.hasSuffix(suffix) && last.count > suffix.count + 1 {
                last = String(last.dropLast(suffix.count))
                break
            }
            items.append(last)
        }
        return items
    }
}
