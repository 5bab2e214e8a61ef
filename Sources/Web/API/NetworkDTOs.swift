import Domain
import Foundation

/// `GET /api/v1/plans/{id}/network`: the health-promotion staff and the expert committee, leavers included
/// (with the day they left), and the counts the programme's page shows.
struct NetworkDTO: Encodable {
    struct Summary: Encodable {
        var fullTime: Int
        var partTime: Int
        var unitsCovered: [String]
        var unitsWithout: [String]
        var townshipsCovered: Int
        var experts: Int
        var left: Int
    }

    struct Staff: Encodable {
        var id: UUID
        var unit: String?
        var townshipID: UUID?
        var township: String?
        var name: String
        var post: String
        var phone: String
        var employment: String
        var employmentName: String
        var current: Bool
        var leftOn: String?
        var leftReason: String?
        var revision: Int
    }

    struct Expert: Encodable {
        var id: UUID
        var name: String
        var committeeRole: String
        var fields: [String]
        var employer: String
        var title: String
        var phone: String
        var current: Bool
        var leftOn: String?
        var leftReason: String?
        var revision: Int
    }

    var summary: Summary
    var staff: [Staff]
    var experts: [Expert]

    init(plan: Plan, staff: [Stored<PromotionStaff>], experts: [Stored<ExpertMember>]) {
        let s = NetworkSummary(plan: plan, staff: staff.map(\.value), experts: experts.map(\.value))
        summary = Summary(fullTime: s.fullTime, partTime: s.partTime, unitsCovered: s.unitsCovered, unitsWithout: s.unitsWithout,
                          townshipsCovered: s.townshipsCovered, experts: s.experts, left: s.left)
        let revisions = Dictionary(staff.map { ($0.value.id, $0.revision) }, uniquingKeysWith: { a, _ in a })
        self.staff = NetworkWorkbook.sorted(staff.map(\.value)).map { v in
            Staff(id: v.id, unit: v.unit, townshipID: v.townshipID, township: v.townshipName, name: v.name, post: v.post, phone: v.phone,
                  employment: v.employment.rawValue, employmentName: v.employment.chineseName, current: v.isCurrent,
                  leftOn: v.leftOn?.iso, leftReason: v.leftReason, revision: revisions[v.id] ?? 0)
        }
        let expertRevisions = Dictionary(experts.map { ($0.value.id, $0.revision) }, uniquingKeysWith: { a, _ in a })
        self.experts = NetworkWorkbook.sorted(experts.map(\.value)).map { v in
            Expert(id: v.id, name: v.name, committeeRole: v.roleName, fields: v.fields, employer: v.employer, title: v.title, phone: v.phone,
                   current: v.isCurrent, leftOn: v.leftOn?.iso, leftReason: v.leftReason, revision: expertRevisions[v.id] ?? 0)
        }
    }
}
