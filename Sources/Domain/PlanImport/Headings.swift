import Foundation

/// The numbering styles of Chinese official documents, outermost first in the usual order
/// (一、 → （一） → 1. → （1） → ①). Half-width twins count as the same style.
enum MarkerStyle: String, Sendable {
    case chineseComma      // 一、
    case chineseBracketed  // （一） (一)
    case arabicDot         // 1. 1． 1、
    case arabicBracketed   // （1） (1)
    case circled           // ①
    case ordinalStage      // 第一阶段 第二部分
    case keyword           // an unnumbered part heading: 工作重点, 主要任务
}

struct HeadingMarker: Sendable {
    var style: MarkerStyle
    /// The number as the document writes it: "1", "(1)", "（一）", "一".
    var number: String
    /// The numeric value (一 → 1), for ordering checks.
    var value: Int
    var bodyStart: String.Index
}

enum HeadingParser {
    static let chineseDigits: [Character: Int] = [
        "〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
    ]

    /// 一 … 九十九 as a number.
    static func chineseNumber(_ s: Substring) -> Int? {
        guard !s.isEmpty, s.count <= 3 else { return nil }
        if s == "十" { return 10 }
        var total = 0
        var pending = 0
        for c in s {
            if c == "十" {
                total += (pending == 0 ? 1 : pending) * 10; pending = 0
            } else if let d = chineseDigits[c] {
                pending = d
            } else {
                return nil
            }
        }
        return total + pending
    }

    static func startsWithMarker(_ text: String) -> Bool { marker(in: text) != nil }

    static func marker(in text: String) -> HeadingMarker? {
        guard let first = text.first else { return nil }
        let s = text[...]
        if first == "（" || first == "(" {
            guard let close = s.firstIndex(where: { $0 == "）" || $0 == ")" }) else { return nil }
            let inner = s[s.index(after: s.startIndex)..<close].filter { !PlanText.isSpace($0) }
            let after = s.index(after: close)
            let number = String(first) + inner + String(s[close])
            if let n = Int(inner), inner.count <= 3, inner.allSatisfy(\.isASCII) {
                return HeadingMarker(style: .arabicBracketed, number: number, value: n, bodyStart: skipSpaces(s, after))
            }
            if let n = chineseNumber(Substring(inner)) {
                return HeadingMarker(style: .chineseBracketed, number: number, value: n, bodyStart: skipSpaces(s, after))
            }
            return nil
        }
        if let scalar = first.unicodeScalars.first, (0x2460...0x2473).contains(scalar.value) {
            let n = Int(scalar.value - 0x2460 + 1)
            return HeadingMarker(style: .circled, number: String(first), value: n,
                                 bodyStart: skipSpaces(s, s.index(after: s.startIndex)))
        }
        if first == "第" {
            let rest = s.dropFirst()
            let digits = rest.prefix { chineseDigits[$0] != nil || $0 == "十" || $0.isASCII && $0.isNumber }
            guard !digits.isEmpty else { return nil }
            let afterDigits = rest[digits.endIndex...]
            for word in ["阶段", "部分", "步"] where afterDigits.hasPrefix(word) {
                let value = Int(digits) ?? chineseNumber(digits) ?? 0
                var body = afterDigits.index(afterDigits.startIndex, offsetBy: word.count)
                body = skipSpaces(s, body)
                if body < s.endIndex, "：:、，,.．".contains(s[body]) { body = s.index(after: body) }
                return HeadingMarker(style: .ordinalStage, number: "第" + digits + word, value: value,
                                     bodyStart: skipSpaces(s, body))
            }
            return nil
        }
        let digits = s.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, digits.count <= 3, let n = Int(digits) {
            let after = digits.endIndex
            guard after < s.endIndex, ".．、".contains(s[after]) else { return nil }
            let next = s.index(after: after)
            // 1.5个百分点 is a number, not a heading; 4.15岁以上人群… is item 4.
            if next < s.endIndex, s[next].isASCII, s[next].isNumber {
                let fraction = s[next...].prefix { $0.isASCII && $0.isNumber }
                guard fraction.endIndex < s.endIndex, !"%％‰个倍万亿元米平千".contains(s[fraction.endIndex]) else { return nil }
            }
            return HeadingMarker(style: .arabicDot, number: String(digits), value: n, bodyStart: skipSpaces(s, next))
        }
        let han = s.prefix { chineseDigits[$0] != nil || $0 == "十" }
        if !han.isEmpty, han.endIndex < s.endIndex, "、．.".contains(s[han.endIndex]), let n = chineseNumber(han) {
            return HeadingMarker(style: .chineseComma, number: String(han), value: n,
                                 bodyStart: skipSpaces(s, s.index(after: han.endIndex)))
        }
        return nil
    }

    private static func skipSpaces(_ s: Substring, _ i: String.Index) -> String.Index {
        var i = i
        while i < s.endIndex, PlanText.isSpace(s[i]) { i = s.index(after: i) }
        return i
    }

    /// Unnumbered part headings some plans use in place of a numbered one (`工作重点` between 三、 and 五、).
    static let partKeywords = [
        "工作重点", "主要任务", "工作任务", "重点任务", "重点工作", "建设内容", "重点建设内容", "主要措施", "工作措施",
        "实施步骤", "时间安排", "进度安排", "工作步骤", "方法步骤", "组织机构", "组织领导", "保障措施", "工作保障",
        "工作目标", "总体目标", "目标任务", "指导思想", "基本原则", "总体要求", "工作要求", "具体措施",
    ]

    static func isKeywordHeading(_ text: String) -> Bool {
        let core = PlanText.trimPunctuation(text)
        return core.count <= 10 && partKeywords.contains(core)
    }
}

/// A node of the document outline: a heading with the paragraphs and headings under it.
final class OutlineNode: @unchecked Sendable {
    let marker: HeadingMarker?
    /// The heading's own text without its number (`（一）总体目标` → `总体目标`), whole paragraph for bodies.
    let text: String
    let paragraph: PlanParagraph?
    let level: Int
    weak var parent: OutlineNode?
    var children: [OutlineNode] = []
    /// Unnumbered paragraphs directly under this heading, before or between child headings.
    var body: [PlanParagraph] = []

    init(marker: HeadingMarker?, text: String, paragraph: PlanParagraph?, level: Int) {
        self.marker = marker; self.text = text; self.paragraph = paragraph; self.level = level
    }

    /// The heading's title: its text up to the first full stop, without a trailing responsibility clause.
    var title: String {
        let head = PlanText.sentences(text).first ?? text
        var title = PlanText.trimPunctuation(head)
        if let clause = ResponsibilityParser.trailingClauseRange(in: title) { title = String(title[..<clause.lowerBound]) }
        return PlanText.trimPunctuation(title)
    }

    /// True when the heading line carries more than a title (`1.纳入规划。将健康市建设纳入…`).
    var hasInlineBody: Bool {
        let sentences = PlanText.sentences(text)
        return sentences.count > 1 || text.contains("。") || text.count > 30
    }

    var span: SourceSpan {
        var first = paragraph?.firstLine ?? Int.max
        var last = paragraph?.lastLine ?? 0
        for p in body { first = min(first, p.firstLine); last = max(last, p.lastLine) }
        for c in children { let s = c.span; first = min(first, s.first); last = max(last, s.last) }
        return SourceSpan(first: first == Int.max ? 0 : first, last: last)
    }

    /// Every heading below this one, depth first.
    var descendants: [OutlineNode] { children.flatMap { [$0] + $0.descendants } }

    /// Headings from the outermost down to this one's parent.
    var ancestors: [OutlineNode] {
        var out: [OutlineNode] = []
        var node = parent
        while let n = node, n.marker != nil || n.paragraph != nil { out.insert(n, at: 0); node = n.parent }
        return out
    }
}

/// Builds the heading tree. Levels come from the order in which numbering styles first appear,
/// the way a reader infers them, so a plan that starts at （一） or skips 1. still nests correctly.
enum OutlineBuilder {
    static func build(_ paragraphs: [PlanParagraph]) -> OutlineNode {
        let root = OutlineNode(marker: nil, text: "", paragraph: nil, level: 0)
        var stack: [(style: MarkerStyle, node: OutlineNode)] = []
        for paragraph in paragraphs {
            var marker = HeadingParser.marker(in: paragraph.text)
            if marker == nil, HeadingParser.isKeywordHeading(paragraph.text) {
                marker = HeadingMarker(style: .keyword, number: "", value: 0, bodyStart: paragraph.text.startIndex)
            }
            guard let marker else {
                (stack.last?.node ?? root).body.append(paragraph)
                continue
            }
            // A keyword heading sits where the outermost numbered style would.
            let style: MarkerStyle = marker.style == .keyword ? (stack.first?.style ?? .chineseComma) : marker.style
            if let existing = stack.lastIndex(where: { $0.style == style }) {
                stack.removeSubrange(existing...)
            } else if marker.style == .keyword {
                stack.removeAll()
            }
            let parent = stack.last?.node ?? root
            let text = String(paragraph.text[marker.bodyStart...])
            let node = OutlineNode(marker: marker, text: text, paragraph: paragraph, level: stack.count + 1)
            node.parent = parent
            parent.children.append(node)
            stack.append((style, node))
        }
        return root
    }
}
