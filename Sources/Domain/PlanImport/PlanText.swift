import Foundation

/// Text rules shared by the plan importer: how a plan's lines become sentences a parser can trust.
///
/// Plans arrive as Word exports, PDF extractions and OCR output. The same sentence may carry stray
/// spaces (`全县 30%的村`), a line break in the middle (`组织实施各项建设⏎⏎重点任务`), full-width or
/// half-width punctuation, and converter artefacts (`[bookmark: _GoBack]`). None of these may change
/// what the importer extracts, so every rule here works on cleaned text and keeps the source lines.
enum PlanText {
    /// `[bookmark: _GoBack]`, `[comment: …]` and similar markers some converters leave in text.
    static func removeArtefacts(_ line: String) -> String {
        guard line.contains("[") else { return line }
        var out = ""
        var rest = Substring(line)
        while let open = rest.firstIndex(of: "[") {
            out += rest[..<open]
            let tail = rest[rest.index(after: open)...]
            if let close = tail.firstIndex(of: "]"),
               let colon = tail[..<close].firstIndex(of: ":"),
               tail[..<colon].allSatisfy({ $0.isASCII && ($0.isLetter || $0 == "_" || $0 == " ") }),
               !tail[..<colon].isEmpty {
                rest = tail[tail.index(after: close)...]
            } else {
                out.append("[")
                rest = tail
            }
        }
        out += rest
        return out
    }

    static func isSpace(_ c: Character) -> Bool {
        c == " " || c == "\t" || c == "\u{3000}" || c == "\u{00A0}" || c == "\u{200B}" || c == "\u{FEFF}"
    }

    /// Drops whitespace runs, except a single space between two ASCII letters or digits.
    static func collapseSpaces(_ line: String) -> String {
        var out: [Character] = []
        out.reserveCapacity(line.count)
        var pendingSpace = false
        for c in line {
            if isSpace(c) { pendingSpace = !out.isEmpty; continue }
            if pendingSpace, let last = out.last, isASCIIWordChar(last), isASCIIWordChar(c) { out.append(" ") }
            pendingSpace = false
            out.append(c)
        }
        return String(out)
    }

    static func isASCIIWordChar(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber) }

    static func isHan(_ c: Character) -> Bool {
        guard let scalar = c.unicodeScalars.first else { return false }
        switch scalar.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0xF900...0xFAFF: return true
        default: return false
        }
    }

    /// Full-width ASCII forms and ideographic punctuation folded to one spelling, for matching only
    /// (output keeps the document's own characters). Without `brackets`, 《》 and 〈〉 stay as they are
    /// (where < and > are comparisons, not title marks).
    static func fold(_ text: String, brackets: Bool = true) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0xFF01...0xFF5E: out.append(Unicode.Scalar(scalar.value - 0xFEE0)!)
            case 0x3000: out.append(" ")
            // `where` binds to the last pattern only, so each bracket carries its own.
            case 0x3008 where brackets, 0x300A where brackets: out.append("<")   // 〈 《
            case 0x3009 where brackets, 0x300B where brackets: out.append(">")   // 〉 》
            case 0x2014, 0x2013, 0x2015, 0x2212, 0xFE58, 0x301C: out.append("-")   // — – ― − ﹘ 〜
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    static let openBrackets: Set<Character> = ["（", "(", "【", "[", "〔", "<", "《", "〈", "＜"]
    static let closeBrackets: Set<Character> = ["）", ")", "】", "]", "〕", ">", "》", "〉", "＞"]

    /// Open minus closed round brackets: positive when a clause runs on to the next line.
    static func bracketBalance(_ text: String) -> Int {
        var depth = 0
        for c in text {
            if c == "（" || c == "(" { depth += 1 } else if (c == "）" || c == ")") && depth > 0 { depth -= 1 }
        }
        return depth
    }

    /// Splits a list of names on 、，,；; and line breaks, never inside brackets (`各镇街人民政府（办事处）`).
    static func splitList(_ text: String, separators: Set<Character> = ["、", "，", ",", "；", ";", "\n"]) -> [String] {
        var parts: [String] = []
        var current = ""
        var depth = 0
        for c in text {
            if openBrackets.contains(c) { depth += 1 }
            if closeBrackets.contains(c) { depth = max(0, depth - 1) }
            if depth == 0 && separators.contains(c) {
                parts.append(current); current = ""
            } else {
                current.append(c)
            }
        }
        parts.append(current)
        return parts.map { trimPunctuation($0) }.filter { !$0.isEmpty }
    }

    static let sentenceEnds: Set<Character> = ["。", "；", ";", "！", "!", "？", "?"]
    static let trailingPunctuation: Set<Character> = ["。", "；", ";", "，", ",", "、", "：", ":", "．", ".", " ", "！", "？"]

    static func trimPunctuation(_ text: String) -> String {
        var s = Substring(text)
        while let f = s.first, isSpace(f) || f == "\n" { s = s.dropFirst() }
        while let l = s.last, trailingPunctuation.contains(l) || isSpace(l) || l == "\n" { s = s.dropLast() }
        return String(s)
    }

    /// Removes one pair of brackets around the whole text: `（责任单位：…）` → `责任单位：…`.
    static func unwrapBrackets(_ text: String) -> String {
        guard let f = text.first, let l = text.last, f == "（" || f == "(", l == "）" || l == ")" else { return text }
        let inner = String(text.dropFirst().dropLast())
        return bracketBalance(inner) == 0 ? inner : text
    }

    /// Sentences ending in 。；！？ (the end mark kept), never split inside brackets or quotes.
    static func sentences(_ text: String) -> [String] {
        var out: [String] = []
        var current = ""
        var depth = 0
        for c in text {
            current.append(c)
            if openBrackets.contains(c) || c == "“" { depth += 1 }
            if closeBrackets.contains(c) || c == "”" { depth = max(0, depth - 1) }
            if depth == 0 && (c == "。" || c == "；" || c == ";" || c == "！" || c == "？") {
                out.append(current); current = ""
            }
        }
        if !current.trimmingCharacters(in: .whitespaces).isEmpty { out.append(current) }
        return out
    }
}

/// A paragraph of a plan: cleaned text plus the source lines it came from.
struct PlanParagraph: Sendable {
    var text: String
    /// The source lines with their own spacing, for rosters where spacing separates name and post.
    var rawLines: [String]
    var firstLine: Int
    var lastLine: Int

    var span: SourceSpan { SourceSpan(first: firstLine, last: lastLine) }
}

/// Joins physical lines into paragraphs: a sentence broken across lines (PDF/OCR) is one paragraph,
/// headings, roster rows and titles stay on their own.
enum ParagraphAssembler {
    /// A paragraph stops growing here (the next line starts a new one). Each line joined is weighed against the
    /// whole paragraph so far, so without a bound a file of lines that all join (40 KB of `到2025年，婴儿死亡率降至
    /// 3.9‰以下` lines took minutes; 20 MB, days) reads in quadratic time. The seed plans' longest paragraph has 688.
    static let maximumParagraphCharacters = 2_000

    static func paragraphs(from lines: [SourceLine]) -> [PlanParagraph] {
        var result: [PlanParagraph] = []
        var current: PlanParagraph?
        // Kept as lines join, rather than counted again over the whole paragraph for each line.
        var currentCount = 0
        var currentHasRosterRow = false
        for line in lines {
            // A docx paragraph may hold soft line breaks; each is a line for joining purposes.
            for piece in line.text.split(separator: "\n", omittingEmptySubsequences: false) {
                var raw = PlanText.removeArtefacts(String(piece))
                raw = raw.trimmingCharacters(in: CharacterSet.whitespaces.union(["\u{3000}", "\u{FEFF}"]))
                raw = stripBullet(raw)
                let text = PlanText.collapseSpaces(raw)
                guard !text.isEmpty else { continue }
                if var open = current, currentCount + text.count <= maximumParagraphCharacters,
                   shouldJoin(open, next: text, nextRaw: raw, hasRosterRow: currentHasRosterRow) {
                    open.text += text
                    open.rawLines.append(raw)
                    open.lastLine = line.number
                    current = open
                    currentCount += text.count
                } else {
                    if let done = current { result.append(done) }
                    current = PlanParagraph(text: text, rawLines: [raw], firstLine: line.number, lastLine: line.number)
                    currentCount = text.count
                    currentHasRosterRow = false
                }
                if Roster.isRosterRow(raw) { currentHasRosterRow = true }
            }
        }
        if let done = current { result.append(done) }
        return result
    }

    /// `- 附件：` and `• …`: list bullets added by converters.
    static func stripBullet(_ raw: String) -> String {
        for bullet in ["- ", "• ", "· ", "● ", "■ "] where raw.hasPrefix(bullet) {
            return String(raw.dropFirst(bullet.count)).trimmingCharacters(in: .whitespaces)
        }
        return raw
    }

    static let titleEndings = ["方案", "通知", "意见", "说明", "名单", "办法", "规划", "计划", "细则", "标准", "评分表", "文件", "决定", "指标体系"]

    /// `hasRosterRow`: whether one of the paragraph's raw lines is a roster row (`Roster.isRosterRow`).
    static func shouldJoin(_ paragraph: PlanParagraph, next: String, nextRaw: String, hasRosterRow: Bool) -> Bool {
        let text = paragraph.text
        guard let last = text.last else { return false }
        // A responsibility clause on its own line belongs to the item above it.
        if ResponsibilityParser.startsWithClause(next) && !HeadingParser.startsWithMarker(next) { return true }
        if PlanText.bracketBalance(text) > 0 { return !HeadingParser.startsWithMarker(next) || text.count > 40 }
        if HeadingParser.startsWithMarker(next) || Roster.isLabelled(next) || Roster.isRosterRow(nextRaw) { return false }
        // A list cut by the line width: `成  员：市政府办、…、市委编办、` ⏎ `市委网信办…`.
        if "，,、".contains(last) || Roster.label(of: text) != nil && text.count >= 24 && !PlanText.sentenceEnds.contains(last) { return true }
        if Roster.isLabelled(text) || hasRosterRow { return false }
        if text.hasSuffix("关于") { return true }
        if next.hasPrefix("（征求意见稿）") || next.hasPrefix("(征求意见稿)") || next.hasPrefix("的通知") { return true }
        if PlanText.sentenceEnds.contains(last) || "：:）)》」".contains(last) { return false }
        if titleEndings.contains(where: { text.hasSuffix($0) }) { return false }
        if let marker = HeadingParser.marker(in: text) {
            // A heading alone stays alone; a numbered item whose sentence runs on joins its continuation.
            let body = text[marker.bodyStart...]
            if body.contains("。") || body.count >= 24 || "，,、".contains(last) { return true }
            // A mid-length line whose continuation is a short fragment ending a sentence (`…,并达到⏎省级相应标准。`).
            return body.count > 15 && next.count <= 20 && !next.hasSuffix("：") && !next.hasSuffix(":")
                && next.contains(where: { PlanText.sentenceEnds.contains($0) || $0 == "）" || $0 == ")" })
        }
        if "，,、“（(".contains(last) { return true }
        return text.count >= 16
    }
}
