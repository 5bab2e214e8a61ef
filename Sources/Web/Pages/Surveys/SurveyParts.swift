import Core
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

// MARK: - Settings

// MARK: - One survey: progress

// MARK: - The interviewer's form

// MARK: - Responses

// MARK: - Import

// MARK: - Results

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

/// The survey set-up's choices in plain words (the statistical packages' names stay out of the pages).
extension Survey {
    static let plainSingletonChoices: [(id: String, label: String)] = [
        ("centered", "按全部抽样单位的平均水平估计（推荐）"),
        ("skip", "该层不计入抽样误差"),
        ("certainty", "该层全部入样，层内每人单独计算"),
        ("fail", "不估计，提示先合并该层"),
    ]

    static func plainSingletonLabel(_ id: String) -> String { plainSingletonChoices.first { $0.id == id }?.label ?? id }
}

extension SurveyLayout {
    var plainName: String {
        switch self {
        case .townshipStrata: "每个乡镇分别抽取村（社区）（推荐）"
        case .townshipClusters: "先按人口多少抽取乡镇，再在乡镇内调查"
        case .simple: "在全县直接随机抽取调查对象"
        }
    }
}
