import Core
import Domain
import Foundation
import Plot

/// One draft: the source text on the left with numbered lines, the draft on the right with the
/// lines each item came from, the corrections form, the YAML editor, and saving.
struct ImportDraftView {
    /// The stored programme the draft would replace.
    struct Target {
        var id: String
        /// Shown only to those who may replace it.
        var title: String?
        var strandedLiaisonUnits: [String]
        /// What replacing would change (after keeping what the office added), and the removals it would be refused for.
        var diff: PlanDiff?
        var blocked: [BlockedRemoval]
    }

    var model: Model
    var draft: PlanDraft { model.item.draft }
    var plan: Plan { model.item.draft.plan }
    var isOpen: Bool { model.item.status == .draft }

    func render() -> String {
        let item = model.item
        let title = "导入草稿：\(item.fileName)"
        return Layout(title: title, crumbs: [.init(title: "我的导入草稿", url: .imports), .init(title: item.fileName, url: nil)],
                      wide: true, content: .group(
            .h1(.text(title)),
            .p(.class("sub"), .text(describeDocument())),
            .unwrap(model.notice) { .notice($0) },
            .if(item.status == .saved, .noticeBlock(.info, .text("此草稿已保存为方案 "), .unwrap(item.savedPlanID) { .a(.href(SiteURL.plan($0).path), .text($0)) }, .text("。"))),
            .if(item.status == .discarded, .notice("此草稿已放弃。", .warn)),
            .unwrap(model.problems) { problems in
                .noticeBlock(.error, .id("problems"), .attribute(named: "role", value: "alert"), .p(.text("有 \(problems.problems.count) 处问题，草稿未做更改：")), .ul(.forEach(problems.problems) { .li(.code(.text($0.field)), .text("：\($0.message)")) }))
            },
            notesReport(),
            .div(.class("import-columns"),
                .section(.class("source-pane"), .attribute(named: "aria-label", value: "原文"),
                    .h2(.text("原文（共 \(draft.document.lines.count) \(lineUnit)）")),
                    .div(.class("source-lines"), .forEach(draft.document.lines) { line in
                        .div(.class("line"), .id(attr("L\(line.number)")),
                             .a(.class("ln"), .href(attr("#L\(line.number)")), .text(String(line.number))),
                             .span(.text(line.text)))
                    })
                ),
                .section(.class("draft-pane"), .attribute(named: "aria-label", value: "草稿"),
                    // Built as an element: the draft's parts are body content, which Plot's typed form does not take.
                    isOpen ? .element(named: "form", nodes: [
                        .attribute(named: "method", value: "post"), .attribute(named: "action", value: SiteURL.planImport(item.id).path),
                        .id("corrections"), .csrfField(), draftVersion(), draftForm(), .button(.type(.submit), .text("保存修改"))]) : .div(draftForm()),
                    .if(isOpen, .group(yamlForm(), saveForm()))
                )
            )
        )).render()
    }

    private var lineUnit: String { draft.document.format == .docx ? "段" : "行" }

    private func describeDocument() -> String {
        let document = draft.document
        let format = document.format == .docx ? "Word 文档（.docx）" : "文本文件（\(document.encoding ?? "UTF-8")）"
        return "\(format)，\(document.lines.count) \(lineUnit)；上传于 \(Display.dateTime(model.item.createdAt))；状态：\(model.item.status.chineseName)。"
    }

    // MARK: Report

    private func notesReport() -> Node<HTML.BodyContext> {
        let notes = draft.notes
        return .section(.class("card"), .id("notes"),
            .h2(.text(notes.isEmpty ? "需要核对：无" : "需要核对（\(notes.count) 条）")),
            notes.isEmpty ? .p(.class("muted"), .text("导入时没有遗留无法归位的内容；仍请对照原文核对草稿。")) :
            .ul(.forEach(notes) { note in
                .li(.span(.class("tag warn"), .text(note.kind.chineseName)), .text(note.message),
                    .unwrap(note.span) { source($0) })
            })
        )
    }

    /// A link to the lines an item came from; the script highlights the whole range.
    private func source<C: HTML.BodyContext>(_ span: SourceSpan) -> Node<C> {
        .a(.class("src"), .href(attr("#L\(span.first)")), .attribute(named: "data-to", value: String(span.last)),
           .text(draft.describe(span)))
    }

    private func source<C: HTML.BodyContext>(_ key: String) -> Node<C> {
        draft.sources[key].map { source($0) } ?? .empty
    }

    // MARK: The draft, with its inputs

    private func value(_ name: String, _ fallback: String) -> String { model.submitted[name] ?? fallback }

    private func textInput(_ name: String, _ fallback: String, label: String, size: Int? = nil,
                           readOnly: Bool = false) -> Node<HTML.BodyContext> {
        .input(.type(.text), .name(attr(name)), .value(attr(value(name, fallback))), .attribute(named: "aria-label", value: attr(label)),
               .attribute(named: "size", value: size.map { attr(String($0)) }), .readonly(readOnly), .disabled(!isOpen))
    }

    private func select(_ name: String, _ options: [(value: String, label: String)], selected fallback: String,
                        label: String) -> Node<HTML.BodyContext> {
        let current = value(name, fallback)
        return .select(.attribute(named: "name", value: attr(name)), .attribute(named: "aria-label", value: attr(label)),
                       .if(!isOpen, .attribute(named: "disabled", value: "disabled")),
                       .forEach(options) { .choice($0.value, $0.label, selected: $0.value == current) })
    }

    private func fieldset(_ legend: String, _ nodes: Node<HTML.BodyContext>...) -> Node<HTML.BodyContext> {
        .element(named: "fieldset", nodes: [.element(named: "legend", text: legend)] + nodes)
    }

    private func draftForm() -> Node<HTML.BodyContext> {
        .group(basics(), phases(), organisation(), cellTargets(), indicators(), tasks(), annexes(), units())
    }

    private func basics() -> Node<HTML.BodyContext> {
        let document = plan.document
        let facts: [(String, String?, String)] = [
            ("文号", document.number, "document.number"), ("发文机关", document.issuer, "document.issuer"),
            ("成文日期", document.date?.chinese, "document.date"), ("文件标题", document.title, "document.title"),
        ]
        return fieldset("基本信息",
            .dl(.class("facts"),
                .dt(.text("方案 id")), .dd(textInput("id", plan.id, label: "方案 id", size: 28, readOnly: model.fixedID != nil),
                    .p(.class("muted"), .text(model.fixedID.map { "创建办只能导入本方案（\($0)），保存时替换现有方案。" }
                        ?? "小写字母、数字和连字符，如 pianguan-2025；与已有方案相同时，保存将替换该方案。"))),
                .dt(.text("标题")), .dd(textInput("title", plan.title, label: "标题"), source("title")),
                .dt(.text("创建类型")), .dd(select("programme", ProgrammeKind.allCases.map { ($0.rawValue, $0.chineseName) },
                                        selected: plan.programme.rawValue, label: "创建类型")),
                .dt(.text("地区")), .dd(textInput("placeName", plan.place.name, label: "地区名称", size: 16),
                                 select("placeLevel", RegionLevel.allCases.map { ($0.rawValue, $0.chineseName) },
                                        selected: plan.place.level.rawValue, label: "地区级别")),
                .forEach(facts.filter { $0.1 != nil }) { fact in
                    .group(.dt(.text(fact.0)), .dd(.text(fact.1 ?? ""), source(fact.2)))
                }),
            .if(!plan.goals.isEmpty, .group(.h3("目标"), .ol(.forEach(Array(plan.goals.enumerated())) { index, goal in
                .li(.text(goal), source("goals[\(index)]"))
            })))
        )
    }

    private func phases() -> Node<HTML.BodyContext> {
        let rows = plan.phases.count + (isOpen ? 2 : 0)
        return fieldset("实施阶段",
            .table(.class("compact"),
                .thead(.tr(.th("名称"), .th("开始"), .th("结束"), .th("来源"), .th("删除"))),
                .tbody(.forEach(0..<rows) { row in
                    let phase = row < plan.phases.count ? plan.phases[row] : nil
                    return .tr(
                        .td(textInput("phase.\(row).name", phase?.name ?? "", label: "阶段名称", size: 10)),
                        .td(dateInput("phase.\(row).start", phase?.start, label: "开始日期")),
                        .td(dateInput("phase.\(row).end", phase?.end, label: "结束日期")),
                        .td(phase == nil ? .text("（新增）") : source("phases[\(row)]")),
                        .td(phase == nil ? .empty : checkbox("phase.\(row).remove", label: "删除此阶段")))
                })
            ),
            .p(.class("muted"), .text("日期写成 2024-03-01；要增加阶段，填写空白行。"))
        )
    }

    private func dateInput(_ name: String, _ date: LocalDate?, label: String) -> Node<HTML.BodyContext> {
        .input(.type(.date), .name(attr(name)), .value(attr(value(name, date?.iso ?? ""))), .attribute(named: "aria-label", value: attr(label)),
               .disabled(!isOpen))
    }

    private func checkbox(_ name: String, label: String) -> Node<HTML.BodyContext> {
        .input(.type(.checkbox), .name(attr(name)), .value("1"), .attribute(named: "aria-label", value: attr(label)),
               .checked(model.submitted[name] == "1"), .disabled(!isOpen))
    }

    private func organisation() -> Node<HTML.BodyContext> {
        let org = plan.organisation
        func people(_ list: [Person]) -> String { list.map { [$0.name, $0.title].compactMap { $0 }.joined(separator: " ") }.joined(separator: "；") }
        return fieldset("组织机构",
            .unwrap(org.leadingGroup, { group in
                .div(.class("item"),
                    .p(.b(.text(group.name ?? "领导小组")), source("organisation.leadingGroup")),
                    .if(!group.leader.isEmpty, .p(.text("组长：\(people(group.leader))"))),
                    .if(!group.deputies.isEmpty, .p(.text("副组长：\(people(group.deputies))"))),
                    .if(!group.members.isEmpty, .p(.text("成员：\(group.members.count) 人"))),
                    .unwrap(group.note) { .p(.class("muted"), .text($0)) })
            }, else: .p(.class("empty"), .text("未找到领导小组。"))),
            .unwrap(org.office) { office in
                .p(.text("办公室：" + [office.name, office.unit.map { "设在\($0)" }, office.director.map { "主任 \($0)" }]
                    .compactMap { $0 }.joined(separator: "，")), source("organisation.office"))
            },
            .if(!org.memberUnits.isEmpty, .p(.text("成员单位（\(org.memberUnits.count) 个）："),
                .span(.class("units"), .forEach(org.memberUnits) { .span(.text($0)) }), source("organisation.memberUnits"))),
            .forEach(Array(org.workingGroups.enumerated())) { index, group in
                .p(.text("工作组「\(group.name)」：牵头 \(group.lead ?? "—")；参加 \(group.participants.joined(separator: "、"))"),
                   source("organisation.workingGroups[\(index)]"))
            }
        )
    }

    private func cellTargets() -> Node<HTML.BodyContext> {
        let rows = plan.cellTargets.count + (isOpen ? 1 : 0)
        let scopes: [(String, String)] = [("", "全县（市、区）"), (RegionLevel.township.rawValue, "每个乡镇"), (RegionLevel.village.rawValue, "每个村")]
        return fieldset("健康细胞目标",
            .table(.class("compact"),
                .thead(.tr(.th("类型标识"), .th("名称"), .th("比例 %"), .th("数量"), .th("范围"), .th("来源"), .th("删除"))),
                .tbody(.forEach(0..<rows) { row in
                    let target = row < plan.cellTargets.count ? plan.cellTargets[row] : nil
                    return .tr(
                        .td(textInput("cell.\(row).cell", target?.cell ?? "", label: "类型标识", size: 10)),
                        .td(textInput("cell.\(row).label", target?.label ?? "", label: "名称", size: 12),
                            .unwrap(target.flatMap { $0.label == nil ? $0.displayName : nil }) { .span(.class("muted"), .text($0)) }),
                        .td(textInput("cell.\(row).percent", target?.atLeastPercent.map { $0.formatted() } ?? "", label: "比例", size: 4)),
                        .td(textInput("cell.\(row).count", target?.atLeastCount.map(String.init) ?? "", label: "数量", size: 4)),
                        .td(select("cell.\(row).per", scopes, selected: target?.per?.rawValue ?? "", label: "范围")),
                        .td(target == nil ? .text("（新增）") : source("cellTargets[\(row)]")),
                        .td(target == nil ? .empty : checkbox("cell.\(row).remove", label: "删除此目标")))
                })
            ),
            .p(.class("muted"), .text("比例和数量只填一项。标准类型：" + CellType.allCases.map { "\($0.rawValue)（\($0.chineseName)）" }.joined(separator: "、")
                + "；其他类型请另起英文标识并填写名称。"))
        )
    }

    private func indicators() -> Node<HTML.BodyContext> {
        fieldset("指标",
            plan.indicators.isEmpty ? .p(.class("empty"), .text("未找到指标。")) :
            .table(.class("compact"),
                .thead(.tr(.th("代码"), .th("指标"), .th("目标"), .th("来源"))),
                .tbody(.forEach(Array(plan.indicators.enumerated())) { index, indicator in
                    .tr(.td(.text(indicator.code)), .td(.text(indicator.name)), .td(.statedTarget(indicator, empty: "—", expression: true)),
                        .td(source("indicators[\(index)]")))
                }))
        )
    }

    private func tasks() -> Node<HTML.BodyContext> {
        fieldset("工作任务（\(plan.tasks.count) 项）",
            .p(.class("muted"), .text("责任单位之间用「、」分隔；写法须是下方单位表中的单位（或其匹配的已有单位）。")),
            .table(.class("compact tasks"),
                .thead(.tr(.th("编号"), .th("任务"), .th("责任单位"), .th("来源"))),
                .tbody(.forEach(Array(plan.tasks.enumerated())) { index, task in
                    .tr(.id(attr("task-\(index)")),
                        .td(.text(task.number ?? "—")),
                        .td(.unwrap(task.section) { .div(.class("section-title"), .text($0)) },
                            .text(task.title ?? String(task.textAfterTitle.prefix(60)) + (task.textAfterTitle.count > 60 ? "…" : ""))),
                        .td(textInput("task.\(index).responsible", task.responsible.joined(separator: "、"), label: "责任单位")),
                        .td(source("tasks[\(index)]")))
                }))
        )
    }

    private func annexes() -> Node<HTML.BodyContext> {
        .if(!plan.annexes.isEmpty, fieldset("附件",
            .ol(.forEach(Array(plan.annexes.enumerated())) { index, annex in
                .li(.text("附件\(annex.number ?? "")：\(annex.title)"), source("annexes[\(index)]"))
            })))
    }

    private func units() -> Node<HTML.BodyContext> {
        let matchIndex = Dictionary(model.matches.enumerated().map { ($1.draft.name, $0) }, uniquingKeysWith: { a, _ in a })
        return fieldset("单位（\(plan.units.count) 个）",
            .p(.class("muted"), .text("与已有方案中的单位对应后，保存时单位改用已有名称，文中写法作为别名保留；联络员账号和联系人随之延续。")),
            .table(.class("compact units-table"),
                .thead(.tr(.th("草稿中的单位"), .th("类型"), .th("对应的已有单位"))),
                .tbody(.forEach(plan.units) { unit in
                    .tr(.td(.text(unit.name), .if(!unit.aliases.isEmpty, .span(.class("muted"), .text("（又作 \(unit.aliases.joined(separator: "、"))）")))),
                        .td(.text(unit.kind.chineseName)),
                        .td(matchIndex[unit.name].map { unitChoice($0) } ?? .span(.class("muted"), .text("统称，不对应具体单位"))))
                }))
        )
    }

    private func unitChoice(_ index: Int) -> Node<HTML.BodyContext> {
        let match = model.matches[index]
        let options = [("", "不匹配，作为新单位")] + match.candidates.map { known in
            (known.name, "\(known.name)（\(known.planTitle)）")
        }
        return .group(
            .input(.type(.hidden), .name(attr("unit.\(index).name")), .value(attr(match.draft.name))),
            select("unit.\(index).match", options, selected: model.choices[match.draft.name] ?? "", label: "对应的已有单位"),
            .unwrap(match.quality) { quality in
                .span(.class("tag"), .text(quality == .exact ? "名称一致" : "同一单位的不同写法"))
            })
    }

    // MARK: YAML, saving, discarding

    private func yamlForm() -> Node<HTML.BodyContext> {
        .element(named: "details", nodes: [.class("card"), .id("yaml"),
            .if(model.submitted["mode"] == "yaml", .attribute(named: "open", value: "open")),
            .element(named: "summary", text: "高级：直接编辑 YAML"),
            .p(.class("muted"), .text("整份方案的 YAML（格式同 plans/ 下的方案文件），可修改表单中没有的内容；保存前按方案文件的规则检查。")),
            .form(.method(.post), .action(SiteURL.planImport(model.item.id).path), .class("stack wide-form"),
                .csrfField(), draftVersion(),
                .input(.type(.hidden), .name("mode"), .value("yaml")),
                .textarea(.name("yaml"), .rows(30), .attribute(named: "spellcheck", value: "false"),
                          .attribute(named: "class", value: "code"), .text(value("yaml", model.yaml))),
                .button(.type(.submit), .text("按 YAML 保存修改")))
        ])
    }

    /// The draft's version as this page showed it: corrections or a save from a page older than another tab's
    /// corrections are refused instead of undoing them or saving what was not seen.
    private func draftVersion<Context: HTML.BodyContext>() -> Node<Context> {
        .input(.type(.hidden), .name("version"), .value(String(model.item.updatedAt.timeIntervalSince1970)))
    }

    private func saveForm() -> Node<HTML.BodyContext> {
        let item = model.item
        return .section(.class("card"), .id("save"),
            .h2("保存为方案"),
            .p(.text("保存为方案 id「"), .b(.text(model.saved.id)), .text("」，地区："),
               .text((model.saved.place.parents.map(\.name) + [model.saved.place.name]).joined(separator: " › ")
                     + (model.saved.place.code.map { "（\($0)）" } ?? "（新地区）") + "。")),
            .unwrap(model.existing) { existing in
                .noticeBlock(.warn, .p(.text("已有 id 为「\(existing.id)」的方案" + (existing.title.map { "「\($0)」" } ?? "") + "：保存将整体替换它。")), .if(!existing.strandedLiaisonUnits.isEmpty, .p(.text("以下单位有联络员账号，但在草稿中找不到，替换后这些账号将失去所属单位："
                        + existing.strandedLiaisonUnits.joined(separator: "、")))))
            },
            .unwrap(model.existing?.diff) { diff in .group(.h3("替换将带来的变化"), .planDiff(diff)) },
            .unwrap(model.existing) { existing in .blockedRemovals(existing.blocked) },
            .form(.method(.post), .action(SiteURL.savePlanImport(item.id).path), .class("stack"),
                .csrfField(), draftVersion(),
                .if(model.existing != nil, .label(.class("check"), .input(.type(.checkbox), .name("replace"), .value("1")),
                                                  .text(" 替换现有方案"))),
                .if(!(model.existing?.blocked.isEmpty ?? true), .label(.class("check"), .input(.type(.checkbox), .name("archive"), .value("1")),
                                                                      .text(" 把上述已有数据的项目归档（不再考核，数据仍可查看）"))),
                .button(.type(.submit), .text("保存为方案"))),
            .form(.method(.post), .action(SiteURL.discardPlanImport(item.id).path), .class("inline"),
                  .attribute(named: "data-confirm", value: attr("放弃后草稿不能再修改，确定吗？")),
                .csrfField(),
                .button(.type(.submit), .class("danger"), .text("放弃此草稿")))
        )
    }
}
