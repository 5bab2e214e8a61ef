import Foundation

/// One non-empty row of a worksheet.
public struct SpreadsheetRow: Sendable, Equatable {
    /// 1-based row number on the sheet, so a message can point the user at the row they see in Excel.
    public var row: Int
    /// Column A first; a missing cell is "", and the row ends at its last non-empty cell.
    public var cells: [String]

    public init(row: Int, cells: [String]) { self.row = row; self.cells = cells }
}

/// Reads the values of the first worksheet of an .xlsx workbook as text.
///
/// Values are taken as stored: a formula gives its cached result, a date its serial number (no conversion:
/// only the cell's number format, which is not read, says it is a date), a boolean TRUE or FALSE, an error
/// its code such as #N/A. A number keeps its stored text unless the shortest text that reads back as the
/// same Double is shorter: Excel writes 0.231 as "0.23100000000000001", read here as "0.231", while "23.1",
/// "100" or "1E-3" stay as they are.
public enum XLSXReader {
    public static let maximumFileBytes = 20 * 1024 * 1024
    /// For each part of the package: the worksheet, the shared strings…
    public static let maximumExpandedBytes = 64 * 1024 * 1024
    public static let maximumRows = 1_000_000
    /// Gaps are filled with "", so a few cells far to the right on every row could otherwise fill memory.
    static let maximumCells = 10_000_000

    public static func rows(data: Data, fileName: String) throws(InputRejected) -> [SpreadsheetRow] {
        do {
            return try readChecked(data)
        } catch {
            throw InputRejected([InputIssue(SourceLocation(file: fileName), error.message)])
        }
    }

    private static let workbookPath = "xl/workbook.xml"
    private static let damaged = "不是有效的 .xlsx 文件（zip 压缩包已损坏）；请用 Excel 或 WPS 打开后另存为 .xlsx 再导入"

    private static func readChecked(_ data: Data) throws(ReadProblem) -> [SpreadsheetRow] {
        guard data.count <= maximumFileBytes else {
            throw ReadProblem(DocumentReader.tooLarge(data.count, limit: maximumFileBytes))
        }
        guard !data.isEmpty else { throw ReadProblem("文件为空") }
        if data.starts(with: FileSignature.ole) {
            throw ReadProblem("这是旧版 Excel（.xls）或 WPS 表格（.et）文件，请在 Excel 或 WPS 中另存为 .xlsx 后再导入")
        }
        guard data.starts(with: FileSignature.zip) else {
            throw ReadProblem("不是有效的 .xlsx 文件（不是 zip 压缩包）；请用 Excel 或 WPS 打开后另存为 .xlsx 再导入")
        }
        let package = try Package([UInt8](data))
        guard let sheetIDs = try package.parse(workbookPath, with: WorkbookXML.sheetIDs) else {
            throw ReadProblem("压缩包里没有 \(workbookPath)，不是 Excel 工作簿（.xlsx）")
        }
        let relationships = try package.parse("xl/_rels/workbook.xml.rels", with: WorkbookXML.relationships) ?? []
        let worksheets = relationships.filter { $0.type.hasSuffix("/worksheet") }
        guard let sheet = sheetIDs.lazy.compactMap({ id in worksheets.first { $0.id == id } }).first else {
            throw ReadProblem("工作簿中没有工作表")
        }
        // The relationship is the standard way to the shared strings; the usual path serves files that leave it out.
        let stringsPath = relationships.first { $0.type.hasSuffix("/sharedStrings") }?.path ?? "xl/sharedStrings.xml"
        let strings = try package.parse(stringsPath, with: WorkbookXML.sharedStrings) ?? []
        let rows = try package.parse(sheet.path) { xml throws(XMLPullScanner.Failure) in
            try WorksheetReader.rows(xml, sharedStrings: strings)
        }
        guard let rows else { throw ReadProblem(damaged) }
        return rows
    }

    /// The parts of the zip, each problem told in the words of an Excel user.
    private struct Package {
        let zip: ZipEntryReader

        init(_ bytes: [UInt8]) throws(ReadProblem) {
            do { zip = try ZipEntryReader(bytes) } catch { throw Self.problem(error) }
        }

        /// The part at `path` read by `parse`, nil when the package has none; the part is named when its XML is malformed.
        func parse<T>(_ path: String, with parse: ([UInt8]) throws(XMLPullScanner.Failure) -> T) throws(ReadProblem) -> T? {
            let xml: [UInt8]?
            do { xml = try zip.contents(of: path, limit: maximumExpandedBytes) } catch { throw Self.problem(error) }
            guard let xml else { return nil }
            do { return try parse(xml) } catch {
                switch error {
                case .malformed(let detail):
                    throw ReadProblem("表格内容已损坏（\(path) 不是有效的 XML：\(detail)）；请用 Excel 或 WPS 打开后另存为 .xlsx 再导入")
                case .limit(let message): throw ReadProblem(message)
                }
            }
        }

        private static func problem(_ problem: ZipEntryReader.Problem) -> ReadProblem {
            switch problem {
            case .damaged: ReadProblem(damaged)
            case .tooLarge: ReadProblem(ZipEntryReader.tooLargeMessage(limit: maximumExpandedBytes))
            case .unsupportedMethod: ReadProblem("表格使用了不支持的压缩方式；请用 Excel 或 WPS 另存为 .xlsx 再导入")
            }
        }
    }
}

// MARK: - Package parts

/// The workbook's list of sheets, its relationships and its shared strings.
enum WorkbookXML {
    struct Relationship: Equatable {
        var id: String
        var type: String
        /// The target as a path inside the zip.
        var path: String
    }

    /// The relationship ids of the sheets, in workbook (tab) order.
    static func sheetIDs(_ xml: [UInt8]) throws(XMLPullScanner.Failure) -> [String] {
        var scanner = XMLPullScanner(xml)
        var ids: [String] = []
        while let event = try scanner.next() {
            // The id is in the relationships namespace, whatever prefix the file gives it.
            if case .start(let tag) = event, scanner.localName(tag.name) == "sheet", let id = try scanner.attribute("id", of: tag) {
                ids.append(id)
            }
        }
        return ids
    }

    /// The relationships of xl/workbook.xml, targets resolved against its folder.
    static func relationships(_ xml: [UInt8]) throws(XMLPullScanner.Failure) -> [Relationship] {
        var scanner = XMLPullScanner(xml)
        var relationships: [Relationship] = []
        while let event = try scanner.next() {
            guard case .start(let tag) = event, scanner.localName(tag.name) == "Relationship",
                  let id = try scanner.attribute("Id", of: tag), let type = try scanner.attribute("Type", of: tag),
                  let target = try scanner.attribute("Target", of: tag) else { continue }
            relationships.append(Relationship(id: id, type: type, path: partPath(target, folder: "xl/")))
        }
        return relationships
    }

    /// A target is relative to the folder of the part that names it, or absolute from the package root.
    static func partPath(_ target: String, folder: String) -> String {
        let decoded = target.removingPercentEncoding ?? target
        let joined = decoded.hasPrefix("/") ? String(decoded.dropFirst()) : folder + decoded
        var segments: [Substring] = []
        for segment in joined.split(separator: "/") where segment != "." {
            if segment == ".." { _ = segments.popLast() } else { segments.append(segment) }
        }
        return segments.joined(separator: "/")
    }

    /// The shared strings, each the text of its `<t>` or of all its rich-text runs.
    static func sharedStrings(_ xml: [UInt8]) throws(XMLPullScanner.Failure) -> [String] {
        var scanner = XMLPullScanner(xml)
        var strings: [String] = []
        var item: [UInt8] = []
        while let event = try scanner.next() {
            switch event {
            case .start(let tag):
                switch scanner.localName(tag.name) {
                case "si": item.removeAll(keepingCapacity: true)
                default: try scanner.readStringItemChild(tag, into: &item)
                }
            case .end(let name) where scanner.localName(name) == "si":
                strings.append(excelUnescaped(item))
            default: break
            }
        }
        return strings
    }

    /// Excel writes characters XML cannot carry (a carriage return, other control characters) as `_xHHHH_`,
    /// and an underscore that would start such an escape as `_x005F_`.
    static func excelUnescaped(_ bytes: [UInt8]) -> String {
        let underscore = UInt8(ascii: "_")
        guard bytes.contains(underscore) else { return String(decoding: bytes, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if bytes[i] == underscore, i + 6 < bytes.count, bytes[i + 1] == UInt8(ascii: "x"), bytes[i + 6] == underscore,
               let value = UInt32(String(decoding: bytes[i + 2..<i + 6], as: UTF8.self), radix: 16),
               let scalar = Unicode.Scalar(value) {
                out.append(contentsOf: Array(String(scalar).utf8))
                i += 7
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

// MARK: - Worksheet

/// Reads `<sheetData>`: rows of cells, each placed by its reference ("C7" → third column).
struct WorksheetReader {
    private var scanner: XMLPullScanner
    private let sharedStrings: [String]
    private var rows: [SpreadsheetRow] = []
    private var cellCount = 0
    private var rowNumber = 0
    private var cells: [String] = []
    /// Where a cell without a reference goes: after the one before, even if that was empty and so not kept.
    private var nextColumn = 0
    /// The open cell: its column, type (`t`) and the bytes of its `<v>` or inline string.
    private var cell: OpenCell?

    private struct OpenCell {
        var column: Int
        var type: String?
        var value: [UInt8] = []
    }

    static func rows(_ xml: [UInt8], sharedStrings: [String]) throws(XMLPullScanner.Failure) -> [SpreadsheetRow] {
        var reader = WorksheetReader(scanner: XMLPullScanner(xml), sharedStrings: sharedStrings)
        while let event = try reader.scanner.next() {
            switch event {
            case .start(let tag): try reader.start(tag)
            case .end(let name): try reader.end(reader.scanner.localName(name))
            case .text, .cdata: break
            }
        }
        return reader.rows
    }

    private init(scanner: XMLPullScanner, sharedStrings: [String]) {
        self.scanner = scanner
        self.sharedStrings = sharedStrings
    }

    private mutating func start(_ tag: XMLPullScanner.Tag) throws(XMLPullScanner.Failure) {
        switch scanner.localName(tag.name) {
        case "row":
            // Without its number a row follows the one before.
            if let number = try scanner.attribute("r", of: tag) {
                guard let value = Int(number), value > 0 else { throw .malformed("行号「\(number)」无效") }
                rowNumber = value
            } else {
                rowNumber += 1
            }
            cells.removeAll(keepingCapacity: true)
            nextColumn = 0
        case "c":
            // Without its reference a cell follows the one before.
            var column = nextColumn
            if let reference = try scanner.attribute("r", of: tag) { column = try Self.column(of: reference) }
            nextColumn = column + 1
            cell = OpenCell(column: column, type: try scanner.attribute("t", of: tag))
        case "v" where cell != nil:
            try scanner.readText(into: &cell!.value)
        case "f":
            // The formula itself: the cached result in <v> is what the user sees.
            try scanner.skipElement()
        default:
            if cell != nil { try scanner.readStringItemChild(tag, into: &cell!.value) }
        }
    }

    private mutating func end(_ name: String) throws(XMLPullScanner.Failure) {
        switch name {
        case "c":
            guard let closed = cell else { return }
            cell = nil
            let text = try self.text(type: closed.type, value: closed.value)
            guard !text.isEmpty else { return }
            if closed.column >= cells.count { cells.append(contentsOf: repeatElement("", count: closed.column - cells.count + 1)) }
            cells[closed.column] = text
        case "row":
            guard !cells.isEmpty else { return }
            guard rows.count < XLSXReader.maximumRows else {
                throw .limit("超过 \(XLSXReader.maximumRows / 10_000) 万行，请检查是否选错了文件")
            }
            cellCount += cells.count
            guard cellCount <= XLSXReader.maximumCells else {
                throw .limit("超过 \(XLSXReader.maximumCells / 10_000) 万个单元格，请检查是否选错了文件")
            }
            rows.append(SpreadsheetRow(row: rowNumber, cells: cells))
        default: break
        }
    }

    private func text(type: String?, value: [UInt8]) throws(XMLPullScanner.Failure) -> String {
        switch type {
        case "s":
            let text = String(decoding: value, as: UTF8.self)
            guard let index = Int(text), sharedStrings.indices.contains(index) else {
                throw .malformed("共享字符串编号「\(text)」超出范围")
            }
            return sharedStrings[index]
        case "inlineStr", "str": return WorkbookXML.excelUnescaped(value)
        case "b":
            let text = String(decoding: value, as: UTF8.self)
            return text == "1" ? "TRUE" : text == "0" ? "FALSE" : text
        case nil, "n": return Self.number(String(decoding: value, as: UTF8.self))
        default: return String(decoding: value, as: UTF8.self)  // "e" (#N/A…), "d" (ISO 8601 date)
        }
    }

    /// The stored text, or the shortest text reading back as the same Double when that is shorter: Excel stores
    /// 17 significant digits where fewer would do ("0.23100000000000001" for 0.231).
    static func number(_ stored: String) -> String {
        guard let value = Double(stored), value.isFinite else { return stored }
        let shortest = value.shortestText
        return shortest.utf8.count < stored.utf8.count ? shortest : stored
    }

    /// 0-based column of a cell reference: "A1" → 0, "C7" → 2, "XFD1" → 16383 (Excel's last).
    static func column(of reference: String) throws(XMLPullScanner.Failure) -> Int {
        func invalid() -> XMLPullScanner.Failure { .malformed("单元格位置「\(reference)」无效") }
        var column = 0
        var letters = 0
        var digits = 0
        for byte in reference.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z") where digits == 0 && letters < 3:
                column = column * 26 + Int(byte - UInt8(ascii: "A")) + 1
                letters += 1
            case UInt8(ascii: "0")...UInt8(ascii: "9") where letters > 0: digits += 1
            default: throw invalid()
            }
        }
        guard digits > 0, column <= 16_384 else { throw invalid() }
        return column - 1
    }
}
