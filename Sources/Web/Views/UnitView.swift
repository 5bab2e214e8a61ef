import Core
import Domain
import Plot

/// Every unit of a programme with the number of tasks it carries.
struct UnitListView {
    struct Model {
        var plan: Plan
        var rows: [(unit: PlanUnit, tasks: Int, member: Bool)]
        var contacts: [String: UnitContact]

        init(plan: Plan, contacts: [UnitContact] = []) {
            self.plan = plan
            self.contacts = Dictionary(contacts.map { ($0.unit, $0) }, uniquingKeysWith: { a, _ in a })
            let directory = UnitDirectory(plan)
            rows = plan.units.map { ($0, directory.assignments(for: $0).count, directory.isMember($0)) }
        }
    }

    var model: Model

    func render() -> String {
        let plan = model.plan
        return Layout(title: "单位与任务", crumbs: [.init(title: "创建方案", url: .planList),
                                                 .init(title: plan.title, url: .plan(plan.id)),
                                                 .init(title: "单位", url: nil)],
                      content: .group(
            .h1("单位与任务"),
            .p(.class("sub"), .text("\(plan.title)：共 \(model.rows.count) 个单位（含统称）。点击单位查看其任务分解表。")),
            .table(.class("stack"),
                .thead(.tr(.th("单位"), .th("类型"), .th("成员单位"), .th("任务数"), .th("联络员"))),
                .tbody(.forEach(model.rows) { row in
                    .tr(.td(.attribute(named: "data-label", value: "单位"),
                            .a(.href(SiteURL.unit(plan: plan.id, name: row.unit.name).path), .text(row.unit.name)),
                            .if(!row.unit.aliases.isEmpty, .span(.class("muted"), .text("（又称 \(row.unit.aliases.joined(separator: "、"))）")))),
                        .td(.attribute(named: "data-label", value: "类型"), .text(row.unit.kind.chineseName)),
                        .td(.attribute(named: "data-label", value: "成员单位"), .text(row.member ? "是" : "")),
                        .td(.class("num"), .attribute(named: "data-label", value: "任务数"), .text("\(row.tasks)")),
                        .td(.attribute(named: "data-label", value: "联络员"),
                            .text(model.contacts[row.unit.name].map { [$0.liaison, $0.phone].filter { !$0.isEmpty }.joined(separator: " ") } ?? "")))
                })
            )
        )).render()
    }
}

/// One unit's task breakdown (任务分解表): what a liaison needs to know their unit must do.
struct UnitView {
    struct Model {
        var plan: Plan
        var unit: PlanUnit
        var assignments: [UnitDirectory.Assignment]
        var isMember: Bool
        var workingGroups: [(name: String, leads: Bool)]
        var contact: UnitContact?
        var canEditContact = false
        var contactMessage: (text: String, isError: Bool)?
        /// What was typed into a refused form, shown again instead of the stored card.
        var typedContact: UnitContact?

        init(plan: Plan, unit: PlanUnit, contact: UnitContact? = nil, canEditContact: Bool = false) {
            self.contact = contact
            self.canEditContact = canEditContact
            let directory = UnitDirectory(plan)
            self.plan = plan
            self.unit = unit
            assignments = directory.assignments(for: unit)
            isMember = directory.isMember(unit)
            workingGroups = directory.workingGroups(of: unit)
        }
    }

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
                .text(" · "),
                .a(.href(SiteURL.apiPlanUnit(plan: plan.id, name: unit.name).path), "JSON")
            ),
            contactSection(),
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
                .p(.class(message.isError ? "notice error" : "notice"), .text(message.text))
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
        let part: Node<HTML.TableRowContext> = .td(.attribute(named: "data-label", value: "所属部分"), .text(section))
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
