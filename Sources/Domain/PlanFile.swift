import Foundation

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
                    let line = YAMLFile.line(of: ["id"], inFileAt: path)
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
}
