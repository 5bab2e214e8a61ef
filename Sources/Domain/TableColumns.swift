import Foundation

/// Finding columns by their header and reading typed numbers: the rules of this domain's tables (full-width text
/// folded as plan documents are), kept beside `PlanText` rather than in the file reader.
extension TableFile {
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
