import Core
import Domain
import Foundation
import Plot

struct ReportView {
    var model: Model

    func render() -> String {
        let p = model.plan, r = model.report
        let title = "\(model.unit) \(model.month.chineseName)工作月报"
        let month = model.month.description
        let fields: [(String, String, String)] = [("workDone", "本月工作完成情况", r?.workDone ?? ""), ("activities", "开展的活动", r?.activities ?? ""),
                                                  ("problems", "存在的问题", r?.problems ?? ""), ("nextSteps", "下月工作计划", r?.nextSteps ?? "")]
        return Layout(title: title, crumbs: runningCrumbs(p, "工作月报", .monthlyReports(p.id, month: month), title), content: .group(
            .h1(.text(title)),
            .p(.class("sub"), .reportStatus(model.standing.status), .text(" 应于 \(model.dueDate.chinese)前报送"),
               .unwrap(r?.submittedAt) { _ in .text("；\(model.standing.submittedOn.map { "\($0.chinese)提交" } ?? "")") }),
            .flash(model.notice),
            .problemList(model.problems),
            .unwrap(r?.returnReason.flatMap { r?.state == .returned ? $0 : nil }) { .notice("办公室退回修改：\($0)", .warn) },
            model.canEdit
                ? .form(.method(.post), .action(SiteURL.monthlyReport(plan: p.id, unit: model.unit, month: month).path),
                        .attribute(named: "enctype", value: "multipart/form-data"), .class("stack wide-form"),
                    .csrfField(),
                    // The revision the page was opened at: a save after someone else's is refused, not silently applied.
                    .revisionField(model.revision),
                    .forEach(fields) { f in .label(.text(f.1), .textarea(.name(attr(f.0)), .attribute(named: "rows", value: "4"), .text(f.2))) },
                    .if(!(r?.attachments.isEmpty ?? true), .div(.p(.text("已有附件（勾选则删除）：")),
                        .forEach(r?.attachments ?? []) { ref in
                            .label(.class("check"), .input(.type(.checkbox), .name(attr("remove.\(ref.sha256)")), .value("1")), .text(" \(ref.fileName)"))
                        })),
                    .label(.text("照片和文件（JPG、PNG、PDF、Word、Excel，每个不超过 20 MB，可多选）"),
                           .input(.type(.file), .name("attachments"), .attribute(named: "multiple", value: "multiple"))),
                    .component(Node<HTML.BodyContext>.keptUploads(model.keptUploads)),
                    .div(.class("toolbar"),
                        .button(.type(.submit), .name("action"), .value("submit"), .text("提交月报")),
                        .button(.type(.submit), .name("action"), .value("save"), .class("secondary"), .text("保存草稿"))))
                : .group(
                    .dl(.class("facts"), .forEach(fields) { f in .group(.dt(.text(f.1)), .dd(.class("task-text"), .text(f.2.isEmpty ? "—" : f.2))) }),
                    .h2("附件"),
                    .evidenceList(r?.attachments ?? []) { .monthlyReportFile(plan: p.id, unit: model.unit, month: month, sha256: $0.sha256) }),
            .if(model.canReturn, .form(.method(.post), .action(SiteURL.monthlyReportReturn(plan: p.id, unit: model.unit, month: month).path),
                                       .class("stack card"),
                .csrfField(),
                .revisionField(model.revision),
                .label(.text("退回修改的原因"), .textarea(.name("reason"), .attribute(named: "required", value: "required"))),
                .button(.type(.submit), .class("danger"), .text("退回修改"))))
        )).render()
    }
}
