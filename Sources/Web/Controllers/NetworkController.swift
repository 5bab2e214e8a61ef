import Core
import Crypto
import Domain
import Foundation
import Vapor

/// 健康促进网络: the health-promotion staff of each unit and township and the health expert committee, kept as
/// running records (one revision per save, a stale save refused, leavers marked and kept).
struct NetworkController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.register(.network, use: page)
        routes.register(.networkXLSX, use: workbook)
        routes.register(.addNetworkMember, use: add)
        routes.register(.networkMember, use: member)
        routes.register(.saveNetworkMember, use: save)
        routes.register(.fileNetwork, use: fileToDossier)
        routes.register(.apiNetwork, use: api)
    }

    func page(req: Request) async throws -> Response {
        let (plan, scope) = try await req.visibleRunningProgramme()
        return .html(NetworkView(model: try await .query(req, plan: plan, scope: scope)).render())
    }

    private func kind(_ req: Request) throws -> NetworkKind {
        guard let kind = req.parameters.get("kind").flatMap(NetworkKind.init(rawValue:)) else { throw Abort(.notFound, reason: "没有这个名册") }
        return kind
    }

    func add(req: Request) async throws -> Response {
        let (plan, scope) = try await req.visibleRunningProgramme()
        let principal = try req.requirePrincipal()
        let kind = try kind(req)
        let fields = try await req.formFields()
        let supervises = AccessPolicy.allows(principal, .superviseProgramme(scope))
        do {
            switch kind {
            case .staff:
                // A liaison registers its own unit's staff; the office any unit's or township's.
                let fixedUnit = supervises ? nil : principal.unit
                guard supervises || fixedUnit.map({ AccessPolicy.allows(principal, .reportProgress(scope, unit: $0)) }) == true else {
                    throw Abort(.forbidden, reason: "您的账号（\(principal.role.chineseName)）不能登记健康促进人员")
                }
                let staff = try NetworkForms.staff(fields, id: UUID(), plan: plan, townships: try await NetworkForms.townships(req, plan: plan),
                                                   fixedUnit: fixedUnit)
                try await req.runningStore.save(staff, expectedRevision: 0, action: "network.staff-add", actor: principal.name, actorID: principal.userID)
                return redirect(req, plan, "已登记\(staff.placeName)的\(staff.employment.chineseName)人员「\(staff.name)」")
            case .experts:
                try req.authorize(.superviseProgramme(scope))
                let expert = try NetworkForms.expert(fields, id: UUID(), plan: plan)
                try await req.runningStore.save(expert, expectedRevision: 0, action: "network.expert-add", actor: principal.name, actorID: principal.userID)
                return redirect(req, plan, "已登记专家委员会委员「\(expert.name)」")
            }
        } catch let rejected as InputRejected {
            let model = try await NetworkView.Model.query(req, plan: plan, scope: scope)
                .refused(NetworkForms.messages(rejected), form: kind.rawValue, typed: fields.values)
            return .html(NetworkView(model: model).render(), status: .unprocessableEntity)
        }
    }

    func member(req: Request) async throws -> Response {
        let (plan, scope) = try await req.visibleRunningProgramme()
        let id = try memberID(req)
        return .html(NetworkMemberView(model: try await .query(req, plan: plan, scope: scope, kind: try kind(req), id: id)).render())
    }

    private func memberID(_ req: Request) throws -> UUID {
        guard let id = req.parameters.get("mid").flatMap(UUID.init(uuidString:)) else { throw Abort(.notFound, reason: "没有这个人员") }
        return id
    }

    /// Saves corrections (`do=save`) or marks the person as left (`do=leave`), from the revision the form was opened at.
    func save(req: Request) async throws -> Response {
        let (plan, scope) = try await req.visibleRunningProgramme()
        let principal = try req.requirePrincipal()
        let kind = try kind(req), id = try memberID(req)
        let model = try await NetworkMemberView.Model.query(req, plan: plan, scope: scope, kind: kind, id: id)
        guard model.canEdit else { throw Abort(.forbidden, reason: "您的账号（\(principal.role.chineseName)）不能修改这条记录") }
        let fields = try await req.formFields()
        let leaving = fields.text("do") == "leave"
        let revision = fields.int("revision") ?? model.revision
        func refuse(_ problems: [String], status: HTTPResponseStatus) async throws -> Response {
            var again = try await NetworkMemberView.Model.query(req, plan: plan, scope: scope, kind: kind, id: id)
            again.problems = problems
            again.typed = fields.values
            return .html(NetworkMemberView(model: again).render(), status: status)
        }
        do {
            switch model.member {
            case .staff(let stored):
                var staff: PromotionStaff
                if leaving {
                    staff = stored.value
                    try staff.leave(on: try Self.date(fields), reason: fields.text("leftReason"), today: req.today)
                } else {
                    staff = try NetworkForms.staff(fields, id: id, plan: plan, townships: try await NetworkForms.townships(req, plan: plan),
                                                   fixedUnit: model.unitFixed ? stored.value.unit : nil)
                }
                try await req.runningStore.save(staff, expectedRevision: revision, action: leaving ? "network.staff-leave" : "network.staff-update",
                                                actor: principal.name, actorID: principal.userID)
            case .expert(let stored):
                var expert: ExpertMember
                if leaving {
                    expert = stored.value
                    try expert.leave(on: try Self.date(fields), reason: fields.text("leftReason"), today: req.today)
                } else {
                    expert = try NetworkForms.expert(fields, id: id, plan: plan)
                }
                try await req.runningStore.save(expert, expectedRevision: revision, action: leaving ? "network.expert-leave" : "network.expert-update",
                                                actor: principal.name, actorID: principal.userID)
            }
        } catch let rejected as InputRejected {
            return try await refuse(NetworkForms.messages(rejected), status: .unprocessableEntity)
        } catch let stale as RunningStoreError {
            return try await refuse([stale.description], status: .conflict)
        }
        return redirect(req, plan, leaving ? "已将「\(model.name)」标记为离任，记录保留" : "已保存「\(model.name)」")
    }

    private static func date(_ fields: FormFields) throws(InputRejected) -> LocalDate {
        guard let date = fields.date("leftOn") else {
            throw InputRejected([InputIssue(SourceLocation(file: "健康促进网络", field: ["leftOn"]), "「\(fields.text("leftOn"))」不是日期")])
        }
        return date
    }

    private func redirect(_ req: Request, _ plan: Plan, _ notice: String) -> Response {
        req.redirect(to: SiteURL.network(plan.id).path + "?notice=" + SiteURL.escapeQuery(notice))
    }

    // MARK: Exports

    /// The roster workbook, with the counts the dossier notes beside it.
    static func roster(_ req: Request, _ plan: Plan) async throws -> (data: Data, summary: NetworkSummary) {
        let staff = try await req.runningStore.records(PromotionStaff.self, planID: plan.id).map(\.value)
        let experts = try await req.runningStore.records(ExpertMember.self, planID: plan.id).map(\.value)
        return (try NetworkWorkbook.workbook(plan: plan, staff: staff, experts: experts).data(),
                NetworkSummary(plan: plan, staff: staff, experts: experts))
    }

    func workbook(req: Request) async throws -> Response {
        let (plan, _) = try await req.visibleRunningProgramme()
        return .download(.init(data: try await Self.roster(req, plan).data), contentType: Response.xlsxType, fileName: "\(plan.title)健康促进网络名册.xlsx")
    }

    /// Files today's roster in the acceptance dossier under the comprehensive sheet's items on the network and the
    /// expert committee, so the dossier counts it like any evidence the office attaches.
    func fileToDossier(req: Request) async throws -> Response {
        let (plan, scope) = try await req.visibleRunningProgramme()
        let principal = try req.authorize(.superviseProgramme(scope))
        let sheet = try DossierView.Model.comprehensiveSheet(req)
        let items = sheet.allItems.filter { $0.title.contains("健康促进工作网络") || $0.title.contains("专家委员会") }
        guard !items.isEmpty else {
            return redirect(req, plan, "未归入：综合评分表中没有健康促进工作网络或健康专家委员会条目")
        }
        let (data, summary) = try await Self.roster(req, plan)
        let sha = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
        let ref = try await req.indicatorStore.storeEvidence(data, sha256: sha, fileName: "健康促进网络名册\(req.today.iso).xlsx",
                                                             contentType: Response.xlsxType)
        var fresh: [(value: ProgrammeEvidenceLink, expectedRevision: Int)] = []
        for item in items {
            let link = ProgrammeEvidenceLink(planID: plan.id, link: EvidenceLink(evidence: ref, target: .scoreItem(sheet: sheet.id, item: item.id),
                                                                                note: "健康促进网络名册：" + summary.sentence, uploadedBy: principal.name, uploadedAt: req.now))
            if try await req.runningStore.record(ProgrammeEvidenceLink.self, planID: plan.id, key: link.naturalKey) == nil { fresh.append((link, 0)) }
        }
        try await req.runningStore.saveAll(fresh, action: "evidence.link", actor: principal.name, actorID: principal.userID)
        let names = items.map { "\($0.id) \($0.title)" }.joined(separator: "、")
        return redirect(req, plan, fresh.isEmpty ? "名册没有变化，迎检资料中已有这份名册" : "已将名册归入迎检资料：\(names)")
    }

    // MARK: API

    func api(req: Request) async throws -> Response {
        let (plan, _) = try await req.visibleRunningProgramme()
        let staff = try await req.runningStore.records(PromotionStaff.self, planID: plan.id)
        let experts = try await req.runningStore.records(ExpertMember.self, planID: plan.id)
        return try IndicatorController.json(NetworkDTO(plan: plan, staff: staff, experts: experts))
    }
}
