import Foundation
#if canImport(CoreFoundation)
import CoreFoundation
#endif

/// How an imported plan document was stored.
public enum DocumentFormat: String, Sendable, Codable { case text, docx }

/// One line of a text file or one paragraph of a .docx, with where it came from.
public struct SourceLine: Equatable, Sendable, Codable {
    /// 1-based line number (text) or paragraph number (docx).
    public var number: Int
    /// As in the file, without the line terminator.
    public var text: String

    public init(number: Int, text: String) { self.number = number; self.text = text }
}

/// A plan document reduced to numbered lines, before any parsing.
public struct ImportedDocument: Equatable, Sendable, Codable {
    public var fileName: String
    public var format: DocumentFormat
    /// "UTF-8", "GB18030", "UTF-16LE"… for text; nil for docx.
    public var encoding: String?
    public var lines: [SourceLine]

    public init(fileName: String, format: DocumentFormat, encoding: String?, lines: [SourceLine]) {
        self.fileName = fileName; self.format = format; self.encoding = encoding; self.lines = lines
    }

    /// "第12行" for text, "第12段" for docx: how a user-facing message names one location.
    public func describe(_ number: Int) -> String {
        switch format {
        case .text: "第\(number)行"
        case .docx: "第\(number)段"
        }
    }

    /// Convenience for tests and pasted text.
    public static func text(_ string: String, fileName: String = "粘贴的文本") -> ImportedDocument {
        ImportedDocument(fileName: fileName, format: .text, encoding: "UTF-8", lines: TextLines.split(string))
    }
}

/// Why a document could not be read, in Chinese, with what to do about it.
public struct DocumentReadError: Error, Equatable, Sendable, CustomStringConvertible {
    public var fileName: String
    public var message: String

    public init(fileName: String, message: String) { self.fileName = fileName; self.message = message }

    public var description: String { "\(fileName)：\(message)" }
}

/// Turns an uploaded plan document (text or .docx) into numbered lines.
public enum DocumentReader {
    public static let maximumFileBytes = 20 * 1024 * 1024
    public static let maximumExpandedBytes = 64 * 1024 * 1024
    /// A plan has a few thousand lines at most; more means the wrong file, and would only fill memory.
    public static let maximumLines = 100_000

    /// Reads a plan document. The format is decided by content (zip magic → docx), not only the extension;
    /// a ".docx" name with non-zip content is an error.
    public static func read(data: Data, fileName: String) throws(DocumentReadError) -> ImportedDocument {
        do {
            return try readChecked(data: data, fileName: fileName)
        } catch {
            throw DocumentReadError(fileName: fileName, message: error.message)
        }
    }

    /// Checks the size from the file's attributes before reading it, so a huge upload is never loaded.
    public static func read(fileAt url: URL) throws(DocumentReadError) -> ImportedDocument {
        let fileName = url.lastPathComponent
        func fail(_ message: String) -> DocumentReadError { DocumentReadError(fileName: fileName, message: message) }
        let unreadable = fail("无法读取文件：找不到文件或没有权限")
        let attributes: [FileAttributeKey: Any]
        do { attributes = try FileManager.default.attributesOfItem(atPath: url.path) } catch { throw unreadable }
        guard attributes[.type] as? FileAttributeType != .typeDirectory else { throw fail("这是一个文件夹，不是文件") }
        let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        guard size <= maximumFileBytes else {
            throw fail(tooLarge(size))
        }
        let data: Data
        do {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            // One byte past the limit: a file that grew since the check is still caught by read(data:).
            data = try handle.read(upToCount: maximumFileBytes + 1) ?? Data()
        } catch {
            throw unreadable
        }
        return try read(data: data, fileName: fileName)
    }

    public static func tooLarge(_ bytes: Int, limit: Int = maximumFileBytes) -> String {
        // Rounded up, so a file just over the limit does not read as "20.0 MB, the limit is 20 MB".
        let megabytes = (Double(bytes) / 1_048_576 * 10).rounded(.up) / 10
        return "文件过大（\(String(format: "%.1f", megabytes)) MB），上限为 \(limit / 1_048_576) MB"
    }

    static let zipMagic: [UInt8] = [0x50, 0x4B, 0x03, 0x04]
    static let oleMagic: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]

    private static func readChecked(data: Data, fileName: String) throws(ReadProblem) -> ImportedDocument {
        guard data.count <= maximumFileBytes else { throw ReadProblem(tooLarge(data.count)) }
        guard !data.isEmpty else { throw ReadProblem("文件为空") }
        let bytes = [UInt8](data)
        if bytes.starts(with: zipMagic) {
            let lines = try WordDocument.paragraphs(bytes)
            guard hasText(lines) else { throw ReadProblem("文档中没有文字（扫描件或图片中的文字无法导入）") }
            return ImportedDocument(fileName: fileName, format: .docx, encoding: nil, lines: lines)
        }
        // Old Word and WPS files are OLE compound files: name them, since their users often cannot tell.
        if bytes.starts(with: oleMagic) {
            throw ReadProblem("这是旧版 Word（.doc）或 WPS（.wps）文件，请在 Word 或 WPS 中另存为 .docx 后再导入")
        }
        if fileName.lowercased().hasSuffix(".docx") {
            throw ReadProblem("不是有效的 .docx 文件（不是 zip 压缩包）；请用 Word 或 WPS 打开后另存为 .docx 再导入")
        }
        if bytes.starts(with: Array("%PDF-".utf8)) {
            throw ReadProblem("不支持 PDF 文件，请上传 .docx 或文本文件")
        }
        let (text, encoding) = try TextDecoding.decode(bytes)
        guard let lines = TextLines.split(text, limit: maximumLines) else { throw ReadProblem(tooManyLines) }
        guard hasText(lines) else { throw ReadProblem("文件为空（只有空白字符）") }
        return ImportedDocument(fileName: fileName, format: .text, encoding: encoding, lines: lines)
    }

    private static func hasText(_ lines: [SourceLine]) -> Bool {
        lines.contains { !$0.text.allSatisfy(\.isWhitespace) }
    }

    static var tooManyLines: String {
        "超过 \(maximumLines / 10_000) 万行（段），不像是一份实施方案，请检查是否选错了文件"
    }
}

/// A message for `DocumentReadError`, before the file name is attached.
struct ReadProblem: Error {
    var message: String
    init(_ message: String) { self.message = message }
}

// MARK: - Text

enum TextLines {
    /// Splits on \r\n, \n and \r, keeping empty lines so numbers match an editor's; a final terminator
    /// does not start another line. nil when there are more than `limit` lines.
    static func split(_ text: String, limit: Int) -> [SourceLine]? {
        let utf8 = text.utf8
        var lines: [SourceLine] = []
        var start = utf8.startIndex
        if text.unicodeScalars.first == "\u{FEFF}" { start = text.unicodeScalars.index(after: start) }
        var i = start
        func take(_ end: String.Index) -> Bool {
            guard lines.count < limit else { return false }
            lines.append(SourceLine(number: lines.count + 1, text: String(decoding: utf8[start..<end], as: UTF8.self)))
            return true
        }
        while i < utf8.endIndex {
            let byte = utf8[i]
            guard byte == 0x0A || byte == 0x0D else { i = utf8.index(after: i); continue }
            guard take(i) else { return nil }
            i = utf8.index(after: i)
            if byte == 0x0D, i < utf8.endIndex, utf8[i] == 0x0A { i = utf8.index(after: i) }
            start = i
        }
        if start < utf8.endIndex, !take(utf8.endIndex) { return nil }
        return lines
    }

    static func split(_ text: String) -> [SourceLine] { split(text, limit: .max) ?? [] }
}

enum TextDecoding {
    /// GB18030 through CoreFoundation's converter (ICU on Linux); it also covers GBK and GB2312.
    static let gb18030 = String.Encoding(rawValue: CFStringConvertEncodingToNSStringEncoding(
        CFStringEncoding(CFStringEncodings.GB_18030_2000.rawValue)))

    /// The text and the name of its encoding: a BOM decides; otherwise UTF-8, then GB18030.
    static func decode(_ bytes: [UInt8]) throws(ReadProblem) -> (String, String) {
        if bytes.starts(with: [0xFF, 0xFE]) { return try decodeUTF16(bytes, bigEndian: false) }
        if bytes.starts(with: [0xFE, 0xFF]) { return try decodeUTF16(bytes, bigEndian: true) }
        let hasBOM = bytes.starts(with: [0xEF, 0xBB, 0xBF])
        let body = hasBOM ? bytes[3...] : bytes[...]
        if let at = binaryStart(body) { throw binary(at: body.startIndex + at) }
        // Foundation's UTF-8 decoding is strict (returns nil on any invalid byte) and drops the BOM itself.
        if let text = String(bytes: bytes, encoding: .utf8) { return (text, "UTF-8") }
        let utf8 = decodableSpan(bytes, as: Unicode.UTF8.self)
        // Many good multi-byte characters before the first bad byte: a damaged UTF-8 file, which GB18030 would
        // turn into mojibake. GBK text almost never gets past its first few characters as UTF-8.
        if hasBOM || utf8.multiUnitScalars >= 8 { throw undecodable(at: utf8.invalidAt ?? 0, "UTF-8") }
        if let text = String(bytes: bytes, encoding: gb18030) { return (text, "GB18030") }
        // Name the place where the likelier encoding (the one that got further) broke.
        let at = [utf8.invalidAt, firstInvalidGB18030(bytes)].compactMap { $0 }.max() ?? 0
        throw undecodable(at: at, "UTF-8 或 GB18030（GBK）")
    }

    private static func decodeUTF16(_ bytes: [UInt8], bigEndian: Bool) throws(ReadProblem) -> (String, String) {
        guard bytes.count % 2 == 0 else { throw ReadProblem("UTF-16 文件的字节数是奇数，文件不完整") }
        let units: [UInt16] = stride(from: 2, to: bytes.count, by: 2).map { i in
            let (high, low) = bigEndian ? (bytes[i], bytes[i + 1]) : (bytes[i + 1], bytes[i])
            return UInt16(high) << 8 | UInt16(low)
        }
        if let at = binaryStart(units) { throw binary(at: 2 + 2 * at) }
        let name = bigEndian ? "UTF-16BE" : "UTF-16LE"
        let text = String(data: Data(bytes[2...]), encoding: bigEndian ? .utf16BigEndian : .utf16LittleEndian)
        guard let text else { throw undecodable(at: 2 + 2 * (decodableSpan(units, as: Unicode.UTF16.self).invalidAt ?? 0), name) }
        return (text, name)
    }

    /// The index of the first control character (other than \t \n \f \r), when there are more than a stray
    /// one in a thousand: old editors leave the odd \u{1A}, but binary files are full of them.
    static func binaryStart<Unit: FixedWidthInteger>(_ units: some Collection<Unit>) -> Int? {
        var first: Int?
        var count = 0
        for (i, unit) in units.enumerated() where unit < 0x20 && unit != 0x09 && unit != 0x0A && unit != 0x0C && unit != 0x0D {
            if first == nil { first = i }
            count += 1
        }
        return count * 1000 > units.count ? first : nil
    }

    /// How far `units` decode: the index of the first unit that does not (nil if all do), and how many
    /// characters before it took more than one unit.
    static func decodableSpan<Encoding: Unicode.Encoding>(_ units: [Encoding.CodeUnit], as: Encoding.Type)
        -> (invalidAt: Int?, multiUnitScalars: Int) {
        var parser = Encoding.ForwardParser()
        var iterator = units.makeIterator()
        var index = 0
        var multiUnit = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar):
                index += scalar.count
                if scalar.count > 1 { multiUnit += 1 }
            case .error: return (index, multiUnit)
            case .emptyInput: return (nil, multiUnit)
            }
        }
    }

    /// The index of the first byte that breaks GB18030's shape (one, two or four bytes); nil if none does.
    static func firstInvalidGB18030(_ bytes: [UInt8]) -> Int? {
        var i = 0
        while i < bytes.count {
            let lead = bytes[i]
            if lead < 0x80 { i += 1; continue }
            guard (0x81...0xFE).contains(lead), i + 1 < bytes.count else { return i }
            let second = bytes[i + 1]
            if (0x40...0x7E).contains(second) || (0x80...0xFE).contains(second) { i += 2; continue }
            guard (0x30...0x39).contains(second), i + 3 < bytes.count,
                  (0x81...0xFE).contains(bytes[i + 2]), (0x30...0x39).contains(bytes[i + 3]) else { return i }
            i += 4
        }
        return nil
    }

    private static func binary(at index: Int) -> ReadProblem {
        ReadProblem("文件不是文本：第 \(index + 1) 字节起含二进制数据；请上传 .docx 或文本文件")
    }

    private static func undecodable(at index: Int, _ encodings: String) -> ReadProblem {
        ReadProblem("文件不是 \(encodings) 编码的文本：第 \(index + 1) 字节起无法识别；请另存为 UTF-8 文本或 .docx 后再导入")
    }
}

// MARK: - .docx

enum WordDocument {
    static let documentPath = "word/document.xml"
    static let damaged = "不是有效的 .docx 文件（zip 压缩包已损坏）；请用 Word 或 WPS 打开后另存为 .docx 再导入"

    static func paragraphs(_ bytes: [UInt8]) throws(ReadProblem) -> [SourceLine] {
        try WordXMLScanner.paragraphs(in: try documentXML(bytes))
    }

    /// The bytes of word/document.xml, each problem of the archive told in the words of a Word user.
    static func documentXML(_ bytes: [UInt8]) throws(ReadProblem) -> [UInt8] {
        let xml: [UInt8]?
        do {
            xml = try ZipEntryReader(bytes).contents(of: documentPath, limit: DocumentReader.maximumExpandedBytes)
        } catch {
            switch error {
            case .damaged: throw ReadProblem(damaged)
            case .tooLarge: throw ReadProblem(ZipEntryReader.tooLargeMessage(limit: DocumentReader.maximumExpandedBytes))
            case .unsupportedMethod: throw ReadProblem("文档使用了不支持的压缩方式；请用 Word 或 WPS 另存为 .docx 再导入")
            }
        }
        guard let xml else { throw ReadProblem("压缩包里没有 word/document.xml，不是 Word 文档（.docx）") }
        return xml
    }
}

/// Reads the paragraphs of word/document.xml with a small forward scanner: no XML library, no recursion,
/// every step moves forward, so malformed input ends in an error rather than a crash or a hang.
struct WordXMLScanner {
    let xml: [UInt8]
    private var i = 0
    /// Names of the open elements, to check end tags and to know a run's children from a paragraph's.
    private var open: [String] = []
    /// Open paragraphs (a text box's paragraphs sit inside another paragraph): number, text, depth.
    private var paragraphs: [(number: Int, text: [UInt8], depth: Int)] = []
    private var finished: [SourceLine] = []
    private var count = 0
    /// Depth of the open `<w:t>`, whose character data is text.
    private var textDepth: Int?
    /// Depth of the open element whose content is left out (`mc:Fallback`, `w:moveFrom`).
    private var ignoredDepth: Int?

    private init(xml: [UInt8]) { self.xml = xml }

    /// `mc:Fallback` repeats the text boxes of `mc:Choice`; `w:moveFrom` is text moved elsewhere (tracked).
    /// Deleted text (`w:delText`) and field codes (`w:instrText`) need no rule: only `w:t` is read.
    private static let ignoredElements: Set<String> = ["mc:Fallback", "w:moveFrom"]
    /// Run children that stand for characters.
    private static let runCharacters: [String: String] = ["w:tab": "\t", "w:br": "\n", "w:cr": "\n", "w:noBreakHyphen": "-"]

    /// The paragraphs in the order they start, numbered from 1.
    static func paragraphs(in xml: [UInt8]) throws(ReadProblem) -> [SourceLine] {
        var xml = xml
        if xml.starts(with: [0xFF, 0xFE]) || xml.starts(with: [0xFE, 0xFF]) {
            // Word writes UTF-8; a UTF-16 part from another tool is converted once.
            guard let text = String(data: Data(xml), encoding: .utf16) else { throw malformed("不是有效的 UTF-16") }
            xml = Array(text.utf8)
        }
        var scanner = WordXMLScanner(xml: xml)
        try scanner.run()
        return scanner.finished.sorted { $0.number < $1.number }
    }

    private mutating func run() throws(ReadProblem) {
        while i < xml.count {
            if xml[i] == UInt8(ascii: "<") {
                try markup()
            } else if collectingText {
                try characterData()
            } else {
                i += 1
            }
        }
        if let innermost = open.last { throw Self.malformed("<\(innermost)> 没有结束标记，文件不完整") }
    }

    private var collectingText: Bool { textDepth != nil && ignoredDepth == nil && !paragraphs.isEmpty }

    private mutating func characterData() throws(ReadProblem) {
        let byte = xml[i]
        guard byte == UInt8(ascii: "&") else { paragraphs[paragraphs.count - 1].text.append(byte); i += 1; return }
        guard let semicolon = xml[i..<min(i + 12, xml.count)].firstIndex(of: UInt8(ascii: ";")) else {
            throw Self.malformed("第 \(i + 1) 字节处的 & 不是字符引用")
        }
        let name = String(decoding: xml[i + 1..<semicolon], as: UTF8.self)
        let named = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'"]
        var scalar: Unicode.Scalar?
        if let text = named[name] {
            scalar = text.unicodeScalars.first
        } else if name.hasPrefix("#x") || name.hasPrefix("#X") {
            scalar = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
        } else if name.hasPrefix("#") {
            scalar = UInt32(name.dropFirst(), radix: 10).flatMap(Unicode.Scalar.init)
        }
        guard let scalar, scalar.value != 0 else { throw Self.malformed("无法识别的字符引用 &\(name);") }
        paragraphs[paragraphs.count - 1].text.append(contentsOf: Array(String(scalar).utf8))
        i = semicolon + 1
    }

    private mutating func markup() throws(ReadProblem) {
        if follows("<?") { return try skip(past: "?>", what: "处理指令") }
        if follows("<!--") { return try skip(past: "-->", what: "注释") }
        if follows("<![CDATA[") {
            let start = i + 9
            try skip(past: "]]>", what: "CDATA")
            if collectingText {
                paragraphs[paragraphs.count - 1].text.append(contentsOf: xml[start..<i - 3])
            }
            return
        }
        if follows("<!") { throw Self.malformed("含 DOCTYPE 等 Word 不会写出的声明") }
        let closing = follows("</")
        let nameStart = i + (closing ? 2 : 1)
        var nameEnd = nameStart
        while nameEnd < xml.count, !Self.endsName(xml[nameEnd]) { nameEnd += 1 }
        let name = String(decoding: xml[nameStart..<nameEnd], as: UTF8.self)
        guard !name.isEmpty else { throw Self.malformed("第 \(i + 1) 字节处的 < 后面不是元素名") }
        // To the closing >, stepping over quoted attribute values (they may hold a >).
        var end = nameEnd
        var quote: UInt8?
        while end < xml.count {
            let byte = xml[end]
            if let q = quote { if byte == q { quote = nil } } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: ">") { break }
            end += 1
        }
        guard end < xml.count else { throw Self.malformed("<\(name) 没有结束的 >，文件不完整") }
        let selfClosing = !closing && xml[end - 1] == UInt8(ascii: "/")
        i = end + 1
        if closing { try endElement(name) } else { try startElement(name, selfClosing: selfClosing) }
    }

    private mutating func startElement(_ name: String, selfClosing: Bool) throws(ReadProblem) {
        let depth = open.count
        if ignoredDepth == nil {
            if name == "w:p" {
                count += 1
                guard count <= DocumentReader.maximumLines else { throw ReadProblem(DocumentReader.tooManyLines) }
                paragraphs.append((count, [], depth))
            } else if let text = Self.runCharacters[name], open.last == "w:r", !paragraphs.isEmpty {
                // Only a run's child: `<w:tab>` inside `<w:tabs>` is a tab stop, not a character.
                paragraphs[paragraphs.count - 1].text.append(contentsOf: Array(text.utf8))
            }
        }
        if selfClosing {
            if name == "w:p", ignoredDepth == nil { finishParagraph() }
            return
        }
        if name == "w:t", textDepth == nil { textDepth = depth }
        if Self.ignoredElements.contains(name), ignoredDepth == nil { ignoredDepth = depth }
        open.append(name)
    }

    private mutating func endElement(_ name: String) throws(ReadProblem) {
        guard let innermost = open.popLast() else { throw Self.malformed("</\(name)> 没有对应的开始标记") }
        guard innermost == name else { throw Self.malformed("</\(name)> 与 <\(innermost)> 不匹配") }
        let depth = open.count
        if textDepth == depth { textDepth = nil }
        if ignoredDepth == depth { ignoredDepth = nil }
        if name == "w:p", paragraphs.last?.depth == depth { finishParagraph() }
    }

    private mutating func finishParagraph() {
        guard let paragraph = paragraphs.popLast() else { return }
        // Invalid UTF-8 in the part becomes U+FFFD: the text is still readable and the user sees where.
        finished.append(SourceLine(number: paragraph.number, text: String(decoding: paragraph.text, as: UTF8.self)))
    }

    private func follows(_ prefix: String) -> Bool { xml[i...].starts(with: prefix.utf8) }

    private mutating func skip(past terminator: String, what: String) throws(ReadProblem) {
        let pattern = Array(terminator.utf8)
        var j = i
        while j + pattern.count <= xml.count {
            if xml[j] == pattern[0], xml[j..<j + pattern.count].elementsEqual(pattern) { i = j + pattern.count; return }
            j += 1
        }
        throw Self.malformed("\(what)没有结束，文件不完整")
    }

    private static func endsName(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/") || byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    private static func malformed(_ detail: String) -> ReadProblem {
        ReadProblem("文档内容已损坏（word/document.xml 不是有效的 XML：\(detail)）；请用 Word 或 WPS 打开后另存为 .docx 再导入")
    }
}
