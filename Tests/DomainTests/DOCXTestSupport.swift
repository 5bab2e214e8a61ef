@testable import Domain
@testable import Formats
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import TestSupport
import ZIPFoundation

/// A .docx taken apart for the tests: its parts, and its body as a reader sees it.
struct OpenedDOCX {
    let archive: Archive

    init(_ data: Data) throws { archive = try Archive(data: data, accessMode: .read) }

    var paths: [String] { archive.map(\.path) }

    func part(_ path: String) throws -> Data {
        let entry = try #require(archive[path], "no \(path) in the package")
        var data = Data()
        _ = try archive.extract(entry) { data.append($0) }
        return data
    }

    func text(_ path: String) throws -> String { String(decoding: try part(path), as: UTF8.self) }

    /// word/document.xml parsed; fails the test when it is not well-formed.
    func body(sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> [BodyItem] {
        try BodyParser.parse(try part("word/document.xml"), sourceLocation: sourceLocation)
    }
}

/// A top-level paragraph or table of word/document.xml.
enum BodyItem: Equatable, CustomStringConvertible {
    case paragraph(style: String?, text: String)
    /// Cell texts, a cell's paragraphs joined by line feeds.
    case table([[String]])

    var description: String {
        switch self {
        case .paragraph(let style, let text): "¶[\(style ?? "")] \(text)"
        case .table(let rows): "table \(rows)"
        }
    }

    /// Every text of the body in order, a table's cells row by row.
    static func texts(_ items: [BodyItem]) -> [String] {
        items.flatMap { item -> [String] in
            switch item {
            case .paragraph(_, let text): [text]
            case .table(let rows): rows.flatMap { $0 }
            }
        }
    }
}

/// Reads the body with Foundation's XMLParser, which rejects anything that is not well-formed XML 1.0.
final class BodyParser: NSObject, XMLParserDelegate {
    private var items: [BodyItem] = []
    private var tableDepth = 0
    private var rows: [[String]] = []
    private var cellParagraphs: [String] = []
    private var style: String?
    private var paragraph = ""
    private var inText = false

    static func parse(_ data: Data, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> [BodyItem] {
        let delegate = BodyParser()
        let parser = XMLParser(data: data)
        parser.delegate = delegate
        guard parser.parse() else {
            Issue.record("document.xml is not well-formed: \(String(describing: parser.parserError))", sourceLocation: sourceLocation)
            throw XMLNotWellFormed()
        }
        return delegate.items
    }

    /// Whether the part parses as XML at all.
    static func isWellFormed(_ data: Data) -> Bool { XMLParser(data: data).parse() }

    struct XMLNotWellFormed: Error {}

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        switch name {
        case "w:tbl": tableDepth += 1; if tableDepth == 1 { rows = [] }
        case "w:tr" where tableDepth == 1: rows.append([])
        case "w:tc" where tableDepth == 1: cellParagraphs = []
        case "w:p": paragraph = ""; style = nil
        case "w:pStyle": style = attributes["w:val"]
        case "w:t": inText = true
        case "w:tab": paragraph += "\t"
        case "w:br" where attributes["w:type"] == nil: paragraph += "\n"
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inText { paragraph += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch name {
        case "w:t": inText = false
        case "w:p" where tableDepth == 0: items.append(.paragraph(style: style, text: paragraph))
        case "w:p": cellParagraphs.append(paragraph)
        case "w:tc" where tableDepth == 1: rows[rows.count - 1].append(cellParagraphs.joined(separator: "\n"))
        case "w:tbl":
            tableDepth -= 1
            if tableDepth == 0 { items.append(.table(rows)) }
        default: break
        }
    }
}

/// Expects each text to occur in `texts`, in this order, each in a later text than the one before.
func expectInOrder(_ expected: [String], in texts: [String], sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    var from = 0
    for text in expected {
        guard let found = texts[from...].firstIndex(where: { $0.contains(text) }) else {
            Issue.record("「\(text)」 not found after item \(from) of \(texts)", sourceLocation: sourceLocation)
            return
        }
        from = found + 1
    }
}

/// python-docx reading a written file, the way Word-compatible software would. Skipped when python-docx is not
/// installed, unless HEALTHCITY_REQUIRE_READERS is set: then its absence fails the test.
enum RealDOCXReader {
    static let isRequired = PythonReaders.isRequired

    static let isAvailable = PythonReaders.canImport("docx")

    static var shouldRun: Bool { isAvailable || isRequired }

    static let script = PythonReaders.directory.appendingPathComponent("read_docx.py")

    /// What python-docx reads from `data`; records an issue and returns nil when it cannot.
    static func read(_ data: Data, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> ReaderView? {
        guard isAvailable else {
            Issue.record("HEALTHCITY_REQUIRE_READERS is set but python-docx is missing: pip install python-docx",
                         sourceLocation: sourceLocation)
            return nil
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("healthcity-docx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("文档.docx")
        try data.write(to: file)
        let result = try run([script.path, file.path])
        guard result.status == 0 else {
            Issue.record("read_docx.py failed (\(result.status)): \(result.errors)", sourceLocation: sourceLocation)
            return nil
        }
        return try JSONDecoder().decode(ReaderView.self, from: result.output)
    }

    private static func run(_ arguments: [String]) throws -> (status: Int32, output: Data, errors: String) {
        try PythonReaders.python(arguments)
    }
}

/// read_docx.py's JSON.
struct ReaderView: Decodable {
    struct Core: Decodable, Equatable { var title: String?; var author: String? }
    struct Style: Decodable, Equatable {
        var eastAsiaFont: String?
        var asciiFont: String?
        var sizePoints: Double?
        var bold: Bool
        var alignment: String?
    }
    struct Item: Decodable, Equatable {
        var kind: String
        var text: String?
        var style: String?
        var alignment: String?
        var rows: [[String]]?
    }

    var core: Core
    var section: [String: Double]
    var styles: [String: Style]
    var body: [Item]

    /// The body as `BodyItem`s, style names as python-docx shows them.
    var items: [BodyItem] {
        body.map { $0.kind == "table" ? .table($0.rows ?? []) : .paragraph(style: $0.style, text: $0.text ?? "") }
    }
}

extension DOCXDocument {
    /// What a reader should find in the body: a paragraph per block (its runs' text, control characters left out),
    /// tables padded to their widest row, the page break an empty paragraph, and the paragraph Word wants after a
    /// closing table. `styleName` names the style of each kind of paragraph.
    func expectedBody(styleName: (DOCXBlock) -> String?) -> [BodyItem] {
        func clean(_ text: String) -> String {
            String(String.UnicodeScalarView(text.replacingOccurrences(of: "\r\n", with: "\n")
                .replacingOccurrences(of: "\r", with: "\n").unicodeScalars.filter(\.isXMLCharacter)))
        }
        var items = blocks.map { block -> BodyItem in
            switch block {
            case .title(let text), .heading(let text, _): .paragraph(style: styleName(block), text: clean(text))
            case .paragraph(let runs), .rightAligned(let runs):
                .paragraph(style: styleName(block), text: clean(runs.map(\.text).joined()))
            case .table(let table):
                .table(([table.header].filter { !$0.isEmpty } + table.rows).map { row in
                    (0..<table.columnCount).map { $0 < row.count ? clean(row[$0]) : "" }
                })
            case .pageBreak: .paragraph(style: styleName(block), text: "")
            }
        }
        if case .table = blocks.last { items.append(.paragraph(style: styleName(.paragraph([])), text: "")) }
        return items
    }

    /// Style ids as written in document.xml (nil for Normal).
    var expectedXMLBody: [BodyItem] {
        expectedBody { block in
            switch block {
            case .title: "Title"
            case .heading(_, let level): "Heading\(min(max(level, 1), 3))"
            case .rightAligned: "Signature"
            case .paragraph, .table, .pageBreak: nil
            }
        }
    }

    /// Style names as python-docx shows them.
    var expectedReaderBody: [BodyItem] {
        expectedBody { block in
            switch block {
            case .title: "Title"
            case .heading(_, let level): "Heading \(min(max(level, 1), 3))"
            case .rightAligned: "Signature"
            case .paragraph, .table, .pageBreak: "Normal"
            }
        }
    }
}
