import Domain
import Foundation
import Plot

func runningCrumbs(_ plan: Plan, _ section: String, _ url: SiteURL, _ last: String?) -> [Layout.Crumb] {
    [.init(title: plan.title, url: .plan(plan.id)), .init(title: section, url: last == nil ? nil : url)]
        + (last.map { [.init(title: $0, url: nil)] } ?? [])
}

extension Node where Context: HTML.BodyContext {
    static func reportStatus(_ status: ReportStatus) -> Node {
        let colour: String = switch status {
        case .onTime: "met"
        case .late, .returned, .draft: "warn"
        case .notSubmitted: "not_met"
        }
        return .span(.class(attr("verdict \(colour)")), .text(status.chineseName))
    }

    static func problemState(_ state: ProblemState) -> Node {
        .span(.class(attr("cell-status \(state == .closed ? "certified" : state == .pending ? "revoked" : "applied")")), .text(state.chineseName))
    }

    static func evidenceList(_ refs: [EvidenceRef], url: (EvidenceRef) -> SiteURL) -> Node {
        refs.isEmpty ? .span(.class("muted"), .text("无附件"))
            : .ul(.class("files"), .forEach(refs) { ref in
                .li(.a(.href(url(ref).path), .text(ref.fileName)), .span(.class("muted"), .text(" \(max(1, ref.size / 1024)) KB")))
            })
    }
}

// MARK: - Monthly reports

struct ReportBoardView {
    struct Model {
        var plan: Plan
        var schedule: ReportingSchedule
        var months: [YearMonth]
        var rollUp: MonthlyRollUp
        var ownUnit: String?
        var ownReports: [MonthlyReport]
        var canSupervise: Bool
    }

    var model: Model

    func render() -> String {
        let p = model.plan, r = model.rollUp
        let month = r.month.description
        return Layout(title: "工作进展月报", crumbs: runningCrumbs(p, "工作月报", .monthlyReports(p.id, month: nil), nil), content: .group(
            .h1("工作进展月报"),
            .p(.class("sub"), .text("各成员单位每月 \(model.schedule.dueDay) 日前报送（当月没有 \(model.schedule.dueDay) 日的以月末为准）；\(r.month.chineseName)应于 \(r.dueDate.chinese)前报送")),
            .form(.method(.get), .action(SiteURL.monthlyReports(p.id, month: nil).path), .class("toolbar no-print"),
                .select(.attribute(named: "name", value: "month"), .attribute(named: "aria-label", value: "月份"),
                    .forEach(model.months.reversed()) { m in .choice(m.description, m.chineseName, selected: m == r.month) }),
                .button(.type(.submit), .class("secondary"), .text("查看")),
                .a(.class("button secondary"), .href(SiteURL.monthlySummary(p.id, month: month).path), .text("下载月报汇总（Word）")),
                .a(.class("button secondary"), .href(attr(SiteURL.apiReports(p.id).path + "?month=\(month)")), .text("JSON"))),
            .unwrap(model.ownUnit) { unit in
                .div(.class("card"),
                    .h2(.text("\(unit)的月报")),
                    .p(.a(.class("button"), .href(SiteURL.monthlyReport(plan: p.id, unit: unit, month: month).path), .text("填报\(r.month.chineseName)月报"))),
                    .ul(.forEach(model.ownReports.sorted { $0.month > $1.month }) { report in
                        .li(.a(.href(SiteURL.monthlyReport(plan: p.id, unit: unit, month: report.month.description).path), .text(report.month.chineseName)),
                            .text(" · "), .reportStatus(ReportStanding(unit: unit, month: report.month, report: report,
                                                                        dueDate: model.schedule.dueDate(for: report.month), today: r.today).status))
                    }))
            },
            .div(.class("figures"),
                .div(.class("figure"), .b(.text("\(r.expected.count)")), .span("应报单位")),
                .div(.class("figure"), .b(.text("\(r.onTime.count)")), .span("按时报送")),
                .div(.class("figure"), .b(.text("\(r.late.count)")), .span("逾期报送")),
                .div(.class("figure"), .b(.text("\(r.missing.count)")), .span(.text(r.isPastDue ? "未报送（已逾期）" : "未报送"))),
                .div(.class("figure"), .b(.text("\(r.returned.count)")), .span("退回修改"))),
            .if(model.canSupervise && !r.reminders().isEmpty, .div(.class("notice warn"),
                .p(.text("提醒（\(r.reminders().count) 个单位）：")),
                .ul(.forEach(r.reminders()) { .li(.text("\($0.unit)：\($0.message)")) }))),
            .table(.class("stack"),
                .thead(.tr(.th("单位"), .th("状态"), .th("报送日期"), .th("逾期天数"), .th(""))),
                .tbody(.forEach(r.standings) { s in
                    .tr(.td(.attribute(named: "data-label", value: "单位"), .text(s.unit)),
                        .td(.attribute(named: "data-label", value: "状态"), .reportStatus(s.status)),
                        .td(.attribute(named: "data-label", value: "报送日期"), .text(s.submittedOn?.chinese ?? "—")),
                        .td(.class("num"), .attribute(named: "data-label", value: "逾期天数"), .text(s.daysLate > 0 ? "\(s.daysLate)" : "")),
                        .td(.a(.href(SiteURL.monthlyReport(plan: p.id, unit: s.unit, month: month).path), .text("查看"))))
                }))
        )).render()
    }
}

struct ReportView {
    struct Model {
        var plan: Plan
        var unit: String
        var month: YearMonth
        var dueDate: LocalDate
        var report: MonthlyReport?
        var revision: Int
        var canEdit: Bool
        var canReturn: Bool
        var standing: ReportStanding
        var problems: [String]
        var notice: String?
    }

    var model: Model

    func render() -> String {
        let p = model.plan, r = model.report
        let title = "\(model.unit) \(model.month.chineseName)工作月报"
        let month = model.month.description
        let fields: [(String, String, String)] = [("workDone", "本月工作完成情况", r?.workDone ?? ""), ("activities", "开展的活动", r?.activities ?? ""),
                                                  ("problems", "存在的问题", r?.problems ?? ""), ("nextSteps", "下月工作计划", r?.nextSteps ?? "")]
        return Layout(title: title, crumbs: runningCrumbs(p, "工作月报", .monthlyReports(p.id, month: month), title), content: .group(
            .h1(.text(title)),
            .p(.class("sub"), .reportStatus(model.standing.status), .text(" 应于 \(model.dueDate.chinese)前报送"),
               .unwrap(r?.submittedAt) { _ in .text("；\(model.standing.submittedOn.map { "\($0.chinese)提交" } ?? "")") }),
            .unwrap(model.notice) { .p(.class("notice"), .attribute(named: "role", value: "status"), .text($0)) },
            .problemList(model.problems),
            .unwrap(r?.returnReason.flatMap { r?.state == .returned ? $0 : nil }) { .p(.class("notice warn"), .text("办公室退回修改：\($0)")) },
            model.canEdit
                ? .form(.method(.post), .action(SiteURL.monthlyReport(plan: p.id, unit: model.unit, month: month).path),
                        .attribute(named: "enctype", value: "multipart/form-data"), .class("stack wide-form"),
                    .csrfField(),
                    // The revision the page was opened at: a save after someone else's is refused, not silently applied.
                    .input(.type(.hidden), .name("revision"), .value(String(model.revision))),
                    .forEach(fields) { f in .label(.text(f.1), .textarea(.name(attr(f.0)), .attribute(named: "rows", value: "4"), .text(f.2))) },
                    .if(!(r?.attachments.isEmpty ?? true), .div(.p(.text("已有附件（勾选则删除）：")),
                        .forEach(r?.attachments ?? []) { ref in
                            .label(.class("check"), .input(.type(.checkbox), .name(attr("remove.\(ref.sha256)")), .value("1")), .text(" \(ref.fileName)"))
                        })),
                    .label(.text("照片和文件（JPG、PNG、PDF、Word、Excel，每个不超过 20 MB，可多选）"),
                           .input(.type(.file), .name("attachments"), .attribute(named: "multiple", value: "multiple"))),
                    .div(.class("toolbar"),
                        .button(.type(.submit), .name("action"), .value("submit"), .text("提交月报")),
                        .button(.type(.submit), .name("action"), .value("save"), .class("secondary"), .text("保存草稿"))))
                : .group(
                    .dl(.class("facts"), .forEach(fields) { f in .group(.dt(.text(f.1)), .dd(.class("task-text"), .text(f.2.isEmpty ? "—" : f.2))) }),
                    .h2("附件"),
                    .evidenceList(r?.attachments ?? []) { .monthlyReportFile(plan: p.id, unit: model.unit, month: month, sha256: $0.sha256) }),
            .if(model.canReturn, .form(.method(.post), .action(SiteURL.monthlyReportReturn(plan: p.id, unit: model.unit, month: month).path),
                                       .class("stack card"),
                .csrfField(),
                .input(.type(.hidden), .name("revision"), .value(String(model.revision))),
                .label(.text("退回修改的原因"), .textarea(.name("reason"), .attribute(named: "required", value: "required"))),
                .button(.type(.submit), .class("danger"), .text("退回修改"))))
        )).render()
    }
}

// MARK: - Supervision

struct InspectionListView {
    struct Model {
        var plan: Plan
        var inspections: [Inspection]
        var problems: [InspectionProblem]
        var today: LocalDate
        var ownUnit: String?
        var canSupervise: Bool
    }

    var model: Model

    func render() -> String {
        let p = model.plan
        let open = model.problems.filter { $0.state != .closed }
        let shown = model.ownUnit.map { unit in open.filter { $0.unit == unit } } ?? open
        return Layout(title: "督导检查", crumbs: runningCrumbs(p, "督导检查", .inspections(p.id), nil), content: .group(
            .h1("督导检查与问题清单"),
            .if(model.canSupervise, .div(.class("toolbar no-print"),
                .a(.class("button"), .href(SiteURL.newInspection(p.id).path), .text("登记督导检查")),
                .a(.class("button secondary"), .href(SiteURL.apiProblems(p.id).path), .text("JSON")))),
            .div(.class("figures"),
                .div(.class("figure"), .b(.text("\(model.inspections.count)")), .span("督导检查")),
                .div(.class("figure"), .b(.text("\(model.problems.count)")), .span("问题")),
                .div(.class("figure"), .b(.text("\(model.problems.count - open.count)")), .span("已销号")),
                .div(.class("figure"), .b(.text("\(open.filter { $0.daysOverdue(on: model.today) > 0 }.count)")), .span("逾期未整改"))),
            .h2(.text(model.ownUnit.map { "\($0)待整改的问题" } ?? "未销号的问题")),
            shown.isEmpty ? .p(.class("empty"), .text("没有待整改的问题。")) : .table(.class("stack"),
                .thead(.tr(.th("问题"), .th("责任单位"), .th("整改期限"), .th("状态"), .th("督办"))),
                .tbody(.forEach(shown.sorted { $0.deadline < $1.deadline }) { problem in
                    let escalation = problem.escalation(on: model.today)
                    return .tr(.td(.a(.href(attr(SiteURL.inspection(plan: p.id, id: problem.inspectionID).path + "#p-\(problem.id.uuidString.lowercased())")),
                                      .text(problem.text))),
                               .td(.text(problem.unit)), .td(.text(problem.deadline.chinese)), .td(.problemState(problem.state)),
                               .td(escalation.level > 0 ? .span(.class("verdict not_met"), .text("逾期 \(escalation.daysOverdue) 天 · \(escalation.measure)"))
                                                        : .span(.class("muted"), .text("按期"))))
                })),
            .h2("督导检查"),
            model.inspections.isEmpty ? .p(.class("empty"), .text("还没有督导检查记录。")) : .ul(.forEach(model.inspections) { i in
                let count = model.problems.filter { $0.inspectionID == i.id }.count
                return .li(.a(.href(SiteURL.inspection(plan: p.id, id: i.id).path), .text("\(i.date.chinese) · \(i.subjects.map(\.displayName).joined(separator: "、"))")),
                           .text(" · 问题 \(count) 个"))
            })
        )).render()
    }
}

struct NewInspectionView {
    struct Model {
        var plan: Plan
        var values: [String: String]
        var problems: [String]
    }

    var model: Model

    func render() -> String {
        let p = model.plan
        let units = UnitDirectory(p).reportingUnits.filter { $0.kind != .group }.map(\.name)
        func value(_ key: String) -> String { model.values[key] ?? "" }
        return Layout(title: "登记督导检查", crumbs: runningCrumbs(p, "督导检查", .inspections(p.id), "登记督导检查"), content: .group(
            .h1("登记督导检查"),
            .problemList(model.problems),
            .form(.method(.post), .action(SiteURL.newInspection(p.id).path), .class("stack wide-form"),
                .csrfField(),
                .label(.text("检查日期"), .input(.type(.date), .name("date"), .required(true), .value(attr(value("date"))))),
                .label(.text("检查人员（用顿号或逗号分隔）"), .input(.type(.text), .name("inspectors"), .value(attr(value("inspectors"))))),
                .label(.text("检查对象（单位名称，用顿号或逗号分隔）"), .input(.type(.text), .name("subjects"), .value(attr(value("subjects"))),
                                                          .attribute(named: "list", value: "units"))),
                .element(named: "datalist", nodes: [.id("units"), .group(units.map { Node<HTML.BodyContext>.element(named: "option", nodes: [.attribute(named: "value", value: attr($0))]) })]),
                .label(.text("总体情况"), .textarea(.name("findings"), .attribute(named: "rows", value: "4"), .text(value("findings")))),
                .h2("问题清单"),
                .p(.class("muted"), .text("每行一个问题：问题描述、责任单位、整改期限；空行不保存。")),
                .table(.class("compact"),
                    .thead(.tr(.th("#"), .th("问题"), .th("责任单位"), .th("整改期限"))),
                    .tbody(.forEach(0..<RunningController.problemRows) { i in
                        .tr(.td(.text("\(i + 1)")),
                            .td(.input(.type(.text), .name(attr("text.\(i)")), .value(attr(value("text.\(i)"))), .attribute(named: "aria-label", value: attr("问题 \(i + 1)")))),
                            .td(.select(.attribute(named: "name", value: attr("unit.\(i)")), .attribute(named: "aria-label", value: attr("问题 \(i + 1) 责任单位")),
                                        .choice("", "—"), .forEach(units) { u in .choice(u, u, selected: value("unit.\(i)") == u) })),
                            .td(.input(.type(.date), .name(attr("deadline.\(i)")), .value(attr(value("deadline.\(i)"))),
                                       .attribute(named: "aria-label", value: attr("问题 \(i + 1) 整改期限")))))
                    })),
                .button(.type(.submit), .text("保存")))
        )).render()
    }
}

struct InspectionView {
    struct Model {
        var plan: Plan
        var inspection: Inspection
        var problems: [Stored<InspectionProblem>]
        var principal: Principal
        var today: LocalDate
        var notice: String?
    }

    var model: Model

    func render() -> String {
        let p = model.plan, i = model.inspection
        let title = "\(i.date.chinese)督导检查"
        return Layout(title: title, crumbs: runningCrumbs(p, "督导检查", .inspections(p.id), title), content: .group(
            .h1(.text(title)),
            .unwrap(model.notice) { .p(.class("notice"), .attribute(named: "role", value: "status"), .text($0)) },
            .dl(.class("facts"),
                .dt("检查人员"), .dd(.text(i.inspectors.joined(separator: "、"))),
                .dt("检查对象"), .dd(.text(i.subjects.map(\.displayName).joined(separator: "、"))),
                .dt("总体情况"), .dd(.class("task-text"), .text(i.findings.isEmpty ? "—" : i.findings))),
            .div(.class("toolbar no-print"), .a(.class("button secondary"), .href(SiteURL.circular(plan: p.id, id: i.id).path), .text("下载通报（Word）"))),
            .h2("问题清单"),
            model.problems.isEmpty ? .p(.class("empty"), .text("这次检查没有列出问题。")) : .group(.forEach(model.problems) { stored in problemCard(stored) })
        )).render()
    }

    private func problemCard(_ stored: Stored<InspectionProblem>) -> Node<HTML.BodyContext> {
        let problem = stored.value, p = model.plan
        let actor = ProblemActor.of(model.principal, problem: problem)
        let actions = InspectionProblem.allowedActions(in: problem.state).filter { action in actor.map { InspectionProblem.may($0, action) } ?? false }
        let escalation = problem.escalation(on: model.today)
        func form(_ action: InspectionProblem.Action, _ fields: Node<HTML.FormContext>, multipart: Bool = false) -> Node<HTML.BodyContext> {
            .form(.method(.post), .action(SiteURL.problemAction(plan: p.id, id: problem.id, action: action.rawValue).path), .class("stack card"),
                  multipart ? .attribute(named: "enctype", value: "multipart/form-data") : .empty,
                .csrfField(), .input(.type(.hidden), .name("revision"), .value(String(stored.revision))),
                fields, .button(.type(.submit), .text(action.chineseName)))
        }
        return .div(.class("card"), .id(attr("p-\(problem.id.uuidString.lowercased())")),
            .h3(.text(problem.text)),
            .p(.problemState(problem.state), .text(" 责任单位：\(problem.unit) · 整改期限：\(problem.deadline.chinese)"),
               .if(escalation.level > 0, .span(.class("verdict not_met"), .text(" 逾期 \(escalation.daysOverdue) 天 · \(escalation.measure)")))),
            .unwrap(problem.rectificationNote) { .p(.text("整改情况：\($0)")) },
            .evidenceList(problem.evidence) { .problemFile(plan: p.id, id: problem.id, sha256: $0.sha256) },
            .if(!problem.rechecks.isEmpty, .ul(.forEach(problem.rechecks) { r in
                .li(.text("\(r.date.chinese) \(r.by) \(r.chineseName)\(r.note.isEmpty ? "" : "：\(r.note)")"))
            })),
            .unwrap(problem.closedOn) { .p(.class("notice"), .text("\($0.chinese)由\(problem.closedBy ?? "")销号")) },
            .forEach(actions) { action in
                switch action {
                case .startRectification:
                    return form(action, .empty)
                case .submitRectification:
                    return form(action, .group(
                        .label(.text("整改措施和结果"), .textarea(.name("note"), .attribute(named: "required", value: "required"))),
                        .label(.text("整改照片或文件（可多选）"), .input(.type(.file), .name("evidence"), .attribute(named: "multiple", value: "multiple")))),
                        multipart: true)
                case .recheck:
                    return form(action, .group(
                        .label(.text("复查结果"), .select(.attribute(named: "name", value: "passed"), .choice("yes", "复查通过"), .choice("no", "复查未通过"))),
                        .label(.text("复查日期"), .input(.type(.date), .name("date"), .value(attr(model.today.iso)))),
                        .label(.text("说明（未通过时必填）"), .textarea(.name("note"))),
                        .label(.text("新的整改期限（未通过时可填）"), .input(.type(.date), .name("newDeadline")))))
                case .close:
                    return form(action, .empty)
                }
            })
    }
}

// MARK: - Dossier

struct DossierView {
    struct Model {
        var plan: Plan
        var dossier: DossierPlan
        var canLink: Bool
        var notice: String?
    }

    var model: Model

    func render() -> String {
        let p = model.plan, d = model.dossier
        let missingItems = d.scoreItems.filter { $0.status == .missing }.count
        let missingTasks = d.tasks.filter { $0.status == .missing }.count
        return Layout(title: "迎检资料", crumbs: runningCrumbs(p, "迎检资料", .dossier(p.id), nil), content: .group(
            .h1("迎检资料（资料建档）"),
            .p(.class("sub"), .text("按《\(d.sheet.title)》的条目和方案任务整理佐证材料；月报附件、整改材料、活动照片和指标数据的附件自动归入。")),
            .unwrap(model.notice) { .p(.class("notice"), .attribute(named: "role", value: "status"), .text($0)) },
            .div(.class("figures"),
                .div(.class("figure"), .b(.text("\(d.scoreItems.count - missingItems) / \(d.scoreItems.count)")), .span("评分条目已有佐证")),
                .div(.class("figure"), .b(.text("\(d.tasks.count - missingTasks) / \(d.tasks.count)")), .span("方案任务已有佐证")),
                .div(.class("figure"), .b(.text("\(d.distinctFileCount)")), .span("文件"))),
            .if(model.canLink, .group(
                .div(.class("toolbar no-print"), .a(.class("button"), .href(SiteURL.dossierZip(p.id).path), .text("导出迎检资料（zip，含索引.xlsx）"))),
                .form(.method(.post), .action(SiteURL.dossierEvidence(p.id).path), .attribute(named: "enctype", value: "multipart/form-data"),
                      .class("stack card wide-form"),
                    .csrfField(),
                    .label(.text("佐证的条目或任务"), .select(.attribute(named: "name", value: "target"), .attribute(named: "required", value: "required"),
                        .choice("", "请选择"),
                        .forEach(d.scoreItems) { item in .choice("item:\(item.id)", "评分表 \(item.id) \(item.title)") },
                        .forEach(d.tasks) { task in .choice("task:\(task.index)", "任务 \(task.number ?? String(task.index + 1)) \(task.title)") })),
                    .label(.text("文件（照片、PDF、Word、Excel，可多选）"), .input(.type(.file), .name("files"), .required(true),
                                                                    .attribute(named: "multiple", value: "multiple"))),
                    .label(.text("说明（可空）"), .input(.type(.text), .name("note"))),
                    .button(.type(.submit), .text("登记佐证材料"))))),
            .h2("综合评分表条目"),
            .table(.class("stack"),
                .thead(.tr(.th("条目"), .th("分值"), .th("佐证材料"))),
                .tbody(.forEach(d.scoreItems) { item in
                    .tr(.td(.text("\(item.id) \(item.title)")), .td(.class("num"), .text("\(item.points)")),
                        .td(item.files.isEmpty ? .span(.class("verdict not_met"), .text("缺少佐证材料"))
                                               : .text(item.files.map(\.name).joined(separator: "、"))))
                })),
            .h2("方案任务"),
            .table(.class("stack"),
                .thead(.tr(.th("任务"), .th("责任单位"), .th("佐证材料"))),
                .tbody(.forEach(d.tasks) { task in
                    .tr(.td(.text("\(task.number ?? "") \(task.title)")), .td(.text(task.responsible.joined(separator: "、"))),
                        .td(task.files.isEmpty ? .span(.class("verdict not_met"), .text("缺少佐证材料"))
                                               : .text(task.files.map(\.name).joined(separator: "、"))))
                }))
        )).render()
    }
}

// MARK: - Tasks

extension Node where Context: HTML.BodyContext {
    static func trafficLight(_ light: TrafficLight) -> Node {
        let colour: String = switch light {
        case .green: "green"
        case .yellow: "yellow"
        case .red: "red"
        case .done: "grey"
        }
        return .span(.span(.class(attr("light \(colour)")), .attribute(named: "aria-hidden", value: "true")), .text(light.chineseName))
    }
}

struct TaskBoardView {
    struct Model {
        var plan: Plan
        var board: TaskBoard
        var unit: String?
        var assignments: [Stored<TaskAssignment>]
        var today: LocalDate
        var canUpdate: Bool
        var notice: String?
    }

    var model: Model

    func render() -> String {
        let p = model.plan, b = model.board
        return Layout(title: "任务进展", crumbs: runningCrumbs(p, "任务进展", .tasks(p.id, unit: nil), model.unit), content: .group(
            .h1(.text(model.unit.map { "\($0)的任务" } ?? "任务进展")),
            .p(.class("sub"), .text("绿灯按期推进，黄灯 15 天内到期，红灯已逾期；期限取任务自身的期限，没有时取所在阶段的结束日期。")),
            .unwrap(model.notice) { .p(.class("notice"), .attribute(named: "role", value: "status"), .text($0)) },
            .div(.class("figures"),
                .div(.class("figure"), .b(.text("\(b.total(.red))")), .span("红灯（逾期）")),
                .div(.class("figure"), .b(.text("\(b.total(.yellow))")), .span("黄灯（将到期）")),
                .div(.class("figure"), .b(.text("\(b.total(.green))")), .span("绿灯")),
                .div(.class("figure"), .b(.text("\(b.total(TrafficLight.done))")), .span("已完成"))),
            .unwrap(model.unit) { unit in .group(
                .h2("任务清单（按紧迫程度）"),
                model.assignments.isEmpty ? .p(.class("empty"), .text("\(unit)没有承担任务。")) : .group(.forEach(model.assignments) { stored in
                    taskCard(stored, unit: unit)
                }))
            },
            .h2("各单位"),
            .table(.class("stack"),
                .thead(.tr(.th("单位"), .th("红灯"), .th("黄灯"), .th("绿灯"), .th("已完成"), .th("合计"))),
                .tbody(.forEach(b.rows) { row in
                    .tr(.td(.a(.href(SiteURL.tasks(p.id, unit: row.unit).path), .text(row.unit))),
                        .td(.class("num"), .text("\(row.count(.red))")), .td(.class("num"), .text("\(row.count(.yellow))")),
                        .td(.class("num"), .text("\(row.count(.green))")), .td(.class("num"), .text("\(row.count(TrafficLight.done))")),
                        .td(.class("num"), .text("\(row.total)")))
                }))
        )).render()
    }

    private func taskCard(_ stored: Stored<TaskAssignment>, unit: String) -> Node<HTML.BodyContext> {
        let a = stored.value, p = model.plan
        let task = p.tasks.indices.contains(a.taskIndex) ? p.tasks[a.taskIndex] : nil
        return .div(.class("card"),
            .h3(.text("\(a.taskNumber ?? "") \(task?.title ?? task?.text.prefix(40).description ?? "")")),
            .p(.trafficLight(a.trafficLight(on: model.today)), .text(" \(a.status(on: model.today).chineseName)"),
               .unwrap(a.dueDate) { due in .text(" · 期限 \(due.date.chinese)（\(due.explanation)）") }),
            .unwrap(task?.text) { .p(.class("task-text muted"), .text($0)) },
            .if(!a.notes.isEmpty, .ul(.forEach(a.notes.reversed()) { note in
                .li(.text("\(note.date.chinese) \(note.author)：\(note.progress.chineseName) · \(note.text)"),
                    .forEach(note.evidence) { ref in .group(.text(" "), .a(.href(SiteURL.taskFile(plan: p.id, index: a.taskIndex, unit: unit, sha256: ref.sha256).path),
                                                                             .text(ref.fileName))) })
            })),
            .if(model.canUpdate, .form(.method(.post), .action(SiteURL.taskRecord(plan: p.id, index: a.taskIndex, unit: unit).path),
                                       .attribute(named: "enctype", value: "multipart/form-data"), .class("toolbar"),
                .csrfField(), .input(.type(.hidden), .name("revision"), .value(String(stored.revision))),
                .select(.attribute(named: "name", value: "progress"), .attribute(named: "aria-label", value: "进展状态"),
                        .forEach(TaskProgress.allCases) { p in .choice(p.rawValue, p.chineseName, selected: p == (a.progress == .notStarted ? .inProgress : a.progress)) }),
                .input(.type(.text), .name("note"), .attribute(named: "placeholder", value: "进展情况"), .attribute(named: "aria-label", value: "进展情况"),
                       .required(true)),
                .input(.type(.file), .name("evidence"), .attribute(named: "multiple", value: "multiple"), .attribute(named: "aria-label", value: "佐证材料")),
                .button(.type(.submit), .text("记录进展")))))
    }
}

// MARK: - Activities

struct ActivitiesView {
    struct Model {
        var plan: Plan
        var year: Int
        var activities: [Activity]
        var progress: BeneficiaryProgress?
        var canSetTarget: Bool
        var coverage: HealthDayCoverage
        var today: LocalDate
        var ownUnit: String?
        var canAdd: Bool
        var values: [String: String]
        var problems: [String]
        var notice: String?
    }

    var model: Model

    func render() -> String {
        let p = model.plan
        let lectures = model.activities.filter { $0.kind == .lecture }
        let units = Array(Set(lectures.flatMap(\.organisers))).sorted()
        let requirement = RecurringRequirement(minimumPerPeriod: 1, period: .month, minimumPerYear: 12)
        let asOf = min(model.today, LocalDate(year: model.year, month: 12, day: 31) ?? model.today)
        func value(_ key: String) -> String { model.values[key] ?? "" }
        return Layout(title: "健康活动", crumbs: runningCrumbs(p, "健康活动", .activities(p.id, year: nil), nil), content: .group(
            .h1(.text("\(model.year)年健康活动")),
            .unwrap(model.notice) { .p(.class("notice"), .attribute(named: "role", value: "status"), .text($0)) },
            .div(.class("figures"),
                .div(.class("figure"), .b(.text("\(model.activities.count)")), .span("活动")),
                .div(.class("figure"), .b(.text("\(model.activities.reduce(0) { $0 + $1.beneficiaries })")), .span("受益人次")),
                .div(.class("figure"), .b(.text("\(lectures.count)")), .span("健康讲座")),
                .div(.class("figure"), .b(.text("\(model.coverage.uncovered.count)")), .span("未开展活动的卫生日"))),
            beneficiaries(),
            .if(model.canAdd, addForm(value)),
            .h2("卫生日"),
            .table(.class("stack"),
                .thead(.tr(.th("卫生日"), .th("日期"), .th("活动"), .th("组织单位"))),
                .tbody(.forEach(model.coverage.entries) { e in
                    .tr(.td(.text(e.day.name)), .td(.text(e.day.dateText)),
                        .td(e.isCovered ? .text("\(e.activityIDs.count) 项") : .span(.class("muted"), .text("未开展"))),
                        .td(.text(e.organisers.joined(separator: "、")), .if(e.isCovered && !e.isJoint, .span(.class("tag warn"), .text("非多部门联合"))))) })),
            .h2("健康讲座（每月至少 1 次，全年不少于 12 次）"),
            units.isEmpty ? .p(.class("empty"), .text("还没有登记健康讲座。")) : .table(.class("stack"),
                .thead(.tr(.th("单位"), .th("已开展"), .th("应开展（至今）"), .th("缺"))),
                .tbody(.forEach(units) { unit in
                    let tally = RecurringTally(requirement, occurrences: Activity.dates(of: .lecture, organisedBy: unit, in: model.activities), asOf: asOf)
                    return .tr(.td(.text(unit)), .td(.class("num"), .text("\(tally.doneSoFar)")), .td(.class("num"), .text("\(tally.expectedSoFar)")),
                               .td(.class("num"), tally.shortfall > 0 ? .span(.class("verdict not_met"), .text("\(tally.shortfall)")) : .text("0")))
                })),
            .h2("活动记录"),
            model.activities.isEmpty ? .p(.class("empty"), .text("还没有活动记录。")) : .table(.class("stack"),
                .thead(.tr(.th("日期"), .th("类型"), .th("名称"), .th("组织单位"), .th("受益人次"), .th("照片和材料"))),
                .tbody(.forEach(model.activities) { a in
                    .tr(.td(.text(a.date.chinese)), .td(.text(a.kind.chineseName)), .td(.text(a.title + (a.healthDay.map { "（\($0)）" } ?? ""))),
                        .td(.text(a.organisers.joined(separator: "、"))), .td(.class("num"), .text("\(a.beneficiaries)")),
                        .td(.evidenceList(a.evidence) { .activityFile(plan: p.id, id: a.id, sha256: $0.sha256) }))
                }))
        )).render()
    }

    /// The year's beneficiaries against the share of the population the plan sets, and the office's form for it.
    private func beneficiaries() -> Node<HTML.BodyContext> {
        let p = model.plan
        return .group(
            .unwrap(model.progress) { b in
                .p(.coverageBar(percent: b.achievedPercent.map { NSDecimalNumber(decimal: $0).doubleValue } ?? 0,
                                verdict: b.isMet ? .met : .notMet, target: NSDecimalNumber(decimal: b.targetPercent).doubleValue),
                   .text(" 受益 \(b.beneficiaries) 人次，占常住人口 \(b.population) 的 \(b.achievedPercent.map { "\($0)" } ?? "—")%；目标 \(b.targetPercent)%（\(b.target) 人次）"),
                   b.isMet ? .span(.class("verdict met"), .text(" 已达到")) : .span(.class("verdict not_met"), .text(" 还差 \(b.gap) 人次")))
            },
            .if(model.canSetTarget, .form(.method(.post), .action(SiteURL.beneficiaryTarget(p.id).path), .class("toolbar no-print"),
                .csrfField(), .input(.type(.hidden), .name("year"), .value(String(model.year))),
                .input(.type(.text), .name("population"), .attribute(named: "placeholder", value: attr("\(model.year)年常住人口")),
                       .attribute(named: "aria-label", value: "常住人口"), .value(attr(model.progress.map { String($0.population) } ?? ""))),
                .input(.type(.text), .name("targetPercent"), .attribute(named: "aria-label", value: "目标比例（%）"),
                       .value(attr(model.progress.map { "\($0.targetPercent)" } ?? "30"))),
                .button(.type(.submit), .class("secondary"), .text("设定受益人群目标")))))
    }

    private func addForm(_ value: (String) -> String) -> Node<HTML.BodyContext> {
        let p = model.plan
        let days = HealthDayCalendar().days(in: model.year)
        return .group(
            .problemList(model.problems),
            .element(named: "details", nodes: [.attribute(named: model.problems.isEmpty ? "data-closed" : "open", value: "open"),
                .element(named: "summary", text: "登记活动"),
                .form(.method(.post), .action(SiteURL.activities(p.id, year: nil).path), .attribute(named: "enctype", value: "multipart/form-data"),
                      .class("stack card wide-form"),
                    .csrfField(),
                    .label(.text("类型"), .select(.attribute(named: "name", value: "kind"),
                        .forEach(ActivityKind.allCases) { k in .choice(k.rawValue, k.chineseName, selected: value("kind") == k.rawValue) })),
                    .label(.text("名称"), .input(.type(.text), .name("title"), .required(true), .value(attr(value("title"))))),
                    .label(.text(model.ownUnit.map { "联合组织单位（\($0)之外，可空）" } ?? "组织单位（用顿号分隔）"),
                           .input(.type(.text), .name("organisers"), .value(attr(value("organisers"))))),
                    .label(.text("日期"), .input(.type(.date), .name("date"), .required(true), .value(attr(value("date").isEmpty ? model.today.iso : value("date"))))),
                    .label(.text("地点（媒体专栏填媒体名称）"), .input(.type(.text), .name("place"), .required(true), .value(attr(value("place"))))),
                    .label(.text("参加人数"), .input(.type(.text), .name("participants"), .value(attr(value("participants"))), .attribute(named: "inputmode", value: "numeric"))),
                    .label(.text("受益人次"), .input(.type(.text), .name("beneficiaries"), .value(attr(value("beneficiaries"))), .attribute(named: "inputmode", value: "numeric"))),
                    .label(.text("卫生日（主题日活动选择）"), .select(.attribute(named: "name", value: "healthDay"), .choice("", "—"),
                        .forEach(days) { d in .choice(d.name, "\(d.name)（\(d.dateText)）", selected: value("healthDay") == d.name) })),
                    .label(.text("照片和材料（可多选）"), .input(.type(.file), .name("evidence"), .attribute(named: "multiple", value: "multiple"))),
                    .button(.type(.submit), .text("登记")))]))
    }
}

// MARK: - Policies (health impact assessment)

struct PolicyListView {
    struct Model {
        var plan: Plan
        var inventory: PolicyInventory
        var canRegister: Bool
        var ownUnit: String?
        var today: LocalDate
        var problems: [String]
        var values: [String: String]
    }

    var model: Model

    func render() -> String {
        let p = model.plan
        let units = UnitDirectory(p).reportingUnits.filter { $0.kind != .group }.map(\.name)
        func value(_ key: String) -> String { model.values[key] ?? "" }
        return Layout(title: "健康影响评价", crumbs: runningCrumbs(p, "健康影响评价", .policies(p.id), nil), content: .group(
            .h1("公共政策健康影响评价"),
            .p(.class("sub"), .text("登记 → 筛选 → 分析评估 → 报告与建议 → 采纳反馈 → 备案 → 监测评价；起草部门登记并反馈采纳情况，评估专家筛选和评估，健评办备案。")),
            .problemList(model.problems, heading: "未登记，请更正："),
            .if(model.canRegister, .form(.method(.post), .action(SiteURL.policies(p.id).path), .class("stack card wide-form"),
                .csrfField(),
                .label(.text("政策（项目）名称"), .input(.type(.text), .name("title"), .required(true), .value(attr(value("title"))))),
                .label(.text("类型"), .select(.attribute(named: "name", value: "kind"),
                    .forEach(PolicyKind.allCases) { k in .choice(k.rawValue, k.chineseName, selected: value("kind") == k.rawValue) })),
                model.ownUnit.map { unit in .p(.text("起草部门：\(unit)")) }
                    ?? .label(.text("起草部门"), .select(.attribute(named: "name", value: "draftingUnit"),
                        .forEach(units) { u in .choice(u, u, selected: value("draftingUnit") == u) })),
                .label(.text("登记日期"), .input(.type(.date), .name("registeredOn"), .value(attr(value("registeredOn").isEmpty ? model.today.iso : value("registeredOn"))))),
                .button(.type(.submit), .text("登记政策")))),
            model.inventory.units.isEmpty ? .p(.class("empty"), .text("还没有登记的政策。")) : .forEach(model.inventory.units) { unit in
                .group(.h2(.text("\(unit.unit)（\(unit.reviews.count) 项）")),
                       .table(.class("stack"),
                           .thead(.tr(.th("政策"), .th("类型"), .th("登记"), .th("阶段"), .th("建议采纳率"))),
                           .tbody(.forEach(unit.reviews) { r in
                               .tr(.td(.a(.href(SiteURL.policy(plan: p.id, id: r.id).path), .text(r.title))), .td(.text(r.kind.chineseName)),
                                   .td(.text(r.registeredOn.chinese)), .td(.span(.class("tag"), .text(r.stage.chineseName))),
                                   .td(.class("num"), .text(r.adoptionRate.map { String(format: "%.0f%%", $0 * 100) } ?? "—")))
                           })))
            }
        )).render()
    }
}

struct PolicyView {
    struct Model {
        var plan: Plan
        var stored: Stored<PolicyReview>
        var role: PolicyReviewRole?
        var today: LocalDate
        var notice: String?
    }

    var model: Model

    func render() -> String {
        let p = model.plan, r = model.stored.value
        return Layout(title: r.title, crumbs: runningCrumbs(p, "健康影响评价", .policies(p.id), r.title), content: .group(
            .h1(.text(r.title)),
            .p(.class("sub"), .text("\(r.kind.chineseName) · 起草部门 \(r.draftingUnit) · \(r.registeredOn.chinese)登记 · 当前：\(r.stage.chineseName)")),
            .unwrap(model.notice) { .p(.class("notice"), .attribute(named: "role", value: "status"), .text($0)) },
            .ol(.class("method"), .forEach(PolicyReviewStage.allCases) { stage in
                .li(stage == r.stage ? .b(.text(stage.chineseName)) : .text(stage.chineseName))
            }),
            .unwrap(r.screening) { s in .p(.text("筛选（\(s.date.chinese)，\(s.experts.joined(separator: "、"))）：\(s.decision.chineseName)\(s.reason.isEmpty ? "" : "，\(s.reason)")")) },
            .unwrap(r.analysis) { .p(.class("task-text"), .text("分析评估：\($0)")) },
            .unwrap(r.report) { .p(.class("task-text"), .text("评估报告：\($0)")) },
            .if(!r.recommendations.isEmpty, .group(.h2("建议与采纳情况"), .ol(.forEach(Array(r.recommendations.enumerated())) { index, rec in
                .li(.text(rec.text), .br(),
                    .unwrap(rec.response) { resp in .span(.class("muted"), .text("\(resp.decision.chineseName)\(resp.reason.map { "：\($0)" } ?? "")")) },
                    .if(model.role == .draftingDepartment && r.stage == .reporting, step("respond", .group(
                        .input(.type(.hidden), .name("index"), .value(String(index))),
                        .select(.attribute(named: "name", value: "decision"), .attribute(named: "aria-label", value: "采纳情况"),
                                .forEach(AdoptionDecision.allCases) { d in .choice(d.rawValue, d.chineseName) }),
                        .input(.type(.text), .name("reason"), .attribute(named: "placeholder", value: "不采纳或部分采纳的理由"))), "反馈")))
            }))),
            .unwrap(r.filedOn) { .p(.class("notice"), .text("\($0.chinese)备案")) },
            .if(!r.monitoring.isEmpty, .ul(.forEach(r.monitoring) { .li(.text("\($0.date.chinese) 监测评价：\($0.text)")) })),
            nextStep(r)
        )).render()
    }

    private func step(_ name: String, _ fields: Node<HTML.FormContext>, _ label: String) -> Node<HTML.BodyContext> {
        .form(.method(.post), .action(SiteURL.policyStep(plan: model.plan.id, id: model.stored.value.id, step: name).path),
              .attribute(named: "enctype", value: "multipart/form-data"), .class("stack card wide-form"),
              .csrfField(), .input(.type(.hidden), .name("revision"), .value(String(model.stored.revision))),
              fields, .button(.type(.submit), .text(label)))
    }

    /// The form for the next step, shown to whoever the step belongs to.
    private func nextStep(_ r: PolicyReview) -> Node<HTML.BodyContext> {
        guard let role = model.role else { return .empty }
        switch r.stage {
        case .registered where PolicyReview.may(role, .screening):
            return step("screen", .group(
                .label(.text("筛选专家（2–3 人，用顿号分隔）"), .input(.type(.text), .name("experts"), .required(true))),
                .label(.text("结论"), .select(.attribute(named: "name", value: "decision"),
                                           .forEach(ScreeningDecision.allCases) { d in .choice(d.rawValue, d.chineseName) })),
                .label(.text("理由"), .textarea(.name("reason"))),
                .label(.text("日期"), .input(.type(.date), .name("date"), .value(attr(model.today.iso))))), "保存筛选结论")
        case .screening where r.screening?.decision == .noAssessment && PolicyReview.may(role, .filed),
             .adoptionFeedback where PolicyReview.may(role, .filed):
            return step("file", .label(.text("备案日期"), .input(.type(.date), .name("date"), .value(attr(model.today.iso)))), "备案")
        case .screening where PolicyReview.may(role, .analysis):
            return step("analysis", .label(.text("分析评估"), .textarea(.name("analysis"), .attribute(named: "rows", value: "5"))), "保存分析评估")
        case .analysis where PolicyReview.may(role, .reporting):
            return step("report", .group(
                .label(.text("评估报告"), .textarea(.name("report"), .attribute(named: "rows", value: "5"))),
                .label(.text("建议（每行一条）"), .textarea(.name("recommendations"), .attribute(named: "rows", value: "4"))),
                .label(.text("报告文件（可多选）"), .input(.type(.file), .name("evidence"), .attribute(named: "multiple", value: "multiple")))),
                        "保存报告与建议")
        case .reporting where role == .draftingDepartment:
            return step("complete", .empty, "完成采纳反馈")
        case .filed where PolicyReview.may(role, .monitoring), .monitoring where PolicyReview.may(role, .monitoring):
            return step("monitor", .group(
                .label(.text("监测评价"), .textarea(.name("text"))),
                .label(.text("日期"), .input(.type(.date), .name("date"), .value(attr(model.today.iso))))), "记录监测评价")
        default:
            return .empty
        }
    }
}

// MARK: - Agreements and budget

struct CommitmentsView {
    struct Model {
        var plan: Plan
        var agreements: [ResponsibilityAgreement]
        var unsigned: [String]
        var lines: [Stored<BudgetLine>]
        var canEdit: Bool
        var problems: [String]
        var notice: String?
    }

    var model: Model

    func render() -> String {
        let p = model.plan
        let units = MonthlyReportRules.reportingUnits(of: p)
        let total = model.lines.reduce(Decimal(0)) { $0 + $1.value.amount }, spent = model.lines.reduce(Decimal(0)) { $0 + $1.value.spent }
        return Layout(title: "责任与经费", crumbs: runningCrumbs(p, "责任与经费", .commitments(p.id), nil), content: .group(
            .h1("目标责任状与经费"),
            .unwrap(model.notice) { .p(.class("notice"), .attribute(named: "role", value: "status"), .text($0)) },
            .problemList(model.problems),
            .h2(.text("目标责任状（已签 \(model.agreements.count)，未签 \(model.unsigned.count)）")),
            .if(!model.unsigned.isEmpty, .p(.class("notice warn"), .text("尚未签订：\(model.unsigned.joined(separator: "、"))"))),
            .table(.class("stack"),
                .thead(.tr(.th("单位"), .th("签订日期"), .th("签订人"), .th("文件"))),
                .tbody(.forEach(model.agreements) { a in
                    .tr(.td(.text(a.unit)), .td(.text(a.signedOn.chinese)), .td(.text(a.signatory ?? "")),
                        .td(.a(.href(SiteURL.agreementFile(plan: p.id, unit: a.unit).path), .text(a.file.fileName))))
                })),
            .if(model.canEdit, .form(.method(.post), .action(SiteURL.agreements(p.id).path), .attribute(named: "enctype", value: "multipart/form-data"),
                                     .class("toolbar card"),
                .csrfField(),
                .select(.attribute(named: "name", value: "unit"), .attribute(named: "aria-label", value: "单位"),
                        .forEach(model.unsigned.isEmpty ? units : model.unsigned) { u in .choice(u, u) }),
                .input(.type(.date), .name("signedOn"), .required(true), .attribute(named: "aria-label", value: "签订日期")),
                .input(.type(.text), .name("signatory"), .attribute(named: "placeholder", value: "签订人"), .attribute(named: "aria-label", value: "签订人")),
                .input(.type(.file), .name("file"), .required(true), .attribute(named: "aria-label", value: "责任状文件")),
                .button(.type(.submit), .text("登记责任状")))),
            .h2(.text("经费（预算 \(Money.yuanText(total))，已支出 \(Money.yuanText(spent))）")),
            model.lines.isEmpty ? .p(.class("empty"), .text("还没有预算项目。")) : .table(.class("stack"),
                .thead(.tr(.th("项目"), .th("年度"), .th("预算"), .th("已支出"), .th("剩余"), .th("状态"), .th(""))),
                .tbody(.forEach(model.lines) { stored in
                    let line = stored.value
                    return .tr(.td(.text(line.name)), .td(.text(line.year.map(String.init) ?? "")), .td(.class("num"), .text(Money.yuanText(line.amount))),
                               .td(.class("num"), .text(Money.yuanText(line.spent))), .td(.class("num"), .text(Money.yuanText(line.remaining))),
                               .td(.span(.class(attr("verdict \(line.status() == .normal ? "met" : "not_met")")), .text(line.status().chineseName))),
                               .td(.if(model.canEdit, .form(.method(.post), .action(SiteURL.budgetSpending(plan: p.id, id: line.id).path), .class("toolbar"),
                                   .csrfField(),
                                   .input(.type(.date), .name("date"), .required(true), .attribute(named: "aria-label", value: "支出日期")),
                                   .input(.type(.text), .name("amount"), .required(true), .attribute(named: "placeholder", value: "金额（元）"),
                                          .attribute(named: "aria-label", value: "支出金额")),
                                   .input(.type(.text), .name("purpose"), .required(true), .attribute(named: "placeholder", value: "用途"),
                                          .attribute(named: "aria-label", value: "用途")),
                                   .button(.type(.submit), .class("small"), .text("登记支出"))))))
                })),
            .if(model.canEdit, .form(.method(.post), .action(SiteURL.budgetLines(p.id).path), .class("toolbar card"),
                .csrfField(),
                .input(.type(.text), .name("name"), .required(true), .attribute(named: "placeholder", value: "预算项目"), .attribute(named: "aria-label", value: "预算项目")),
                .input(.type(.text), .name("amount"), .required(true), .attribute(named: "placeholder", value: "金额，如 12,000 或 1.5万元"),
                       .attribute(named: "aria-label", value: "预算金额")),
                .input(.type(.text), .name("year"), .attribute(named: "placeholder", value: "年度"), .attribute(named: "aria-label", value: "年度")),
                .button(.type(.submit), .text("登记预算项目"))))
        )).render()
    }
}
