import Core
import Domain
import Fluent
import Foundation
import Persistence
import Vapor

/// Accounts, API tokens, the audit log and settings: the administrator's and the office's tools.
struct AdminController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.register(.users, use: users)
        routes.register(.newUser, use: newUserForm)
        routes.register(.createUser, use: createUser)
        routes.register(.user, use: userForm)
        routes.register(.updateUser, use: updateUser)
        routes.register(.resetPassword, use: resetPassword)
        routes.register(.tokens, use: tokens)
        routes.register(.issueToken, use: issueToken)
        routes.register(.revokeToken, use: revokeToken)
        routes.register(.auditLog, use: auditLog)
        routes.register(.settings, use: settingsForm)
        routes.register(.saveSettings, use: saveSettings)
    }

    /// The programme whose accounts the principal manages: its own for an office, all for an administrator.
    private func managedPlan(_ req: Request) throws -> (principal: Principal, planID: String?) {
        let principal = try req.requirePrincipal()
        switch principal.role {
        case .admin where !principal.isToken: return (principal, nil)
        case .office: return (try req.authorize(.manageAccounts(planID: principal.planID)), principal.planID)
        default: throw Abort(.forbidden, reason: "您的账号（\(principal.role.chineseName)）无权管理账号：只有创建办和系统管理员可以")
        }
    }

    /// The account named in the URL, if the principal may manage it.
    private func managedAccount(_ req: Request) async throws -> (Principal, UserAccount) {
        let (principal, planID) = try managedPlan(req)
        guard let raw = req.parameters.get("uid"), let id = UUID(uuidString: raw),
              let account = try await req.accounts.user(id: id) else {
            throw Abort(.notFound, reason: "没有这个账号")
        }
        if let planID, account.planID != planID || !account.role.needsPlan {
            throw Abort(.forbidden, reason: "该账号不属于本方案，您无权管理")
        }
        return (principal, account)
    }

    func users(req: Request) async throws -> Response {
        let (_, planID) = try managedPlan(req)
        let accounts = try await req.accounts.users(planID: planID)
        var regionNames: [UUID: String] = [:]
        for id in Set(accounts.compactMap(\.regionID)) { regionNames[id] = try await req.regions.region(id: id)?.name }
        var coverage: UsersView.Coverage?
        if let planID, let plan = try await req.plans.plan(id: planID) {
            let withLiaison = Set(accounts.filter { $0.role == .liaison && !$0.disabled }.compactMap(\.unit))
            let members = UnitDirectory(plan).reportingUnits
            coverage = .init(members: members.count, missing: members.filter { !withLiaison.contains($0.name) }.map(\.name))
        }
        return .html(UsersView(model: .init(planID: planID, accounts: accounts, regionNames: regionNames,
                                            coverage: coverage)).render())
    }

    struct UserForm: Content {
        var username: String?
        var displayName: String?
        var role: String?
        var plan: String?
        var unit: String?
        var region: String?
        var disabled: String?
        /// The account as the form showed it (edits only): a save over someone else's later change is refused.
        var fingerprint: String?
    }

    /// What the edit form changes, fingerprinted: signing in (last login) is not an edit.
    struct EditableAccount: Encodable {
        var displayName: String, role: Role, planID: String?, unit: String?, regionID: UUID?, disabled: Bool
        init(_ a: UserAccount) {
            displayName = a.displayName; role = a.role; planID = a.planID; unit = a.unit; regionID = a.regionID; disabled = a.disabled
        }
    }

    func newUserForm(req: Request) async throws -> Response {
        let (principal, planID) = try managedPlan(req)
        let role = (try? req.query.get(String.self, at: "role")).flatMap(Role.init(rawValue:))
        return .html(try await formView(req, principal: principal, planID: planID, account: nil,
                                        values: UserForm(role: role?.rawValue, plan: planID), problems: nil).render())
    }

    func createUser(req: Request) async throws -> Response {
        let (principal, planID) = try managedPlan(req)
        let form = try await req.decodeBody(UserForm.self)
        do {
            guard let role = form.role.flatMap(Role.init(rawValue:)) else { throw FormRejected("role", "请选择角色") }
            let draft = AccountDraft(username: (form.username ?? "").trimmingCharacters(in: .whitespaces).lowercased(),
                                     displayName: form.displayName ?? "", role: role,
                                     planID: planID ?? form.plan, unit: form.unit, region: form.region)
            let password = req.password.async
            let (account, temporary) = try await AccountService.create(draft, password: nil, actor: principal, in: req.appCore,
                                                                       hash: { try await password.hash($0) })
            return .html(SecretView(model: .init(
                title: "账号已开通", lead: "账号「\(account.username)」（\(account.displayName)，\(account.role.chineseName)）已开通。",
                secretLabel: "临时密码（只显示这一次，请当面或电话告知本人；首次登录须修改）", secret: temporary ?? "",
                back: .users, backTitle: "返回账号列表")).render(), status: .created)
        } catch let rejected as FormRejected {
            return .html(try await formView(req, principal: principal, planID: planID, account: nil, values: form,
                                            problems: rejected).render(), status: .badRequest)
        }
    }

    func userForm(req: Request) async throws -> Response {
        let (principal, account) = try await managedAccount(req)
        let regionName = try await account.regionID.asyncMap { try await req.regions.region(id: $0)?.name }
        let values = UserForm(username: account.username, displayName: account.displayName, role: account.role.rawValue,
                              plan: account.planID, unit: account.unit, region: regionName ?? nil,
                              disabled: account.disabled ? "1" : nil,
                              fingerprint: EditConflict.fingerprint(EditableAccount(account)))
        return .html(try await formView(req, principal: principal, planID: account.planID, account: account, values: values,
                                        problems: nil).render())
    }

    func updateUser(req: Request) async throws -> Response {
        let (principal, account) = try await managedAccount(req)
        let form = try await req.decodeBody(UserForm.self)
        let (_, managed) = try managedPlan(req)
        do {
            do {
                try await req.requireUnchanged(form.fingerprint, current: EditableAccount(account), entity: "user", entityID: account.username)
            } catch let conflict as EditConflict {
                var values = form
                values.fingerprint = EditConflict.fingerprint(EditableAccount(account))
                return .html(try await formView(req, principal: principal, planID: account.planID, account: account, values: values,
                                                problems: FormRejected("fingerprint", conflict.description)).render(), status: .conflict)
            }
            guard let role = form.role.flatMap(Role.init(rawValue:)) else { throw FormRejected("role", "请选择角色") }
            let draft = AccountDraft(username: account.username, displayName: form.displayName ?? "", role: role,
                                     planID: managed ?? form.plan, unit: form.unit, region: form.region)
            _ = try await AccountService.update(account, with: draft, disabled: form.disabled == "1", actor: principal, in: req.appCore)
            return req.redirect(to: SiteURL.users.path)
        } catch let rejected as FormRejected {
            return .html(try await formView(req, principal: principal, planID: account.planID, account: account, values: form,
                                            problems: rejected).render(), status: .badRequest)
        }
    }

    func resetPassword(req: Request) async throws -> Response {
        let (principal, account) = try await managedAccount(req)
        let password = req.password.async
        let temporary = try await AccountService.resetPassword(account, actor: principal, in: req.appCore,
                                                               hash: { try await password.hash($0) })
        return .html(SecretView(model: .init(
            title: "密码已重置", lead: "账号「\(account.username)」（\(account.displayName)）的密码已重置，其所有登录已退出。",
            secretLabel: "临时密码（只显示这一次；本人登录后须立即修改）", secret: temporary,
            back: .user(account.id), backTitle: "返回账号")).render())
    }

    private func formView(_ req: Request, principal: Principal, planID: String?, account: UserAccount?,
                          values: UserForm, problems: FormRejected?) async throws -> UserFormView {
        let summaries = try await req.plans.summaries()
        let selectedPlan = planID ?? values.plan
        var units: [String] = []
        var townships: [String] = []
        if let selectedPlan, let plan = try await req.plans.plan(id: selectedPlan) {
            units = plan.units.filter { $0.kind != .group }.map(\.name)
            townships = try await req.regions.regions(underPlan: selectedPlan)
                .filter { $0.level == .township || $0.level == .town }.map(\.name)
        }
        let roles = Role.allCases.filter { AccessPolicy.allows(principal, .assignRole($0, planID: planID ?? "any")) }
        return UserFormView(model: .init(account: account, values: values, problems: problems, roles: roles,
                                         fixedPlan: planID, plans: summaries.map { ($0.id, $0.title) },
                                         units: units, townships: townships))
    }

    // MARK: Tokens

    private func tokenScope(_ req: Request) throws -> (Principal, String?) {
        let principal = try req.requirePrincipal()
        switch principal.role {
        case .admin where !principal.isToken: return (principal, nil)
        case .office: return (try req.authorize(.manageTokens(planID: principal.planID)), principal.planID)
        default: throw Abort(.forbidden, reason: "您的账号（\(principal.role.chineseName)）无权管理接口令牌：只有创建办和系统管理员可以")
        }
    }

    func tokens(req: Request) async throws -> Response {
        let (_, planID) = try tokenScope(req)
        let tokens = try await req.accounts.tokens(planID: planID)
        let publicList = try await req.settings.value(SettingKey.publicProgrammeList) == "1"
        return .html(TokensView(model: .init(tokens: tokens, fixedPlan: planID,
                                             plans: try await req.plans.summaries().map { ($0.id, $0.title) },
                                             publicProgrammeList: publicList, problem: nil)).render())
    }

    struct TokenForm: Content {
        var name: String?
        var plan: String?
        /// "1" when the token may also submit indicator data.
        var submitsData: String?
    }

    func issueToken(req: Request) async throws -> Response {
        let (principal, fixed) = try tokenScope(req)
        let form = try await req.decodeBody(TokenForm.self)
        let name = (form.name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let planID = fixed ?? form.plan?.nilIfEmpty
        let secret: String
        do {
            secret = try await TokenIssuer.issue(name: name, planID: planID, submitsData: form.submitsData == "1",
                                                 actor: principal, in: req.appCore)
        } catch let rejected as FormRejected {
            return .html(TokensView(model: .init(tokens: try await req.accounts.tokens(planID: fixed), fixedPlan: fixed,
                                                 plans: try await req.plans.summaries().map { ($0.id, $0.title) },
                                                 publicProgrammeList: false,
                                                 problem: rejected.problems.map(\.message).joined(separator: "；"))).render(),
                         status: .badRequest)
        }
        return .html(SecretView(model: .init(
            title: "接口令牌已签发", lead: "令牌「\(name)」可读取\(planID.map { "方案 \($0)" } ?? "全部方案")的接口数据"
                + (form.submitsData == "1" ? "，并可导入和报送指标数据。" : "（只读）。"),
            secretLabel: "令牌（只显示这一次，请交给对接系统的管理员，调用时放在 Authorization: Bearer 头中）", secret: secret,
            back: .tokens, backTitle: "返回令牌列表")).render(), status: .created)
    }

    func revokeToken(req: Request) async throws -> Response {
        let (principal, planID) = try tokenScope(req)
        guard let raw = req.parameters.get("tid"), let id = UUID(uuidString: raw) else { throw Abort(.notFound) }
        guard try await TokenIssuer.revoke(id.uuidString, planID: planID, actor: principal, in: req.appCore) != nil else {
            throw Abort(.notFound, reason: "没有这个令牌，或它不属于本方案")
        }
        return req.redirect(to: SiteURL.tokens.path)
    }

    // MARK: Audit log and settings

    func auditLog(req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let requested = (try? req.query.get(String.self, at: "plan"))?.nilIfEmpty
        let planID = principal.role == .admin ? requested : principal.planID
        try req.authorize(.viewAudit(planID: principal.role == .admin ? nil : planID))
        let page = max(1, (try? req.query.get(Int.self, at: "page")) ?? 1)
        let perPage = 50
        let entries = try await req.audit.entries(planID: planID, limit: perPage + 1, offset: (page - 1) * perPage)
        return .html(AuditView(model: .init(entries: Array(entries.prefix(perPage)), planID: planID, page: page,
                                            hasMore: entries.count > perPage,
                                            plans: principal.role == .admin ? try await req.plans.summaries().map(\.id) : []))
            .render())
    }

    func settingsForm(req: Request) async throws -> Response {
        try req.authorize(.manageSettings)
        let publicList = try await req.settings.value(SettingKey.publicProgrammeList) == "1"
        return .html(SettingsView(model: .init(publicProgrammeList: publicList, saved: false)).render())
    }

    struct SettingsForm: Content {
        var publicProgrammeList: String?
    }

    func saveSettings(req: Request) async throws -> Response {
        let principal = try req.authorize(.manageSettings)
        let form = try await req.decodeBody(SettingsForm.self)
        let value = form.publicProgrammeList == "1" ? "1" : "0"
        let before = try await req.settings.value(SettingKey.publicProgrammeList) ?? "0"
        if before != value {
            try await req.db.transaction { tx in
                try await req.appCore.on(tx).settings.set(SettingKey.publicProgrammeList, value)
                try await req.appCore.on(tx).audit.record(AuditEntry(
                    actor: principal.name, actorID: principal.userID, action: "setting.update", entity: "setting",
                    entityID: SettingKey.publicProgrammeList, planID: nil, before: AuditEntry.snapshot(before),
                    after: AuditEntry.snapshot(value)))
            }
        }
        return .html(SettingsView(model: .init(publicProgrammeList: value == "1", saved: true)).render())
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        switch self {
        case .some(let value): try await transform(value)
        case .none: nil
        }
    }
}
