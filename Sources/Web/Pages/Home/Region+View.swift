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
            .if(!perTownship.isEmpty && (region.level == .township || region.level == .town), .section(.class("card"),
                .h3("本乡镇的健康细胞目标"),
                .ul(.forEach(perTownship) { target in .li(.text("\(target.displayName)：\(DashboardView.describe(target))")) }),
                .p(.class("muted"), .text("建设进度在健康细胞台账建立后显示。")))),
            .unwrap(model.townshipUnit) { unit in
                .p(.class("toolbar"), .a(.class("button"), .href(SiteURL.tasks(plan.id, unit: unit).path), .text("本乡镇任务进展")),
                   .a(.class("button"), .href(SiteURL.monthlyReports(plan.id, month: nil).path), .text("工作月报")))
            },
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
