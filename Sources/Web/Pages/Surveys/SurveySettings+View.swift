import Core
import Domain
import Foundation
import Plot

struct SurveySettingsView {
    var model: Model

    func render() -> String {
        let p = model.programme
        let s = model.survey
        let title = model.isNew ? "新建调查" : "调查设置"
        let action = model.isNew ? SiteURL.newSurvey(p.plan.id) : SiteURL.surveySettings(plan: p.plan.id, id: s.id)
        return Layout(title: title, crumbs: surveyCrumbs(p, model.isNew ? nil : s, title), content: .group(
            .h1(.text(title)),
            .problemList(model.problems),
            .form(.method(.post), .action(action.path), .class("stack wide-form"),
                .csrfField(),
                .unwrap(model.fingerprint) { .input(.type(.hidden), .name("fingerprint"), .value(attr($0))) },
                .label(.text("调查名称"), .input(.type(.text), .name("name"), .required(true), .value(attr(s.name)))),
                model.isNew
                    ? .label(.text("问卷"), .select(.attribute(named: "name", value: "questionnaire"),
                        .forEach(model.questionnaires) { q in .choice(q.id, q.title, selected: q.id == s.questionnaireID) }))
                    : .p(.text("问卷：\(model.questionnaires.first { $0.id == s.questionnaireID }?.title ?? "（问卷已不在平台上）")（建立后不能更换）")),
                .label(.text("调查年度（结果写入该年的指标数据）"), .input(.type(.text), .name("year"), .required(true), .value(String(s.year)))),
                .if(!model.isNew, .label(.text("状态"), .select(.attribute(named: "name", value: "status"),
                    .forEach(SurveyStatus.allCases) { v in .choice(v.rawValue, v.chineseName, selected: s.status == v) }))),
                .h2("样本分配"),
                .p(.class("muted"), .text("填写每个乡镇计划调查的人数。人口数（调查对象年龄范围内的常住人口）用于推算全县结果：人口多的乡镇占的分量大；都不填则各乡镇按调查人数计算。")),
                p.townships.isEmpty ? .notice("本方案还没有乡镇：请创建办先在「区划」页导入乡镇和村（社区）。", .warn)
                : .table(.class("compact"),
                    .thead(.tr(.th("乡镇"), .th("计划调查人数"), .th("人口数（可空）"))),
                    .tbody(.forEach(p.townships) { t in
                        let q = s.quota(for: t.id)
                        let key = t.id.uuidString.lowercased()
                        return .tr(.th(.text(t.name)),
                                   .td(.input(.type(.text), .name(attr("quotas[\(key)]")), .value(attr(q.map { String($0.planned) } ?? "")),
                                              .attribute(named: "inputmode", value: "numeric"), .attribute(named: "aria-label", value: attr("\(t.name) 计划调查人数")))),
                                   .td(.input(.type(.text), .name(attr("population[\(key)]")), .value(attr(q?.population.map(\.shortestText) ?? "")),
                                              .attribute(named: "inputmode", value: "numeric"), .attribute(named: "aria-label", value: attr("\(t.name) 人口数")))))
                    })),
                // The statistical choices have sensible defaults (the first of each); most offices never open this.
                .details(.class("card"), .if(model.advancedOpen, .open(true)),
                    .summary("高级设置（一般不用修改）"),
                    .label(.text("抽样方式"), .select(.attribute(named: "name", value: "layout"),
                        .forEach(SurveyLayout.allCases) { l in .choice(l.rawValue, l.plainName, selected: l == s.layout) })),
                    .label(.text("比例的 95% 置信区间"), .select(.attribute(named: "name", value: "interval"),
                        .choice("logit", "区间不超出 0–100%（推荐）", selected: s.intervalMethod == .logit),
                        .choice("wald", "估计值 ± 误差（对称区间）", selected: s.intervalMethod == .wald))),
                    .label(.text("某一层只调查了一个村（社区）时"), .select(.attribute(named: "name", value: "singleton"),
                        .forEach(Survey.plainSingletonChoices) { v in .choice(v.id, v.label, selected: s.singleton == v.id) })),
                    .h3("按人口构成调整（可空）"),
                    .p(.class("muted"), .text("有人口普查数时，可让调查结果的性别、年龄等构成与全县人口一致。第一行写问卷中的分组和「人数」，以下每行一组，用逗号分隔，如「性别,年龄组,人数」「男,15-24,12000」。留空则不调整。")),
                    .textarea(.name("totals"), .class("code"), .attribute(named: "rows", value: "6"),
                              .attribute(named: "aria-label", value: "按人口构成调整"), .text(model.totalsText))),
                .label(.text("说明（可空）"), .textarea(.name("note"), .text(s.note ?? ""))),
                .button(.type(.submit), .text(model.isNew ? "建立调查" : "保存设置")))
        )).render()
    }
}
