import Core
import Domain
import Foundation
import Plot

/// Dates and times as people in China read them.
enum Display {
    static func dateTime(_ date: Date?) -> String {
        guard let date else { return "—" }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "zh_CN")
        formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }

    static func percent(_ value: Double) -> String { String(format: "%.0f%%", value * 100) }
}

struct UsersView {
    struct Coverage {
        var members: Int
        var missing: [String]
    }

    struct Model {
        var planID: String?
        var accounts: [UserAccount]
        var regionNames: [UUID: String]
        var coverage: Coverage?
    }

    var model: Model

    func render() -> String {
        Layout(title: "账号", content: .group(
            .h1("账号"),
            .p(.class("sub"), .text(model.planID.map { "方案 \($0) 的账号，共 \(model.accounts.count) 个。" }
                ?? "全部账号，共 \(model.accounts.count) 个。")),
            .div(.class("toolbar"), .a(.class("button"), .href(SiteURL.newUser.path), .text("开通账号"))),
            .unwrap(model.coverage) { coverage in
                .if(!coverage.missing.isEmpty, .div(.class("notice warn"),
                    .p(.text("\(coverage.members) 个责任单位中，\(coverage.missing.count) 个还没有联络员账号：")),
                    .p(.class("units"), .forEach(coverage.missing) { name in
                        .a(.href(attr(SiteURL.newUser.path + "?role=liaison")), .text(name))
                    })
                ), else: .p(.class("notice"), .text("全部 \(coverage.members) 个责任单位都已有联络员账号。")))
            },
            .table(.class("stack"),
                .thead(.tr(.th("用户名"), .th("姓名"), .th("角色"), .th("范围"), .th("状态"), .th("最近登录"))),
                .tbody(.forEach(model.accounts) { account in
                    .tr(
                        .td(.attribute(named: "data-label", value: "用户名"), .a(.href(SiteURL.user(account.id).path), .text(account.username))),
                        .td(.attribute(named: "data-label", value: "姓名"), .text(account.displayName)),
                        .td(.attribute(named: "data-label", value: "角色"), .text(account.role.chineseName)),
                        .td(.attribute(named: "data-label", value: "范围"), .text(scope(account))),
                        .td(.attribute(named: "data-label", value: "状态"), .text(account.disabled ? "已停用" : (account.mustChangePassword ? "待改临时密码" : "正常"))),
                        .td(.attribute(named: "data-label", value: "最近登录"), .text(Display.dateTime(account.lastLoginAt)))
                    )
                })
            )
        )).render()
    }

    func scope(_ account: UserAccount) -> String {
        [account.planID, account.unit, account.regionID.flatMap { model.regionNames[$0] }].compactMap { $0 }
            .joined(separator: " · ").nilIfEmpty ?? "全部"
    }
}

struct UserFormView {
    struct Model {
        var account: UserAccount?
        var values: AdminController.UserForm
        var problems: FormRejected?
        var roles: [Role]
        var fixedPlan: String?
        var plans: [(id: String, title: String)]
        var units: [String]
        var townships: [String]
    }

    var model: Model

    func render() -> String {
        let editing = model.account
        let action = editing.map { SiteURL.user($0.id) } ?? .newUser
        let title = editing.map { "账号 \($0.username)" } ?? "开通账号"
        return Layout(title: title, crumbs: [.init(title: "账号", url: .users), .init(title: title, url: nil)], content: .group(
            .h1(.text(title)),
            .unwrap(model.problems) { problems in
                .div(.class("notice error"), .attribute(named: "role", value: "alert"),
                     .p("请修改以下问题："), .ul(.forEach(problems.problems) { .li(.text("\(label($0.field))：\($0.message)")) }))
            },
            .form(.method(.post), .action(action.path), .class("stack card"),
                .csrfField(),
                .unwrap(model.values.fingerprint) { .input(.type(.hidden), .name("fingerprint"), .value(attr($0))) },
                .if(editing == nil,
                    field("username", "用户名（小写字母、数字、. _ -，登录用）", .input(.type(.text), .name("username"),
                        .value(attr(model.values.username ?? "")), .required(true), .attribute(named: "maxlength", value: "32"),
                        .attribute(named: "autocapitalize", value: "none"))),
                    else: .p(.text("用户名："), .b(.text(editing?.username ?? "")))),
                field("displayName", "姓名", .input(.type(.text), .name("displayName"), .value(attr(model.values.displayName ?? "")),
                    .required(true), .attribute(named: "maxlength", value: String(AccountRules.maxDisplayName)))),
                field("role", "角色", .select(.attribute(named: "name", value: "role"), .attribute(named: "required", value: "required"),
                    .choice("", "请选择"),
                    .forEach(model.roles) { role in
                        .choice(role.rawValue, role.chineseName, selected: model.values.role == role.rawValue)
                    })),
                .unwrap(model.fixedPlan, { plan in .p(.text("所属方案："), .b(.text(plan))) }, else:
                    field("plan", "所属方案（创建办、联络员、乡镇专干、评审专家、领导账号必填）", .select(.attribute(named: "name", value: "plan"),
                        .choice("", "不属于某个方案"),
                        .forEach(model.plans) { plan in
                            .choice(plan.id, "\(plan.title)（\(plan.id)）", selected: model.values.plan == plan.id)
                        }))),
                field("unit", "单位（仅单位联络员；可写简称）", .input(.type(.text), .name("unit"), .value(attr(model.values.unit ?? "")),
                    .attribute(named: "list", value: "unit-names"), .attribute(named: "maxlength", value: "80"))),
                .datalist(.id("unit-names"), .forEach(model.units) { .suggestion($0) }),
                field("region", "地区（乡镇专干填乡镇/街道；省市级查看填省或市的名称或代码）", .input(.type(.text), .name("region"),
                    .value(attr(model.values.region ?? "")), .attribute(named: "list", value: "township-names"),
                    .attribute(named: "maxlength", value: "80"))),
                .datalist(.id("township-names"), .forEach(model.townships) { .suggestion($0) }),
                .if(editing != nil, .label(.class("check"), .input(.type(.checkbox), .name("disabled"), .value("1"),
                    .checked(model.values.disabled == "1")), .text(" 停用此账号（立即退出所有登录）"))),
                .button(.type(.submit), .text(editing == nil ? "开通并生成临时密码" : "保存"))
            ),
            .unwrap(editing) { account in
                .section(.class("card"),
                    .h3("重置密码"),
                    .p(.class("muted"), .text("生成新的临时密码，本人下次登录时必须修改；该账号的所有登录立即退出。")),
                    .form(.method(.post), .action(SiteURL.resetPassword(account.id).path),
                          .attribute(named: "data-confirm", value: attr("确定为 \(account.displayName) 重置密码吗？")),
                        .csrfField(),
                        .button(.type(.submit), .class("danger"), .text("重置密码")))
                )
            }
        )).render()
    }

    private func field(_ name: String, _ title: String, _ control: Node<HTML.LabelContext>) -> Node<HTML.FormContext> {
        .label(.text(title), control,
               .unwrap(model.problems?.message(for: name)) { .span(.class("field-error"), .text($0)) })
    }

    private func label(_ field: String) -> String {
        ["username": "用户名", "displayName": "姓名", "role": "角色", "plan": "所属方案", "unit": "单位", "region": "地区",
         "password": "密码", "fingerprint": "账号"][field] ?? field
    }
}

/// Shows a secret (temporary password, API token) exactly once.
struct SecretView {
    struct Model {
        var title: String
        var lead: String
        var secretLabel: String
        var secret: String
        var back: SiteURL
        var backTitle: String
    }

    var model: Model

    func render() -> String {
        Layout(title: model.title, content: .div(.class("card"),
            .h1(.text(model.title)),
            .p(.text(model.lead)),
            .p(.class("muted"), .text(model.secretLabel)),
            .p(.class("secret"), .id("secret"), .text(model.secret)),
            .p(.a(.href(model.back.path), .text(model.backTitle)))
        )).render()
    }
}

struct TokensView {
    struct Model {
        var tokens: [APIToken]
        var fixedPlan: String?
        var plans: [(id: String, title: String)]
        var publicProgrammeList: Bool
        var problem: String?
    }

    var model: Model

    func render() -> String {
        Layout(title: "接口令牌", content: .group(
            .h1("接口令牌"),
            .p(.class("sub"), .text("其他政府系统凭令牌从本平台的数据接口读取数据；勾选「报送指标数据」的方案令牌还可导入和提交该方案的指标数据。令牌只在签发时显示一次；泄露时立即吊销。")),
            .unwrap(model.problem) { .p(.class("notice error"), .text($0)) },
            .form(.method(.post), .action(SiteURL.tokens.path), .class("stack card"),
                .csrfField(),
                .label(.text("用途（对接的系统）"), .input(.type(.text), .name("name"), .required(true),
                    .attribute(named: "maxlength", value: "60"))),
                .unwrap(model.fixedPlan, { .p(.text("可读取方案："), .b(.text($0))) }, else:
                    .label(.text("可读取的方案"), .select(.attribute(named: "name", value: "plan"),
                        .choice("", "全部方案"),
                        .forEach(model.plans) { .choice($0.id, "\($0.title)（\($0.id)）") }))),
                .label(.class("check"), .input(.type(.checkbox), .name("submitsData"), .value("1")),
                       .text("报送指标数据（仅限一个方案的令牌）")),
                .button(.type(.submit), .text("签发令牌"))
            ),
            .table(.class("stack"),
                .thead(.tr(.th("用途"), .th("前缀"), .th("方案"), .th("签发人"), .th("签发时间"), .th("最近使用"), .th("状态"))),
                .tbody(.forEach(model.tokens) { token in
                    .tr(
                        .td(.attribute(named: "data-label", value: "用途"), .text(token.name)),
                        .td(.attribute(named: "data-label", value: "前缀"), .code(.text(token.prefix + "…"))),
                        .td(.attribute(named: "data-label", value: "方案"), .text(token.planID ?? "全部")),
                        .td(.attribute(named: "data-label", value: "签发人"), .text(token.createdBy)),
                        .td(.attribute(named: "data-label", value: "签发时间"), .text(Display.dateTime(token.createdAt))),
                        .td(.attribute(named: "data-label", value: "最近使用"), .text(Display.dateTime(token.lastUsedAt))),
                        .td(.attribute(named: "data-label", value: "状态"),
                            token.revokedAt == nil
                                ? .form(.method(.post), .action(SiteURL.revokeToken(token.id).path), .class("inline"),
                                        .attribute(named: "data-confirm", value: attr("吊销后使用该令牌的系统将无法读取数据，确定吗？")),
                                        .csrfField(), .button(.type(.submit), .class("danger"), .text("吊销")))
                                : .text("已于 \(Display.dateTime(token.revokedAt)) 吊销"))
                    )
                })
            )
        )).render()
    }
}

struct AuditView {
    struct Model {
        var entries: [AuditEntry]
        var planID: String?
        var page: Int
        var hasMore: Bool
        var plans: [String]
    }

    var model: Model

    func render() -> String {
        Layout(title: "操作日志", content: .group(
            .h1("操作日志"),
            .p(.class("sub"), .text("每一次更改：谁、何时、做了什么、改前与改后。\(model.planID.map { "方案 \($0)。" } ?? "")")),
            .if(!model.plans.isEmpty, .form(.method(.get), .action(SiteURL.auditLog(plan: nil, page: 1).path), .class("toolbar"),
                .select(.attribute(named: "name", value: "plan"), .choice("", "全部方案"),
                        .forEach(model.plans) { id in .choice(id, id, selected: model.planID == id) }),
                .button(.type(.submit), .class("secondary"), .text("筛选")))),
            model.entries.isEmpty ? .p(.class("empty"), .text("还没有记录。")) :
            .table(.class("stack audit"),
                .thead(.tr(.th("时间"), .th("操作人"), .th("操作"), .th("对象"), .th("改前"), .th("改后"))),
                .tbody(.forEach(model.entries) { entry in
                    .tr(
                        .td(.attribute(named: "data-label", value: "时间"), .text(Display.dateTime(entry.at))),
                        .td(.attribute(named: "data-label", value: "操作人"), .text(entry.actor)),
                        .td(.attribute(named: "data-label", value: "操作"), .text(entry.actionLabel)),
                        // The record's id and its stored form are kept for checking, as small secondary labels.
                        .td(.attribute(named: "data-label", value: "对象"), .text(AuditLabels.entity(entry.entity) + " "),
                            .span(.class("code"), .text(entry.entityID)),
                            .unwrap(entry.planID) { .span(.class("tag"), .text($0)) }),
                        .td(.attribute(named: "data-label", value: "改前"), .span(.class("code json"), .text(entry.before ?? "—"))),
                        .td(.attribute(named: "data-label", value: "改后"), .span(.class("code json"), .text(entry.after ?? "—")))
                    )
                })
            ),
            .div(.class("toolbar"),
                .if(model.page > 1, .a(.href(SiteURL.auditLog(plan: model.planID, page: model.page - 1).path), .text("‹ 较新"))),
                .if(model.hasMore, .a(.href(SiteURL.auditLog(plan: model.planID, page: model.page + 1).path), .text("较早 ›"))))
        )).render()
    }
}

struct SettingsView {
    struct Model {
        var publicProgrammeList: Bool
        var saved: Bool
    }

    var model: Model

    func render() -> String {
        Layout(title: "设置", content: .group(
            .h1("设置"),
            .if(model.saved, .p(.class("notice"), .text("已保存。"))),
            .form(.method(.post), .action(SiteURL.settings.path), .class("stack card"),
                .csrfField(),
                .label(.class("check"), .input(.type(.checkbox), .name("publicProgrammeList"), .value("1"),
                    .checked(model.publicProgrammeList)),
                    .text(" 允许不带令牌从数据接口读取方案列表；其余接口始终需要令牌")),
                .button(.type(.submit), .text("保存"))
            )
        )).render()
    }
}

extension Node where Context == HTML.SelectContext {
    /// An `<option>` with its label as escaped text (Plot's own option takes only attributes).
    static func choice(_ value: String, _ label: String, selected: Bool = false) -> Node {
        // An empty value must still be written: Plot drops empty attributes, and an option without
        // a value submits its label instead.
        .element(named: "option", nodes: [.attribute(named: "value", value: attr(value), ignoreIfValueIsEmpty: false),
                                          selected ? .attribute(named: "selected", value: "selected") : .empty, .text(label)])
    }
}

extension Node where Context == HTML.DataListContext {
    static func suggestion(_ value: String) -> Node {
        .element(named: "option", nodes: [.attribute(named: "value", value: attr(value))])
    }
}
