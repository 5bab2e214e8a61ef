import Domain

extension UnitView {
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
        /// The unit's current health-promotion staff (健康促进网络).
        var networkStaff: [PromotionStaff] = []

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
}
