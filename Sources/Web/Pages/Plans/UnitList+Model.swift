import Domain

extension UnitListView {
    struct Model {
        var plan: Plan
        var rows: [(unit: PlanUnit, tasks: Int, member: Bool)]
        var contacts: [String: UnitContact]
        /// Reporting units and townships nobody can report for yet (no enabled account).
        var withoutAccounts: [String] = []
        /// The viewer may open accounts for them (the office, an administrator).
        var canOpenAccounts = false
        var notice: String? = nil

        init(plan: Plan, contacts: [UnitContact] = []) {
            self.plan = plan
            self.contacts = Dictionary(contacts.map { ($0.unit, $0) }, uniquingKeysWith: { a, _ in a })
            let directory = UnitDirectory(plan)
            rows = plan.units.map { ($0, directory.assignments(for: $0).count, directory.isMember($0)) }
        }
    }
}
