import Core
import Domain
import Foundation
import Plot

/// The account's imports (every import, for an administrator).
struct ImportListView {
    var model: Model

    func render() -> String {
        Layout(title: "我的导入草稿", content: .group(
            .h1("导入方案文件"),
            .p(.class("sub"), .text("上传的实施方案生成的草稿只有上传者本人（和系统管理员）能看到。")),
            .div(.class("toolbar"), .a(.class("button"), .href(SiteURL.newImport.path), .text("上传方案文件"))),
            model.imports.isEmpty ? .p(.class("empty"), .text("还没有导入过方案文件。")) :
            .table(.class("stack"),
                .thead(.tr(.th("文件"), .if(!model.creators.isEmpty, .th("上传者")), .th("上传时间"), .th("最近修改"), .th("状态"))),
                .tbody(.forEach(model.imports) { item in
                    .tr(
                        .cell("文件", .a(.href(SiteURL.planImport(item.id).path), .text(item.fileName))),
                        .if(!model.creators.isEmpty, .cell("上传者", text: model.creators[item.createdBy] ?? "—")),
                        .cell("上传时间", text: Display.dateTime(item.createdAt)),
                        .cell("最近修改", text: Display.dateTime(item.updatedAt)),
                        .cell("状态", .text(item.status.chineseName), .unwrap(item.savedPlanID) { id in .group(.text(" "), .a(.href(SiteURL.plan(id).path), .text(id))) })
                    )
                })
            )
        )).render()
    }
}
