import Foundation
import Yams

/// Reads plan authoring files (YAML or JSON, same keys) into checked plans.
///
/// Every problem comes back as an `InputIssue` naming the file, the line and the field, and a file
/// with any problem yields no plan at all.
public enum PlanFile {
    /// Reads and checks one file.
    public static func load(path: String) throws(InputRejected) -> Plan {
        try parse(try YAMLFile.text(path: path), file: path)
    }

    /// Parses and checks plan text. `file` is only used to name the place of problems.
    public static func parse(_ text: String, file: String) throws(InputRejected) -> Plan {
        let (plan, node) = try YAMLFile.decode(Plan.self, from: text, file: file)
        let problems = PlanValidator.problems(in: plan)
        if !problems.isEmpty {
            throw InputRejected(YAMLFile.place(problems.map { ($0.field, $0.message) }, in: node, file: file))
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
