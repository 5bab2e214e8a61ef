import Foundation
import Formats

/// A new programme begun from one already stored: its organisation, units, tasks, targets and indicators copied as an
/// import draft, to be given its own id, title, place and dates in the draft editor before it is saved. Nothing the
/// old programme recorded (progress, reports, figures) comes along: those belong to the programme, not its plan.
public enum PlanTemplate {
    public static func draft(from template: Plan, id: String?) throws -> PlanDraft {
        var plan = template
        plan.id = id ?? "\(template.id)-new"
        plan.title = "（以此为模板）" + template.title
        plan.document = SourceDocument()
        // Archived items were the old programme's history.
        plan.tasks.removeAll { $0.archived }
        plan.units.removeAll { $0.archived }
        plan.indicators.removeAll { $0.archived }
        let text = try DraftCheck.yaml(of: plan)
        let document = ImportedDocument.text(text, fileName: "模板：\(template.title)")
        let notes = [
            ImportNote(kind: .missing, message: "这是以「\(template.title)」为模板生成的草稿：请改成本地的方案编号、名称、地点、发文字号和各阶段日期，核对单位和任务后再保存。"),
        ]
        return PlanDraft(plan: plan, document: document, sources: [:], notes: notes)
    }
}
