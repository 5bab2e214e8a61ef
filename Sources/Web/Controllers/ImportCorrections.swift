import Core
import Domain
import Foundation

/// Turns what the draft page sends back into a corrected plan. Every problem names its field; the
/// caller keeps nothing unless there are none.
enum DraftCorrections {
    struct Result {
        var plan: Plan
        var choices: [String: String]
        var sources: [String: SourceSpan]
        var problems: [(field: String, message: String)] = []
    }

    /// The checks of a plan file, as form problems: `tasks[3].responsible[1]`, 「X」不在本方案的单位列表…
    static func problems(in plan: Plan) -> [(field: String, message: String)] {
        DraftCheck.problems(in: plan).map { ($0.location.field?.description ?? "方案", $0.message) }
    }

    /// The whole plan as YAML, checked like a plan file; problems carry their YAML line.
    static func fromYAML(_ text: String, draft: PlanDraft, choices: [String: String]) -> Result {
        var result = Result(plan: draft.plan, choices: choices, sources: draft.sources)
        do {
            result.plan = try PlanFile.parse(text, file: "YAML")
        } catch {
            result.problems = error.issues.map { issue in
                (issue.location.field?.description ?? "YAML",
                 issue.message + (issue.location.line.map { "（YAML 第\($0)行）" } ?? ""))
            }
        }
        return result
    }

    /// The page's form: basic facts, phases, cell targets, each task's responsible units and the unit matches.
    static func fromForm(_ form: [String: String], draft: PlanDraft, choices: [String: String],
                         matches: [UnitMatch]) -> Result {
        let original = draft.plan
        var result = Result(plan: original, choices: choices, sources: draft.sources)
        let text = FormFields(form).sent
        func problem(_ field: String, _ message: String) { result.problems.append((field, message)) }

        if let id = text("id") { result.plan.id = id }
        if let title = text("title") { result.plan.title = title }
        if let raw = text("programme") {
            if let kind = ProgrammeKind(rawValue: raw) { result.plan.programme = kind } else { problem("programme", "请选择创建类型") }
        }
        if let name = text("placeName") { result.plan.place.name = name }
        if let raw = text("placeLevel") {
            if let level = RegionLevel(rawValue: raw) { result.plan.place.level = level } else { problem("place.level", "请选择地区级别") }
        }

        if let phases = rows(form, "phase", fields: ["name", "start", "end"], { (row, value) -> Phase? in
            let field = "phases[\(row)]"
            guard !value["name"]!.isEmpty else { problem("\(field).name", "请填写阶段名称"); return nil }
            guard let first = LocalDate(iso: value["start"]!) else { problem("\(field).start", dateProblem(value["start"]!)); return nil }
            guard let last = LocalDate(iso: value["end"]!) else { problem("\(field).end", dateProblem(value["end"]!)); return nil }
            return Phase(name: value["name"]!, start: first, end: last, text: row < original.phases.count ? original.phases[row].text : nil)
        }) {
            result.plan.phases = phases.items
            result.sources = rekey(result.sources, list: "phases", moved: phases.moved.filter { $0.key < original.phases.count })
        }

        if let targets = rows(form, "cell", fields: ["cell", "label", "percent", "count", "per"], { (row, value) -> CellTarget? in
            let field = "cellTargets[\(row)]"
            var target = CellTarget(cell: value["cell"]!, label: value["label"]!.isEmpty ? nil : value["label"])
            if let percent = value["percent"], !percent.isEmpty {
                guard let number = Double(percent) else { problem("\(field).atLeastPercent", "「\(percent)」不是数字"); return nil }
                target.atLeastPercent = number
            }
            if let count = value["count"], !count.isEmpty {
                guard let number = Int(count) else { problem("\(field).atLeastCount", "「\(count)」不是整数"); return nil }
                target.atLeastCount = number
            }
            if let per = value["per"], !per.isEmpty {
                guard let level = RegionLevel(rawValue: per) else { problem("\(field).per", "请选择适用范围"); return nil }
                target.per = level
            }
            return target
        }) {
            result.plan.cellTargets = targets.items
            result.sources = rekey(result.sources, list: "cellTargets", moved: targets.moved.filter { $0.key < original.cellTargets.count })
        }

        var row = 0
        while let name = form["unit.\(row).name"] {
            result.choices[name] = text("unit.\(row).match") ?? ""
            row += 1
        }
        // A unit typed by the name of the stored unit it was matched to means the draft's unit.
        let effective = ImportController.effectiveChoices(result.choices, matches)
        let spellings = Set(original.units.flatMap(\.spellings))
        func resolve(_ name: String) -> String {
            if spellings.contains(name) { return name }
            let match = matches.first { match in
                guard let chosen = effective[match.draft.name] else { return false }
                return chosen == name || match.candidates.contains { $0.name == chosen && $0.spellings.contains(name) }
            }
            return match?.draft.name ?? name
        }
        for index in original.tasks.indices {
            guard let raw = form["task.\(index).responsible"] else { continue }
            var seen = Set<String>()
            let names = splitUnits(raw).map(resolve).filter { seen.insert($0).inserted }
            var task = result.plan.tasks[index]
            task.responsible = names
            // Units taken off the task are no longer its lead or participants either.
            if let lead = task.lead, !names.contains(lead) { task.lead = nil }
            task.participants = task.participants.filter(names.contains)
            result.plan.tasks[index] = task
        }
        return result
    }

    /// A repeated group of rows (`phase.0.name`, `phase.1.name`, …: the draft's own, then blank ones to
    /// add), each read by `read` unless ticked for removal or left blank; nil when the form did not send
    /// the group. `moved` maps each row kept to its new position.
    private static func rows<Item>(_ form: [String: String], _ group: String, fields: [String],
                                   _ read: (_ row: Int, _ values: [String: String]) -> Item?) -> (items: [Item], moved: [Int: Int])? {
        func key(_ row: Int, _ field: String) -> String { "\(group).\(row).\(field)" }
        guard form[key(0, fields[0])] != nil else { return nil }
        var items: [Item] = []
        var moved: [Int: Int] = [:]
        var row = 0
        while form[key(row, fields[0])] != nil {
            defer { row += 1 }
            let values = Dictionary(uniqueKeysWithValues: fields.map {
                ($0, (form[key(row, $0)] ?? "").trimmingCharacters(in: .whitespacesAndNewlines))
            })
            if form[key(row, "remove")] == "1" || values.values.allSatisfy(\.isEmpty) { continue }
            guard let item = read(row, values) else { continue }
            moved[row] = items.count
            items.append(item)
        }
        return (items, moved)
    }

    /// Units as typed: separated by 、 (or ，,；; and line breaks).
    static func splitUnits(_ text: String) -> [String] {
        text.split(whereSeparator: { "、，,；;\n\r".contains($0) })
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    private static func dateProblem(_ value: String) -> String {
        value.isEmpty ? "请填写日期（如 2024-03-01）" : "「\(value)」不是有效日期，请写成 2024-03-01 的形式"
    }

    /// Moves `list[i]…` provenance to the rows' new positions; rows removed lose theirs.
    static func rekey(_ sources: [String: SourceSpan], list: String, moved: [Int: Int]) -> [String: SourceSpan] {
        var result: [String: SourceSpan] = [:]
        for (key, span) in sources {
            guard key.hasPrefix(list + "["), let close = key.firstIndex(of: "]"),
                  let index = Int(key[key.index(key.startIndex, offsetBy: list.count + 1)..<close]) else {
                result[key] = span
                continue
            }
            if let target = moved[index] { result["\(list)[\(target)]" + key[key.index(after: close)...]] = span }
        }
        return result
    }
}
