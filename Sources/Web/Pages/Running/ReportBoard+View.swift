import Core
import Domain
import Foundation
import Plot

struct ReportBoardView {
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
                .apiLink(.apiReports(p.id), query: "?month=\(month)")),
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
            .figures(
                .figure(r.expected.count, "应报单位"),
                .figure(r.onTime.count, "按时报送"),
                .figure(r.late.count, "逾期报送"),
                .figure(r.missing.count, r.isPastDue ? "未报送（已逾期）" : "未报送"),
                .figure(r.returned.count, "退回修改")),
            .if(model.canSupervise && !r.reminders().isEmpty, .noticeBlock(.warn, .p(.text("提醒（\(r.reminders().count) 个单位）：")), .ul(.forEach(r.reminders()) { .li(.text("\($0.unit)：\($0.message)")) }))),
            .table(.class("stack"),
                .thead(.tr(.th("单位"), .th("状态"), .th("报送日期"), .th("逾期天数"), .th(""))),
                .tbody(.forEach(r.standings) { s in
                    .tr(.cell("单位", text: s.unit),
                        .cell("状态", .reportStatus(s.status)),
                        .cell("报送日期", text: s.submittedOn?.chinese ?? "—"),
                        .cell("逾期天数", numeric: true, text: s.daysLate > 0 ? "\(s.daysLate)" : ""),
                        .td(.a(.href(SiteURL.monthlyReport(plan: p.id, unit: s.unit, month: month).path), .text("查看"))))
                }))
        )).render()
    }
}
