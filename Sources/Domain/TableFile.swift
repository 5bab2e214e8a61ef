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
