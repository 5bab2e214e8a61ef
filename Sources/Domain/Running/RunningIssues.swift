import Foundation

/// Collects the problems of one form or action so that all are reported together, each naming its
/// field, as `InputRejected` (the shape the web layer turns into field errors and the API into `issues`).
struct IssueList {
    /// Names the input in the issue (月报, 督导问题 …): the `file` of its `SourceLocation`.
    let source: String
    private(set) var issues: [InputIssue] = []

    init(_ source: String) { self.source = source }

    mutating func add(_ field: FieldPath, _ message: String) {
        issues.append(InputIssue(SourceLocation(file: source, field: field), message))
    }

    mutating func requireText(_ value: String?, _ field: FieldPath, _ message: String) {
        if value.map(isBlank) ?? true { add(field, message) }
    }

    func throwIfAny() throws(InputRejected) {
        if !issues.isEmpty { throw InputRejected(issues) }
    }

    /// Rejects with a single issue.
    static func reject(_ source: String, _ field: FieldPath, _ message: String) -> InputRejected {
        InputRejected([InputIssue(SourceLocation(file: source, field: field), message)])
    }
}

func isBlank(_ text: String) -> Bool { text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }

/// Resolves the unit names people type to the plan's canonical names.
extension UnitDirectory {
    /// The canonical name of a unit (not a working group or a collective name like 各成员单位).
    public func concreteUnitName(_ name: String) -> String? {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let unit = unit(named: trimmed), unit.kind != .group else { return nil }
        return unit.name
    }
}
