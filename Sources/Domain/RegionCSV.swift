import Foundation

/// One row of a regions file: a township or village to add below a programme's place.
public struct RegionRow: Equatable, Sendable {
    /// 1-based line in the file, for error messages.
    public var line: Int
    public var code: String?
    public var name: String
    public var level: RegionLevel
    /// The parent's code or name.
    public var parent: String

    public init(line: Int, code: String?, name: String, level: RegionLevel, parent: String) {
        self.line = line; self.code = code; self.name = name; self.level = level; self.parent = parent
    }
}

/// Reads `code, name, level, parent` CSV files (header required; Chinese headers accepted).
public enum RegionCSV {
    static let headerAliases: [String: String] = [
        "code": "code", "代码": "code", "区划代码": "code",
        "name": "name", "名称": "name",
        "level": "level", "级别": "level", "层级": "level",
        "parent": "parent", "上级": "parent",
    ]

    static let chineseLevels: [String: RegionLevel] = [
        "省": .province, "市": .city, "区": .district, "县": .county,
        "乡": .township, "镇": .township, "街道": .township, "乡镇": .township,
        "村": .village, "社区": .village, "居委会": .village, "村（社区）": .village,
    ]

    public static func parse(_ text: String, file: String) throws(InputRejected) -> [RegionRow] {
        let records: [CSV.Record]
        do { records = try CSV.parse(text) } catch {
            throw InputRejected([InputIssue(SourceLocation(file: file, line: error.line), error.message)])
        }
        guard let header = records.first else {
            throw InputRejected([InputIssue(SourceLocation(file: file, line: 1), "文件为空：第一行应为表头 code,name,level,parent")])
        }
        var columns: [String: Int] = [:]
        for (i, raw) in header.fields.enumerated() {
            let key = raw.trimmingCharacters(in: .whitespaces).lowercased()
            guard let canonical = headerAliases[key] else {
                throw InputRejected([InputIssue(SourceLocation(file: file, line: header.line, column: i + 1),
                                                "未知列「\(raw)」；应为 code,name,level,parent")])
            }
            columns[canonical] = i
        }
        var issues: [InputIssue] = []
        for required in ["name", "level", "parent"] where columns[required] == nil {
            issues.append(InputIssue(SourceLocation(file: file, line: header.line), "缺少列「\(required)」"))
        }
        if !issues.isEmpty { throw InputRejected(issues) }

        var rows: [RegionRow] = []
        for record in records.dropFirst() where !record.fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            func value(_ column: String) -> String? {
                guard let i = columns[column], i < record.fields.count else { return nil }
                let v = record.fields[i].trimmingCharacters(in: .whitespaces)
                return v.isEmpty ? nil : v
            }
            func location(_ column: String) -> SourceLocation {
                SourceLocation(file: file, line: record.line, column: columns[column].map { $0 + 1 }, field: [.key(column)])
            }
            guard let name = value("name") else { issues.append(InputIssue(location("name"), "名称不能为空")); continue }
            guard let levelText = value("level") else { issues.append(InputIssue(location("level"), "级别不能为空")); continue }
            guard let level = RegionLevel(rawValue: levelText.lowercased()) ?? chineseLevels[levelText] else {
                issues.append(InputIssue(location("level"),
                                         "级别「\(levelText)」无法识别；可用：township, village（或 乡、镇、街道、村、社区）"))
                continue
            }
            guard let parent = value("parent") else { issues.append(InputIssue(location("parent"), "上级不能为空")); continue }
            let code = value("code")
            if let code, !code.allSatisfy({ $0.isASCII && $0.isNumber }) {
                issues.append(InputIssue(location("code"), "代码「\(code)」只能是数字")); continue
            }
            rows.append(RegionRow(line: record.line, code: code, name: name, level: level, parent: parent))
        }
        if !issues.isEmpty { throw InputRejected(issues) }
        return rows
    }
}
