import Domain
import Foundation
import Plot

func surveyCrumbs(_ programme: CellWorkflow.Programme, _ survey: Survey?, _ last: String?) -> [Layout.Crumb] {
    var crumbs: [Layout.Crumb] = [.init(title: programme.plan.title, url: .plan(programme.plan.id))]
    guard let survey else {
        crumbs.append(.init(title: "居民调查", url: last == nil ? nil : .surveys(programme.plan.id)))
        if let last { crumbs.append(.init(title: last, url: nil)) }
        return crumbs
    }
    crumbs.append(.init(title: "居民调查", url: .surveys(programme.plan.id)))
    crumbs.append(.init(title: survey.name, url: last == nil ? nil : .survey(plan: programme.plan.id, id: survey.id)))
    if let last { crumbs.append(.init(title: last, url: nil)) }
    return crumbs
}

/// "31.25%" for a share held as 0…1; a mean as it is.
func surveyFigure(_ value: Double, parameter: String) -> String {
    parameter == "proportion" ? String(format: "%.2f%%", value * 100) : String(format: "%.2f", value)
}

extension Node where Context: HTML.BodyContext {
    /// Completed against planned, as a bar (green once the quota is reached).
    static func quotaBar(completed: Int, planned: Int) -> Node {
        let share = planned > 0 ? min(100, Double(completed) / Double(planned) * 100) : (completed > 0 ? 100 : 0)
        return .coverageBar(percent: share, verdict: planned > 0 && completed >= planned ? .met : .notMet, target: nil)
    }
}

// MARK: - List

struct SurveyListView {
    struct Model {
        var programme: CellWorkflow.Programme
        var surveys: [Survey]
        var completed: [UUID: Int]
        var questionnaires: [Questionnaire]
        var canManage: Bool
    }

    var model: Model

    func render() -> String {
        let p = model.programme
        let titles = Dictionary(model.questionnaires.map { ($0.id, $0.title) }, uniquingKeysWith: { a, _ in a })
        return Layout(title: "居民调查", crumbs: surveyCrumbs(p, nil, nil), content: .group(
            .h1("居民调查"),
            .p(.class("sub"), .text("健康素养、吸烟、体育锻炼和知晓率调查：按乡镇分配样本，在线填报或导入答卷，加权估计并给出 95% 置信区间。")),
            .if(model.canManage, .div(.class("toolbar no-print"),
                .a(.class("button"), .href(SiteURL.newSurvey(p.plan.id).path), .text("新建调查")),
                .a(.class("button secondary"), .href(SiteURL.apiSurveys(p.plan.id).path), .text("JSON")))),
            model.surveys.isEmpty ? .p(.class("empty"), .text(model.canManage ? "还没有调查。点「新建调查」选择问卷、分配各乡镇样本。" : "创建办还没有建立调查。"))
            : .table(.class("stack"),
                .thead(.tr(.th("调查"), .th("问卷"), .th("年度"), .th("完成 / 计划"), .th("状态"))),
                .tbody(.forEach(model.surveys) { s in
                    let done = model.completed[s.id] ?? 0
                    return .tr(
                        .td(.attribute(named: "data-label", value: "调查"), .a(.href(SiteURL.survey(plan: p.plan.id, id: s.id).path), .text(s.name))),
                        .td(.attribute(named: "data-label", value: "问卷"), .text(titles[s.questionnaireID] ?? s.questionnaireID)),
                        .td(.class("num"), .attribute(named: "data-label", value: "年度"), .text(String(s.year))),
                        .td(.attribute(named: "data-label", value: "完成 / 计划"), .quotaBar(completed: done, planned: s.plannedTotal),
                            .text(" \(done) / \(s.plannedTotal)")),
                        .td(.attribute(named: "data-label", value: "状态"), .text(s.status.chineseName),
                            .if(s.publishedAt != nil, .span(.class("tag"), .text("已写入指标")))))
                })),
            .p(.class("muted"), .text("问卷模板在 questionnaires/ 目录（可编辑，不是官方问卷题目）；命令行估计：healthcity survey estimate FILE.csv --weight … --json"))
        )).render()
    }
}

// MARK: - Settings

struct SurveySettingsView {
    struct Model {
        var programme: CellWorkflow.Programme
        var survey: Survey
        var isNew: Bool
        var questionnaires: [Questionnaire]
        var totalsText: String
        var problems: [String]
        /// The stored survey as the form showed it (settings only): a save over someone else's later one is refused.
        var fingerprint: String? = nil
    }

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
                p.townships.isEmpty ? .p(.class("notice warn"), .text("本方案还没有乡镇：请先用 healthcity regions import 导入区划。"))
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

// MARK: - One survey: progress

struct SurveyPageView {
    struct Model {
        var context: SurveyContext
        var completed: [UUID: Int]
        var canManage: Bool
        var canCollect: Bool
        var notice: String?
    }

    var model: Model

    func render() -> String {
        let c = model.context
        let s = c.survey
        let id = c.programme.plan.id
        let total = model.completed.values.reduce(0, +)
        return Layout(title: s.name, crumbs: surveyCrumbs(c.programme, s, nil), content: .group(
            .h1(.text(s.name)),
            .p(.class("sub"), .text("\(c.questionnaire?.title ?? s.questionnaireID) · \(s.year) 年 · \(s.status.chineseName) · \(s.layout.chineseName)")),
            .unwrap(model.notice) { .p(.class("notice"), .attribute(named: "role", value: "status"), .text($0)) },
            .if(c.questionnaire == nil, .p(.class("notice error"), .text("找不到问卷「\(s.questionnaireID)」：questionnaires/ 目录中没有这份问卷，无法填报和计分。"))),
            .div(.class("toolbar no-print"),
                .if(model.canCollect && s.status == .open, .a(.class("button"), .href(SiteURL.surveyForm(plan: id, id: s.id).path), .text("填报答卷"))),
                .a(.class("button secondary"), .href(SiteURL.surveyResults(plan: id, id: s.id).path), .text("调查结果")),
                .if(model.canCollect || model.canManage, .a(.class("button secondary"), .href(SiteURL.surveyResponses(plan: id, id: s.id).path), .text("答卷列表"))),
                .if(model.canManage, .group(
                    .if(s.status == .open, .a(.class("button secondary"), .href(SiteURL.surveyImport(plan: id, id: s.id).path), .text("导入答卷"))),
                    .a(.class("button secondary"), .href(SiteURL.surveySettings(plan: id, id: s.id).path), .text("设置"))))),
            .div(.class("figures"),
                .div(.class("figure"), .b(.text("\(total)")), .span("已完成")),
                .div(.class("figure"), .b(.text("\(s.plannedTotal)")), .span("计划")),
                .div(.class("figure"), .b(.text(s.plannedTotal > 0 ? String(format: "%.0f%%", Double(total) / Double(s.plannedTotal) * 100) : "—")), .span("完成率")),
                .div(.class("figure"), .b(.text("\(c.townships.count)")), .span("调查乡镇"))),
            .h2("各乡镇进度"),
            .table(.class("stack"),
                .thead(.tr(.th("乡镇"), .th("完成 / 计划"), .th("进度"), .th("人口数"))),
                .tbody(.forEach(s.quotas) { quota in
                    let done = model.completed[quota.regionID] ?? 0
                    return .tr(.td(.attribute(named: "data-label", value: "乡镇"), .text(c.townshipName(quota.regionID))),
                               .td(.class("num"), .attribute(named: "data-label", value: "完成 / 计划"), .text("\(done) / \(quota.planned)")),
                               .td(.attribute(named: "data-label", value: "进度"), .quotaBar(completed: done, planned: quota.planned),
                                   .text(quota.planned > 0 ? String(format: " %.0f%%", Double(done) / Double(quota.planned) * 100) : "")),
                               .td(.class("num"), .attribute(named: "data-label", value: "人口数"), .text(quota.population.map(\.shortestText) ?? "—")))
                })),
            .unwrap(s.note) { .p(.class("muted"), .text($0)) },
            .p(.class("muted"), .text("接口：GET \(SiteURL.apiSurveys(id).path)；POST \(SiteURL.apiSurveyResponses(plan: id, id: s.id).path)"))
        )).render()
    }
}

// MARK: - The interviewer's form

/// The questionnaire as a form a phone can fill. With JavaScript, each interview is kept on the device
/// until the server has it, so a lost connection loses nothing; without, it is an ordinary form.
struct InterviewFormView {
    struct Model {
        var context: SurveyContext
        var questionnaire: Questionnaire
        var townships: [Region]
        /// The form's fields as sent (`a.q01`, `m.q05.A`, `township` …), to show again after a problem.
        var values: [String: String]
        var problems: [String]
        var notice: String?
    }

    var model: Model

    func render() -> String {
        let c = model.context
        let q = model.questionnaire
        let action = SiteURL.surveyResponses(plan: c.programme.plan.id, id: c.survey.id)
        let chosenTownship = model.values["township"] ?? (model.townships.count == 1 ? model.townships[0].id.uuidString.lowercased() : "")
        return Layout(title: "填报答卷", crumbs: surveyCrumbs(c.programme, c.survey, "填报答卷"), content: .group(
            .h1("填报答卷"),
            .p(.class("sub"), .text("\(q.title) · \(c.survey.name)")),
            .if(q.template, .p(.class("notice warn"), .text(q.note ?? "本问卷为可编辑模板，不是官方问卷题目。"))),
            .unwrap(model.notice) { .p(.class("notice"), .attribute(named: "role", value: "status"), .text($0)) },
            .problemList(model.problems),
            .div(.id("survey-queue"), .class("notice warn"), .attribute(named: "hidden", value: "hidden"), .attribute(named: "aria-live", value: "polite")),
            .form(.method(.post), .action(action.path), .class("stack wide-form survey-form"), .id("interview"),
                .attribute(named: "data-offline", value: attr("healthcity.survey.\(c.survey.id.uuidString.lowercased())")),
                .csrfField(),
                .input(.type(.hidden), .name("submission"), .value("")),
                .fieldset(.class("question"), .element(named: "legend", text: "调查对象"),
                    .label(.text("问卷编号"), .input(.type(.text), .name("respondent"), .required(true), .value(attr(model.values["respondent"] ?? "")),
                                                   .attribute(named: "autocomplete", value: "off"))),
                    .label(.text("乡镇（街道）"), .select(.attribute(named: "name", value: "township"), .attribute(named: "required", value: "required"),
                        .choice("", "请选择"),
                        .forEach(model.townships) { t in .choice(t.id.uuidString.lowercased(), t.name, selected: chosenTownship == t.id.uuidString.lowercased()) })),
                    .label(.text("村（社区）"), .input(.type(.text), .name("village"), .value(attr(model.values["village"] ?? ""))))),
                .forEach(q.questions.filter { $0.id != "township" }) { plainQuestion($0) },
                .forEach(Array(q.items.enumerated())) { index, item in scoredItem(item, number: index + 1) },
                .button(.type(.submit), .text("保存这份答卷")))
        )).render()
    }

    private func value(_ name: String) -> String { model.values[name] ?? "" }

    private func plainQuestion(_ question: PlainQuestion) -> Node<HTML.FormContext> {
        let name = "a.\(question.id)"
        switch question.kind {
        case .choice:
            return .fieldset(.class("question"), .element(named: "legend", text: question.text + (question.required ? "" : "（可空）")),
                .div(.class("options"), .forEach(question.options) { option in
                    .label(.input(.type(.radio), .name(attr(name)), .value(attr(option)), .checked(value(name) == option), .required(question.required)), .text(" " + option))
                }))
        case .number:
            return .label(.class("question"), .text(question.text + (question.required ? "" : "（可空）")),
                          .input(.type(.text), .name(attr(name)), .value(attr(value(name))), .attribute(named: "inputmode", value: "decimal"), .required(question.required)))
        default:
            return .label(.class("question"), .text(question.text + (question.required ? "" : "（可空）")),
                          .input(.type(.text), .name(attr(name)), .value(attr(value(name))), .required(question.required)))
        }
    }

    private func scoredItem(_ item: QuestionItem, number: Int) -> Node<HTML.FormContext> {
        if item.kind == .scenario {
            return .fieldset(.class("question scenario"), .element(named: "legend", text: "情景题"),
                .p(.text(item.text)),
                .forEach(item.questions) { scoredItem($0, number: 0) })
        }
        let legend = (number > 0 ? "\(number). " : "") + "【\(item.kind.chineseName)】" + item.text
        return .fieldset(.class("question"), .element(named: "legend", text: legend),
            .div(.class("options"), .forEach(item.choices) { option in
                item.kind == .multiple
                    ? .label(.input(.type(.checkbox), .name(attr("m.\(item.id).\(option.label)")), .value("1"),
                                    .checked(!value("m.\(item.id).\(option.label)").isEmpty)), .text(" \(option.label). \(option.text)"))
                    : .label(.input(.type(.radio), .name(attr("a.\(item.id)")), .value(attr(option.label)), .checked(value("a.\(item.id)") == option.label)),
                             .text(" \(option.label). \(option.text)"))
            }))
    }
}

// MARK: - Responses

struct SurveyResponsesView {
    struct Model {
        var context: SurveyContext
        var responses: [SurveyResponse]
        var scored: [UUID: ScoredRespondent]
        var canDelete: Bool
    }

    var model: Model

    func render() -> String {
        let c = model.context
        let id = c.programme.plan.id
        let hasScore = !(c.questionnaire?.scoredItems.isEmpty ?? true)
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
        return Layout(title: "答卷列表", crumbs: surveyCrumbs(c.programme, c.survey, "答卷列表"), content: .group(
            .h1("答卷列表"),
            .p(.class("sub"), .text("共 \(model.responses.count) 份")),
            .if(model.canDelete, .div(.class("toolbar no-print"),
                .a(.class("button secondary"), .href(SiteURL.surveyRespondentsXLSX(plan: id, id: c.survey.id).path), .text("导出逐人计分数据 xlsx")))),
            model.responses.isEmpty ? .p(.class("empty"), .text("还没有答卷。")) : .table(.class("stack"),
                .thead(.tr(.th("问卷编号"), .th("乡镇"), .th("村（社区）"), .if(hasScore, .th("得分")), .if(hasScore, .th("具备素养")),
                           .th("来源"), .th("录入"), .if(model.canDelete, .th("")))),
                .tbody(.forEach(model.responses) { r in
                    let scored = model.scored[r.id]
                    return .tr(
                        .td(.attribute(named: "data-label", value: "问卷编号"), .text(r.respondent)),
                        .td(.attribute(named: "data-label", value: "乡镇"), .text(c.townshipName(r.regionID))),
                        .td(.attribute(named: "data-label", value: "村（社区）"), .text(r.village ?? "")),
                        .if(hasScore, .td(.class("num"), .attribute(named: "data-label", value: "得分"),
                                          .text(scored.map { "\($0.score) / \($0.maximum)" } ?? "不符合现问卷"))),
                        .if(hasScore, .td(.attribute(named: "data-label", value: "具备素养"), .text(scored?.literate.map { $0 ? "是" : "否" } ?? "—"))),
                        .td(.attribute(named: "data-label", value: "来源"), .text(r.source.chineseName)),
                        .td(.attribute(named: "data-label", value: "录入"), .text("\(r.enteredBy) \(formatter.string(from: r.enteredAt))")),
                        .if(model.canDelete, .td(.form(.method(.post), .action(SiteURL.surveyDeleteResponse(plan: id, id: c.survey.id, response: r.id).path),
                                                       .class("inline"), .attribute(named: "data-confirm", value: attr("删除问卷 \(r.respondent)？此操作记入操作日志。")),
                                                       .csrfField(), .button(.type(.submit), .class("danger small"), .text("删除"))))))
                }))
        )).render()
    }
}

// MARK: - Import

struct SurveyImportView {
    struct Model {
        var context: SurveyContext
        var problems: [String]
        var notice: String?
    }

    var model: Model

    func render() -> String {
        let c = model.context
        let q = c.questionnaire
        let columns = (q?.columns ?? []) + ["village（可选）", "weight（可选）"]
        return Layout(title: "导入答卷", crumbs: surveyCrumbs(c.programme, c.survey, "导入答卷"), content: .group(
            .h1("导入答卷"),
            .p(.class("sub"), .text("CSV（UTF-8 或 GBK）或 xlsx，第一行是表头，每行一份答卷。全部无误才导入，有错误时一份也不导入。")),
            .problemList(model.problems, heading: "未导入，请更正文件后重新上传："),
            .form(.method(.post), .action(SiteURL.surveyImport(plan: c.programme.plan.id, id: c.survey.id).path),
                  .attribute(named: "enctype", value: "multipart/form-data"), .class("stack card"),
                .csrfField(),
                .label(.text("答卷文件"), .input(.type(.file), .name("file"), .required(true), .attribute(named: "accept", value: ".csv,.xlsx"),
                                              .attribute(named: "data-max-bytes", value: String(TableFile.maximumBytes)))),
                .button(.type(.submit), .text("导入"))),
            .h2("文件的列"),
            .p(.text(columns.joined(separator: "、"))),
            .p(.class("muted"), .text("township 列写乡镇名称（可省略「镇」「乡」「街道」）；判断题填 对/错 或 A/B，选择题填选项字母，多选题如 ABD。village 列作为初级抽样单位；weight 列给出每人的权重时，全部答卷都须有权重。"))
        )).render()
    }
}

// MARK: - Results

struct SurveyResultsView {
    struct Model {
        var context: SurveyContext
        var questionnaire: Questionnaire
        var results: SurveyResults
        var indicators: [Indicator]
        var references: [ReferenceValue]
        var canPublish: Bool
        var notice: String?
        var problem: String?
    }

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
            .unwrap(model.notice) { .p(.class("notice"), .attribute(named: "role", value: "status"), .text($0)) },
            .unwrap(model.problem) { .p(.class("notice error"), .attribute(named: "role", value: "alert"), .text($0)) },
            .div(.class("toolbar no-print"),
                .a(.class("button secondary"), .href(SiteURL.surveyResultsXLSX(plan: id, id: c.survey.id).path), .text("导出结果 xlsx")),
                .if(model.canPublish, .a(.class("button secondary"), .href(SiteURL.surveyRespondentsXLSX(plan: id, id: c.survey.id).path), .text("导出逐人计分数据 xlsx"))),
                .a(.class("button secondary"), .href(SiteURL.apiSurveyResults(plan: id, id: c.survey.id).path), .text("JSON"))),
            .unwrap(r.failure) { .p(.class("notice error"), .text("无法估计：\($0)")) },
            .if(!r.excluded.isEmpty, .div(.class("notice warn"), .p(.text("\(r.excluded.count) 份答卷不符合现在的问卷（问卷在填报后修改过），未计入：")),
                .ul(.forEach(r.excluded.prefix(20)) { .li(.text($0)) }))),
            .if(r.failure == nil, .group(
                .ul(.class("method"),
                    .li(.text("权重：\(r.weighting)")),
                    .li(.text("方差：Taylor 线性化，抽样设计为\(r.design)，初级抽样单位按有放回近似；自由度 \(r.degreesOfFreedom.map(String.init) ?? "—")")),
                    .li(.text("95% 置信区间：\(r.interval == "logit" ? "比例用 logit 变换区间，均值用 Wald 区间" : "Wald 区间（估计值 ± t × 标准误）")，t 分布自由度 = 初级抽样单位数 − 层数")),
                    .li(.text("只有一个初级抽样单位的层：\(c.survey.singletonLabel)；设计效应 deff 为与同样本量简单随机抽样（有放回）方差之比"))),
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
                                               .forEach(percent) { i in .choice(i.code, "\(i.code) \(i.name)", selected: preset == i.code) })))
                    })),
                .button(.type(.submit), .text("写入指标数据"))))
    }
}

// MARK: - Workbooks

enum SurveyWorkbooks {
    static func results(_ c: SurveyContext, _ r: SurveyResults) -> XLSXWorkbook {
        let header = ["指标", "变量", "分组", "组别", "估计值", "标准误", "95%CI下限", "95%CI上限", "样本数n", "设计效应"]
        let rows: [[XLSXCell]] = r.rows.map { row in
            let scale = row.parameter == "proportion" ? 100.0 : 1.0
            return [.text(row.label), .text(row.variable), .text(row.groupLabel ?? "全部"), .text(row.domain ?? ""),
                    .number(row.estimate * scale), .number(row.se * scale), .number(row.ciLow * scale), .number(row.ciHigh * scale),
                    .number(Double(row.n)), row.deff.map { .number($0) } ?? .text("")]
        }
        let about: [[XLSXCell]] = [
            [.text("调查"), .text(c.survey.name)], [.text("年度"), .number(Double(c.survey.year))],
            [.text("完成 / 计划"), .text("\(r.completed) / \(r.planned)")], [.text("权重"), .text(r.weighting)],
            [.text("抽样设计"), .text(r.design)], [.text("置信区间"), .text(r.interval)],
            [.text("单一PSU层"), .text(c.survey.singletonLabel)], [.text("自由度"), .text(r.degreesOfFreedom.map(String.init) ?? "")],
            [.text("说明"), .text("比例以百分数表示（估计值、标准误、置信区间均 ×100）；方差为 Taylor 线性化（PSU 有放回近似）")],
        ] + (r.failure.map { [[.text("无法估计"), .text($0)]] } ?? [])
        return XLSXWorkbook(sheets: [
            XLSXSheet(name: "结果", header: header, rows: rows, columnWidths: [28, 16, 12, 14, 10, 10, 11, 11, 9, 9]),
            XLSXSheet(name: "方法", header: ["项目", "内容"], rows: about, columnWidths: [14, 80]),
        ])
    }

    /// One row per respondent: the answers, the scores (overall, aspects, dimensions), literacy and derived indicators.
    static func respondents(_ c: SurveyContext, questionnaire q: Questionnaire, responses: [SurveyResponse]) -> XLSXWorkbook {
        let (scored, excluded) = SurveyResultsCalculator.score(responses, questionnaire: q)
        let groups = q.aspects + q.dimensions
        let scoredQuestionnaire = !q.scoredItems.isEmpty
        var header = ["问卷编号", "乡镇", "村（社区）", "权重"]
        header += q.questions.filter { $0.id != "township" }.map(\.id)
        header += q.scoredItems.map(\.item.id)
        if scoredQuestionnaire {
            header += ["总分", "具备基本健康素养"]
            header += groups.flatMap { ["\($0.name)得分", "\($0.name)具备"] }
        }
        header += q.indicators.map(\.name)
        let rows: [[XLSXCell]] = scored.map { item in
            let r = item.response, s = item.scored
            var row: [XLSXCell] = [.text(r.respondent), .text(c.townshipName(r.regionID)), .text(r.village ?? ""),
                                   r.weight.map { .number($0) } ?? .text("")]
            row += q.questions.filter { $0.id != "township" }.map { question in
                s.numbers[question.id].map { .number($0) } ?? .text(r.answers[question.id] ?? "")
            }
            row += q.scoredItems.map { .text(r.answers[$0.item.id] ?? "") }
            if scoredQuestionnaire {
                row += [.number(Double(s.score)), .text(s.literate == true ? "是" : "否")]
                for group in groups {
                    let g = s.aspect(group.id) ?? s.dimension(group.id)
                    row += [g.map { .number(Double($0.score)) } ?? .text(""), .text(g.map { $0.literate ? "是" : "否" } ?? "")]
                }
            }
            row += q.indicators.map { indicator in s.indicator(indicator.id).map { .number(Double($0)) } ?? .text("") }
            return row
        }
        var sheets = [XLSXSheet(name: "逐人计分", header: header, rows: rows)]
        if !excluded.isEmpty { sheets.append(XLSXSheet(name: "未计入", header: ["答卷与原因"], rows: excluded.map { [.text($0)] })) }
        return XLSXWorkbook(sheets: sheets)
    }
}
