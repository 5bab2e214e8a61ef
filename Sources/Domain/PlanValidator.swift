import Foundation

/// The rules a plan must satisfy beyond its shape. Each problem names the field it is in.
public enum PlanValidator {
    public struct Problem: Hashable, Sendable {
        public var field: FieldPath
        public var message: String
    }

    public static func problems(in plan: Plan) -> [Problem] {
        var problems: [Problem] = []
        func report(_ field: FieldPath, _ message: String) { problems.append(Problem(field: field, message: message)) }

        if !isSlug(plan.id) {
            report(["id"], "id「\(plan.id)」只能由小写字母、数字和连字符组成，且以字母或数字开头")
        }
        if let code = plan.place.code, !code.allSatisfy(\.isASCIIDigit) {
            report(["place", "code"], "行政区划代码「\(code)」只能是数字")
        }
        for (i, parent) in plan.place.parents.enumerated() {
            if let code = parent.code, !code.allSatisfy(\.isASCIIDigit) {
                report(FieldPath(["place", "parents"]).index(i).key("code"), "行政区划代码「\(code)」只能是数字")
            }
        }

        for (i, phase) in plan.phases.enumerated() where phase.end < phase.start {
            report(FieldPath(["phases"]).index(i).key("end"),
                   "阶段「\(phase.name)」的结束日期 \(phase.end) 早于开始日期 \(phase.start)")
        }
        if let day = plan.reporting?.monthlyDueDay, !(1...31).contains(day) {
            report(["reporting", "monthlyDueDay"], "每月报送日 \(day) 应在 1–31 之间")
        }

        // Units: every spelling names exactly one unit or working group.
        var owner: [String: String] = [:]
        for (i, unit) in plan.units.enumerated() {
            for (j, spelling) in unit.spellings.enumerated() {
                let field = j == 0 ? FieldPath(["units"]).index(i).key("name")
                                   : FieldPath(["units"]).index(i).key("aliases").index(j - 1)
                if let other = owner[spelling] {
                    report(field, "单位名称「\(spelling)」重复（已用于「\(other)」）")
                } else {
                    owner[spelling] = unit.name
                }
            }
            if unit.covers != nil && unit.kind != .group {
                report(FieldPath(["units"]).index(i).key("covers"), "只有统称（kind: group）才能有 covers")
            }
        }
        for (i, group) in plan.organisation.workingGroups.enumerated() {
            if let other = owner[group.name] {
                report(FieldPath(["organisation", "workingGroups"]).index(i).key("name"),
                       "工作组名称「\(group.name)」与「\(other)」重复")
            } else {
                owner[group.name] = group.name
            }
        }
        func checkUnit(_ name: String, _ field: FieldPath) {
            if owner[name] == nil {
                report(field, "「\(name)」不在本方案的单位列表（units）或工作组中")
            }
        }

        let org = FieldPath(["organisation"])
        for (i, name) in plan.organisation.memberUnits.enumerated() {
            checkUnit(name, org.key("memberUnits").index(i))
        }
        var seenMembers = Set<String>()
        for (i, name) in plan.organisation.memberUnits.enumerated() {
            if let canonical = owner[name], !seenMembers.insert(canonical).inserted {
                report(org.key("memberUnits").index(i), "成员单位「\(name)」重复")
            }
        }
        if let unit = plan.organisation.office?.unit { checkUnit(unit, org.key("office").key("unit")) }
        for (i, group) in plan.organisation.workingGroups.enumerated() {
            let field = org.key("workingGroups").index(i)
            if let lead = group.lead { checkUnit(lead, field.key("lead")) }
            for (j, name) in group.participants.enumerated() { checkUnit(name, field.key("participants").index(j)) }
        }

        var numbersBySection: [String: Set<String>] = [:]
        // An archived task may name units since removed; it is kept only for its data.
        for (i, task) in plan.tasks.enumerated() where !task.archived {
            let field = FieldPath(["tasks"]).index(i)
            for (j, name) in task.responsible.enumerated() { checkUnit(name, field.key("responsible").index(j)) }
            if let lead = task.lead {
                checkUnit(lead, field.key("lead"))
                if !task.responsible.contains(lead) {
                    report(field.key("lead"), "牵头单位「\(lead)」也应列在 responsible 中")
                }
            }
            for (j, name) in task.participants.enumerated() {
                checkUnit(name, field.key("participants").index(j))
                if !task.responsible.contains(name) {
                    report(field.key("participants").index(j), "参加单位「\(name)」也应列在 responsible 中")
                }
            }
            if Set(task.responsible).count != task.responsible.count {
                report(field.key("responsible"), "责任单位有重复")
            }
            if let number = task.number {
                let section = task.sectionPath.joined(separator: "/")
                if !numbersBySection[section, default: []].insert(number).inserted {
                    report(field.key("number"), "同一部分「\(task.section ?? "")」中编号「\(number)」重复")
                }
            }
        }

        for (i, target) in plan.cellTargets.enumerated() {
            let field = FieldPath(["cellTargets"]).index(i)
            if !isSlug(target.cell) {
                report(field.key("cell"), "细胞类型「\(target.cell)」应为小写英文标识（如 community、school）")
            } else if CellType(rawValue: target.cell) == nil && target.label == nil {
                report(field.key("label"), "自定义细胞类型「\(target.cell)」须有中文 label")
            }
            switch (target.atLeastPercent, target.atLeastCount) {
            case (nil, nil), (.some, .some):
                report(field, "须恰好给出 atLeastPercent 或 atLeastCount 之一")
            case (let percent?, nil) where !(percent > 0 && percent <= 100):
                report(field.key("atLeastPercent"), "比例 \(percent) 应在 0–100 之间")
            case (nil, let count?) where count <= 0:
                report(field.key("atLeastCount"), "数量 \(count) 应大于 0")
            default: break
            }
        }

        problems += livingProblems(in: plan, owner: owner)

        var codes = Set<String>()
        for (i, indicator) in plan.indicators.enumerated() {
            let field = FieldPath(["indicators"]).index(i).key("code")
            if !codes.insert(indicator.code).inserted {
                report(field, "指标代码「\(indicator.code)」重复")
            }
            if indicator.code.hasPrefix("HC") {
                if let n = Int(indicator.code.dropFirst(2)), (1...42).contains(n) {} else {
                    report(field, "健康城市指标代码应为 HC1–HC42，而不是「\(indicator.code)」")
                }
            } else if !indicator.code.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber || $0 == "-") }) {
                report(field, "方案自定指标代码「\(indicator.code)」只能由大写字母、数字和连字符组成")
            }
            if let source = indicator.target {
                let targetField = FieldPath(["indicators"]).index(i).key("target")
                do {
                    let expression = try TargetExpression(parsing: source)
                    let known = IndicatorCatalogue.byCode[indicator.code]
                        ?? ProgrammeIndicators.inferIndicator(code: indicator.code, name: indicator.name,
                                                              expression: expression, planID: plan.id)
                    for problem in expression.problems(for: known) { report(targetField, problem) }
                } catch {
                    report(targetField, "目标表达式「\(source)」有误：\(error)")
                }
            }
        }
        return problems
    }

    static func isSlug(_ s: String) -> Bool {
        guard let first = s.first, first.isASCII, first.isLowercase || first.isNumber else { return false }
        return s.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
