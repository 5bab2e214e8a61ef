import Foundation
import Yams

/// What plan files and score sheets share: reading UTF-8 text, composing YAML with its marks, decoding
/// with every problem mapped to file, line, column and field, and placing a decoded value's problems on
/// their lines. A file with any problem yields nothing.
public enum YAMLFile {
    public static func text(path: String) throws(InputRejected) -> String {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw InputRejected([InputIssue(SourceLocation(file: path), "无法读取文件：\(error.localizedDescription)")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw InputRejected([InputIssue(SourceLocation(file: path), "文件不是 UTF-8 文本")])
        }
        return text
    }

    /// The decoded value and the composed document, whose marks place later problems. Strict: a key that the
    /// type's `CaseIterable` coding keys do not list is an error at its line (see `StrictYAMLDecoder`).
    public static func decode<T: Decodable>(_ type: T.Type, from text: String, file: String) throws(InputRejected) -> (T, Node) {
        try refuseAliases(in: text, file: file)
        guard let node = try compose(text, file: file) else {
            throw InputRejected([InputIssue(SourceLocation(file: file), "文件为空")])
        }
        do {
            return (try StrictYAMLDecoder(node: node).decode(T.self), node)
        } catch let error as DecodingError {
            throw InputRejected([issue(fromDecoding: error, in: node, file: file)])
        } catch {
            throw InputRejected([InputIssue(SourceLocation(file: file), "\(error)")])
        }
    }

    private static func compose(_ text: String, file: String) throws(InputRejected) -> Node? {
        do {
            return try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw InputRejected([issue(fromYAML: error, file: file)])
        } catch {
            throw InputRejected([InputIssue(SourceLocation(file: file), "无法解析：\(error)")])
        }
    }

    /// Aliases (`*name`) are refused before the text is composed: a few lines of aliases of aliases expand to
    /// billions of nodes, which Yams hashes whole when they form a mapping key and the decoder walks one by one,
    /// holding the reader for hours. No plan, score sheet or questionnaire needs them. The text is composed once
    /// with every `*` turned into a private-use character: a plain scalar starting with it was an alias.
    private static func refuseAliases(in text: String, file: String) throws(InputRejected) {
        guard text.contains("*") else { return }
        let mark = "\u{E000}"
        guard let probe = try compose(text.replacingOccurrences(of: "*", with: mark), file: file) else { return }
        var pending = [probe]
        var first: Node.Scalar?
        while let node = pending.popLast() {
            switch node {
            case .scalar(let scalar) where scalar.style == .plain && scalar.string.hasPrefix(mark):
                let at = { (s: Node.Scalar?) in (s?.mark?.line ?? .max, s?.mark?.column ?? .max) }
                if first == nil || at(scalar) < at(first) { first = scalar }
            case .mapping(let mapping): for (key, value) in mapping { pending += [key, value] }
            case .sequence(let sequence): pending += Array(sequence)
            case .scalar, .alias: break
            }
        }
        guard let first else { return }
        throw InputRejected([InputIssue(SourceLocation(file: file, line: first.mark?.line, column: first.mark?.column),
                                        "不支持 YAML 别名「*\(first.string.dropFirst().prefix(40))」：请把内容直接写出，不要用 & 和 * 引用")])
    }

    /// Every `*.yaml` file of a folder (not sub-folders, not hidden), read with `load`, in file-name order,
    /// with the file each came from. Problems of all files are thrown together, including an id used by
    /// two files (named at the second file's `id` line, `kind` saying what it is).
    public static func loadFolder<T>(_ directory: String, kind: String, id: (T) -> String,
                              load: (String) throws(InputRejected) -> T) throws(InputRejected) -> (values: [T], files: [String: String]) {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw InputRejected([InputIssue(SourceLocation(file: directory), "无法读取文件夹：\(error.localizedDescription)")])
        }
        let paths = names.filter { $0.hasSuffix(".yaml") && !$0.hasPrefix(".") }.sorted()
            .map { URL(fileURLWithPath: directory).appendingPathComponent($0).path }
        var values: [T] = []
        var files: [String: String] = [:]
        var issues: [InputIssue] = []
        for path in paths {
            do {
                let value = try load(path)
                if let first = files[id(value)] {
                    issues.append(InputIssue(SourceLocation(file: path, line: line(of: ["id"], inFileAt: path), field: ["id"]),
                                             "\(kind) id「\(id(value))」与 \(first) 重复"))
                } else {
                    files[id(value)] = path
                    values.append(value)
                }
            } catch {
                issues += error.issues
            }
        }
        if !issues.isEmpty { throw InputRejected(issues) }
        return (values, files)
    }

    /// The line of a field in the YAML file at `path`, for a problem found after the file was read; nil when the
    /// file no longer reads.
    public static func line(of field: FieldPath, inFileAt path: String) -> Int? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
              let node = try? Yams.compose(yaml: text) else { return nil }
        return SourceMap(root: node).mark(of: field)?.line
    }

    /// Problems found in a decoded value, each at the line of its field.
    public static func place(_ problems: [(field: FieldPath, message: String)], in root: Node, file: String) -> [InputIssue] {
        let map = SourceMap(root: root)
        return problems.map { problem in
            let mark = map.mark(of: problem.field)
            return InputIssue(SourceLocation(file: file, line: mark?.line, column: mark?.column, field: problem.field),
                              problem.message)
        }
    }

    public static func issue(fromYAML error: YamlError, file: String) -> InputIssue {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
             .composer(_, let problem, let mark, _):
            return InputIssue(SourceLocation(file: file, line: mark.line, column: mark.column),
                              "YAML 语法错误：\(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let names = duplicates.map { "「\($0)」" }.joined(separator: "、")
            return InputIssue(SourceLocation(file: file, line: context.mark.line, column: context.mark.column),
                              "字段\(names)重复出现")
        case .reader(let problem, _, _, _):
            return InputIssue(SourceLocation(file: file), "无法读取 YAML：\(problem)")
        default:
            return InputIssue(SourceLocation(file: file), "YAML 错误：\(error)")
        }
    }

    public static func issue(fromDecoding error: DecodingError, in root: Node, file: String) -> InputIssue {
        let (codingPath, message) = explain(error)
        let field = FieldPath(codingPath: codingPath)
        // A missing key has no line of its own: point at the mapping that lacks it.
        var markPath = field
        if case .keyNotFound = error, !markPath.components.isEmpty { markPath.components.removeLast() }
        let mark = SourceMap(root: root).mark(of: markPath)
        return InputIssue(SourceLocation(file: file, line: mark?.line, column: mark?.column,
                                         field: field.components.isEmpty ? nil : field), message)
    }

    /// Where a Codable error is and what it means, in Chinese (YAML and JSON inputs alike).
    public static func explain(_ error: DecodingError) -> (codingPath: [CodingKey], message: String) {
        switch error {
        case .keyNotFound(let key, let context): (context.codingPath + [key], "缺少必填字段「\(key.stringValue)」")
        case .typeMismatch(let type, let context): (context.codingPath, "类型不对：此处应为\(describe(type))")
        case .valueNotFound(let type, let context): (context.codingPath, "此处应有\(describe(type))，但为空")
        case .dataCorrupted(let context): (context.codingPath, context.debugDescription)
        @unknown default: ([], "\(error)")
        }
    }

    public static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "文本"
        case is Int.Type: "整数"
        case is Double.Type, is Decimal.Type: "数字"
        case is Bool.Type: "true 或 false"
        default: String(describing: type).hasPrefix("Array") ? "列表" : "映射（键: 值）"
        }
    }
}

/// Finds the line of a field in a composed YAML tree.
public struct SourceMap {
    public let root: Node

    public init(root: Node) { self.root = root }

    /// The position of the deepest node on the path that exists; for a mapping key, the key itself.
    public func mark(of path: FieldPath) -> Mark? {
        var node = root
        var best = root.mark
        for component in path.components {
            switch component {
            case .key(let name):
                guard case .mapping(let mapping) = node,
                      let pair = mapping.first(where: { $0.key.string == name }) else { return best }
                best = pair.key.mark ?? best
                node = pair.value
            case .index(let i):
                guard case .sequence(let sequence) = node, i >= 0, i < sequence.count else { return best }
                node = sequence[i]
                best = node.mark ?? best
            }
        }
        // A scalar value is more precise than its key.
        if case .scalar = node, let mark = node.mark { return mark }
        return best
    }
}
