import Foundation

/// One row of a table a user uploaded: its 1-based line (CSV) or row number (xlsx), and its cells.
public struct TableRow: Equatable, Sendable {
    public var line: Int
    public var cells: [String]

    public init(line: Int, cells: [String]) { self.line = line; self.cells = cells }

    public func cell(_ column: Int?) -> String {
        guard let column, column < cells.count else { return "" }
        return cells[column].trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// Reads a CSV (UTF-8 or GB18030, as Excel and WPS save it in China) or an .xlsx file, decided by content.
public enum TableFile {
    public static let maximumBytes = 20 * 1_048_576

    public static func rows(data: Data, fileName: String) throws(InputRejected) -> [TableRow] {
        func reject(_ message: String, line: Int? = nil) -> InputRejected {
            InputRejected([InputIssue(SourceLocation(file: fileName, line: line), message)])
        }
        guard !data.isEmpty else { throw reject("文件为空") }
        guard data.count <= maximumBytes else { throw reject(DocumentReader.tooLarge(data.count)) }
        if data.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            return try XLSXReader.rows(data: data, fileName: fileName).map { TableRow(line: $0.row, cells: $0.cells) }
        }
        if data.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
            throw reject("这是旧版 Excel（.xls）文件，请在 Excel 或 WPS 中另存为 .xlsx 或 CSV 后再导入")
        }
        let text: String
        do { text = try TextDecoding.decode([UInt8](data)).0 } catch { throw reject(error.message) }
        let records: [CSV.Record]
        do { records = try CSV.parse(text) } catch { throw reject(error.message, line: error.line) }
        return records.filter { !$0.fields.allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty } }
            .map { TableRow(line: $0.line, cells: $0.fields) }
    }

    /// The column of each wanted field, found by its header (English or Chinese names); nil when absent.
    /// A problem for each header cell that names no column of the table (a blank one is passed over), at its line and
    /// column: a misspelt column must not be ignored while its values are lost.
    public static func unknownColumns<Field: Hashable>(of header: TableRow, names: [String: Field], file: String,
                                                       expected: String) -> [InputIssue] {
        header.cells.enumerated().compactMap { i, raw in
            let name = PlanText.fold(raw).trimmingCharacters(in: .whitespaces).lowercased()
            guard !name.isEmpty, names[name] == nil else { return nil }
            return InputIssue(SourceLocation(file: file, line: header.line, column: i + 1), "未知列「\(raw)」；应为 \(expected)")
        }
    }

    public static func columns<Field: Hashable>(of header: TableRow, names: [String: Field]) -> [Field: Int] {
        var found: [Field: Int] = [:]
        for (i, raw) in header.cells.enumerated() {
            let name = PlanText.fold(raw).trimmingCharacters(in: .whitespaces).lowercased()
            if let field = names[name], found[field] == nil { found[field] = i }
        }
        return found
    }

    /// A number as typed in a table: full-width digits, thousands separators and a trailing unit sign allowed.
    public static func number(_ raw: String) -> Double? {
        var text = PlanText.fold(raw).trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: "")
        for suffix in ["%", "‰"] where text.hasSuffix(suffix) { text.removeLast() }
        guard !text.isEmpty, let value = Double(text), value.isFinite else { return nil }
        return value
    }
}

/// Rows of a table being imported, read one at a time so a province's millions of households (or survey
/// responses) never need to sit in memory at once. A reader is stateful and read by one task at a time (the import that owns it);
/// it is Sendable only so that task may be a transaction's closure.
public protocol RowSource: AnyObject, Sendable {
    var fileName: String { get }
    /// The next non-empty row, or nil at the end. The first row is the header.
    func next() throws(InputRejected) -> TableRow?
    /// How far through the input the reader is, 0…1, for progress bars.
    var fractionRead: Double { get }
}

/// Rows already in memory (an xlsx sheet, a small CSV, a test).
public final class TableRowSource: RowSource, @unchecked Sendable {
    public let fileName: String
    private let rows: [TableRow]
    private var index = 0

    public init(rows: [TableRow], fileName: String) { self.rows = rows; self.fileName = fileName }

    public func next() throws(InputRejected) -> TableRow? {
        guard index < rows.count else { return nil }
        defer { index += 1 }
        return rows[index]
    }

    public var fractionRead: Double { rows.isEmpty ? 1 : Double(index) / Double(rows.count) }
}

/// A CSV file read in blocks. The separators (`,` `"` CR LF) never occur inside a UTF-8 or GB18030
/// multi-byte character, so the bytes are split first and each field decoded after.
public final class CSVFileRowSource: RowSource, @unchecked Sendable {
    public let fileName: String
    private let handle: FileHandle
    private let totalBytes: Int
    private var consumed = 0
    private var buffer: [UInt8] = []
    private var position = 0
    private var atEnd = false
    private var line = 1
    private var encoding: String.Encoding = .utf8
    private var decided = false

    public init(path: String, fileName: String? = nil) throws(InputRejected) {
        self.fileName = fileName ?? (path as NSString).lastPathComponent
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw InputRejected([InputIssue(SourceLocation(file: self.fileName), "无法读取文件")])
        }
        self.handle = handle
        totalBytes = ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? NSNumber)?.intValue ?? 0
        if totalBytes == 0 { throw InputRejected([InputIssue(SourceLocation(file: self.fileName), "文件为空")]) }
    }

    deinit { try? handle.close() }

    public var fractionRead: Double { totalBytes == 0 ? 1 : min(1, Double(consumed - (buffer.count - position)) / Double(totalBytes)) }

    private func fill() -> Bool {
        guard !atEnd else { return false }
        let chunk = handle.readData(ofLength: 1 << 20)
        if chunk.isEmpty { atEnd = true; return false }
        consumed += chunk.count
        if position > 0 { buffer.removeFirst(position); position = 0 }
        buffer.append(contentsOf: chunk)
        if !decided { decideEncoding() }
        return true
    }

    /// UTF-8 unless the first block is not (a BOM or valid UTF-8 up to a character cut at the block's end).
    private func decideEncoding() {
        decided = true
        if buffer.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3; return }
        var bytes = buffer[...]
        // A block may end inside a character: drop up to three trailing bytes before judging.
        for _ in 0..<4 {
            if String(bytes: bytes, encoding: .utf8) != nil { return }
            guard !bytes.isEmpty else { break }
            bytes = bytes.dropLast()
        }
        encoding = TextDecoding.gb18030
    }

    public func next() throws(InputRejected) -> TableRow? {
        while true {
            guard let (fields, startLine) = try record() else { return nil }
            if fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            return TableRow(line: startLine, cells: fields)
        }
    }

    private func decode(_ bytes: ArraySlice<UInt8>, line: Int) throws(InputRejected) -> String {
        if bytes.isEmpty { return "" }
        // The standard library's validating decoder is far quicker than Foundation's per-field conversion.
        if encoding == .utf8, let text = String(validating: bytes, as: UTF8.self) { return text }
        if encoding != .utf8, bytes.allSatisfy({ $0 < 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
        if let text = String(bytes: bytes, encoding: encoding) { return text }
        throw InputRejected([InputIssue(SourceLocation(file: fileName, line: line),
                                        "第 \(line) 行有无法识别的字符：文件应为 UTF-8 或 GB18030（GBK）编码的 CSV")])
    }

    private func record() throws(InputRejected) -> ([String], Int)? {
        if position >= buffer.count && !fill() { return nil }
        var fields: [String] = []
        var field: [UInt8] = []
        var inQuotes = false
        var started = false
        let startLine = line
        while true {
            if position >= buffer.count {
                if !fill() {
                    if inQuotes { throw InputRejected([InputIssue(SourceLocation(file: fileName, line: startLine), "引号未闭合")]) }
                    fields.append(try decode(field[...], line: startLine))
                    return (fields, startLine)
                }
            }
            let byte = buffer[position]
            position += 1
            if inQuotes {
                if byte == 0x22 {
                    if position >= buffer.count { _ = fill() }
                    if position < buffer.count && buffer[position] == 0x22 { field.append(0x22); position += 1 } else { inQuotes = false }
                } else {
                    if byte == 0x0A { line += 1 }
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case 0x22:
                guard !started else {
                    throw InputRejected([InputIssue(SourceLocation(file: fileName, line: line), "引号只能出现在字段开头")])
                }
                inQuotes = true; started = true
            case 0x2C:
                fields.append(try decode(field[...], line: startLine)); field.removeAll(keepingCapacity: true); started = false
            case 0x0A, 0x0D:
                if byte == 0x0D {
                    if position >= buffer.count { _ = fill() }
                    if position < buffer.count && buffer[position] == 0x0A { position += 1 }
                }
                line += 1
                fields.append(try decode(field[...], line: startLine))
                return (fields, startLine)
            default:
                field.append(byte); started = true
            }
        }
    }
}
