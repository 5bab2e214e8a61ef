import Domain
import Foundation
import Vapor

extension UnitView.Model {
    /// The unit's tasks and contact card, and whether the principal may edit the card (never a group's).
    static func query(_ req: Request, plan: Plan, unit: PlanUnit, message: (text: String, isError: Bool)? = nil) async throws -> Self {
        let scope = try await req.programmeScope(plan.id)
        let canEdit = req.principal.map { AccessPolicy.allows($0, .editUnitContact(scope, unit: unit.name)) } ?? false
        var model = Self(plan: plan, unit: unit, contact: try await req.contacts.contact(planID: plan.id, unit: unit.name),
                         canEditContact: canEdit && unit.kind != .group)
        model.contactMessage = message
        model.networkStaff = try await req.runningStore.records(PromotionStaff.self, planID: plan.id, owner: unit.name, state: "current").map(\.value)
        return model
    }

    /// The page again after a refused save: why, and the card as typed when there is one to show.
    func refused(_ problem: String, typed: UnitContact? = nil) -> Self {
        var model = self
        model.contactMessage = (problem, true)
        model.typedContact = typed
        return model
    }
}

/// A submitted contact card, trimmed and checked.
struct UnitContactForm {
    var liaison: String
    var phone: String
    var note: String
    /// The card's revision the form was opened at; nil from an old page or a script.
    var revision: Int?
    var problems: [String] = []

    init(_ fields: FormFields) {
        liaison = fields.text("liaison")
        phone = fields.text("phone")
        note = fields.text("note")
        revision = fields.int("revision")
        if liaison.count > 40 { problems.append("联络员姓名不能超过 40 个字符") }
        if phone.count > 40 { problems.append("电话不能超过 40 个字符") }
        if !phone.isEmpty, !phone.allSatisfy({ $0.isNumber || "-+ （）()转,，/".contains($0) }) {
            problems.append("电话只能包含数字、空格和 - + ( ) 转")
        }
        if note.count > 500 { problems.append("备注不能超过 500 个字符") }
    }
}
