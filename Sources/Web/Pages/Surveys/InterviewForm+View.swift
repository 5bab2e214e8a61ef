import Core
import Domain
import Foundation
import Plot

/// The questionnaire as a form a phone can fill. With JavaScript, each interview is kept on the device
/// until the server has it, so a lost connection loses nothing; without, it is an ordinary form.
struct InterviewFormView {
    var model: Model

    func render() -> String {
        let c = model.context
        let q = model.questionnaire
        let action = SiteURL.surveyResponses(plan: c.programme.plan.id, id: c.survey.id)
        let chosenTownship = model.values["township"] ?? (model.townships.count == 1 ? model.townships[0].id.uuidString.lowercased() : "")
        return Layout(title: "填报答卷", crumbs: surveyCrumbs(c.programme, c.survey, "填报答卷"), content: .group(
            .h1("填报答卷"),
            .p(.class("sub"), .text("\(q.title) · \(c.survey.name)")),
            .if(q.template, .notice(q.note ?? "本问卷为可编辑模板，不是官方问卷题目。", .warn)),
            .flash(model.notice),
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
