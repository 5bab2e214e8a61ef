import Core
import Domain
import Foundation
import Plot

struct InspectionView {
    var model: Model

    func render() -> String {
        let p = model.plan, i = model.inspection
        let title = "\(i.date.chinese)督导检查"
        return Layout(title: title, crumbs: runningCrumbs(p, "督导检查", .inspections(p.id), title), content: .group(
            .h1(.text(title)),
            .flash(model.notice),
            .dl(.class("facts"),
                .dt("检查人员"), .dd(.text(i.inspectors.joined(separator: "、"))),
                .dt("检查对象"), .dd(.text(i.subjects.map(\.displayName).joined(separator: "、"))),
                .dt("总体情况"), .dd(.class("task-text"), .text(i.findings.isEmpty ? "—" : i.findings))),
            .toolbar( .a(.class("button secondary"), .href(SiteURL.circular(plan: p.id, id: i.id).path), .text("下载通报（Word）"))),
            .h2("问题清单"),
            model.problems.isEmpty ? .p(.class("empty"), .text("这次检查没有列出问题。")) : .group(.forEach(model.problems) { stored in problemCard(stored) })
        )).render()
    }

    private func problemCard(_ stored: Stored<InspectionProblem>) -> Node<HTML.BodyContext> {
        let problem = stored.value, p = model.plan
        let actor = ProblemActor.of(model.principal, problem: problem)
        let actions = InspectionProblem.allowedActions(in: problem.state).filter { action in actor.map { InspectionProblem.may($0, action) } ?? false }
        let escalation = problem.escalation(on: model.today)
        func form(_ action: InspectionProblem.Action, _ fields: Node<HTML.FormContext>, multipart: Bool = false) -> Node<HTML.BodyContext> {
            .form(.method(.post), .action(SiteURL.problemAction(plan: p.id, id: problem.id, action: action.rawValue).path), .class("stack card"),
                  multipart ? .attribute(named: "enctype", value: "multipart/form-data") : .empty,
                .csrfField(), .revisionField(stored.revision),
                fields, .button(.type(.submit), .text(action.chineseName)))
        }
        return .div(.class("card"), .id(attr("p-\(problem.id.uuidString.lowercased())")),
            .h3(.text(problem.text)),
            .p(.problemState(problem.state), .text(" 责任单位：\(problem.unit) · 整改期限：\(problem.deadline.chinese)"),
               .if(escalation.level > 0, .span(.class("verdict not_met"), .text(" 逾期 \(escalation.daysOverdue) 天 · \(escalation.measure)")))),
            .unwrap(problem.rectificationNote) { .p(.text("整改情况：\($0)")) },
            .evidenceList(problem.evidence) { .problemFile(plan: p.id, id: problem.id, sha256: $0.sha256) },
            .if(!problem.rechecks.isEmpty, .ul(.forEach(problem.rechecks) { r in
                .li(.text("\(r.date.chinese) \(r.by) \(r.chineseName)\(r.note.isEmpty ? "" : "：\(r.note)")"))
            })),
            .unwrap(problem.closedOn) { .notice("\($0.chinese)由\(problem.closedBy ?? "")销号") },
            .forEach(actions) { action in
                switch action {
                case .startRectification:
                    return form(action, .empty)
                case .submitRectification:
                    return form(action, .group(
                        .label(.text("整改措施和结果"), .textarea(.name("note"), .attribute(named: "required", value: "required"))),
                        .label(.text("整改照片或文件（可多选）"), .input(.type(.file), .name("evidence"), .attribute(named: "multiple", value: "multiple")))),
                        multipart: true)
                case .recheck:
                    return form(action, .group(
                        .label(.text("复查结果"), .select(.attribute(named: "name", value: "passed"), .choice("yes", "复查通过"), .choice("no", "复查未通过"))),
                        .label(.text("复查日期"), .input(.type(.date), .name("date"), .value(attr(model.today.iso)))),
                        .label(.text("说明（未通过时必填）"), .textarea(.name("note"))),
                        .label(.text("新的整改期限（未通过时可填）"), .input(.type(.date), .name("newDeadline")))))
                case .close:
                    return form(action, .empty)
                }
            })
    }
}
