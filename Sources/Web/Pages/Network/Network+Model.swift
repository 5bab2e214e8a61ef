import Domain
import Foundation

extension NetworkView {
    struct Model {
        var plan: Plan
        var staff: [Stored<PromotionStaff>]
        var experts: [Stored<ExpertMember>]
        var summary: NetworkSummary
        /// The member units and townships a staff member may belong to.
        var units: [String]
        var townships: [Region]
        /// The office: every unit's staff, the townships', the experts and the dossier.
        var canSupervise: Bool
        /// A liaison adds its own unit's staff only.
        var ownUnit: String?
        var notice: String?
        var problems: [String] = []
        /// The add form that was refused ("staff" or "experts"), opened again with what was typed.
        var refusedForm: String?
        var typed: [String: String] = [:]

        var canAddStaff: Bool { canSupervise || ownUnit != nil }
        var currentStaff: [Stored<PromotionStaff>] { staff.filter(\.value.isCurrent) }
        var formerStaff: [Stored<PromotionStaff>] { staff.filter { !$0.value.isCurrent } }
        var currentExperts: [Stored<ExpertMember>] { experts.filter(\.value.isCurrent) }
        var formerExperts: [Stored<ExpertMember>] { experts.filter { !$0.value.isCurrent } }

        func shown(_ form: String, _ field: String) -> String { refusedForm == form ? typed[field] ?? "" : "" }
    }
}

extension NetworkMemberView {
    /// One person of the network: the edit form, marking as left, and every saved version.
    struct Model {
        enum Member {
            case staff(Stored<PromotionStaff>)
            case expert(Stored<ExpertMember>)
        }

        var plan: Plan
        var member: Member
        var history: [RunningChange]
        var units: [String]
        var townships: [Region]
        var canEdit: Bool
        /// Liaisons keep their staff in their own unit.
        var unitFixed: Bool
        var problems: [String] = []
        /// What was typed into a refused form, shown instead of the stored values.
        var typed: [String: String]?

        var kind: String { if case .staff = member { NetworkKind.staff.rawValue } else { NetworkKind.experts.rawValue } }
        var revision: Int {
            switch member {
            case .staff(let s): s.revision
            case .expert(let e): e.revision
            }
        }
        var name: String {
            switch member {
            case .staff(let s): s.value.name
            case .expert(let e): e.value.name
            }
        }
        var leftOn: LocalDate? {
            switch member {
            case .staff(let s): s.value.leftOn
            case .expert(let e): e.value.leftOn
            }
        }
    }
}

/// The two lists of the network, as addresses name them.
enum NetworkKind: String, CaseIterable {
    case staff, experts

    var chineseName: String { self == .staff ? "专兼职健康促进人员" : "健康专家委员会委员" }
}
