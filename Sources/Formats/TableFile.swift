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
        if data.starts(with: FileSignature.zip) {
            return try XLSXReader.rows(data: data, fileName: fileName).map { TableRow(line: $0.row, cells: $0.cells) }
        }
        if data.starts(with: FileSignature.ole) {
            throw reject("这是旧版 Excel（.xls）文件，请在 Excel 或 WPS 中另存为 .xlsx 或 CSV 后再导入")
        }
        let text: String
        do { text = try TextDecoding.decode([UInt8](data)).0 } catch { throw reject(error.message) }
        let records: [CSV.Record]
        do { records = try CSV.parse(text) } catch { throw reject(error.message, line: error.line) }
        return records.filter { !$0.fields.allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty } }
            .map { TableRow(line: $0.line, cells: $0.fields) }
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

/// A CSV file read in blocks by `CSVReader`.
public final class CSVFileRowSource: RowSource, @unchecked Sendable {
    public let fileName: String
    private let handle: FileHandle
    private let totalBytes: Int
    private var reader: CSVReader

    public init(path: String, fileName: String? = nil) throws(InputRejected) {
        self.fileName = fileName ?? (path as NSString).lastPathComponent
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw InputRejected([InputIssue(SourceLocation(file: self.fileName), "无法读取文件")])
        }
        self.handle = handle
        totalBytes = ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? NSNumber)?.intValue ?? 0
        if totalBytes == 0 { throw InputRejected([InputIssue(SourceLocation(file: self.fileName), "文件为空")]) }
        reader = CSVReader(blocks: { [UInt8](handle.readData(ofLength: 1 << 20)) })
    }

    deinit { try? handle.close() }

    public var fractionRead: Double {
        totalBytes == 0 ? 1 : min(1, Double(reader.consumed - reader.unparsed) / Double(totalBytes))
    }

    public func next() throws(InputRejected) -> TableRow? {
        do {
            while let record = try reader.next() {
                if record.fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
                return TableRow(line: record.line, cells: record.fields)
            }
            return nil
        } catch {
            throw InputRejected([InputIssue(SourceLocation(file: fileName, line: error.line), error.message)])
        }
    }
}
