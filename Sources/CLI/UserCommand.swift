import ArgumentParser
import Core
import Domain
import Foundation
import Persistence
import Vapor
import Web

/// `healthcity user …`: accounts for scripting (the same rules as the web forms).
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "管理账号。",
        subcommands: [Add.self, List.self, ResetPassword.self, Disable.self, Enable.self])

    static func hash(_ password: String) throws -> String {
        try Bcrypt.hash(password, cost: SecurityConfiguration.fromEnvironment().bcryptCost)
    }

    static func fail(_ rejected: FormRejected) -> ExitCode {
        for problem in rejected.problems { CLIOutput.current.err("\(Self.option(problem.field)): \(problem.message)") }
        CLIOutput.current.err("未做任何更改。")
        return ExitCode(1)
    }

    static func option(_ field: String) -> String {
        field == "username" ? "NAME" : "--" + (["displayName": "display-name"][field] ?? field)
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "开通账号；不带 --password-stdin 时生成临时密码并打印一次（首次登录须修改）。",
            discussion: """
            角色：admin（系统管理员）、office（创建办）、liaison（单位联络员，需 --unit）、township（乡镇专干，需 --region）、
            assessor（评审专家）、leader（领导）、province（省市级查看，需 --region 省或市）。除 admin、province 外都需 --plan。
            """)

        @ArgumentParser.Argument(help: "用户名（小写字母、数字、. _ -）。") var name: String
        @ArgumentParser.Option(name: .long, help: "角色：\(Role.allCases.map(\.rawValue).joined(separator: "|"))。") var role: String
        @ArgumentParser.Option(name: .long, help: "所属方案 id；库中只有一个方案时可省略。") var plan: String?
        @ArgumentParser.Option(name: .long, help: "单位（联络员），可写简称。") var unit: String?
        @ArgumentParser.Option(name: .long, help: "地区名称或代码（乡镇专干：乡镇；省市级查看：省或市）。") var region: String?
        @ArgumentParser.Option(name: .long, help: "姓名，默认同用户名。") var displayName: String?
        @ArgumentParser.Flag(name: .long, help: "从标准输入读取密码（一行）。") var passwordStdin = false
        @OptionGroup var db: DatabaseOption

        func run() async throws {
            guard let role = Role(rawValue: role) else {
                CLIOutput.current.err("--role: 未知角色「\(self.role)」，可选：\(Role.allCases.map(\.rawValue).joined(separator: ", "))")
                throw ExitCode(1)
            }
            var password: String?
            if passwordStdin {
                password = readLine(strippingNewline: true) ?? ""
            }
            let draft = AccountDraft(username: name, displayName: displayName ?? name, role: role, planID: plan, unit: unit,
                                     region: region)
            do {
                let (account, temporary) = try await withDatabase(db.location) { app in
                    var draft = draft
                    if role.needsPlan, draft.planID == nil {
                        let ids = try await app.appCore.plans.summaries().map(\.id)
                        if ids.count == 1 { draft.planID = ids[0] }
                    }
                    return try await AccountService.create(draft, password: password, actor: nil, in: app.appCore,
                                                           hash: { try UserCommand.hash($0) })
                }
                let scope = [account.planID, account.unit, region].compactMap { $0 }.joined(separator: " · ")
                CLIOutput.current.out("已开通账号 \(account.username)（\(account.role.chineseName)\(scope.isEmpty ? "" : "，\(scope)")）。")
                if let temporary { CLIOutput.current.out("临时密码：\(temporary)（只显示这一次；首次登录须修改）") }
            } catch let rejected as FormRejected {
                throw UserCommand.fail(rejected)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "列出账号。",
            discussion: "带 --plan 时还列出能查看该方案的省（市）级查看账号；--json 输出用户名、姓名、角色、单位和地区。")
        @ArgumentParser.Option(name: .long, help: "只列出该方案的账号。") var plan: String?
        @ArgumentParser.Flag(name: .long, help: "输出 JSON。") var json = false
        @OptionGroup var db: DatabaseOption

        /// One account as `--json` prints it.
        struct Row: Encodable {
            var username: String
            var displayName: String
            var role: String
            var roleName: String
            var plan: String?
            var unit: String?
            var region: String?
            var disabled: Bool
        }

        func run() async throws {
            let rows: [Row]? = try await withDatabase(db.location) { app in
                let core = app.appCore
                var users = try await core.accounts.users(planID: plan)
                if let plan {
                    guard let scope = try await core.regions.programmeScope(planID: plan) else {
                        return try await core.plans.plan(id: plan) == nil ? nil : Self.rows(users, core: core)
                    }
                    // Province and city viewers see every programme under their region: they belong to its list.
                    let above = Set(scope.regionPath)
                    users += try await core.accounts.users(planID: nil).filter {
                        $0.role == .province && $0.regionID.map(above.contains) == true
                    }
                }
                return try await Self.rows(users, core: core)
            }
            guard let rows else {
                CLIOutput.current.err("--plan: 没有方案「\(plan ?? "")」")
                throw ExitCode(1)
            }
            if json { try CLIOutput.current.json(["accounts": rows]); return }
            for row in rows {
                let fields = [row.username, row.role, row.plan ?? "-", row.unit ?? "-", row.region ?? "-",
                              row.disabled ? "停用" : "正常", row.displayName]
                CLIOutput.current.out(fields.joined(separator: "\t"))
            }
        }

        static func rows(_ users: [UserAccount], core: AppCore) async throws -> [Row] {
            var names: [UUID: String] = [:]
            var rows: [Row] = []
            for user in users {
                var region: String?
                if let id = user.regionID {
                    if names[id] == nil { names[id] = try await core.regions.region(id: id)?.name }
                    region = names[id]
                }
                rows.append(Row(username: user.username, displayName: user.displayName, role: user.role.rawValue,
                                roleName: user.role.chineseName, plan: user.planID, unit: user.unit, region: region,
                                disabled: user.disabled))
            }
            return rows
        }
    }

    struct ResetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "reset-password",
                                                        abstract: "生成新的临时密码并打印一次；该账号的所有登录退出。")
        @ArgumentParser.Argument(help: "用户名。") var name: String
        @OptionGroup var db: DatabaseOption

        func run() async throws {
            let temporary: String? = try await withDatabase(db.location) { app in
                guard let (account, _) = try await app.appCore.accounts.credentials(username: name) else {
                    return nil
                }
                return try await AccountService.resetPassword(account, actor: nil, in: app.appCore, hash: { try UserCommand.hash($0) })
            }
            guard let temporary else {
                CLIOutput.current.err("没有账号「\(name)」")
                throw ExitCode(1)
            }
            CLIOutput.current.out("账号 \(name) 的临时密码：\(temporary)（只显示这一次；登录后须修改）")
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "停用账号（立即退出所有登录）。")
        @ArgumentParser.Argument(help: "用户名。") var name: String
        @OptionGroup var db: DatabaseOption

        func run() async throws { try await setDisabled(name, true, db.location) }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "重新启用账号。")
        @ArgumentParser.Argument(help: "用户名。") var name: String
        @OptionGroup var db: DatabaseOption

        func run() async throws { try await setDisabled(name, false, db.location) }
    }

    static func setDisabled(_ name: String, _ disabled: Bool, _ location: DatabaseLocation) async throws {
        let found = try await withDatabase(location) { app -> Bool in
            guard let (account, _) = try await app.appCore.accounts.credentials(username: name) else {
                return false
            }
            try await AccountService.setDisabled(account, disabled, actor: nil, in: app.appCore)
            return true
        }
        guard found else {
            CLIOutput.current.err("没有账号「\(name)」")
            throw ExitCode(1)
        }
        CLIOutput.current.out("账号 \(name) 已\(disabled ? "停用" : "启用")。")
    }
}

/// `healthcity token …`: API tokens for other systems.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "签发、列出和吊销接口令牌（只读，或可报送指标数据）。", subcommands: [Issue.self, List.self, Revoke.self])

    struct Issue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "签发令牌并打印一次。")
        @ArgumentParser.Argument(help: "用途，例如对接系统的名称。") var name: String
        @ArgumentParser.Option(name: .long, help: "只能读取该方案；省略则可读取全部方案。") var plan: String?
        @ArgumentParser.Flag(name: .long, help: "还可通过接口导入和报送该方案的指标数据（须同时指定 --plan）。") var submitData = false
        @ArgumentParser.Option(name: .long, help: "令牌所属账号（用户名）：账号停用或失去权限后令牌随之失效；省略则属于命令行。")
        var account: String?
        @OptionGroup var db: DatabaseOption

        func run() async throws {
            do {
                let secret = try await withDatabase(db.location) { app in
                    var owner: UserAccount?
                    if let account {
                        guard let (found, _) = try await app.appCore.accounts.credentials(username: account.lowercased()) else {
                            throw FormRejected("account", "没有账号「\(account)」")
                        }
                        owner = found
                    }
                    return try await TokenIssuer.issue(name: name, planID: plan, submitsData: submitData, actor: nil, owner: owner,
                                                       in: app.appCore)
                }
                CLIOutput.current.out(secret)
            } catch let rejected as FormRejected {
                throw UserCommand.fail(rejected)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "列出令牌（不含密文）。")
        @OptionGroup var db: DatabaseOption

        func run() async throws {
            let tokens = try await withDatabase(db.location) { app in
                try await app.appCore.accounts.tokens(planID: nil)
            }
            for token in tokens {
                CLIOutput.current.out([token.id.uuidString.lowercased(), token.prefix + "…", token.planID ?? "全部", token.name,
                                       token.revokedAt == nil ? "有效" : "已吊销"].joined(separator: "\t"))
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "吊销令牌（按 id 或前缀）。")
        @ArgumentParser.Argument(help: "令牌 id 或前缀（hc_ 开头的前 10 个字符）。") var token: String
        @OptionGroup var db: DatabaseOption

        func run() async throws {
            let revoked = try await withDatabase(db.location) { app in
                try await TokenIssuer.revoke(token, actor: nil, in: app.appCore)
            }
            guard let revoked else {
                CLIOutput.current.err("没有令牌「\(token)」")
                throw ExitCode(1)
            }
            CLIOutput.current.out("令牌 \(revoked.prefix)…（\(revoked.name)）已吊销。")
        }
    }
}
