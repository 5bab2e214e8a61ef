import Core
import Domain
import Plot

/// The home page: every programme in the database.
struct PlanListView {
    struct Model {
        var plans: [PlanSummary]
    }

    var model: Model

    func render() -> String {
        Layout(title: "创建方案", content: .group(
            .h1("创建方案"),
            .p(.class("sub"), .text("共 \(model.plans.count) 个方案。选择一个方案查看组织机构、实施阶段、任务分解和目标。")),
            model.plans.isEmpty
                ? .p(.class("empty"), .text("还没有方案。"), .a(.href(SiteURL.imports.path), .text("上传实施方案文件 ›")))
                : .div(.class("cards"), .forEach(model.plans) { card($0) })
        )).render()
    }

    private func card(_ plan: PlanSummary) -> Node<HTML.BodyContext> {
        .article(.class("card plan-card"),
            .h3(.a(.href(SiteURL.plan(plan.id).path), .text(plan.title))),
            .p(
                .span(.class("tag"), .text(plan.programme.chineseName)),
                .span(.class("tag"), .text(plan.place.name)),
                .unwrap(plan.documentNumber) { .span(.class("muted"), .text($0)) }
            ),
            .ul(.class("stats"),
                .li(.b(.text("\(plan.counts.tasks)")), .text(" 项任务")),
                .li(.b(.text("\(plan.counts.units)")), .text(" 个单位")),
                .li(.b(.text("\(plan.counts.phases)")), .text(" 个阶段")),
                .li(.b(.text("\(plan.counts.cellTargets)")), .text(" 项细胞目标")),
                .li(.b(.text("\(plan.counts.indicators)")), .text(" 项指标"))
            )
        )
    }
}

/// A page for errors: not found, bad request, server trouble.
struct ErrorPageView {
    struct Model {
        var status: Int
        var message: String
    }

    var model: Model

    func render() -> String {
        let heading = switch model.status {
        case 404: "找不到页面"
        case 403: "无权访问"
        case 400..<500: "请求有误"
        default: "服务器出错"
        }
        return Layout(title: heading, content: .group(
            .h1(.text(heading)),
            .p(.text(model.message)),
            .p(.a(.href(SiteURL.home.path), .text("返回首页")))
        )).render()
    }
}
