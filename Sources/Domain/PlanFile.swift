import Foundation
import Yams

/// Reads plan authoring files (YAML or JSON, same keys) into checked plans.
///
/// Every problem comes back as an `InputIssue` naming the file, the line and the field, and a file
/// with any problem yields no plan at all.
public enum PlanFile {
    /// Reads and checks one file.
    public static func load(path: String) throws(InputRejected) -> Plan {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw InputRejected([InputIssue(SourceLocation(file: path), "无法读取文件：\(error.localizedDescription)")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw InputRejected([InputIssue(SourceLocation(file: path), "文件不是 UTF-8 文本")])
        }
        return try parse(text, file: path)
    }

    /// Parses and checks plan text. `file` is only used to name the place of problems.
    public static func parse(_ text: String, file: String) throws(InputRejected) -> Plan {
        let node: Node
        do {
            guard let composed = try Yams.compose(yaml: text) else {
                throw InputRejected([InputIssue(SourceLocation(file: file), "文件为空")])
            }
            node = composed
        } catch let rejected as InputRejected {
            throw rejected
        } catch let error as YamlError {
            throw InputRejected([issue(fromYAML: error, file: file)])
        } catch {
            throw InputRejected([InputIssue(SourceLocation(file: file), "无法解析：\(error)")])
        }

        let plan: Plan
        do {
            plan = try YAMLDecoder().decode(Plan.self, from: node)
        } catch let error as DecodingError {
            throw InputRejected([issue(fromDecoding: error, in: node, file: file)])
        } catch {
            throw InputRejected([InputIssue(SourceLocation(file: file), "\(error)")])
        }

        let problems = PlanValidator.problems(in: plan)
        if !problems.isEmpty {
            throw InputRejected(problems.map { problem in
                let mark = SourceMap(root: node).mark(of: problem.field)
                return InputIssue(SourceLocation(file: file, line: mark?.line, column: mark?.column,
                                                 field: problem.field), problem.message)
            })
        }
        return plan
    }

    /// Checks several files together: each alone, then that no two share an id.
    public static func check(paths: [String]) -> (plans: [(path: String, plan: Plan)], issues: [InputIssue]) {
        var plans: [(String, Plan)] = []
        var issues: [InputIssue] = []
        var firstPathForID: [String: String] = [:]
        for path in paths {
            do {
                let plan = try load(path: path)
                if let first = firstPathForID[plan.id] {
                    let line = idLine(path: path)
                    issues.append(InputIssue(SourceLocation(file: path, line: line, field: ["id"]),
                                             "id「\(plan.id)」与 \(first) 重复"))
                } else {
                    firstPathForID[plan.id] = path
                    plans.append((path, plan))
                }
            } catch {
                issues += error.issues
            }
        }
        return (plans, issues)
    }

    private static func idLine(path: String) -> Int? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
              let node = try? Yams.compose(yaml: text) else { return nil }
        return SourceMap(root: node).mark(of: ["id"])?.line
    }

    private static func issue(fromYAML error: YamlError, file: String) -> InputIssue {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
             .composer(_, let problem, let mark, _):
            return InputIssue(SourceLocation(file: file, line: mark.line, column: mark.column),
                              "YAML 语法错误：\(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            // YAML would keep only one of the values: that would lose data.
            let names = duplicates.map { "「\($0)」" }.joined(separator: "、")
            return InputIssue(SourceLocation(file: file, line: context.mark.line, column: context.mark.column),
                              "字段\(names)重复出现")
        case .reader(let problem, _, _, _):
            return InputIssue(SourceLocation(file: file), "无法读取 YAML：\(problem)")
        default:
            return InputIssue(SourceLocation(file: file), "YAML 错误：\(error)")
        }
    }

    private static func issue(fromDecoding error: DecodingError, in root: Node, file: String) -> InputIssue {
        let codingPath: [CodingKey]
        let message: String
        switch error {
        case .keyNotFound(let key, let context):
            codingPath = context.codingPath
            message = "缺少必填字段「\(key.stringValue)」"
        case .typeMismatch(let type, let context):
            codingPath = context.codingPath
            message = "类型不对：此处应为\(describe(type))"
        case .valueNotFound(let type, let context):
            codingPath = context.codingPath
            message = "此处应有\(describe(type))，但为空"
        case .dataCorrupted(let context):
            codingPath = context.codingPath
            message = context.debugDescription
        @unknown default:
            codingPath = []
            message = "\(error)"
        }
        let field = FieldPath(codingPath: codingPath)
        let mark = SourceMap(root: root).mark(of: field)
        return InputIssue(SourceLocation(file: file, line: mark?.line, column: mark?.column,
                                         field: field.components.isEmpty ? nil : field), message)
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "文本"
        case is Int.Type: "整数"
        case is Double.Type: "数字"
        case is Bool.Type: "true 或 false"
        default: String(describing: type).hasPrefix("Array") ? "列表" : "映射（键: 值）"
        }
    }
}

/// Finds the line of a field in a composed YAML tree.
struct SourceMap {
    let root: Node

    /// The position of the deepest node on the path that exists; for a mapping key, the key itself.
    func mark(of path: FieldPath) -> Mark? {
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
