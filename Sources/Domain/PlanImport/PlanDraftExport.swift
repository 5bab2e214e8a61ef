import Foundation
import Yams

extension PlanDraft {
    /// The canonical plan JSON (plan-format.md) plus one added key, `importReport`: the source file,
    /// where every item came from, and what could not be placed.
    public func canonicalJSONWithReport() throws -> Data {
        let planData = try plan.canonicalJSON()
        guard var object = try JSONSerialization.jsonObject(with: planData) as? [String: Any] else { return planData }
        var provenance: [String: Any] = [:]
        for (path, span) in sources { provenance[path] = ["from": span.first, "to": span.last, "where": describe(span)] }
        object["importReport"] = [
            "file": document.fileName,
            "format": document.format.rawValue,
            "encoding": document.encoding as Any,
            "unit": document.format == .docx ? "paragraph" : "line",
            "sources": provenance,
            "unplaced": notes.map { note -> [String: Any] in
                var entry: [String: Any] = ["kind": note.kind.rawValue, "message": note.message]
                if let span = note.span { entry["from"] = span.first; entry["to"] = span.last; entry["where"] = describe(span) }
                return entry
            },
        ]
        return try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    }

    /// The plan as an authoring YAML file, headed by the import report as comments.
    public func yaml() throws -> String {
        var header = ["# 由 healthcity import-doc 从「\(document.fileName)」生成的方案草稿。请核对后再导入（healthcity plan load）。"]
        if notes.isEmpty {
            header.append("# 没有需要人工核对的未归位内容。")
        } else {
            header.append("# 需要人工核对（\(notes.count) 条）：")
            for note in notes {
                header.append("#   - " + (note.span.map { describe($0) + "：" } ?? "") + note.message)
            }
        }
        return header.joined(separator: "\n") + "\n" + (try YAMLEncoder().encode(plan))
    }

    /// Short lines for a terminal: each item with where it came from, then the report.
    public func summaryLines() -> [String] {
        var lines: [String] = []
        func at(_ path: FieldPath) -> String { source(of: path).map { "  〔\(describe($0))〕" } ?? "" }
        lines.append("方案：\(plan.title.isEmpty ? "（未识别）" : plan.title)\(at(["title"]))")
        lines.append("地区：\(plan.place.name.isEmpty ? "（未识别）" : plan.place.name)（\(plan.place.level.chineseName)）  类型：\(plan.programme.chineseName)")
        if let number = plan.document.number { lines.append("文号：\(number)\(at(["document", "number"]))") }
        if let issuer = plan.document.issuer { lines.append("发文机关：\(issuer)\(at(["document", "issuer"]))") }
        if let date = plan.document.date { lines.append("成文日期：\(date)\(at(["document", "date"]))") }
        for (i, phase) in plan.phases.enumerated() {
            lines.append("阶段 \(i + 1)：\(phase.name) \(phase.start)—\(phase.end)\(at(FieldPath(["phases"]).index(i)))")
        }
        let org = plan.organisation
        if let group = org.leadingGroup {
            let names = { (people: [Person]) in people.map { [$0.name, $0.title].compactMap { $0 }.joined(separator: " ") }.joined(separator: "；") }
            lines.append("领导小组：\(group.name ?? "（未写名称）")\(at(["organisation", "leadingGroup"]))")
            if !group.leader.isEmpty { lines.append("  组长：\(names(group.leader))") }
            if !group.deputies.isEmpty { lines.append("  副组长：\(names(group.deputies))") }
            if !group.members.isEmpty { lines.append("  成员：\(group.members.count) 人") }
        }
        if !org.memberUnits.isEmpty { lines.append("成员单位：\(org.memberUnits.count) 个\(at(["organisation", "memberUnits"]))") }
        if let office = org.office {
            lines.append("办公室：\([office.name, office.unit.map { "设在\($0)" }, office.director.map { "主任 \($0)" }].compactMap { $0 }.joined(separator: "，"))\(at(["organisation", "office"]))")
        }
        for (i, group) in org.workingGroups.enumerated() {
            lines.append("工作组：\(group.name)，牵头 \(group.lead ?? "—")，参加 \(group.participants.count) 个\(at(FieldPath(["organisation", "workingGroups"]).index(i)))")
        }
        for (i, target) in plan.cellTargets.enumerated() {
            let amount = target.atLeastPercent.map { "≥\($0.formatted())%" } ?? target.atLeastCount.map { "≥\($0) 个" } ?? ""
            lines.append("细胞目标：\(target.displayName) \(amount)\(target.per == .township ? "（每乡镇）" : target.per == .village ? "（每村）" : "")\(at(FieldPath(["cellTargets"]).index(i)))")
        }
        for (i, indicator) in plan.indicators.enumerated() where indicator.hasTarget {
            let stated = [indicator.text, indicator.target].compactMap { $0 }.joined(separator: " → ")
            lines.append("指标：\(indicator.code) \(indicator.name)：\(stated)\(at(FieldPath(["indicators"]).index(i)))")
        }
        for (i, duty) in plan.duties.enumerated() {
            let kind = duty.activityKind?.chineseName ?? duty.activity
            lines.append("常规工作：\(kind) \(duty.requirement.chineseDescription)\(at(FieldPath(["duties"]).index(i)))")
        }
        lines.append("任务：\(plan.tasks.count) 项")
        for (i, task) in plan.tasks.enumerated() {
            let label = [task.number, task.title].compactMap { $0 }.joined(separator: " ")
            let units = task.responsible.isEmpty ? "（未写责任单位）" : task.responsible.joined(separator: "、")
            lines.append("  \(label.isEmpty ? "#\(i + 1)" : label) → \(units)\(at(FieldPath(["tasks"]).index(i)))")
        }
        for (i, annex) in plan.annexes.enumerated() {
            lines.append("附件\(annex.number ?? "")：\(annex.title)\(at(FieldPath(["annexes"]).index(i)))")
        }
        if notes.isEmpty {
            lines.append("未归位：无")
        } else {
            lines.append("需要核对（\(notes.count) 条）：")
            for note in notes { lines.append("  - " + (note.span.map { describe($0) + "：" } ?? "") + note.message) }
        }
        return lines
    }
}
