import Core
import Domain
import Foundation
import Plot

struct CellImportView {
    var model: Model

    func render() -> String {
        let p = model.programme
        return Layout(title: "导入登记册", crumbs: cellCrumbs(p, "导入登记册"), content: .group(
            .h1("导入健康细胞登记册"),
            .p(.class("sub"), .text("CSV（UTF-8 或 GBK 编码）或 Excel 文件，第一行为表头：类型、名称、地区、子类、纳入统计、状态、命名日期，可加编码、联系人。类型写中文名（如 健康家庭、健康促进学校）；地区写区划代码或名称路径（如「\(p.place.name)/某某镇/某某村」）；状态写 未申报、申报、初评、现场评审、命名 或 摘牌。同一地区、类型和编码（无编码时名称）的已有场所会被更新。整份文件有任何错误都不导入。")),
            .if(!model.problems.isEmpty, .noticeBlock(.error, .p(.text("未导入任何数据，请更正以下问题后重新上传：")), .ul(.forEach(model.problems.prefix(200)) { .li(.text($0)) }))),
            .form(.method(.post), .action(SiteURL.cellImport(p.plan.id).path), .attribute(named: "enctype", value: "multipart/form-data"),
                  .class("stack card"),
                .csrfField(),
                .label(.text("文件"), .input(.type(.file), .name("file"), .required(true), .attribute(named: "accept", value: ".csv,.xlsx"),
                                             .attribute(named: "data-max-bytes", value: String(CellController.uploadBodyLimit - (1 << 20))),
                                             .attribute(named: "data-message", value: "upload-message"))),
                .p(.id("upload-message"), .class("field-error")),
                .button(.type(.submit), .text("导入"))),
            .p(.class("muted"), .text("网页上传每个文件不超过 63 MB（约 60 万户）；更大的登记册可按乡镇分成几个文件依次上传，或请系统管理员代为导入。"))
        )).render()
    }
}
