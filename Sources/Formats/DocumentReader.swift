import Foundation

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

    private static func readChecked(data: Data, fileName: String) throws(ReadProblem) -> ImportedDocument {
        guard data.count <= maximumFileBytes else { throw ReadProblem(tooLarge(data.count)) }
        guard !data.isEmpty else { throw ReadProblem("文件为空") }
        let bytes = [UInt8](data)
        if bytes.starts(with: FileSignature.zip) {
            let lines = try WordDocument.paragraphs(bytes)
            guard hasText(lines) else { throw ReadProblem("文档中没有文字（扫描件或图片中的文字无法导入）") }
            return ImportedDocument(fileName: fileName, format: .docx, encoding: nil, lines: lines)
        }
        // Old Word and WPS files are OLE compound files: name them, since their users often cannot tell.
        if bytes.starts(with: FileSignature.ole) {
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

/// The paragraphs of word/document.xml, read from the events of `XMLPullScanner`.
struct WordXMLScanner {
    /// Names of the open elements, to know a run's children from a paragraph's.
    private var open: [String] = []
    /// Open paragraphs (a text box's paragraphs sit inside another paragraph): number, text, depth.
    private var paragraphs: [(number: Int, text: [UInt8], depth: Int)] = []
    private var finished: [SourceLine] = []
    private var count = 0
    /// Depth of the open `<w:t>`, whose character data is text.
    private var textDepth: Int?
    /// Depth of the open element whose content is left out (`mc:Fallback`, `w:moveFrom`).
    private var ignoredDepth: Int?

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
        var reader = WordXMLScanner()
        var scanner = XMLPullScanner(xml)
        do {
            while let event = try scanner.next() {
                switch event {
                case .start(let tag): try reader.start(scanner.qualifiedName(tag.name))
                case .end(let name): reader.end(scanner.qualifiedName(name))
                case .text(let range) where reader.collectingText:
                    try scanner.appendText(range, to: &reader.paragraphs[reader.paragraphs.count - 1].text)
                case .cdata(let range) where reader.collectingText:
                    reader.paragraphs[reader.paragraphs.count - 1].text.append(contentsOf: xml[range])
                case .text, .cdata: break
                }
            }
        } catch {
            switch error {
            case .malformed(let detail): throw malformed(detail)
            case .limit(let message): throw ReadProblem(message)
            }
        }
        return reader.finished.sorted { $0.number < $1.number }
    }

    private var collectingText: Bool { textDepth != nil && ignoredDepth == nil && !paragraphs.isEmpty }

    private mutating func start(_ name: String) throws(XMLPullScanner.Failure) {
        let depth = open.count
        if ignoredDepth == nil {
            if name == "w:p" {
                count += 1
                guard count <= DocumentReader.maximumLines else { throw .limit(DocumentReader.tooManyLines) }
                paragraphs.append((count, [], depth))
            } else if let text = Self.runCharacters[name], open.last == "w:r", !paragraphs.isEmpty {
                // Only a run's child: `<w:tab>` inside `<w:tabs>` is a tab stop, not a character.
                paragraphs[paragraphs.count - 1].text.append(contentsOf: Array(text.utf8))
            }
        }
        if name == "w:t", textDepth == nil { textDepth = depth }
        if Self.ignoredElements.contains(name), ignoredDepth == nil { ignoredDepth = depth }
        open.append(name)
    }

    /// An element ends; the scanner has checked that it matches its start.
    private mutating func end(_ name: String) {
        open.removeLast()
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

    private static func malformed(_ detail: String) -> ReadProblem {
        ReadProblem("文档内容已损坏（word/document.xml 不是有效的 XML：\(detail)）；请用 Word 或 WPS 打开后另存为 .docx 再导入")
    }
}
