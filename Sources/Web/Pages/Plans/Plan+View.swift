import Domain
import Foundation
import Plot

extension Node where Context: HTML.BodyContext {
    /// A plan's indicator target: the document's wording, else the evaluated expression as a Chinese sentence.
    /// `expression: true` adds the expression itself, for the office's editing pages only.
    static func statedTarget(_ indicator: IndicatorTarget, empty: String = "", expression: Bool = false) -> Node {
        guard indicator.hasTarget else { return .text(empty) }
        let sentence = indicator.target.flatMap { try? TargetExpression(parsing: $0) }?.sentence()
        return .group(.unwrap(indicator.text ?? sentence) { .text($0) },
                      .if(expression, .unwrap(indicator.target) { .group(.br(), .code(.text($0))) }))
    }

    /// An indicator's code as a small secondary label, only for the codes people know (HC38 of the national
    /// system); the platform's own codes (STUDENT-FITNESS) stay out of the pages.
    static func knownCode(_ code: String) -> Node {
        guard code.range(of: "^HC[0-9]+$", options: .regularExpression) != nil else { return .empty }
        return .group(.text(" "), .span(.class("code"), .text(code)))
    }
}

/// An indicator as plain text (a select's option): its name, with the code only where people know it (HC38).
func indicatorLabel(_ code: String, _ name: String?) -> String {
    guard let name else { return code }
    return code.range(of: "^HC[0-9]+$", options: .regularExpression) != nil ? "\(name)（\(code)）" : name
}

/// One programme: its document, goals, organisation, phases, targets and tasks by section.
struct PlanView {
    var model: Model
    private var plan: Plan { model.plan }
    private var directory: UnitDirectory { model.directory }

    func render() -> String {
        Layout(title: plan.title, crumbs: [.init(title: "创建方案", url: .planList), .init(title: plan.title, url: nil)],
               content: .group(
            .h1(.text(plan.title)),
            .p(.class("sub"),
                .span(.class("tag"), .text(plan.programme.chineseName)),
                .span(.class("tag"), .text(placePath)),
                .unwrap(plan.document.status) { .span(.class("tag warn"), .text($0)) }
            ),
            .nav(.class("toc no-print"),
                .a(.href("#document"), "文件"), .a(.href("#goals"), "目标"), .a(.href("#organisation"), "组织机构"),
                .a(.href("#phases"), "实施阶段"), .a(.href("#targets"), "细胞建设目标"), .a(.href("#indicators"), "指标"),
                .a(.href("#tasks"), "任务分解"), .a(.href(SiteURL.planUnits(plan.id).path), "按单位查看任务"),
                .a(.href(SiteURL.planHistory(plan.id, from: nil, to: nil).path), "历史版本"),
                .if(model.canEdit, .a(.class("button"), .href(SiteURL.planEdit(plan.id).path), "调整方案"))
            ),
            documentSection(),
            goalsSection(),
            organisationSection(),
            phasesSection(),
            cellTargetsSection(),
            indicatorsSection(),
            tasksSection(),
            annexesSection()
        )).render()
    }

    private var placePath: String {
        (plan.place.parents.map(\.name) + [plan.place.name]).joined(separator: " › ")
    }

    private func documentSection() -> Node<HTML.BodyContext> {
        .section(.id("document"), .class("card"),
            .dl(.class("facts"),
                .unwrap(plan.document.title) { .group(.dt("文件标题"), .dd(.text($0))) },
                .unwrap(plan.document.number) { .group(.dt("文号"), .dd(.text($0))) },
                .unwrap(plan.document.issuer) { .group(.dt("发文单位"), .dd(.text($0))) },
                .unwrap(plan.document.date) { .group(.dt("发文日期"), .dd(.text($0.chinese))) },
                .group(.dt("地区"), .dd(.text(placePath + (plan.place.code.map { "（\($0)）" } ?? "")),
                                        .if(model.regionCount > 1, .span(.class("muted"),
                                            .text("，下辖已登记区划 \(model.regionCount - 1) 个"))))),
                .unwrap(plan.reporting) { rule in
                    .group(.dt("月报"), .dd(.text("每月 \(rule.monthlyDueDay) 日前报送工作进展")))
                },
                .if(PageContext.current.holdsTokens, .group(.dt("数据"), .dd(.a(.href(SiteURL.apiPlan(plan.id).path), "JSON（规范格式）"))))
            )
        )
    }

    private func goalsSection() -> Node<HTML.BodyContext> {
        .section(.id("goals"),
            .h2("工作目标"),
            plan.goals.isEmpty ? .p(.class("empty"), "方案未单列目标。") : .forEach(plan.goals) { .p(.text($0)) }
        )
    }

    private func organisationSection() -> Node<HTML.BodyContext> {
        let org = plan.organisation
        return .section(.id("organisation"),
            .h2("组织机构"),
            .unwrap(org.leadingGroup) { group in
                .div(.class("card"),
                    .h3(.text(group.name ?? "领导小组")),
                    people("组长", group.leader),
                    people("副组长", group.deputies),
                    people("成员", group.members),
                    .unwrap(group.note) { .p(.class("muted"), .text($0)) }
                )
            },
            .unwrap(org.office) { office in
                .div(.class("card"),
                    .h3(.text(office.name ?? "办公室")),
                    .dl(.class("facts"),
                        .unwrap(office.unit) { unit in .group(.dt("设在"), .dd(unitLink(unit))) },
                        .unwrap(office.director) { .group(.dt("主任"), .dd(.text($0))) }
                    )
                )
            },
            .if(!org.memberUnits.isEmpty,
                .div(.class("card"),
                    .h3(.text("成员单位（\(org.memberUnits.count)）")),
                    .p(.class("units"), .forEach(org.memberUnits) { unitLink($0) })
                )
            ),
            .if(!org.workingGroups.isEmpty,
                .div(.class("card"),
                    .h3(.text("专业工作组（\(org.workingGroups.count)）")),
                    .table(.class("stack"),
                        .thead(.tr(.th("工作组"), .th("牵头单位"), .th("参加单位"))),
                        .tbody(.forEach(org.workingGroups) { group in
                            .tr(.cell("工作组", .text(group.name)),
                                .cell("牵头单位", group.lead.map(unitLink) ?? .text("—")),
                                .td(.class("units"), .attribute(named: "data-label", value: "参加单位"),
                                    .forEach(group.participants) { unitLink($0) }))
                        })
                    )
                )
            )
        )
    }

    private func people(_ role: String, _ list: [Person]) -> Node<HTML.BodyContext> {
        .if(!list.isEmpty, .p(.b(.text("\(role)：")), .forEach(list.enumerated()) { index, person in
            .span(.class("person"),
                .text((index > 0 ? "；" : "") + (person.name ?? "")),
                .unwrap(person.title) { .span(.class("muted"), .text(person.name == nil ? $0 : "（\($0)）")) })
        }))
    }

    private func phasesSection() -> Node<HTML.BodyContext> {
        .section(.id("phases"),
            .h2("实施阶段"),
            plan.phases.isEmpty
                ? .p(.class("empty"), "方案未列出带日期的实施阶段。")
                : .group(
                    .div(.class("timeline card"), .raw(PhaseTimeline(phases: plan.phases, today: model.today).svg())),
                    .table(.class("stack"),
                        .thead(.tr(.th("阶段"), .th("开始"), .th("结束"), .th("工作内容"))),
                        .tbody(.forEach(plan.phases) { phase in
                            .tr(.cell("阶段", .text(phase.name)),
                                .cell("开始", numeric: true, .text(phase.start.iso)),
                                .cell("结束", numeric: true, .text(phase.end.iso)),
                                .cell("工作内容", .text(phase.text ?? "")))
                        })
                    )
                )
        )
    }

    private func cellTargetsSection() -> Node<HTML.BodyContext> {
        .section(.id("targets"),
            .h2("健康细胞建设目标"),
            plan.cellTargets.isEmpty
                ? .p(.class("empty"), "方案未给出量化的细胞建设目标。")
                : .table(
                    .thead(.tr(.th("类型"), .th("目标"))),
                    .tbody(.forEach(plan.cellTargets) { target in
                        .tr(.td(.text(target.displayName)), .td(.text(describe(target))))
                    })
                )
        )
    }

    private func describe(_ target: CellTarget) -> String {
        var text = ""
        if let percent = target.atLeastPercent {
            text = "不低于 \(percent == percent.rounded() ? String(Int(percent)) : String(percent))%"
        } else if let count = target.atLeastCount {
            text = "不少于 \(count) 个"
        }
        if let per = target.per { text = "每个\(per.chineseName)" + text }
        return text
    }

    private func indicatorsSection() -> Node<HTML.BodyContext> {
        let hasLevels = plan.indicators.contains { $0.firstLevel != nil }
        return .section(.id("indicators"),
            .h2(.text("指标（\(plan.indicators.count)）")),
            plan.indicators.isEmpty
                ? .p(.class("empty"), "方案未列出量化指标。")
                : .table(.class("stack"),
                    .thead(.tr(.if(hasLevels, .group(.th("一级指标"), .th("二级指标"))), .th("指标"), .th("方案目标"))),
                    .tbody(.forEach(plan.indicators) { indicator in
                        .tr(.if(hasLevels, .group(
                                .cell("一级", .text(indicator.firstLevel ?? "")),
                                .cell("二级", .text(indicator.secondLevel ?? "")))),
                            .cell("指标", .text(indicator.name), .knownCode(indicator.code)),
                            .cell("目标", .statedTarget(indicator, empty: "—")))
                    })
                )
        )
    }

    private func tasksSection() -> Node<HTML.BodyContext> {
        .section(.id("tasks"),
            .h2(.text("任务分解（\(plan.tasks.count) 项）")),
            plan.tasks.isEmpty ? .p(.class("empty"), "方案未列出编号任务。") : .forEach(model.sections) { section in
                .div(.class("card task-section"),
                    .if(section.path.count > 1, .div(.class("section-title"), .text(section.path.dropLast().joined(separator: " › ")))),
                    .h3(.text(section.path.last ?? "")),
                    .table(.class("stack"),
                        .thead(.tr(.th("编号"), .th("任务"), .th("责任单位"))),
                        .tbody(.forEach(section.tasks) { item in taskRow(item.task) })
                    )
                )
            }
        )
    }

    private func taskRow(_ task: PlanTask) -> Node<HTML.TableContext> {
        .tr(.class("task"),
            .cell("编号", numeric: true, .text(task.number ?? "")),
            .td(.attribute(named: "data-label", value: "任务"),
                .unwrap(task.title) { .b(.text($0)) },
                .div(.class("task-text"), .text(task.textAfterTitle))),
            .td(.class("units"), .attribute(named: "data-label", value: "责任单位"),
                task.responsible.isEmpty ? .span(.class("muted"), "未明确") : .forEach(task.responsible) { name in
                    .group(unitLink(name),
                           .if(task.lead == name, .span(.class("tag"), "牵头")),
                           .if(task.participants.contains(name) && task.lead != nil, .span(.class("tag"), "配合")))
                })
        )
    }

    private func annexesSection() -> Node<HTML.BodyContext> {
        .if(!plan.annexes.isEmpty, .section(.id("annexes"),
            .h2("附件"),
            .ol(.forEach(plan.annexes) { annex in .li(.text(annex.title)) })
        ))
    }

    /// A unit name as written, linked to that unit's task page when the plan knows it.
    private func unitLink(_ name: String) -> Node<HTML.BodyContext> {
        if let unit = directory.unit(named: name) {
            return .a(.href(SiteURL.unit(plan: plan.id, name: unit.name).path), .text(name))
        }
        return .span(.text(name))
    }
}
