import Domain
import Foundation
import Plot

/// The office's page for changing the running plan: the period and reporting day, milestones, tasks, units,
/// indicators, and the whole plan as a file for what the forms do not cover. Every save is a revision.
struct PlanEditView {
    var model: Model

    func render() -> String {
        let p = model.plan
        return Layout(title: "调整方案", crumbs: [.init(title: "创建方案", url: .planList), .init(title: p.title, url: .plan(p.id)),
                                              .init(title: "调整方案", url: nil)], content: .group(
            .h1("调整方案"),
            .p(.class("sub"),
               .text(model.latest.map { "当前为第 \($0.revision) 版（\(EditConflict.chinaTime($0.at)) \($0.by)：\($0.why)）。" } ?? "方案尚未调整过。"),
               .text("每次保存都成为新的一版，可在"), .a(.href(SiteURL.planHistory(p.id, from: nil, to: nil).path), .text("历史版本")),
               .text("中比较和恢复。删去已有数据的指标、任务或单位会被拒绝，可改为归档。")),
            .flash(model.notice),
            schedule(), tasks(), units(), indicators(), milestones(), wholePlan()
        )).render()
    }

    private func why(_ placeholder: String) -> Node<HTML.FormContext> {
        .label(.text("修改原因"), .input(.type(.text), .name("why"), .attribute(named: "placeholder", value: attr(placeholder))))
    }

    private func schedule() -> Node<HTML.BodyContext> {
        let p = model.plan
        return .section(.class("card"), .id("schedule"),
            .h2("实施期与月报"),
            .p(.class("muted"), .text(p.phases.isEmpty
                ? "本方案没有注明日期的实施阶段：请设定实施期，任务期限和月报才能计算。"
                : "实施期默认取各阶段的起止日期；在此设定则以此为准。")),
            .form(.method(.post), .action(SiteURL.savePlanSchedule(p.id).path), .class("stack"),
                .csrfField(), .revisionField(model.revision),
                .label(.text("实施期开始"), .input(.type(.date), .name("start"), .value(attr(p.period?.start.iso ?? "")))),
                .label(.text("实施期结束"), .input(.type(.date), .name("end"), .value(attr(p.period?.end.iso ?? "")))),
                .label(.text("月报每月报送日（1–31，留空则不设月报）"),
                       .input(.type(.number), .name("dueDay"), .attribute(named: "min", value: "1"), .attribute(named: "max", value: "31"),
                              .value(attr(p.reporting.map { String($0.monthlyDueDay) } ?? "")))),
                why("如：方案未注明阶段日期，按县政府部署设定"),
                .button(.type(.submit), .text("保存实施期与月报"))))
    }

    private func tasks() -> Node<HTML.BodyContext> {
        let p = model.plan
        return .section(.class("card"), .id("tasks"),
            .h2("任务"),
            .p(.a(.class("button"), .href(SiteURL.planTaskEdit(plan: p.id, task: "new").path), .text("新增任务"))),
            .table(.class("stack"),
                .thead(.tr(.th("任务"), .th("责任单位"), .th("期限"), .th("子任务"), .th("进展记录"), .th(""))),
                .tbody(.forEach(p.tasks) { task in
                    let id = task.id ?? 0
                    return .tr(.if(task.archived, .class("muted")),
                        .cell("任务", text: PlanDiff.taskLabel(task) + (task.archived ? "（已归档）" : "")),
                        .cell("责任单位", text: task.responsible.joined(separator: "、")),
                        .cell("期限", text: task.deadline?.chineseDescription ?? "按阶段或实施期"),
                        .cell("子任务", numeric: true, text: "\(task.subtasks.filter { !$0.archived }.count)"),
                        .cell("进展记录", numeric: true, text: "\(model.attached.taskProgress[id] ?? 0)"),
                        .cell("", .a(.href(SiteURL.planTaskEdit(plan: p.id, task: String(id)).path), .text("编辑"))))
                })))
    }

    private func units() -> Node<HTML.BodyContext> {
        let p = model.plan
        return .section(.class("card"), .id("units"),
            .h2("单位"),
            .unwrap(model.townshipsNotUnits.isEmpty ? nil : model.townshipsNotUnits) { names in
                .form(.method(.post), .action(SiteURL.addTownshipUnits(p.id).path), .class("toolbar"),
                      .csrfField(), .revisionField(model.revision),
                      .span(.text("区划中有 \(names.count) 个乡镇（街道）尚不是本方案的单位：\(names.prefix(8).joined(separator: "、"))\(names.count > 8 ? "等" : "")。")),
                      .button(.type(.submit), .text("把它们加为乡镇单位")))
            },
            .table(.class("stack"),
                .thead(.tr(.th("单位"), .th("类型"), .th("对应区划"), .th("月报与进展"), .th(""))),
                .tbody(.forEach(p.units) { unit in
                    .tr(.if(unit.archived, .class("muted")),
                        .cell("单位", text: unit.name + (unit.archived ? "（已归档）" : "")),
                        .cell("类型", text: unit.kind.chineseName),
                        .cell("对应区划", text: unit.region ?? ""),
                        .cell("月报与进展", numeric: true, text: "\(model.attached.unitRecords[unit.name] ?? 0)"),
                        .cell("", itemActions(.unit(plan: p.id, name: unit.name), archived: unit.archived)))
                })),
            .form(.method(.post), .action(SiteURL.savePlanUnits(p.id).path), .class("stack"),
                .csrfField(), .revisionField(model.revision),
                .h3("新增单位"),
                .label(.text("名称"), .input(.type(.text), .name("name"), .required(true))),
                .label(.text("类型"), .select(.attribute(named: "name", value: "kind"), .forEach(UnitKind.allCases.filter { $0 != .group }) { kind in
                    .choice(kind.rawValue, kind.chineseName, selected: kind == .department) })),
                .label(.text("对应区划（乡镇单位填其乡镇名称）"), .input(.type(.text), .name("region"))),
                .label(.class("check"), .input(.type(.checkbox), .name("member"), .value("1"), .attribute(named: "checked", value: "checked")),
                       .text(" 成员单位（按月报送进展）")),
                why("如：县政府调整成员单位"),
                .button(.type(.submit), .text("新增单位"))))
    }

    private func indicators() -> Node<HTML.BodyContext> {
        let p = model.plan
        return .section(.class("card"), .id("indicators"),
            .h2("指标"),
            .table(.class("stack"),
                .thead(.tr(.th("指标"), .th("目标"), .th("已有数据"), .th(""))),
                .tbody(.forEach(p.indicators) { indicator in
                    .tr(.if(indicator.archived, .class("muted")),
                        .cell("指标", text: indicator.name + (indicator.archived ? "（已归档，不再考核）" : "")),
                        .cell("目标", text: indicator.text ?? "—"),
                        .cell("已有数据", numeric: true, text: "\(model.attached.figures[indicator.code] ?? 0)"),
                        .cell("", itemActions(.indicator(plan: p.id, code: indicator.code), archived: indicator.archived)))
                })))
    }

    private func itemActions(_ target: PlanItemTarget, archived: Bool) -> Node<HTML.BodyContext> {
        let actions: [PlanEdits.ItemAction] = archived ? [.restore] : [.archive, .remove]
        return .forEach(actions) { action in
            .form(.method(.post), .action(target.url.path), .class("inline"),
                  .if(action == .remove, .attribute(named: "data-confirm", value: attr("确定删除吗？已有数据的项目不能删除，只能归档。"))),
                  .csrfField(), .revisionField(model.revision), .input(.type(.hidden), .name("action"), .value(attr(action.rawValue))),
                  .button(.type(.submit), .if(action == .remove, .class("danger")), .text(action.chineseName)))
        }
    }

    private func milestones() -> Node<HTML.BodyContext> {
        let p = model.plan
        guard !p.phases.isEmpty else { return .empty }
        return .section(.class("card"), .id("milestones"),
            .h2("阶段节点"),
            .ul(.forEach(p.phases) { phase in
                .li(.b(.text(phase.name)), .text("（\(phase.start.chinese)至\(phase.end.chinese)）"),
                    .if(!phase.milestones.isEmpty, .ul(.forEach(phase.milestones) { m in
                        .li(.text(m.title + (m.date.map { "：\($0.chinese)" } ?? ""))) })))
            }),
            .form(.method(.post), .action(attr(SiteURL.savePlanSchedule(p.id).path + "?milestone=1")), .class("stack"),
                .csrfField(), .revisionField(model.revision),
                .label(.text("阶段"), .select(.attribute(named: "name", value: "phase"), .forEach(p.phases) { .choice($0.name, $0.name) })),
                .label(.text("节点（如：签订责任状、召开动员会、开展自查、建立档案）"), .input(.type(.text), .name("title"), .required(true))),
                .label(.text("日期"), .input(.type(.date), .name("date"))),
                why("如：按动员会安排"),
                .button(.type(.submit), .text("新增节点"))))
    }

    private func wholePlan() -> Node<HTML.BodyContext> {
        .section(.class("card"), .id("whole"),
            .element(named: "details", nodes: [
                .element(named: "summary", text: "整份方案（组织、工作组、细胞目标、指标目标等）"),
                .p(.class("muted"), .text("表单未涵盖的内容可在此修改整份方案，保存前按方案规则检查，出错时指出行号。")),
                .form(.method(.post), .action(SiteURL.savePlanYAML(model.plan.id).path), .class("stack"),
                    .csrfField(), .revisionField(model.revision),
                    .textarea(.name("yaml"), .attribute(named: "rows", value: "24"), .attribute(named: "spellcheck", value: "false"),
                              .attribute(named: "aria-label", value: "整份方案"), .text(model.yaml)),
                    why("如：领导小组成员调整"),
                    .button(.type(.submit), .text("保存整份方案")))]))
    }
}

/// A unit or indicator the edit page acts on.
enum PlanItemTarget {
    case unit(plan: String, name: String)
    case indicator(plan: String, code: String)

    var url: SiteURL {
        switch self {
        case .unit(let plan, let name): .planItemAction(plan: plan, kind: "unit", key: name)
        case .indicator(let plan, let code): .planItemAction(plan: plan, kind: "indicator", key: code)
        }
    }
}
