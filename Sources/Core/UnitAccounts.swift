import Domain
import Foundation
import Persistence

/// First-run set-up: an account for every member unit and township nobody reports for yet, opened in one step from the
/// unit list, each with a temporary password shown once on the sign-in sheet and changed at first sign-in.
public enum UnitAccounts {
    public struct Opened: Sendable, Equatable {
        public var unit: String
        public var account: UserAccount
        public var temporaryPassword: String
    }

    /// The account a unit needs: a township officer for a township unit (scoped to its region), a liaison otherwise.
    static func draft(for unit: PlanUnit, username: String, planID: String) -> AccountDraft {
        if unit.kind == .township {
            return AccountDraft(username: username, displayName: "\(unit.name)专干", role: .township, planID: planID,
                                unit: unit.name, region: unit.region ?? unit.name)
        }
        return AccountDraft(username: username, displayName: "\(unit.name)联络员", role: .liaison, planID: planID, unit: unit.name)
    }

    /// Usernames from the programme's id and a running number (`pianguan-2023-07`), skipping any already taken.
    static func usernames(count: Int, planID: String, taken: Set<String>) -> [String] {
        let stem = String(planID.lowercased().filter { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }.prefix(24))
        var names: [String] = [], next = 1
        while names.count < count {
            let name = String(format: "%@-%02d", stem.isEmpty ? "unit" : stem, next)
            if !taken.contains(name) { names.append(name) }
            next += 1
        }
        return names
    }

    /// Opens the accounts, all or none: a unit whose account cannot be opened (a township outside the region list, say)
    /// stops the whole step with its name and reason, and nothing is created.
    public static func openMissing(in plan: Plan, actor: Principal, core: AppCore,
                                   hash: @escaping @Sendable (String) async throws -> String) async throws -> [Opened] {
        let covered = try await core.unitsWithAccounts(planID: plan.id)
        let directory = UnitDirectory(plan)
        let units = MonthlyReportRules.unitsWithoutAccounts(of: plan, covered: covered).compactMap { directory.unit(named: $0) }
        guard !units.isEmpty else { return [] }
        let taken = Set(try await core.accounts.users(planID: nil).map(\.username))
        let names = usernames(count: units.count, planID: plan.id, taken: taken)
        return try await core.transaction { tx in
            var opened: [Opened] = []
            for (unit, username) in zip(units, names) {
                do {
                    let (account, temporary) = try await AccountService.create(draft(for: unit, username: username, planID: plan.id),
                                                                               password: nil, actor: actor, in: tx, hash: hash)
                    opened.append(Opened(unit: unit.name, account: account, temporaryPassword: temporary ?? ""))
                } catch let rejected as FormRejected {
                    throw FormRejected("unit", "「\(unit.name)」的账号未能开通：\(rejected.problems.map(\.message).joined(separator: "；"))；全部账号均未开通")
                }
            }
            return opened
        }
    }
}
