import Domain
import Fluent
import Foundation
import Persistence

/// A form or command refused, with a Chinese message per field.
public struct FormRejected: Error, CustomStringConvertible {
    public var problems: [(field: String, message: String)]

    public init(_ problems: [(field: String, message: String)]) { self.problems = problems }
    public init(_ field: String, _ message: String) { self.problems = [(field, message)] }

    public var description: String { problems.map { "\($0.field): \($0.message)" }.joined(separator: "\n") }
    public func message(for field: String) -> String? { problems.first { $0.field == field }?.message }
}

/// What an account should be, as typed into the form or the command line.
public struct AccountDraft: Sendable {
    public var username: String
    public var displayName: String
    public var role: Role
    public var planID: String?
    /// A unit name in any of its spellings.
    public var unit: String?
    /// A region code or name.
    public var region: String?

    public init(username: String, displayName: String, role: Role, planID: String? = nil, unit: String? = nil,
                region: String? = nil) {
        self.username = username; self.displayName = displayName; self.role = role
        self.planID = planID; self.unit = unit; self.region = region
    }
}

/// Creating and changing accounts: one set of rules for the web forms, the API and the CLI,
/// each change written with its audit entry in one transaction.
public enum AccountService {
    /// Checks the draft and resolves its scope: the programme must exist, the unit must be one of
    /// its units, the region must lie inside it (township) or be a province or city (province viewer).
    public enum UnitMatch: Equatable, Sendable {
        case found(PlanUnit)
        case ambiguous([String])
        case none
    }

    /// The unit a person means, as typed: any spelling the plan gives (name or 简称), else the one unit whose name
    /// is the typed text with the place's prefix left off (卫体局 for 县卫体局, 偏关县卫体局), else the one unit whose
    /// name contains it. Several candidates are not guessed between.
    public static func unit(matching typed: String, in plan: Plan) -> UnitMatch {
        let key = typed.trimmingCharacters(in: .whitespaces)
        let directory = UnitDirectory(plan)
        if let found = directory.unit(named: key) { return found.kind == .group ? .none : .found(found) }
        let units = plan.units.filter { $0.kind != .group && !$0.archived }
        let prefixes = ([plan.place.name] + plan.place.parents.map(\.name) + ["县", "市", "区", "省", "州", "旗"])
            .filter { !$0.isEmpty }.sorted { $0.count > $1.count }
        func bare(_ name: String) -> String {
            for prefix in prefixes where name.hasPrefix(prefix) && name.count > prefix.count { return String(name.dropFirst(prefix.count)) }
            return name
        }
        let typedBare = bare(key)
        for candidates in [units.filter { $0.spellings.contains { bare($0) == typedBare } },
                           key.count >= 2 ? units.filter { $0.spellings.contains { $0.contains(key) } } : []] {
            if candidates.count == 1 { return .found(candidates[0]) }
            if candidates.count > 1 { return .ambiguous(candidates.map(\.name)) }
        }
        return .none
    }

    static func resolve(_ draft: AccountDraft, in core: AppCore) async throws -> (planID: String?, unit: String?, regionID: UUID?) {
        var problems: [(String, String)] = []
        let role = draft.role
        var planID: String?
        var unit: String?
        var regionID: UUID?
        var plan: Plan?
        let planKey = draft.planID?.trimmingCharacters(in: .whitespaces).nilIfEmpty
        if role.needsPlan {
            if let planKey {
                plan = try await core.plans.plan(id: planKey)
                if plan == nil { problems.append(("plan", "方案「\(planKey)」不存在")) } else { planID = planKey }
            } else {
                problems.append(("plan", "\(role.chineseName)账号必须指定所属方案"))
            }
        } else if planKey != nil {
            problems.append(("plan", "\(role.chineseName)账号不属于某一个方案，请不要指定方案"))
        }
        let unitKey = draft.unit?.trimmingCharacters(in: .whitespaces).nilIfEmpty
        if role.needsUnit {
            if let unitKey {
                if let plan {
                    switch Self.unit(matching: unitKey, in: plan) {
                    case .found(let found): unit = found.name
                    case .ambiguous(let names):
                        problems.append(("unit", "「\(unitKey)」可指 \(names.joined(separator: "、"))，请写出全称"))
                    case .none:
                        problems.append(("unit", "方案「\(plan.id)」中没有单位「\(unitKey)」"))
                    }
                }
            } else {
                problems.append(("unit", "单位联络员账号必须指定单位"))
            }
        } else if unitKey != nil {
            problems.append(("unit", "只有单位联络员账号指定单位"))
        }
        let regionKey = draft.region?.trimmingCharacters(in: .whitespaces).nilIfEmpty
        if role.needsRegion {
            if let regionKey {
                let regions = core.regions
                let allowed: Set<RegionLevel> = role == .township ? [.township, .town] : [.province, .city]
                if role == .township, plan == nil {
                    // The programme is already reported missing.
                } else {
                    let found = try await regions.find(regionKey, underPlan: role == .township ? planID : nil)
                        .filter { allowed.contains($0.level) }
                    switch found.count {
                    case 1:
                        regionID = found[0].id
                        // A township officer reports for its township's unit: the unit tied to the region, else the one
                        // of the same name (the name the unit takes when the office adds townships from the region tree).
                        if role == .township, let plan {
                            let township = found[0].name
                            unit = plan.units.first { $0.kind == .township && $0.region == township }?.name ?? township
                        }
                    case 0: problems.append(("region", role == .township
                        ? "方案「\(planID ?? "")」的地区内没有乡镇（街道）「\(regionKey)」；请先在「区划管理」页（导航栏「区划」）导入或增加乡镇"
                        : "没有名为或代码为「\(regionKey)」的省或市"))
                    default: problems.append(("region", "「\(regionKey)」有 \(found.count) 个同名区划，请改用区划代码"))
                    }
                }
            } else {
                problems.append(("region", role == .township ? "乡镇专干账号必须指定乡镇（街道）" : "省（市）级查看账号必须指定省或市"))
            }
        } else if regionKey != nil {
            problems.append(("region", "只有乡镇专干和省（市）级查看账号指定地区"))
        }
        if !problems.isEmpty { throw FormRejected(problems) }
        return (planID, unit, regionID)
    }

    static func checkNames(_ draft: AccountDraft) -> [(field: String, message: String)] {
        var problems: [(String, String)] = []
        if let problem = AccountRules.checkUsername(draft.username) { problems.append(("username", problem)) }
        if let problem = AccountRules.checkDisplayName(draft.displayName) { problems.append(("displayName", problem)) }
        return problems
    }

    /// Creates the account. With no password a temporary one is generated, returned once, and must
    /// be changed at first sign-in.
    public static func create(_ draft: AccountDraft, password: String?, actor: Principal?, in core: AppCore,
                              hash: @Sendable (String) async throws -> String) async throws -> (UserAccount, String?) {
        var problems = checkNames(draft)
        if let password, let problem = AccountRules.checkPassword(password, username: draft.username) {
            problems.append(("password", problem))
        }
        if !problems.isEmpty { throw FormRejected(problems) }
        if let actor, !AccessPolicy.allows(actor, .assignRole(draft.role, planID: actor.role == .admin ? nil : actor.planID)) {
            throw FormRejected("role", "您不能开通\(draft.role.chineseName)账号")
        }
        let scope = try await resolve(draft, in: core)
        if let actor, !AccessPolicy.allows(actor, .assignRole(draft.role, planID: scope.planID)) {
            throw FormRejected("role", "您不能开通\(draft.role.chineseName)账号\(scope.planID.map { "（方案 \($0)）" } ?? "")")
        }
        let temporary = password == nil ? Secrets.readablePassword() : nil
        let hashed = try await hash(password ?? temporary!)
        let account = UserAccount(id: UUID(), username: draft.username, displayName: draft.displayName.trimmingCharacters(in: .whitespaces),
                                  role: draft.role, planID: scope.planID, unit: scope.unit, regionID: scope.regionID,
                                  mustChangePassword: temporary != nil)
        try await core.transaction { tx in
            do {
                try await tx.accounts.create(account, passwordHash: hashed)
            } catch AccountError.usernameTaken(let name) {
                throw FormRejected("username", "用户名「\(name)」已被使用")
            }
            try await tx.audit.record(entry(actor, "user.create", account, before: nil, after: account))
        }
        return (account, temporary)
    }

    /// Changes name, role, scope or the disabled flag.
    public static func update(_ account: UserAccount, with draft: AccountDraft, disabled: Bool, actor: Principal,
                              in core: AppCore) async throws -> UserAccount {
        var problems: [(field: String, message: String)] = []
        if let problem = AccountRules.checkDisplayName(draft.displayName) { problems.append(("displayName", problem)) }
        if !problems.isEmpty { throw FormRejected(problems) }
        let scope = try await resolve(draft, in: core)
        guard AccessPolicy.allows(actor, .assignRole(draft.role, planID: scope.planID)) else {
            throw FormRejected("role", "您不能把账号设为\(draft.role.chineseName)\(scope.planID.map { "（方案 \($0)）" } ?? "")")
        }
        if actor.userID == account.id && (disabled || draft.role != account.role) {
            throw FormRejected("role", "不能停用自己的账号或更改自己的角色")
        }
        var updated = account
        updated.displayName = draft.displayName.trimmingCharacters(in: .whitespaces)
        updated.role = draft.role
        updated.planID = scope.planID
        updated.unit = scope.unit
        updated.regionID = scope.regionID
        updated.disabled = disabled
        try await save(updated, replacing: account, actor: actor, in: core)
        return updated
    }

    /// Disables or enables an account (the command line's way; the form goes through `update`).
    public static func setDisabled(_ account: UserAccount, _ disabled: Bool, actor: Principal?, in core: AppCore) async throws {
        var updated = account
        updated.disabled = disabled
        try await save(updated, replacing: account, actor: actor, in: core)
    }

    /// Writes a changed account with its audit entry in one transaction; disabling ends its sessions.
    private static func save(_ updated: UserAccount, replacing account: UserAccount, actor: Principal?,
                             in core: AppCore) async throws {
        guard updated != account else { return }
        try await core.transaction { tx in
            try await tx.accounts.update(updated)
            if updated.disabled && !account.disabled {
                try await tx.accounts.deleteSessions(userID: account.id, keeping: nil)
            }
            let action = updated.disabled != account.disabled ? (updated.disabled ? "user.disable" : "user.enable") : "user.update"
            try await tx.audit.record(entry(actor, action, updated, before: account, after: updated))
        }
    }

    /// A new temporary password, returned once; the person must change it at next sign-in and is
    /// signed out everywhere now.
    public static func resetPassword(_ account: UserAccount, actor: Principal?, in core: AppCore,
                                     hash: @Sendable (String) async throws -> String) async throws -> String {
        let temporary = Secrets.readablePassword()
        let hashed = try await hash(temporary)
        try await core.transaction { tx in
            let accounts = tx.accounts
            try await accounts.setPassword(userID: account.id, hash: hashed, mustChange: true)
            try await accounts.deleteSessions(userID: account.id, keeping: nil)
            try await tx.audit.record(entry(actor, "user.reset-password", account, before: nil, after: nil))
        }
        return temporary
    }

    /// The audit entry for a change to an account. Password hashes never enter the log.
    static func entry(_ actor: Principal?, _ action: String, _ account: UserAccount, before: UserAccount?,
                      after: UserAccount?) -> AuditEntry {
        AuditEntry(actor: actor?.name ?? "命令行", actorID: actor?.userID, action: action, entity: "user",
                   entityID: account.username, planID: account.planID,
                   before: before.flatMap(AuditEntry.snapshot), after: after.flatMap(AuditEntry.snapshot))
    }

    /// On first start: when there is no account at all, an administrator named `admin`, with the
    /// given password or a generated one that must be changed. Returns the generated password.
    public static func ensureAdministrator(in core: AppCore, password: String?,
                                           hash: @Sendable (String) async throws -> String) async throws -> String?? {
        guard try await core.accounts.count() == 0 else { return nil }
        let draft = AccountDraft(username: "admin", displayName: "系统管理员", role: .admin)
        if let password, let problem = AccountRules.checkPassword(password, username: draft.username) {
            throw FormRejected("HEALTHCITY_ADMIN_PASSWORD", problem)
        }
        let (_, temporary) = try await create(draft, password: password, actor: nil, in: core, hash: hash)
        return .some(temporary)
    }
}

extension String {
    /// nil for an empty field, so optional fields read as absent.
    public var nilIfEmpty: String? { isEmpty ? nil : self }
}

/// Issuing and revoking API tokens, with their audit entries; shared by the web page and the CLI.
public enum TokenIssuer {
    /// Returns the secret, which is shown once and stored only as a digest. The token belongs to the account that
    /// issues it (`actor`, or `owner` named on the command line) and may not reach further than that account: an
    /// office issues tokens for its own programme only. Without either it is the command line's own.
    public static func issue(name: String, planID: String?, submitsData: Bool = false, actor: Principal?,
                             owner: UserAccount? = nil, in core: AppCore) async throws -> String {
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty || name.count > 60 { throw FormRejected("name", "请填写令牌用途（1–60 个字符）") }
        if submitsData && planID == nil { throw FormRejected("plan", "报送数据的令牌必须属于一个方案") }
        if let owner, owner.disabled { throw FormRejected("account", "账号「\(owner.username)」已停用，不能签发令牌") }
        let issuer = owner?.principal ?? actor
        if let issuer, issuer.userID == nil || !AccessPolicy.allows(issuer, .manageTokens(planID: planID)) {
            let problem = issuer.role == .office && issuer.userID != nil
                ? "创建办只能签发读取本方案（\(issuer.planID ?? "")）的令牌" + (planID == nil ? "，不能签发读取全部方案的令牌" : "，不能签发方案「\(planID!)」的令牌")
                : "\(issuer.isToken ? "接口令牌" : "账号（\(issuer.role.chineseName)）")不能签发接口令牌"
            throw FormRejected("plan", problem)
        }
        if let planID, try await core.plans.plan(id: planID) == nil {
            throw FormRejected("plan", "方案「\(planID)」不存在")
        }
        let secret = Secrets.token(prefix: "hc_")
        let token = APIToken(id: UUID(), name: name, prefix: String(secret.prefix(10)), planID: planID,
                             createdBy: owner?.displayName ?? actor?.name ?? "命令行", createdByID: issuer?.userID,
                             createdAt: core.now, submitsData: submitsData)
        try await core.transaction { tx in
            try await tx.accounts.createToken(token, tokenHash: Secrets.digest(secret))
            try await tx.audit.record(AuditEntry(
                actor: actor?.name ?? "命令行", actorID: actor?.userID, action: "token.issue", entity: "api-token",
                entityID: token.prefix, planID: planID, before: nil, after: AuditEntry.snapshot(token)))
        }
        return secret
    }

    /// Revokes by id or prefix, within `planID` when given. Returns nil when no such token.
    public static func revoke(_ key: String, planID: String? = nil, actor: Principal?, in core: AppCore) async throws -> APIToken? {
        let tokens = try await core.accounts.tokens(planID: planID)
        guard let existing = tokens.first(where: { $0.id.uuidString.lowercased() == key.lowercased() || $0.prefix == key }) else {
            return nil
        }
        return try await core.transaction { tx in
            let revoked = try await tx.accounts.revokeToken(id: existing.id, at: core.now)
            try await tx.audit.record(AuditEntry(
                actor: actor?.name ?? "命令行", actorID: actor?.userID, action: "token.revoke", entity: "api-token",
                entityID: existing.prefix, planID: existing.planID, before: AuditEntry.snapshot(existing),
                after: revoked.flatMap(AuditEntry.snapshot)))
            return revoked
        }
    }
}
