import Domain
import Foundation
import Plot

/// A liaison's home: the unit's report due date, its tasks, its contact details.
struct LiaisonHomeView {
    struct Model {
        var plan: Plan
        var unit: PlanUnit
        var today: LocalDate
        var assignments: [UnitDirectory.Assignment]
        var contact: UnitContact?
    }

    var model: Model

    func render() -> String {
        let plan = model.plan
        let due = plan.reporting.map { ReportingCalendar.nextDue(after: model.today, dueDay: $0.monthlyDueDay) }
        let daysLeft = due.map { $0.dayNumber - model.today.dayNumber }
        return Layout(title: "\(model.unit.name) · 我的工作", content: .group(
            .h1(.text("\(model.unit.name) · 我的工作")),
            .p(.class("sub"), .a(.href(SiteURL.plan(plan.id).path), .text(plan.title))),
            .div(.class("figures"),
                .div(.class("figure"), .b(.text(due.map { "\($0.month)月\($0.day)日" } ?? "—")),
                     .span(.text(daysLeft.map { "本期月报截止（还有 \($0) 天）" } ?? "方案未规定月报"))),
                .div(.class("figure"), .b(.text("\(model.assignments.count)")), .span("本单位承担的任务")),
                .div(.class("figure"), .b(.text(model.contact?.liaison.nilIfEmpty ?? "未填写")), .span("联络员"))
            ),
            .unwrap(plan.reporting?.text) { .p(.class("notice"), .text($0)) },
            .section(.class("card"),
                .h3("我的任务"),
                model.assignments.isEmpty ? .p(.class("empty"), "方案未给本单位分配任务。") :
                .ol(.forEach(model.assignments.prefix(12)) { assignment in
                    .li(.text(Self.summary(assignment.task)),
                        .span(.class("tag"), .text(UnitView.describe(assignment.route))))
                }),
                .p(.a(.href(SiteURL.unit(plan: plan.id, name: model.unit.name).path), .text("完整任务分解表与联络员信息 ›")))
            )
        )).render()
    }
}

extension LiaisonHomeView {
    /// A task in one line: its number and title, or the start of its text when it has no title.
    static func summary(_ task: PlanTask) -> String {
        let head = task.title ?? (task.text.count > 50 ? String(task.text.prefix(50)) + "…" : task.text)
        return [task.number, head].compactMap { $0 }.joined(separator: " ")
    }
}

/// A region's page: a township officer's home, and what the office sees of a township or village.
struct RegionView {
    struct Model {
        var plan: Plan
        var path: [Region]
        var children: [Region]
        var townshipTasks: [UnitDirectory.Assignment]
        var isHome: Bool
    }

    var model: Model

    func render() -> String {
        let plan = model.plan
        let region = model.path.last!
        let perTownship = plan.cellTargets.filter { $0.per == .township || $0.per == .town }
        return Layout(title: region.name, crumbs: model.isHome ? [] : [.init(title: plan.title, url: .plan(plan.id)),
                                                                      .init(title: region.name, url: nil)],
                      content: .group(
            .h1(.text(region.name)),
            .p(.class("sub"), .text(model.path.map(\.name).joined(separator: " › ")),
               .unwrap(region.code) { .span(.class("muted"), .text(" · 代码 \($0)")) }),
            .if(!perTownship.isEmpty && (region.level == .township || region.level == .town), .section(.class("card"),
                .h3("本乡镇的健康细胞目标"),
                .ul(.forEach(perTownship) { target in .li(.text("\(target.displayName)：\(DashboardView.describe(target))")) }),
                .p(.class("muted"), .text("建设进度在健康细胞台账建立后显示。")))),
            .if(!model.townshipTasks.isEmpty, .section(.class("card"),
                .h3("乡镇承担的任务"),
                .ol(.forEach(model.townshipTasks) { assignment in
                    .li(.text(LiaisonHomeView.summary(assignment.task)))
                }))),
            .section(.class("card"),
                .h3(.text(region.level == .village ? "下级" : "下辖村（社区）")),
                model.children.isEmpty ? .p(.class("empty"), "尚未导入下级区划。") :
                .p(.class("units"), .forEach(model.children) { child in
                    .a(.href(SiteURL.region(plan: plan.id, id: child.id).path), .text(child.name))
                }))
        )).render()
    }
}

/// The administrator's home: every programme, and what needs an administrator's eye.
struct AdminHomeView {
    struct Model {
        var plans: [PlanSummary]
        var accounts: Int
        var activeTokens: Int
        var recent: [AuditEntry]
    }

    var model: Model

    func render() -> String {
        Layout(title: "系统管理", content: .group(
            .h1("系统管理"),
            .div(.class("figures"),
                .div(.class("figure"), .b(.text("\(model.plans.count)")), .span("创建方案")),
                .div(.class("figure"), .b(.text("\(model.accounts)")), .span("账号")),
                .div(.class("figure"), .b(.text("\(model.activeTokens)")), .span("有效接口令牌"))),
            .div(.class("cards"), .forEach(model.plans) { plan in
                .article(.class("card"),
                    .h3(.a(.href(SiteURL.plan(plan.id).path), .text(plan.title))),
                    .p(.span(.class("tag"), .text(plan.programme.chineseName)), .span(.class("tag"), .text(plan.place.name))),
                    .p(.a(.href(SiteURL.dashboard(plan.id).path), .text("看板")), .text(" · "),
                       .a(.href(SiteURL.planUnits(plan.id).path), .text("单位"))))
            }),
            .section(.class("card"),
                .h3("最近的更改"),
                model.recent.isEmpty ? .p(.class("empty"), "还没有记录。") :
                .recentChanges(model.recent, all: .auditLog(plan: nil, page: 1)))
        )).render()
    }
}

/// Many programmes side by side: a province or city viewer's home.
struct ComparisonView {
    struct Row {
        var summary: PlanSummary
        var progress: ProgrammeProgress
    }

    struct Model {
        var regionName: String
        var regionID: UUID?
        var rows: [Row]
    }

    var model: Model

    func render() -> String {
        let chart = BarChart(title: "各地创建时间进度", bars: model.rows.map {
            BarChart.Bar(label: $0.summary.place.name, value: $0.progress.elapsed, valueLabel: Self.stage($0.progress),
                         tone: $0.progress.phases.isEmpty || $0.progress.elapsed >= 1 ? .muted : .accent)
        }, maximum: 1)
        return Layout(title: "\(model.regionName) · 创建进展", content: .group(
            .h1(.text("\(model.regionName) · 创建进展")),
            .p(.class("sub"), .text("本地区内 \(model.rows.count) 个创建方案的对比。")),
            .div(.class("toolbar no-print"),
                .unwrap(model.regionID) { .a(.class("button"), .href(SiteURL.regionCoverage($0).path), .text("各地健康细胞覆盖")) },
                .button(.type(.button), .class("secondary"), .attribute(named: "data-print", value: "1"), .text("打印（A4）"))),
            model.rows.isEmpty ? .p(.class("empty"), "本地区还没有创建方案。") : .group(
                .section(.class("card chart"), .h3("时间进度"), .raw(chart.svg())),
                .table(.class("stack"),
                    .thead(.tr(.th("地区"), .th("方案"), .th("类型"), .th("当前阶段"), .th("任务"), .th("成员单位"))),
                    .tbody(.forEach(model.rows) { row in
                        .tr(.td(.attribute(named: "data-label", value: "地区"), .text(row.summary.place.name)),
                            .td(.attribute(named: "data-label", value: "方案"),
                                .a(.href(SiteURL.dashboard(row.summary.id).path), .text(row.summary.title))),
                            .td(.attribute(named: "data-label", value: "类型"), .text(row.summary.programme.chineseName)),
                            .td(.attribute(named: "data-label", value: "当前阶段"),
                                .text(row.progress.currentPhases.map(\.phase.name).joined(separator: "、").nilIfEmpty ?? Self.stage(row.progress))),
                            .td(.class("num"), .attribute(named: "data-label", value: "任务"), .text("\(row.summary.counts.tasks)")),
                            .td(.class("num"), .attribute(named: "data-label", value: "成员单位"), .text("\(row.summary.counts.memberUnits)")))
                    })))
        )).render()
    }
}

extension ComparisonView {
    /// Where a programme's calendar stands, in words when a percentage would mislead.
    static func stage(_ progress: ProgrammeProgress) -> String {
        if progress.phases.isEmpty { return "方案未列阶段" }
        if progress.elapsed >= 1 { return "已结束" }
        if progress.elapsed <= 0 { return "未开始" }
        return Display.percent(progress.elapsed)
    }
}

struct SearchView {
    struct Model {
        var query: String
        var results: SearchResults
        var titles: [String: String]
    }

    var model: Model

    func render() -> String {
        let r = model.results
        return Layout(title: "搜索", content: .group(
            .h1("搜索"),
            .form(.method(.get), .action(SiteURL.search(nil).path), .class("search-form"),
                .input(.type(.search), .name("q"), .value(attr(model.query)), .placeholder("方案、单位、任务或地名"),
                       .attribute(named: "maxlength", value: "100"), .autofocus(model.query.isEmpty)),
                .button(.type(.submit), .text("搜索"))),
            .if(!model.query.isEmpty && r.isEmpty, .p(.class("empty"), .text("没有找到与「\(model.query)」相关的内容。"))),
            .if(!r.programmes.isEmpty, .section(.h2("方案"), .ul(.forEach(r.programmes) { p in
                .li(.a(.href(SiteURL.plan(p.id).path), .text(p.title)))
            }))),
            .if(!r.units.isEmpty, .section(.h2("单位"), .ul(.forEach(r.units) { u in
                .li(.a(.href(SiteURL.unit(plan: u.planID, name: u.name).path), .text(u.name)),
                    .span(.class("muted"), .text(" · \(model.titles[u.planID] ?? u.planID)")))
            }))),
            .if(!r.tasks.isEmpty, .section(.h2("任务"), .ul(.forEach(r.tasks) { t in
                .li(.b(.text([t.number, t.title].compactMap { $0 }.joined(separator: " "))), .text(" "),
                    .text(Self.excerpt(t.text, around: model.query)),
                    .span(.class("muted"), .text(" · \(model.titles[t.planID] ?? t.planID)")))
            }))),
            .if(!r.places.isEmpty, .section(.h2("地区"), .ul(.forEach(r.places) { p in
                .li(.a(.href(SiteURL.region(plan: p.planID, id: p.region.id).path), .text(p.region.name)),
                    .span(.class("muted"), .text(" · \(p.region.level.chineseName) · \(model.titles[p.planID] ?? p.planID)")))
            })))
        )).render()
    }

    /// About 60 characters of the text around the first match.
    static func excerpt(_ text: String, around query: String) -> String {
        guard let range = text.range(of: query, options: .caseInsensitive) else { return String(text.prefix(60)) }
        let start = text.index(range.lowerBound, offsetBy: -25, limitedBy: text.startIndex) ?? text.startIndex
        let end = text.index(range.upperBound, offsetBy: 35, limitedBy: text.endIndex) ?? text.endIndex
        return (start > text.startIndex ? "…" : "") + String(text[start..<end]) + (end < text.endIndex ? "…" : "")
    }
}

extension Node where Context == HTML.BodyContext {
    /// The latest audit entries, one line each, with a link to the whole log.
    static func recentChanges(_ entries: [AuditEntry], all: SiteURL) -> Node {
        .group(
            .ul(.forEach(entries) { entry in
                .li(.text("\(Display.dateTime(entry.at)) \(entry.actor) \(entry.actionLabel) \(entry.entityID)"))
            }),
            .p(.a(.href(all.path), .text("全部操作日志 ›"))))
    }
}
