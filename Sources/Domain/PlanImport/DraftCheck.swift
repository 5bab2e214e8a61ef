import Foundation
import Yams

/// The checks a corrected draft must pass before it is kept or saved: the same as a plan file's
/// (`PlanFile.parse`: required fields, then `PlanValidator`), so a saved draft is one `plan load` would take.
public enum DraftCheck {
    /// The plan as an authoring YAML file.
    public static func yaml(of plan: Plan) throws -> String {
        try YAMLEncoder().encode(plan)
    }

    /// Every problem, each naming its field; empty when the plan may be saved.
    public static func problems(in plan: Plan) -> [InputIssue] {
        let text: String
        do {
            text = try yaml(of: plan)
        } catch {
            return [InputIssue(SourceLocation(file: "草稿"), "无法写成方案文件：\(error)")]
        }
        do {
            _ = try PlanFile.parse(text, file: "草稿")
            return []
        } catch {
            return error.issues
        }
    }
}
