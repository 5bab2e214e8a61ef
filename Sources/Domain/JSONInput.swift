import Foundation

/// JSON sent to the API, read into a type or refused with issues in Chinese like every other input: where
/// (line and column of a syntax error, or the path of the field, e.g. `observations[2].value`) and what.
public enum JSONInput {
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data, file: String) throws(InputRejected) -> T {
        if data.allSatisfy({ [0x20, 0x09, 0x0A, 0x0D].contains($0) }) {
            throw InputRejected([InputIssue(SourceLocation(file: file), "请求体为空：应为 JSON")])
        }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            throw InputRejected([issue(error, data: data, file: file)])
        } catch {
            throw InputRejected([InputIssue(SourceLocation(file: file), "无法读取 JSON：\(error)")])
        }
    }

    static func issue(_ error: DecodingError, data: Data, file: String) -> InputIssue {
        if case .dataCorrupted(let context) = error, context.codingPath.isEmpty { return syntaxIssue(data: data, file: file) }
        var (codingPath, message) = YAMLFile.explain(error)
        // The decoder's own words are English ("Cannot initialize ReviewState from invalid String value …").
        if case .dataCorrupted = error, !message.contains(where: { $0.unicodeScalars.contains { $0.value >= 0x4E00 } }) {
            message = "此处的值无法识别"
        }
        let field = FieldPath(codingPath: codingPath)
        return InputIssue(SourceLocation(file: file, field: field.components.isEmpty ? nil : field),
                          field.components.isEmpty ? message : "「\(field)」：\(message)")
    }

    /// Where the text stops being JSON, as line and column (the decoder does not say; the serialization parser
    /// gives the byte offset).
    static func syntaxIssue(data: Data, file: String) -> InputIssue {
        var offset: Int?
        do { _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) } catch {
            let text = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? ""
            if let match = text.firstMatch(of: /character (\d+)/) { offset = Int(match.1) }
            if offset == nil, text.localizedCaseInsensitiveContains("end of file") { offset = data.count }
        }
        guard let offset else { return InputIssue(SourceLocation(file: file), "请求体不是有效的 JSON") }
        let before = data.prefix(min(offset, data.count))
        let line = before.filter { $0 == 0x0A }.count + 1
        let lineStart = before.lastIndex(of: 0x0A).map { $0 + 1 } ?? before.startIndex
        // Columns count characters, not bytes, so a Chinese name before the mistake does not shift it.
        let column = String(decoding: data[lineStart..<before.endIndex], as: UTF8.self).count + 1
        let what = offset >= data.count ? "JSON 在此处提前结束（缺少右括号或引号？）" : "此处不是有效的 JSON（检查引号、逗号和括号）"
        return InputIssue(SourceLocation(file: file, line: line, column: column), "第 \(line) 行第 \(column) 列：\(what)")
    }
}
