import Foundation

/// The one XML scanner, for the parts of Office packages (a worksheet, the shared strings, word/document.xml).
/// A forward-only pull scanner: start and end tags (a self-closing element gives both), character data, CDATA;
/// comments and processing instructions skipped; a DOCTYPE refused, so no entity can expand. End tags are checked against start tags, so a truncated or garbled part is an error rather than
/// half a table. Every step moves forward: malformed input ends in an error, never a crash or a hang.
struct XMLPullScanner {
    enum Event {
        case start(Tag)
        case end(name: Range<Int>)
        /// Character data, references not yet resolved.
        case text(Range<Int>)
        /// The contents of a CDATA section, to be taken as they are.
        case cdata(Range<Int>)
    }

    struct Tag {
        var name: Range<Int>
        /// What stands between the name and the closing > or />.
        var attributes: Range<Int>
    }

    /// Why reading stopped.
    enum Failure: Error {
        /// The XML is not well-formed, or not what the part should hold: what is wrong and where.
        case malformed(String)
        /// The reader met more than it takes: the message for the user, as it is.
        case limit(String)
    }

    let xml: [UInt8]
    private var i = 0
    private var open: [Range<Int>] = []
    /// The end of a self-closing element, given by the next call.
    private var pendingEnd: Range<Int>?

    init(_ xml: [UInt8]) { self.xml = xml }

    /// Elements open, including one whose end is pending.
    var depth: Int { open.count + (pendingEnd == nil ? 0 : 1) }

    mutating func next() throws(Failure) -> Event? {
        // A local copy of the array (no bytes copied): in a debug build each `self.xml[i]` in a mutating method
        // would retain and release it.
        let xml = self.xml
        if let name = pendingEnd {
            pendingEnd = nil
            return .end(name: name)
        }
        while i < xml.count {
            guard xml[i] == Self.lessThan else {
                let start = i
                while i < xml.count, xml[i] != Self.lessThan { i += 1 }
                return .text(start..<i)
            }
            // Nearly every < starts a tag: the rarer markup is looked for only after <? and <!.
            let second = i + 1 < xml.count ? xml[i + 1] : 0
            if second == UInt8(ascii: "?") { try skip(past: "?>", what: "处理指令"); continue }
            guard second == UInt8(ascii: "!") else { return try tag(closing: second == UInt8(ascii: "/")) }
            if follows("<!--") { try skip(past: "-->", what: "注释"); continue }
            guard follows("<![CDATA[") else { throw .malformed("含 DOCTYPE 等 Office 不会写出的声明") }
            let start = i + 9
            try skip(past: "]]>", what: "CDATA")
            return .cdata(start..<i - 3)
        }
        if let innermost = open.last { throw .malformed("<\(string(innermost))> 没有结束标记，文件不完整") }
        return nil
    }

    /// The name as written, with its namespace prefix ("w:p").
    func qualifiedName(_ name: Range<Int>) -> String { string(name) }

    /// The name without its namespace prefix.
    func localName(_ name: Range<Int>) -> String { string(withoutPrefix(name)) }

    /// The value of the attribute whose local name is `localName`, references resolved.
    func attribute(_ localName: StaticString, of tag: Tag) throws(Failure) -> String? {
        let xml = self.xml
        var k = tag.attributes.lowerBound
        let end = tag.attributes.upperBound
        while true {
            while k < end, Self.isSpace(xml[k]) { k += 1 }
            guard k < end else { return nil }
            let nameStart = k
            while k < end, xml[k] != UInt8(ascii: "="), !Self.isSpace(xml[k]) { k += 1 }
            let name = nameStart..<k
            while k < end, Self.isSpace(xml[k]) { k += 1 }
            guard k + 1 < end, xml[k] == UInt8(ascii: "=") else { throw .malformed("属性 \(string(name)) 没有值") }
            k += 1
            while k < end, Self.isSpace(xml[k]) { k += 1 }
            let quote = k < end ? xml[k] : 0
            guard quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else {
                throw .malformed("属性 \(string(name)) 的值没有引号")
            }
            let valueStart = k + 1
            k = valueStart
            while k < end, xml[k] != quote { k += 1 }
            guard k < end else { throw .malformed("属性 \(string(name)) 的值没有结束的引号") }
            if matches(withoutPrefix(name), localName) {
                var value: [UInt8] = []
                try appendText(valueStart..<k, to: &value)
                return String(decoding: value, as: UTF8.self)
            }
            k += 1
        }
    }

    /// The character data of the element just started, up to its end, appended to `out`; for elements that hold
    /// only text, such as `<v>` and `<t>`.
    mutating func readText(into out: inout [UInt8]) throws(Failure) {
        let depth = self.depth
        while self.depth >= depth, let event = try next() {
            switch event {
            case .text(let range): try appendText(range, to: &out)
            case .cdata(let range): out.append(contentsOf: xml[range])
            case .start, .end: break
            }
        }
    }

    /// Passes over the element just started and everything in it.
    mutating func skipElement() throws(Failure) {
        let depth = self.depth
        while self.depth >= depth, try next() != nil {}
    }

    /// Within a string item (`<si>` shared, `<is>` inline), appends the text of `<t>`, whether the item's own or
    /// a rich-text run's, and leaves out phonetic guides (`<rPh>`, furigana), which repeat the text's reading.
    mutating func readStringItemChild(_ tag: Tag, into out: inout [UInt8]) throws(Failure) {
        switch localName(tag.name) {
        case "t": try readText(into: &out)
        case "rPh": try skipElement()
        default: break
        }
    }

    private mutating func tag(closing: Bool) throws(Failure) -> Event {
        let xml = self.xml
        let nameStart = i + (closing ? 2 : 1)
        var nameEnd = nameStart
        while nameEnd < xml.count, !Self.endsName(xml[nameEnd]) { nameEnd += 1 }
        let name = nameStart..<nameEnd
        guard !name.isEmpty else { throw .malformed("第 \(i + 1) 字节处的 < 后面不是元素名") }
        // To the closing >, stepping over quoted attribute values (they may hold a >).
        var end = nameEnd
        var quote: UInt8?
        while end < xml.count {
            let byte = xml[end]
            if let q = quote {
                if byte == q { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: ">") {
                break
            }
            end += 1
        }
        guard end < xml.count else { throw .malformed("<\(string(name)) 没有结束的 >，文件不完整") }
        i = end + 1
        if closing {
            guard !open.isEmpty else { throw .malformed("</\(string(name))> 没有对应的开始标记") }
            let innermost = open.removeLast()
            guard same(innermost, name) else {
                throw .malformed("</\(string(name))> 与 <\(string(innermost))> 不匹配")
            }
            return .end(name: name)
        }
        let selfClosing = xml[end - 1] == UInt8(ascii: "/")
        if selfClosing { pendingEnd = name } else { open.append(name) }
        return .start(Tag(name: name, attributes: nameEnd..<(selfClosing ? end - 1 : end)))
    }

    /// Appends the character data in `range`, resolving the five named entities and character references.
    func appendText(_ range: Range<Int>, to out: inout [UInt8]) throws(Failure) {
        var k = range.lowerBound
        while k < range.upperBound {
            let runStart = k
            while k < range.upperBound, xml[k] != UInt8(ascii: "&") { k += 1 }
            out.append(contentsOf: xml[runStart..<k])
            guard k < range.upperBound else { return }
            guard let semicolon = xml[k..<min(k + 12, range.upperBound)].firstIndex(of: UInt8(ascii: ";")) else {
                throw .malformed("第 \(k + 1) 字节处的 & 不是字符引用")
            }
            let name = string(k + 1..<semicolon)
            let scalar: Unicode.Scalar? = switch name {
            case "amp": "&"
            case "lt": "<"
            case "gt": ">"
            case "quot": "\""
            case "apos": "'"
            case _ where name.hasPrefix("#x") || name.hasPrefix("#X"): UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
            case _ where name.hasPrefix("#"): UInt32(name.dropFirst(), radix: 10).flatMap(Unicode.Scalar.init)
            default: nil
            }
            guard let scalar, scalar.value != 0 else { throw .malformed("无法识别的字符引用 &\(name);") }
            out.append(contentsOf: Array(String(scalar).utf8))
            k = semicolon + 1
        }
    }

    // Byte loops rather than `elementsEqual` and closures: a debug build (the tests') runs them many times faster.

    private func withoutPrefix(_ name: Range<Int>) -> Range<Int> {
        var start = name.lowerBound
        var k = name.lowerBound
        while k < name.upperBound {
            if xml[k] == UInt8(ascii: ":") { start = k + 1 }
            k += 1
        }
        return start..<name.upperBound
    }

    private func matches(_ range: Range<Int>, _ text: StaticString) -> Bool {
        guard range.upperBound - range.lowerBound == text.utf8CodeUnitCount else { return false }
        return starts(with: text, at: range.lowerBound)
    }

    private func same(_ a: Range<Int>, _ b: Range<Int>) -> Bool {
        let count = a.upperBound - a.lowerBound
        guard b.upperBound - b.lowerBound == count else { return false }
        var k = 0
        while k < count, xml[a.lowerBound + k] == xml[b.lowerBound + k] { k += 1 }
        return k == count
    }

    private func starts(with text: StaticString, at start: Int) -> Bool {
        let count = text.utf8CodeUnitCount
        guard start + count <= xml.count else { return false }
        var k = 0
        while k < count, xml[start + k] == text.utf8Start[k] { k += 1 }
        return k == count
    }

    private func follows(_ prefix: StaticString) -> Bool { starts(with: prefix, at: i) }

    private mutating func skip(past terminator: StaticString, what: String) throws(Failure) {
        let xml = self.xml
        var j = i
        while j < xml.count {
            if xml[j] == terminator.utf8Start[0], starts(with: terminator, at: j) {
                i = j + terminator.utf8CodeUnitCount
                return
            }
            j += 1
        }
        throw .malformed("\(what)没有结束，文件不完整")
    }

    private func string(_ range: Range<Int>) -> String { String(decoding: xml[range], as: UTF8.self) }

    private static let lessThan = UInt8(ascii: "<")

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

    private static func endsName(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/") || isSpace(byte)
    }
}
