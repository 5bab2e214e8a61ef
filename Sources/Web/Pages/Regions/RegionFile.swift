import Domain
import Foundation

/// A regions file uploaded in the browser: CSV (UTF-8 or GB18030) or .xlsx, read by the same rules as the command
/// line's `RegionCSV`, so a row is refused in the same words wherever it is imported.
enum RegionFile {
    /// A county's regions are a few hundred rows; a province's tens of thousands fit well within this.
    static let maximumBytes = 5 << 20

    struct Parsed: Sendable {
        var rows: [RegionRow]
        /// Column (1-based) of each column the header names (`code`, `name`, `level`, `parent`), for messages.
        var columns: [String: Int]
    }

    static let headerNames: [String: String] = [
        "code": "code", "代码": "code", "区划代码": "code", "name": "name", "名称": "name",
        "level": "level", "级别": "level", "层级": "level", "parent": "parent", "上级": "parent",
    ]

    /// Reads the rows; any problem rejects the whole file, with file, line and column.
    static func parse(data: Data, fileName: String) throws(InputRejected) -> Parsed {
        guard data.count <= maximumBytes else {
            throw InputRejected([InputIssue(SourceLocation(file: fileName), "文件超过 \(maximumBytes >> 20) MB，请分成几个文件导入")])
        }
        let table = try TableFile.rows(data: data, fileName: fileName)
        // The table's rows back into CSV at their own line numbers (an .xlsx row number is its line), so that
        // `RegionCSV` reports the line the person sees in Excel. A line break inside a cell would shift the lines
        // after it, and no region's name has one.
        var lines: [String] = []
        for row in table {
            while lines.count < row.line - 1 { lines.append("") }
            // Every cell quoted as it is (no formula guard: this text is read, not opened in a spreadsheet).
            lines.append(row.cells.map { cell in
                "\"" + cell.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
                    .replacingOccurrences(of: "\"", with: "\"\"") + "\""
            }.joined(separator: ","))
        }
        let rows = try RegionCSV.parse(lines.joined(separator: "\n"), file: fileName)
        var columns: [String: Int] = [:]
        for (i, cell) in (table.first?.cells ?? []).enumerated() {
            if let key = headerNames[cell.trimmingCharacters(in: .whitespaces).lowercased()] { columns[key] = i + 1 }
        }
        guard !rows.isEmpty else {
            throw InputRejected([InputIssue(SourceLocation(file: fileName, line: 2), "文件只有表头，没有要导入的乡镇或村")])
        }
        return Parsed(rows: rows, columns: columns)
    }

    /// "文件:行:列 说明" for each issue; the column from the header when the issue names only its field.
    static func messages(_ issues: [InputIssue], columns: [String: Int]) -> [String] {
        issues.map { issue in
            var location = issue.location
            if location.column == nil, case .key(let key)? = location.field?.components.first { location.column = columns[key] }
            var place = location.file
            if let line = location.line { place += ":\(line)" }
            if let column = location.column { place += ":\(column)" }
            return "\(place) \(issue.message)"
        }
    }
}

/// The rows of a previewed import as the confirming form carries them back.
struct RegionRowsPayload: Codable, Sendable {
    struct Row: Codable, Sendable {
        var line: Int
        var code: String?
        var name: String
        var level: String
        var parent: String
    }

    var file: String
    var rows: [Row]
    var columns: [String: Int]

    init(file: String, parsed: RegionFile.Parsed) {
        self.file = file
        rows = parsed.rows.map { Row(line: $0.line, code: $0.code, name: $0.name, level: $0.level.rawValue, parent: $0.parent) }
        columns = parsed.columns
    }

    /// The rows again; a level that is not one (the form was altered) rejects them.
    func regionRows() throws(InputRejected) -> [RegionRow] {
        var out: [RegionRow] = []
        for row in rows {
            guard let level = RegionLevel(rawValue: row.level) else {
                throw InputRejected([InputIssue(SourceLocation(file: file, line: row.line, field: [.key("level")]), "级别「\(row.level)」无法识别")])
            }
            out.append(RegionRow(line: row.line, code: row.code, name: row.name, level: level, parent: row.parent))
        }
        return out
    }

    var encoded: String { String(decoding: (try? JSONEncoder().encode(self)) ?? Data(), as: UTF8.self) }
}
