import Core
import Domain
import Foundation
import Plot

struct InspectionListView {
    var model: Model

    func render() -> String {
        let p = model.plan
        let open = model.problems.filter { $0.state != .closed }
        let shown = model.ownUnit.map { unit in open.filter { $0.unit == unit } } ?? open
        return Layout(title: "督导检查", crumbs: runningCrumbs(p, "督导检查", .inspections(p.id), nil), content: .group(
            .h1("督导检查与问题清单"),
            .if(model.canSupervise, .toolbar(
                .a(.class("button"), .href(SiteURL.newInspection(p.id).path), .text("登记督导检查")),
                .apiLink(.apiProblems(p.id)))),
            .figures(
                .figure(model.inspections.count, "督导检查"),
                .figure(model.problems.count, "问题"),
                .figure(model.problems.count - open.count, "已销号"),
                .figure(open.filter { $0.daysOverdue(on: model.today) > 0 }.count, "逾期未整改")),
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
