import Core
import Domain
import Foundation
import Plot

struct PolicyView {
    var model: Model

    func render() -> String {
        let p = model.plan, r = model.stored.value
        return Layout(title: r.title, crumbs: runningCrumbs(p, "健康影响评价", .policies(p.id), r.title), content: .group(
            .h1(.text(r.title)),
            .p(.class("sub"), .text("\(r.kind.chineseName) · 起草部门 \(r.draftingUnit) · \(r.registeredOn.chinese)登记 · 当前：\(r.stage.chineseName)")),
            .flash(model.notice),
            .ol(.class("method"), .forEach(PolicyReviewStage.allCases) { stage in
                .li(stage == r.stage ? .b(.text(stage.chineseName)) : .text(stage.chineseName))
            }),
            .unwrap(r.screening) { s in .p(.text("筛选（\(s.date.chinese)，\(s.experts.joined(separator: "、"))）：\(s.decision.chineseName)\(s.reason.isEmpty ? "" : "，\(s.reason)")")) },
            .unwrap(r.analysis) { .p(.class("task-text"), .text("分析评估：\($0)")) },
            .unwrap(r.report) { .p(.class("task-text"), .text("评估报告：\($0)")) },
            .if(!r.recommendations.isEmpty, .group(.h2("建议与采纳情况"), .ol(.forEach(Array(r.recommendations.enumerated())) { index, rec in
                .li(.text(rec.text), .br(),
                    .unwrap(rec.response) { resp in .span(.class("muted"), .text("\(resp.decision.chineseName)\(resp.reason.map { "：\($0)" } ?? "")")) },
                    .if(model.role == .draftingDepartment && r.stage == .reporting, step("respond", .group(
                        .input(.type(.hidden), .name("index"), .value(String(index))),
                        .select(.attribute(named: "name", value: "decision"), .attribute(named: "aria-label", value: "采纳情况"),
                                .forEach(AdoptionDecision.allCases) { d in .choice(d.rawValue, d.chineseName) }),
                        .input(.type(.text), .name("reason"), .attribute(named: "placeholder", value: "不采纳或部分采纳的理由"))), "反馈")))
            }))),
            .unwrap(r.filedOn) { .notice("\($0.chinese)备案") },
            .if(!r.monitoring.isEmpty, .ul(.forEach(r.monitoring) { .li(.text("\($0.date.chinese) 监测评价：\($0.text)")) })),
            nextStep(r)
        )).render()
    }

    private func step(_ name: String, _ fields: Node<HTML.FormContext>, _ label: String) -> Node<HTML.BodyContext> {
        .form(.method(.post), .action(SiteURL.policyStep(plan: model.plan.id, id: model.stored.value.id, step: name).path),
              .attribute(named: "enctype", value: "multipart/form-data"), .class("stack card wide-form"),
              .csrfField(), .revisionField(model.stored.revision),
              fields, .button(.type(.submit), .text(label)))
    }

    /// The form for the next step, shown to whoever the step belongs to.
    private func nextStep(_ r: PolicyReview) -> Node<HTML.BodyContext> {
        guard let role = model.role else { return .empty }
        switch r.stage {
        case .registered where PolicyReview.may(role, .screening):
            return step("screen", .group(
                .label(.text("筛选专家（2–3 人，用顿号分隔）"), .input(.type(.text), .name("experts"), .required(true))),
                .label(.text("结论"), .select(.attribute(named: "name", value: "decision"),
                                           .forEach(ScreeningDecision.allCases) { d in .choice(d.rawValue, d.chineseName) })),
                .label(.text("理由"), .textarea(.name("reason"))),
                .label(.text("日期"), .input(.type(.date), .name("date"), .value(attr(model.today.iso))))), "保存筛选结论")
        case .screening where r.screening?.decision == .noAssessment && PolicyReview.may(role, .filed),
             .adoptionFeedback where PolicyReview.may(role, .filed):
            return step("file", .label(.text("备案日期"), .input(.type(.date), .name("date"), .value(attr(model.today.iso)))), "备案")
        case .screening where PolicyReview.may(role, .analysis):
            return step("analysis", .label(.text("分析评估"), .textarea(.name("analysis"), .attribute(named: "rows", value: "5"))), "保存分析评估")
        case .analysis where PolicyReview.may(role, .reporting):
            return step("report", .group(
                .label(.text("评估报告"), .textarea(.name("report"), .attribute(named: "rows", value: "5"))),
                .label(.text("建议（每行一条）"), .textarea(.name("recommendations"), .attribute(named: "rows", value: "4"))),
                .label(.text("报告文件（可多选）"), .input(.type(.file), .name("evidence"), .attribute(named: "multiple", value: "multiple")))),
                        "保存报告与建议")
        case .reporting where role == .draftingDepartment:
            return step("complete", .empty, "完成采纳反馈")
        case .filed where PolicyReview.may(role, .monitoring), .monitoring where PolicyReview.may(role, .monitoring):
            return step("monitor", .group(
                .label(.text("监测评价"), .textarea(.name("text"))),
                .label(.text("日期"), .input(.type(.date), .name("date"), .value(attr(model.today.iso))))), "记录监测评价")
        default:
            return .empty
        }
    }
}
