import Core
import Domain
import Foundation
import Plot

struct SurveyResultsView {
    var model: Model

    func render() -> String {
        let c = model.context
        let r = model.results
        let id = c.programme.plan.id
        let overall = r.rows.filter { $0.group == nil }
        let grouped = Dictionary(grouping: r.rows.filter { $0.group != nil }, by: \.variable)
        return Layout(title: "调查结果", crumbs: surveyCrumbs(c.programme, c.survey, "调查结果"), content: .group(
            .h1("调查结果"),
            .p(.class("sub"), .text("\(c.survey.name) · 完成 \(r.completed) 份（计划 \(r.planned) 份）")),
            .flash(model.notice),
            .unwrap(model.problem) { .notice($0, .error, role: .alert) },
            .toolbar(
                .a(.class("button secondary"), .href(SiteURL.surveyResultsXLSX(plan: id, id: c.survey.id).path), .text("导出结果 xlsx")),
                .if(model.canPublish, .a(.class("button secondary"), .href(SiteURL.surveyRespondentsXLSX(plan: id, id: c.survey.id).path), .text("导出逐人计分数据 xlsx"))),
                .apiLink(.apiSurveyResults(plan: id, id: c.survey.id))),
            .unwrap(r.failure) { .notice("无法估计：\($0)", .error) },
            .if(!r.excluded.isEmpty, .noticeBlock(.warn, .p(.text("\(r.excluded.count) 份答卷不符合现在的问卷（问卷在填报后修改过），未计入：")), .ul(.forEach(r.excluded.prefix(20)) { .li(.text($0)) }))),
            .if(r.failure == nil, .group(
                // How the figures were computed, in words, folded: statisticians open it, others need not.
                .details(.class("card method"), .summary("计算方法"),
                    .ul(
                        .li(.text("权重：\(r.weighting)")),
                        .li(.text("抽样误差按复杂抽样设计计算（泰勒线性化），抽样设计为\(r.design)；自由度 \(r.degreesOfFreedom.map(String.init) ?? "—")")),
                        .li(.text("95% 置信区间：\(r.interval == "logit" ? "比例用对数比变换计算，区间不会超出 0–100%；均值用估计值 ± t × 标准误" : "估计值 ± t × 标准误")")),
                        .li(.text("只有一个初级抽样单位的层：\(Survey.plainSingletonLabel(c.survey.singleton))；设计效应为与同样本量简单随机抽样的方差之比")))),
                .h2("总体估计"),
                resultTable(overall, firstColumn: "指标"),
                comparison(overall),
                .if(model.canPublish, publishForm(overall)),
                .h2("分组估计"),
                .forEach(overall) { row in
                    .group(.h3(.text(row.label)), resultTable(grouped[row.variable] ?? [], firstColumn: "分组"))
                }))
        )).render()
    }

    private func resultTable(_ rows: [SurveyResultRow], firstColumn: String) -> Node<HTML.BodyContext> {
        .div(.class("scroll"), .table(.class("results"),
            .thead(.tr(.th(.text(firstColumn)), .th("估计值"), .th("95% 置信区间"), .th("标准误"), .th("样本数 n"), .th("设计效应"))),
            .tbody(.forEach(rows) { row in
                .tr(.td(.text(row.group == nil ? row.label : "\(row.groupLabel ?? "")：\(row.domain ?? "")")),
                    .td(.class("num"), .b(.text(surveyFigure(row.estimate, parameter: row.parameter)))),
                    .td(.class("num"), .text("\(surveyFigure(row.ciLow, parameter: row.parameter)) – \(surveyFigure(row.ciHigh, parameter: row.parameter))")),
                    .td(.class("num"), .text(surveyFigure(row.se, parameter: row.parameter))),
                    .td(.class("num"), .text(String(row.n))),
                    .td(.class("num"), .text(row.deff.map { String(format: "%.2f", $0) } ?? "—")))
            })))
    }

    /// The survey's overall figures beside the national and provincial references of the indicator they measure.
    private func comparison(_ overall: [SurveyResultRow]) -> Node<HTML.BodyContext> {
        let year = model.context.survey.year
        let rows: [(SurveyResultRow, String, [ReferenceValue])] = overall.compactMap { row in
            guard row.parameter == "proportion", let code = SurveyResults.defaultIndicator(for: row.variable) else { return nil }
            let refs = model.references.filter { $0.indicator == code }
            guard !refs.isEmpty else { return nil }
            // The latest figure of each level up to the survey's year, else the earliest after it.
            let byKind = Dictionary(grouping: refs, by: \.kind).compactMap { _, values -> ReferenceValue? in
                values.filter { $0.year <= year }.max { $0.year < $1.year } ?? values.min { $0.year < $1.year }
            }.sorted { $0.kind.rawValue < $1.kind.rawValue }
            return (row, code, byKind)
        }
        guard !rows.isEmpty else { return .empty }
        return .group(
            .h2("与全国、省级水平比较"),
            .table(.class("stack"),
                .thead(.tr(.th("指标"), .th("本次调查"), .th("参考值"), .th("比较"))),
                .tbody(.forEach(rows) { row, code, refs in
                    .tr(.td(.text("\(row.label)（\(code)）")),
                        .td(.class("num"), .text("\(surveyFigure(row.estimate, parameter: row.parameter))（\(surveyFigure(row.ciLow, parameter: row.parameter))–\(surveyFigure(row.ciHigh, parameter: row.parameter))）")),
                        .td(.forEach(refs) { ref in .div(.text("\(ref.kind.chineseName) \(ref.year) 年：\(String(format: "%.2f%%", ref.value))")) }),
                        .td(.forEach(refs) { ref in .div(.text(Self.compare(row, ref))) }))
                })),
            .p(.class("muted"), .text("参考值来自指标页的「参考值」（全国值随平台提供，省级、市级值由创建办录入）。置信区间整体高于或低于参考值时才说明差别有统计学意义。")))
    }

    static func compare(_ row: SurveyResultRow, _ ref: ReferenceValue) -> String {
        let low = row.ciLow * 100, high = row.ciHigh * 100
        if low > ref.value { return "高于\(ref.kind.chineseName)（区间整体在参考值之上）" }
        if high < ref.value { return "低于\(ref.kind.chineseName)（区间整体在参考值之下）" }
        return "与\(ref.kind.chineseName)无统计学差别"
    }

    private func publishForm(_ overall: [SurveyResultRow]) -> Node<HTML.BodyContext> {
        let c = model.context
        let percent = model.indicators.filter { $0.unit == "%" }
        let rows = overall.filter { $0.parameter == "proportion" }
        return .group(
            .h2("写入指标数据"),
            .p(.class("muted"), .text("把总体估计写成 \(c.survey.year) 年\(c.programme.place.name)的指标数据（带置信区间，状态为待审核，与各单位报送的数据一样由创建办审核）。")),
            .form(.method(.post), .action(SiteURL.surveyPublish(plan: c.programme.plan.id, id: c.survey.id).path), .class("stack wide-form"),
                .csrfField(),
                .table(.class("compact"),
                    .thead(.tr(.th("结果"), .th("写入指标"))),
                    .tbody(.forEach(rows) { row in
                        let preset = SurveyResults.defaultIndicator(for: row.variable).flatMap { code in percent.contains { $0.code == code } ? code : nil }
                        return .tr(.td(.text("\(row.label) \(surveyFigure(row.estimate, parameter: row.parameter))")),
                                   .td(.select(.attribute(named: "name", value: attr("indicator[\(row.variable)]")),
                                               .attribute(named: "aria-label", value: attr("\(row.label) 写入的指标")),
                                               .choice("", "不写入", selected: preset == nil),
                                               .forEach(percent) { i in .choice(i.code, indicatorLabel(i.code, i.name), selected: preset == i.code) })))
                    })),
                .button(.type(.submit), .text("写入指标数据"))))
    }
}
