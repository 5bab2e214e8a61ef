import Foundation

/// A person who signs in.
public struct UserAccount: Equatable, Sendable, Codable {
    public var id: UUID
    public var username: String
    public var displayName: String
    public var role: Role
    public var planID: String?
    public var unit: String?
    public var regionID: UUID?
    public var mustChangePassword: Bool
    public var disabled: Bool
    public var createdAt: Date
    public var lastLoginAt: Date?

    public init(id: UUID, username: String, displayName: String, role: Role, planID: String? = nil, unit: String? = nil,
                regionID: UUID? = nil, mustChangePassword: Bool = false, disabled: Bool = false, createdAt: Date = Clock.system.now(),
                lastLoginAt: Date? = nil) {
        self.id = id; self.username = username; self.displayName = displayName; self.role = role
        self.planID = planID; self.unit = unit; self.regionID = regionID
        self.mustChangePassword = mustChangePassword; self.disabled = disabled
        self.createdAt = createdAt; self.lastLoginAt = lastLoginAt
    }

    public var principal: Principal {
        Principal(kind: .user(id), name: displayName, role: role, planID: planID, unit: unit, regionID: regionID)
    }
}

/// A bearer token another government system uses to read the API.
public struct APIToken: Equatable, Sendable, Codable {
    public var id: UUID
    public var name: String
    /// The first characters of the token, so people can tell tokens apart without the secret.
    public var prefix: String
    /// The programme the token reads; nil reads every programme.
    public var planID: String?
    public var createdBy: String
    /// The account the token belongs to: it works only while that account is enabled and may still issue it.
    /// nil for tokens issued on the command line (by whoever runs the server) and before tokens had owners.
    public var createdByID: UUID?
    public var createdAt: Date
    public var lastUsedAt: Date?
    public var revokedAt: Date?
    /// Issued for data submission: besides reading, it imports and submits its programme's indicator figures.
    public var submitsData: Bool

    public init(id: UUID, name: String, prefix: String, planID: String?, createdBy: String, createdByID: UUID? = nil,
                createdAt: Date, lastUsedAt: Date? = nil, revokedAt: Date? = nil, submitsData: Bool = false) {
        self.id = id; self.name = name; self.prefix = prefix; self.planID = planID; self.createdBy = createdBy
        self.createdByID = createdByID
        self.createdAt = createdAt; self.lastUsedAt = lastUsedAt; self.revokedAt = revokedAt; self.submitsData = submitsData
    }

    /// Why the token may not act for its owner any more, or nil while it may: a token never has more scope
    /// than the account that issued it (disabled, moved to another programme, or no longer an office).
    public func ownerProblem(_ owner: UserAccount?) -> String? {
        guard createdByID != nil else { return nil }
        guard let owner else { return "签发该令牌的账号已不存在" }
        if owner.disabled { return "签发该令牌的账号「\(owner.username)」已停用" }
        if !AccessPolicy.allows(owner.principal, .manageTokens(planID: planID)) {
            return "签发该令牌的账号「\(owner.username)」（\(owner.role.chineseName)）已无权签发此令牌"
        }
        return nil
    }

    public var principal: Principal {
        // A programme token reads like that programme's leader (a data token like its office, for figures
        // only); a system token reads everything.
        if submitsData, let planID {
            return Principal(kind: .token(id), name: "接口令牌「\(name)」", role: .office, planID: planID, submitsData: true)
        }
        return Principal(kind: .token(id), name: "接口令牌「\(name)」", role: planID == nil ? .admin : .leader, planID: planID)
    }
}

/// A signed-in browser session. Only a hash of the cookie value is stored.
public struct SessionInfo: Equatable, Sendable {
    public var id: UUID
    public var userID: UUID
    public var csrfToken: String
    public var expiresAt: Date
    public var lastSeenAt: Date

    public init(id: UUID, userID: UUID, csrfToken: String, expiresAt: Date, lastSeenAt: Date) {
        self.id = id; self.userID = userID; self.csrfToken = csrfToken; self.expiresAt = expiresAt; self.lastSeenAt = lastSeenAt
    }
}

public enum AccountError: Error, Equatable, Sendable {
    case usernameTaken(String)
    case notFound
}

/// Accounts, their sessions and the API tokens, kept in the database.
public protocol AccountStore: Sendable {
    func count() async throws -> Int
    func user(id: UUID) async throws -> UserAccount?
    /// The account and its password hash.
    func credentials(username: String) async throws -> (UserAccount, String)?
    /// Accounts of a programme, or all accounts when `planID` is nil.
    func users(planID: String?) async throws -> [UserAccount]
    func create(_ user: UserAccount, passwordHash: String) async throws
    func update(_ user: UserAccount) async throws
    func setPassword(userID: UUID, hash: String, mustChange: Bool) async throws
    func recordLogin(userID: UUID, at: Date) async throws

    func createSession(_ session: SessionInfo, tokenHash: String) async throws
    func session(tokenHash: String) async throws -> (SessionInfo, UserAccount)?
    func extendSession(id: UUID, expiresAt: Date, lastSeenAt: Date) async throws
    func deleteSession(tokenHash: String) async throws
    /// Ends every session of the account except `keeping` (after a password change or a lock).
    func deleteSessions(userID: UUID, keeping: UUID?) async throws

    func createToken(_ token: APIToken, tokenHash: String) async throws
    func token(hash: String) async throws -> APIToken?
    func tokens(planID: String?) async throws -> [APIToken]
    func revokeToken(id: UUID, at: Date) async throws -> APIToken?
    func touchToken(id: UUID, at: Date) async throws
}

/// One change, as the audit log keeps it: who, when, what, before and after.
public struct AuditEntry: Equatable, Sendable, Codable {
    public var id: UUID
    public var at: Date
    public var actor: String
    public var actorID: UUID?
    /// e.g. user.create, user.reset-password, token.issue, unit-contact.update, plan.load
    public var action: String
    public var entity: String
    public var entityID: String
    public var planID: String?
    /// JSON of the state before and after; nil where there was none.
    public var before: String?
    public var after: String?

    public init(id: UUID = UUID(), at: Date = Clock.system.now(), actor: String, actorID: UUID?, action: String, entity: String,
                entityID: String, planID: String?, before: String?, after: String?) {
        self.id = id; self.at = at; self.actor = actor; self.actorID = actorID; self.action = action
        self.entity = entity; self.entityID = entityID; self.planID = planID; self.before = before; self.after = after
    }

    /// Encodes a value for `before` / `after`, keys sorted so that entries compare line by line.
    public static func snapshot(_ value: some Encodable) -> String? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return (try? encoder.encode(value)).flatMap { String(data: $0, encoding: .utf8) }
    }

    /// The readable label of an action.
    public var actionLabel: String {
        switch action {
        case "user.create": "新建账号"
        case "user.update": "修改账号"
        case "user.reset-password": "重置密码"
        case "user.change-password": "修改密码"
        case "user.disable": "停用账号"
        case "user.enable": "启用账号"
        case "token.issue": "签发接口令牌"
        case "token.revoke": "吊销接口令牌"
        case "unit-contact.update": "更新单位联系人"
        case "plan.load": "导入方案"
        case "plan.import": "从文件导入方案"
        case "setting.update": "修改设置"
        case "cells.import": "导入健康细胞登记册"
        case "cells.transition": "变更场所状态"
        case "cells.decide": "确认健康细胞评审"
        case "survey.create": "新建调查"
        case "survey.update": "修改调查设置"
        case "survey.import": "导入调查答卷"
        case "survey.delete-response": "删除调查答卷"
        case "survey.publish": "发布调查结果到指标"
        case "report.save": "保存工作月报"
        case "report.submit": "提交工作月报"
        case "report.return": "退回工作月报"
        case "inspection.create": "登记督导检查"
        case "problem.create": "列入问题清单"
        case "problem.start": "开始整改"
        case "problem.submit": "提交整改"
        case "problem.recheck": "复查整改"
        case "problem.close": "问题销号"
        case "evidence.link": "登记迎检佐证材料"
        case "task.progress": "记录任务进展"
        case "activity.create": "登记活动"
        case "beneficiary.target": "设定受益人群目标"
        case "policy.register": "登记政策（健康影响评价）"
        case "policy.screen": "政策筛选"
        case "policy.analysis": "政策分析评估"
        case "policy.report": "政策评估报告与建议"
        case "policy.respond": "反馈建议采纳情况"
        case "policy.complete": "完成采纳反馈"
        case "policy.file": "政策评估备案"
        case "policy.monitor": "政策监测评价"
        case "agreement.create": "登记目标责任状"
        case "budget.create": "登记预算项目"
        case "budget.spend": "登记预算支出"
        case "region.add": "增加区划"
        case "region.update": "修改区划"
        case "region.import": "导入区划"
        case "network.staff-add": "登记健康促进人员"
        case "network.staff-update": "修改健康促进人员"
        case "network.staff-leave": "健康促进人员离任"
        case "network.expert-add": "登记专家委员会委员"
        case "network.expert-update": "修改专家委员会委员"
        case "network.expert-leave": "专家委员会委员离任"
        default: action
        }
    }
}

public protocol AuditStore: Sendable {
    func record(_ entry: AuditEntry) async throws
    /// The newest entry about one record (who changed it last, and when), if any.
    func latest(entity: String, entityID: String) async throws -> AuditEntry?
    /// Newest first. `planID` nil lists every entry.
    func entries(planID: String?, limit: Int, offset: Int) async throws -> [AuditEntry]
}

/// A unit's liaison and how to reach them, kept by the unit itself.
public struct UnitContact: Equatable, Sendable, Codable {
    public var planID: String
    public var unit: String
    public var liaison: String
    public var phone: String
    public var note: String
    public var updatedAt: Date?
    public var updatedBy: String?
    /// Counts saves, so a form saved from a stale page is told apart (0: never saved).
    public var revision: Int

    public init(planID: String, unit: String, liaison: String = "", phone: String = "", note: String = "",
                updatedAt: Date? = nil, updatedBy: String? = nil, revision: Int = 0) {
        self.planID = planID; self.unit = unit; self.liaison = liaison; self.phone = phone; self.note = note
        self.updatedAt = updatedAt; self.updatedBy = updatedBy; self.revision = revision
    }
}

public protocol UnitContactStore: Sendable {
    func contacts(planID: String) async throws -> [UnitContact]
    func contact(planID: String, unit: String) async throws -> UnitContact?
    /// Saves the card if it is still at `expectedRevision` (0: not yet saved), returning the new revision; throws
    /// `EditConflict` when someone saved it since.
    func save(_ contact: UnitContact, expectedRevision: Int) async throws -> Int
}

/// Settings the administrator changes at run time.
public protocol SettingStore: Sendable {
    func value(_ key: String) async throws -> String?
    func set(_ key: String, _ value: String) async throws
}

public enum SettingKey {
    /// "1" lets clients without a token read the programme list at GET /api/v1/plans.
    public static let publicProgrammeList = "api.public-programme-list"
    /// The key every server on the database signs short-lived form tokens with (a file kept after a refused save).
    public static let sharedSigningKey = "forms.signing-key"
}

/// Rules for what people type into the account forms; each returns a Chinese message or nil.
public enum AccountRules {
    public static let maxDisplayName = 40

    public static func checkUsername(_ name: String) -> String? {
        guard (3...32).contains(name.count) else { return "用户名长度应为 3–32 个字符" }
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyz0123456789._-")
        guard name.unicodeScalars.allSatisfy(allowed.contains) else {
            return "用户名只能使用小写英文字母、数字和 . _ -"
        }
        return nil
    }

    public static func checkDisplayName(_ name: String) -> String? {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return "姓名不能为空" }
        if trimmed.count > maxDisplayName { return "姓名不能超过 \(maxDisplayName) 个字符" }
        if trimmed.unicodeScalars.contains(where: { CharacterSet.controlCharacters.contains($0) }) { return "姓名含有控制字符" }
        return nil
    }

    /// At least 10 characters and two kinds of character; at most 72 bytes, bcrypt's limit
    /// (a longer password would be silently cut); not one of the most common passwords.
    public static func checkPassword(_ password: String, username: String? = nil) -> String? {
        if password.count < 10 { return "密码至少 10 个字符" }
        if password.utf8.count > 72 { return "密码不能超过 72 字节（约 24 个汉字或 72 个英文字符）" }
        var kinds = 0
        if password.contains(where: \.isLetter) { kinds += 1 }
        if password.contains(where: \.isNumber) { kinds += 1 }
        if password.contains(where: { !$0.isLetter && !$0.isNumber }) { kinds += 1 }
        if kinds < 2 { return "密码应至少包含字母、数字、符号中的两类" }
        if let username, password.lowercased().contains(username.lowercased()) { return "密码不能包含用户名" }
        if CommonPasswords.contains(password) { return "这个密码是最常用的密码之一（如 password123、admin@123456），很容易被猜中，请换一个" }
        return nil
    }
}

/// Failed sign-ins counted for one key: an account name from one client address, or one address whatever
/// the names it tried.
public struct SignInFailures: Equatable, Sendable {
    public var count: Int
    public var last: Date

    public init(count: Int, last: Date) { self.count = count; self.last = last }
}

/// Failed sign-ins kept in the database, so a restart does not clear them and every server behind one
/// database shares them.
public protocol SignInThrottleStore: Sendable {
    /// The failures of `name` from `address`, and of every name from `address`, counted since `since` (older
    /// ones are forgotten).
    func failures(name: String, address: String, since: Date) async throws -> (pair: SignInFailures?, address: SignInFailures?)
    /// Counts one more failure for the pair and for the address; a count idle since `forgetBefore` starts again.
    func recordFailure(name: String, address: String, at: Date, forgetBefore: Date) async throws
    /// A correct password clears the pair (not the address: one address guessing many names stays slowed down).
    func clearFailures(name: String, address: String) async throws
}

/// When a sign-in must wait. Nothing is ever locked: after a few failures for the same account from the same
/// address each further attempt waits twice as long as the one before (2, 4, 8 … seconds, at most 15 minutes),
/// and an address that fails with many names is slowed the same way. Someone guessing from elsewhere only
/// slows themselves; the account's owner, at another address, signs in at once.
public enum LoginThrottle {
    /// Failures of one name from one address before attempts wait.
    public static let freeFailuresPerPair = 3
    /// Failures from one address, whatever the names, before its attempts wait.
    public static let freeFailuresPerAddress = 20
    public static let maximumDelay: TimeInterval = 15 * 60
    /// Failures are forgotten this long after the last one.
    public static let memory: TimeInterval = 60 * 60

    /// The wait after `failures` failures when `free` of them are allowed: 0, then 2^n seconds.
    public static func delay(failures: Int, free: Int) -> TimeInterval {
        guard failures >= free else { return 0 }
        let step = min(failures - free + 1, 20)
        return min(Double(1 << step), maximumDelay)
    }

    /// When the next attempt is allowed, or nil when it is allowed now.
    public static func waitUntil(pair: SignInFailures?, address: SignInFailures?, now: Date) -> Date? {
        // No delay, no wait: a stored time a hair after `now` (the database rounds) must not make one.
        func waited(_ failures: SignInFailures?, free: Int) -> Date? {
            guard let failures else { return nil }
            let seconds = delay(failures: failures.count, free: free)
            return seconds > 0 ? failures.last.addingTimeInterval(seconds) : nil
        }
        let candidates = [waited(pair, free: freeFailuresPerPair), waited(address, free: freeFailuresPerAddress)]
        guard let until = candidates.compactMap({ $0 }).max(), until > now else { return nil }
        return until
    }

    /// A wait in Chinese: 「8 秒」, 「2 分 8 秒」, 「15 分钟」.
    public static func waitText(_ seconds: TimeInterval) -> String {
        let total = max(1, Int(seconds.rounded(.up)))
        if total < 60 { return "\(total) 秒" }
        return total % 60 == 0 ? "\(total / 60) 分钟" : "\(total / 60) 分 \(total % 60) 秒"
    }
}

/// When the monthly progress report (工作进展月报) is due.
public enum ReportingCalendar {
    /// The due date in a month: the programme's due day, or the month's last day when the month
    /// is shorter (a 30th in February is the 28th or 29th).
    public static func dueDate(year: Int, month: Int, dueDay: Int) -> LocalDate {
        let day = min(max(dueDay, 1), LocalDate.daysIn(year: year, month: month))
        return LocalDate(year: year, month: month, day: day)!
    }

    /// The report due next on or after `today`: this month's, or next month's once this month's day has passed.
    public static func nextDue(after today: LocalDate, dueDay: Int) -> LocalDate {
        let thisMonth = dueDate(year: today.year, month: today.month, dueDay: dueDay)
        if today <= thisMonth { return thisMonth }
        let (year, month) = today.month == 12 ? (today.year + 1, 1) : (today.year, today.month + 1)
        return dueDate(year: year, month: month, dueDay: dueDay)
    }
}
