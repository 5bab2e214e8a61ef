import Domain
import Plot

/// One unit's task breakdown (任务分解表): what a liaison needs to know their unit must do.
struct UnitView {
    var model: Model

    func render() -> String {
        let plan = model.plan
        let unit = model.unit
        return Layout(title: "\(unit.name) 任务分解表", crumbs: [.init(title: "创建方案", url: .planList),
                                                           .init(title: plan.title, url: .plan(plan.id)),
                                                           .init(title: "单位", url: .planUnits(plan.id)),
                                                           .init(title: unit.name, url: nil)],
                      content: .group(
            .h1(.text("\(unit.name) · 任务分解表")),
            .p(.class("sub"),
                .span(.class("tag"), .text(unit.kind.chineseName)),
                .if(model.isMember, .span(.class("tag"), "领导小组成员单位")),
                .if(!unit.aliases.isEmpty, .span(.class("muted"), .text("又称 \(unit.aliases.joined(separator: "、"))")))
            ),
            .if(!model.workingGroups.isEmpty, .p(.forEach(model.workingGroups) { group in
                .span(.class("tag"), .text("\(group.name)\(group.leads ? "牵头单位" : "参加单位")"))
            })),
            .p(.class("no-print"),
                .text("\(plan.title) 中本单位承担 \(model.assignments.count) 项任务。 "),
                .a(.href(SiteURL.unitCSV(plan: plan.id, name: unit.name).path), "下载 CSV"),
                .if(PageContext.current.holdsTokens, .group(.text(" · "),
                    .a(.href(SiteURL.apiPlanUnit(plan: plan.id, name: unit.name).path), "JSON")))
            ),
            contactSection(),
            networkSection(model.networkStaff),
            model.assignments.isEmpty
                ? .p(.class("empty"), "方案未给本单位分配任务。")
                : .table(.class("stack"),
                    .thead(.tr(.th("编号"), .th("所属部分"), .th("任务"), .th("承担方式"), .th("全部责任单位"))),
                    .tbody(.forEach(model.assignments) { assignment in row(assignment) })
                )
        )).render()
    }

    /// The unit's liaison and phone: shown to everyone in the programme, edited by the unit and the office.
    private func contactSection() -> Node<HTML.BodyContext> {
        let contact = model.contact
        let shown = model.typedContact ?? contact
        let path = SiteURL.unitContact(plan: model.plan.id, name: model.unit.name).path
        return .section(.class("card contact"), .id("contact"),
            .h3("联络员"),
            .unwrap(model.contactMessage) { message in
                .notice(message.text, message.isError ? .error : .info)
            },
            .dl(.class("facts"),
                .dt("联络员"), .dd(.text(contact?.liaison.nilIfEmpty ?? "未填写")),
                .dt("电话"), .dd(.text(contact?.phone.nilIfEmpty ?? "未填写")),
                .unwrap(contact?.note.nilIfEmpty) { .group(.dt("备注"), .dd(.class("task-text"), .text($0))) },
                .unwrap(contact?.updatedAt) { at in
                    .group(.dt("更新"), .dd(.class("muted"), .text("\(Display.dateTime(at)) · \(contact?.updatedBy ?? "")")))
                }
            ),
            .if(model.canEditContact, .element(named: "details", nodes: [
                .if(model.typedContact != nil, .attribute(named: "open", value: "open")),
                .element(named: "summary", text: "修改联络员信息"),
                .form(.method(.post), .action(attr(path)), .class("stack"),
                    .csrfField(),
                    // The revision the form was opened at: a save after someone else's is refused, not silently applied.
                    .input(.type(.hidden), .name("revision"), .value(String(contact?.revision ?? 0))),
                    .label(.text("联络员姓名"), .input(.type(.text), .name("liaison"), .value(attr(shown?.liaison ?? "")),
                        .attribute(named: "maxlength", value: "40"))),
                    .label(.text("电话"), .input(.type(.tel), .name("phone"), .value(attr(shown?.phone ?? "")),
                        .attribute(named: "maxlength", value: "40"))),
                    .label(.text("备注"), .textarea(.name("note"), .attribute(named: "maxlength", value: "500"),
                        .attribute(named: "rows", value: "3"), .text(shown?.note ?? ""))),
                    .button(.type(.submit), .text("保存"))
                )
            ]))
        )
    }

    private func row(_ assignment: UnitDirectory.Assignment) -> Node<HTML.TableContext> {
        let task = assignment.task
        let section = task.sectionPath.joined(separator: " › ")
        let number: Node<HTML.TableRowContext> = .td(.class("num"), .attribute(named: "data-label", value: "编号"),
                                                  .text(task.number ?? ""))
        let part: Node<HTML.TableRowContext> = .cell("所属部分", .text(section))
        let body: Node<HTML.TableRowContext> = .td(.attribute(named: "data-label", value: "任务"),
                                                .unwrap(task.title) { .b(.text($0)) },
                                                .div(.class("task-text"), .text(task.textAfterTitle)))
        let route: Node<HTML.TableRowContext> = .td(.attribute(named: "data-label", value: "承担方式"),
                                                 .text(Self.describe(assignment.route)))
        let all: Node<HTML.TableRowContext> = .td(.class("units"), .attribute(named: "data-label", value: "全部责任单位"),
                                               .text(task.responsible.joined(separator: "、")))
        return .tr(number, part, body, route, all)
    }

    static func describe(_ route: UnitDirectory.Route) -> String {
        switch route {
        case .named(.lead): "牵头"
        case .named(.participant): "配合"
        case .named(.responsible): "责任单位"
        case .workingGroup(let name, true): "经\(name)（牵头）"
        case .workingGroup(let name, false): "经\(name)（参加）"
        case .collective(let name): "属「\(name)」"
        }
    }
}
