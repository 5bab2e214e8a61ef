import Domain
import Foundation
import Vapor

extension NetworkView.Model {
    static func query(_ req: Request, plan: Plan, scope: ProgrammeScope) async throws -> Self {
        let principal = try req.requirePrincipal()
        let staff = try await req.runningStore.records(PromotionStaff.self, planID: plan.id)
        let experts = try await req.runningStore.records(ExpertMember.self, planID: plan.id)
        let canSupervise = AccessPolicy.allows(principal, .superviseProgramme(scope))
        let ownUnit = principal.role == .liaison
            ? principal.unit.flatMap { AccessPolicy.allows(principal, .reportProgress(scope, unit: $0)) ? $0 : nil } : nil
        let sortedStaff = NetworkWorkbook.sorted(staff.map(\.value)).compactMap { s in staff.first { $0.value.id == s.id } }
        let sortedExperts = NetworkWorkbook.sorted(experts.map(\.value)).compactMap { e in experts.first { $0.value.id == e.id } }
        return .init(plan: plan, staff: sortedStaff, experts: sortedExperts,
                     summary: NetworkSummary(plan: plan, staff: staff.map(\.value), experts: experts.map(\.value)),
                     units: NetworkForms.units(plan), townships: try await NetworkForms.townships(req, plan: plan),
                     canSupervise: canSupervise, ownUnit: ownUnit, notice: req.query[String.self, at: "notice"])
    }

    func refused(_ problems: [String], form: String, typed: [String: String]) -> Self {
        var model = self
        model.problems = problems
        model.refusedForm = form
        model.typed = typed
        model.notice = nil
        return model
    }
}

/// Reading the network's forms into records, for adding and for editing alike.
enum NetworkForms {
    /// The plan's concrete units (not working groups), members of the leading group first.
    static func units(_ plan: Plan) -> [String] {
        let directory = UnitDirectory(plan)
        let members = directory.memberUnits.map(\.name)
        return members + plan.units.filter { $0.kind != .group && !members.contains($0.name) }.map(\.name)
    }

    /// The programme's townships (乡镇、街道).
    static func townships(_ req: Request, plan: Plan) async throws -> [Region] {
        try await req.regions.regions(underPlan: plan.id).filter { [.township, .town].contains($0.level) }
    }

    /// A staff member from the form; `place` is `unit:名称` or `township:id`. Checked against the plan.
    static func staff(_ fields: FormFields, id: UUID, plan: Plan, townships: [Region], fixedUnit: String?) throws(InputRejected) -> PromotionStaff {
        let place = fixedUnit.map { "unit:\($0)" } ?? fields.text("place")
        var unit: String?, township: UUID?
        if place.hasPrefix("unit:") { unit = String(place.dropFirst(5)) }
        else if place.hasPrefix("township:") { township = UUID(uuidString: String(place.dropFirst(9))) ?? UUID() }
        guard let employment = NetworkEmployment(rawValue: fields.text("employment")) else {
            throw InputRejected([InputIssue(SourceLocation(file: "健康促进人员", field: ["employment"]), "请选择专职或兼职")])
        }
        return try PromotionStaff(id: id, planID: plan.id, unit: unit, townshipID: township, townshipName: nil, name: fields.text("name"),
                                  post: fields.text("post"), phone: fields.text("phone"), employment: employment)
            .checked(plan: plan, townships: Dictionary(uniqueKeysWithValues: townships.map { ($0.id, $0.name) }))
    }

    static func expert(_ fields: FormFields, id: UUID, plan: Plan) throws(InputRejected) -> ExpertMember {
        let areas = fields.text("fields").split(whereSeparator: { "，,、;；".contains($0) }).map(String.init)
        return try ExpertMember(id: id, planID: plan.id, name: fields.text("name"), fields: areas, employer: fields.text("employer"),
                                title: fields.text("title"), committeeRole: fields.text("committeeRole"), phone: fields.text("phone"))
            .checked()
    }

    /// "字段：说明" for each issue, the field named as the form labels it.
    static func messages(_ error: InputRejected) -> [String] {
        let labels = ["name": "姓名", "post": "职务", "phone": "联系电话", "unit": "所在单位", "township": "乡镇（街道）",
                      "employment": "专职/兼职", "fields": "专业领域", "employer": "工作单位", "title": "职称",
                      "committeeRole": "委员会职务", "leftOn": "离任日期", "leftReason": "离任原因"]
        return error.issues.map { issue in
            guard case .key(let key)? = issue.location.field?.components.first, let label = labels[key] else { return issue.message }
            return "\(label)：\(issue.message)"
        }
    }
}

extension NetworkMemberView.Model {
    static func query(_ req: Request, plan: Plan, scope: ProgrammeScope, kind: NetworkKind, id: UUID) async throws -> Self {
        let principal = try req.requirePrincipal()
        let key = id.uuidString.lowercased()
        let member: Member
        let history: [RunningChange]
        var canEdit = AccessPolicy.allows(principal, .superviseProgramme(scope))
        var unitFixed = false
        switch kind {
        case .staff:
            guard let stored = try await req.runningStore.record(PromotionStaff.self, planID: plan.id, key: key) else {
                throw Abort(.notFound, reason: "没有这位健康促进人员")
            }
            member = .staff(stored)
            history = try await req.runningStore.history(PromotionStaff.self, planID: plan.id, key: key)
            if !canEdit, principal.role == .liaison, let unit = stored.value.unit, principal.unit == unit {
                canEdit = AccessPolicy.allows(principal, .reportProgress(scope, unit: unit))
                unitFixed = true
            }
        case .experts:
            guard let stored = try await req.runningStore.record(ExpertMember.self, planID: plan.id, key: key) else {
                throw Abort(.notFound, reason: "没有这位专家委员会委员")
            }
            member = .expert(stored)
            history = try await req.runningStore.history(ExpertMember.self, planID: plan.id, key: key)
        }
        return .init(plan: plan, member: member, history: history.sorted { $0.revision > $1.revision }, units: NetworkForms.units(plan),
                     townships: try await NetworkForms.townships(req, plan: plan), canEdit: canEdit, unitFixed: unitFixed)
    }
}
