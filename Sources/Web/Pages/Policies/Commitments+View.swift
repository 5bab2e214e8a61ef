import Core
import Domain
import Foundation
import Plot

struct CommitmentsView {
    var model: Model

    func render() -> String {
        let p = model.plan
        let units = MonthlyReportRules.reportingUnits(of: p)
        let total = model.lines.reduce(Decimal(0)) { $0 + $1.value.amount }, spent = model.lines.reduce(Decimal(0)) { $0 + $1.value.spent }
        return Layout(title: "责任与经费", crumbs: runningCrumbs(p, "责任与经费", .commitments(p.id), nil), content: .group(
            .h1("目标责任状与经费"),
            .flash(model.notice),
            .problemList(model.problems),
            .h2(.text("目标责任状（已签 \(model.agreements.count)，未签 \(model.unsigned.count)）")),
            .if(!model.unsigned.isEmpty, .notice("尚未签订：\(model.unsigned.joined(separator: "、"))", .warn)),
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
