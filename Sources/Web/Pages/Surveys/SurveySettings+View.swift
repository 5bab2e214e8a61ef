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
        let singletons = Survey.singletonChoices
        return Layout(title: title, crumbs: surveyCrumbs(p, model.isNew ? nil : s, title), content: .group(
            .h1(.text(title)),
            .problemList(model.problems),
            .form(.method(.post), .action(action.path), .class("stack wide-form"),
                .csrfField(),
                .unwrap(model.fingerprint) { .input(.type(.hidden), .name("fingerprint"), .value(attr($0))) },
                .label(.text("调查名称"), .input(.type(.text), .name("name"), .required(true), .value(attr(s.name)))),
                model.isNew
                    ? .label(.text("问卷（questionnaires/ 目录）"), .select(.attribute(named: "name", value: "questionnaire"),
                        .forEach(model.questionnaires) { q in .choice(q.id, "\(q.title)（\(q.id)）", selected: q.id == s.questionnaireID) }))
                    : .p(.text("问卷：\(model.questionnaires.first { $0.id == s.questionnaireID }?.title ?? s.questionnaireID)（建立后不能更换）")),
                .label(.text("调查年度（结果写入该年的指标数据）"), .input(.type(.text), .name("year"), .required(true), .value(String(s.year)))),
                .label(.text("抽样设计（决定方差估计的分层和初级抽样单位）"), .select(.attribute(named: "name", value: "layout"),
                    .forEach(SurveyLayout.allCases) { l in .choice(l.rawValue, l.chineseName, selected: l == s.layout) })),
                .label(.text("比例的 95% 置信区间"), .select(.attribute(named: "name", value: "interval"),
                    .choice("logit", "logit 变换（区间不越出 0–100%，samplics 默认）", selected: s.intervalMethod == .logit),
                    .choice("wald", "Wald（估计值 ± t × 标准误）", selected: s.intervalMethod == .wald))),
                .label(.text("只有一个初级抽样单位的层"), .select(.attribute(named: "name", value: "singleton"),
                    .forEach(singletons) { v in .choice(v.id, v.label, selected: s.singleton == v.id) })),
                .if(!model.isNew, .label(.text("状态"), .select(.attribute(named: "name", value: "status"),
                    .forEach(SurveyStatus.allCases) { v in .choice(v.rawValue, v.chineseName, selected: s.status == v) }))),
                .h2("样本分配"),
                .p(.class("muted"), .text("每个乡镇的计划调查人数；人口数（本调查对象年龄范围内的常住人口）用于计算设计权重：权重 = 人口数 ÷ 该乡镇完成人数。都不填人口数则不加权。")),
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
                .h2("事后分层（可选）"),
                .p(.class("muted"), .text("按人口普查数把权重调整到总体：第一行是问卷中的分组变量（如 residence、sex、age_group）和「人数」，每行一格。留空则不做事后分层。")),
                .textarea(.name("totals"), .class("code"), .attribute(named: "rows", value: "8"),
                          .attribute(named: "placeholder", value: attr("sex,age_group,人数\n男,15-24,12000\n女,15-24,11500")), .text(model.totalsText)),
                .label(.text("说明（可空）"), .textarea(.name("note"), .text(s.note ?? ""))),
                .button(.type(.submit), .text(model.isNew ? "建立调查" : "保存设置")))
        )).render()
    }
}
