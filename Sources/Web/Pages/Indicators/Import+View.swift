import Domain
import Foundation
import Plot

/// 导入: a CSV or xlsx file of figures, stored whole or not at all.
struct IndicatorImportView {
    var model: Model

    func render() -> String {
        let p = model.programme
        return Layout(title: "导入指标数据", crumbs: indicatorCrumbs(p, "导入"), content: .group(
            .h1("导入指标数据"),
            .p(.class("sub"), .text("Excel（xlsx）或 CSV 文件，第一行为表头：地区、指标、期间、数值，可再加 分子、分母、备注、来源单位。地区填区划名称或代码；指标填本方案的指标名称（或 HC38 这样的国家指标编号）；填「全国」「全省」「全市」「全县」的行作为参考值导入。期间如 2024、2024Q1、2024-03。整份文件有任何错误都不导入。")),
            .if(!model.problem.isEmpty, .noticeBlock(.error,
                .p(.text("未导入任何数据，请更正以下 \(model.problem.count) 处后重新上传：")),
                .ul(.forEach(model.problem.prefix(200)) { .li(.text($0)) }))),
            .unwrap(model.result) { r in
                .noticeBlock(.info,
                    .p(.text("已导入「\(model.fileName ?? "")」：新增 \(r.created) 条，更新 \(r.updated) 条，参考值 \(r.references) 条。")),
                    .if(!r.warnings.isEmpty, .group(.p(.text("请核实（\(r.warnings.count) 条提示）：")), .ul(.forEach(r.warnings.prefix(100)) { .li(.text($0)) }))),
                    .p(.a(.href(SiteURL.indicators(p.plan.id, year: nil).path), .text("查看指标看板 ›"))))
            },
            .form(.method(.post), .action(SiteURL.indicatorImport(p.plan.id).path), .attribute(named: "enctype", value: "multipart/form-data"),
                  .class("stack card"),
                .csrfField(),
                .label(.text("文件"), .input(.type(.file), .name("file"), .required(true), .attribute(named: "accept", value: ".csv,.xlsx"))),
                .label(.text("导入后的状态"), .select(.attribute(named: "name", value: "submit"), .choice("submitted", "已提交（待审核）", selected: true),
                                                    .choice("approved", "已审核（锁定）"))),
                .button(.type(.submit), .text("导入")))
        )).render()
    }
}
