import Domain
import Foundation
import Plot

/// A region's page: a township officer's home, and what the office sees of a township or village.
struct RegionView {
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
            .if(model.isHome, .workList(model.work, today: model.today)),
            .if(model.isHome, .p(.class("toolbar"),
                .unwrap(model.townshipUnit) { unit in .group(
                    .a(.class("button"), .href(SiteURL.tasks(plan.id, unit: unit).path), .text("本乡镇任务进展")),
                    .a(.class("button"), .href(SiteURL.monthlyReports(plan.id, month: nil).path), .text("工作月报"))) },
                .a(.class("button secondary"), .href(SiteURL.cellTownship(plan: plan.id, region: region.id).path), .text("健康细胞登记")),
                .a(.class("button secondary"), .href(SiteURL.cellBatch(plan.id, region: region.id, cell: nil).path), .text("批量评分")))),
            .if(!perTownship.isEmpty && (region.level == .township || region.level == .town), .section(.class("card"),
                .h3("本乡镇的健康细胞目标"),
                model.coverage.isEmpty
                    ? .ul(.forEach(perTownship) { target in .li(.text("\(target.displayName)：\(DashboardView.describe(target))")) })
                    : .ul(.forEach(model.coverage) { e in
                        .li(.text("\(e.label)：已命名 \(e.certified)/\(e.eligible)"),
                            .unwrap(e.percent) { .text("（\(Display.percent($0 / 100))）") },
                            .text("，目标 \(e.target)"), .text(e.met == true ? " · 已达标" : e.met == false ? " · \(e.gapText)" : ""))
                    }))),
            .if(!model.isHome, .unwrap(model.townshipUnit) { unit in
                .p(.class("toolbar"), .a(.class("button"), .href(SiteURL.tasks(plan.id, unit: unit).path), .text("本乡镇任务进展")))
            }),
            .if(!model.townshipTasks.isEmpty, .section(.class("card"),
                .h3("乡镇承担的任务"),
                .ul(.class("task-list"), .forEach(model.townshipTasks) { assignment in
                    .li(.text(LiaisonHomeView.summary(assignment.task)), .unwrap(assignment.subtask) { .text(" › \($0.title)") })
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
