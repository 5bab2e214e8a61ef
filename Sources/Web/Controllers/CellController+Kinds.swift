import Core
import Domain
import Foundation
import Vapor

// Kinds of place the office names while registering a place of one (健康商场), beyond the plan's cell targets.

extension CellController {
    /// The `type` value of the form's "a kind not listed" choice.
    static let newKindChoice = "new"

    /// The place form's model: the office also gets the 其他类型 choice and the revision of the kinds it names.
    func placeFormModel(_ req: Request, _ programme: CellWorkflow.Programme, form: PlaceForm?, problems: [String])
        async throws -> PlaceFormView.Model {
        let principal = try req.requirePrincipal()
        let regions = programme.regions(workableBy: principal)
        let scope = try await req.programmeScope(programme.plan.id)
        let canNameKind = AccessPolicy.allows(principal, .superviseProgramme(scope))
        var form = form ?? PlaceForm(eligible: "true")
        if canNameKind, form.kindsRevision == nil {
            let stored = try await req.runningStore.record(OfficeCellKinds.self, planID: programme.plan.id, key: OfficeCellKinds.key)
            form.kindsRevision = String(stored?.revision ?? 0)
        }
        return .init(programme: programme, regions: regions, form: form, problems: problems, canNameKind: canNameKind)
    }

    /// Checks the kind the office names on the form and returns the programme's kinds with it, to be saved with the
    /// place at the revision the form was opened on. The form and the programme then speak of the new kind.
    func namingKind(_ req: Request, _ programme: inout CellWorkflow.Programme, scope: ProgrammeScope, form: inout PlaceForm)
        async throws -> (kinds: OfficeCellKinds, revision: Int) {
        try req.authorize(.superviseProgramme(scope))
        let stored = try await req.runningStore.record(OfficeCellKinds.self, planID: programme.plan.id, key: OfficeCellKinds.key)
        let known = Dictionary(programme.kinds.map { ($0.slug, $0.name) }, uniquingKeysWith: { first, _ in first })
        let kinds = try (stored?.value ?? OfficeCellKinds(planID: programme.plan.id))
            .adding(label: form.newKindLabel ?? "", slug: form.newKindSlug ?? "", known: known)
        let added = kinds.kinds[kinds.kinds.count - 1]
        form.type = added.slug
        programme.extraTypes[added.slug] = added.label
        return (kinds, Int(form.kindsRevision ?? "") ?? stored?.revision ?? 0)
    }
}
