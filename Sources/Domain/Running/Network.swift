import Foundation

/// Whether a health-promotion post is someone's whole job (专职) or one duty among others (兼职).
public enum NetworkEmployment: String, Codable, Sendable, CaseIterable {
    case fullTime, partTime

    public var chineseName: String {
        switch self {
        case .fullTime: "专职"
        case .partTime: "兼职"
        }
    }
}

/// One of the health-promotion staff (专兼职健康促进人员) of a member unit or of a township. People who leave are
/// marked as left, never deleted: the network's history is part of what the acceptance team checks.
public struct PromotionStaff: RunningDocument {
    public var id: UUID
    public var planID: String
    /// The member unit (the plan's canonical name); nil for a township's staff.
    public var unit: String?
    /// The township (a region of the programme), with its name as at the save; nil for a unit's staff.
    public var townshipID: UUID?
    public var townshipName: String?
    public var name: String
    /// The post held (职务), e.g. 办公室主任、健康教育专干.
    public var post: String
    public var phone: String
    public var employment: NetworkEmployment
    public var leftOn: LocalDate?
    public var leftReason: String?

    public init(id: UUID = UUID(), planID: String, unit: String?, townshipID: UUID?, townshipName: String?, name: String,
                post: String, phone: String, employment: NetworkEmployment, leftOn: LocalDate? = nil, leftReason: String? = nil) {
        self.id = id; self.planID = planID; self.unit = unit; self.townshipID = townshipID; self.townshipName = townshipName
        self.name = name; self.post = post; self.phone = phone; self.employment = employment
        self.leftOn = leftOn; self.leftReason = leftReason
    }

    public static var kind: String { "network-staff" }
    public var naturalKey: String { id.uuidString.lowercased() }
    /// The unit's name, or the township's id: what a unit page or a township filters by.
    public var owner: String? { unit ?? townshipID?.uuidString.lowercased() }
    public var stateKey: String { isCurrent ? "current" : "left" }
    public var sortDate: String? { leftOn?.iso }

    public var isCurrent: Bool { leftOn == nil }
    /// Where the person works, as lists show it.
    public var placeName: String { unit ?? townshipName ?? "" }

    /// Checked against the plan's units and the programme's townships (id → name); the unit's name made canonical.
    public func checked(plan: Plan, townships: [UUID: String], source: String = "健康促进人员") throws(InputRejected) -> PromotionStaff {
        var issues = IssueList(source)
        var staff = self
        staff.name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        staff.post = post.trimmingCharacters(in: .whitespacesAndNewlines)
        staff.phone = phone.trimmingCharacters(in: .whitespacesAndNewlines)
        switch (unit, townshipID) {
        case (let unit?, nil):
            if let canonical = UnitDirectory(plan).concreteUnitName(unit) { staff.unit = canonical }
            else { issues.add(["unit"], "「\(unit)」不是本方案的单位") }
            staff.townshipName = nil
        case (nil, let township?):
            if let name = townships[township] { staff.townshipName = name }
            else { issues.add(["township"], "所选乡镇（街道）不在本方案的地区内") }
        case (nil, nil): issues.add(["unit"], "请选择所在单位或乡镇（街道）")
        case (.some, .some): issues.add(["unit"], "单位和乡镇（街道）只能选一个")
        }
        NetworkChecks.person(staff.name, phone: staff.phone, into: &issues)
        if staff.post.isEmpty { issues.add(["post"], "请填写职务") }
        if staff.post.count > 40 { issues.add(["post"], "职务不能超过 40 个字符") }
        try issues.throwIfAny()
        return staff
    }

    /// Marks the person as having left on `date` (not later than today), with why.
    public mutating func leave(on date: LocalDate, reason: String, today: LocalDate) throws(InputRejected) {
        try NetworkChecks.leave(alreadyLeft: leftOn, on: date, reason: reason, today: today, source: "健康促进人员")
        leftOn = date
        leftReason = NetworkChecks.optional(reason)
    }
}

/// A member of the health expert committee (健康专家委员会), which advises on policies, health impact assessment and
/// key interventions.
public struct ExpertMember: RunningDocument {
    public var id: UUID
    public var planID: String
    public var name: String
    /// 专业领域, one or several (公共卫生、临床医学、环境卫生 …).
    public var fields: [String]
    public var employer: String
    /// 职称 (主任医师、副教授 …).
    public var title: String
    /// 主任委员、副主任委员 or 委员; empty is 委员.
    public var committeeRole: String
    public var phone: String
    public var leftOn: LocalDate?
    public var leftReason: String?

    public init(id: UUID = UUID(), planID: String, name: String, fields: [String], employer: String, title: String,
                committeeRole: String = "", phone: String, leftOn: LocalDate? = nil, leftReason: String? = nil) {
        self.id = id; self.planID = planID; self.name = name; self.fields = fields; self.employer = employer
        self.title = title; self.committeeRole = committeeRole; self.phone = phone; self.leftOn = leftOn; self.leftReason = leftReason
    }

    public static var kind: String { "network-expert" }
    public var naturalKey: String { id.uuidString.lowercased() }
    public var owner: String? { nil }
    public var stateKey: String { isCurrent ? "current" : "left" }
    public var sortDate: String? { leftOn?.iso }

    public var isCurrent: Bool { leftOn == nil }
    public var roleName: String { committeeRole.isEmpty ? "委员" : committeeRole }

    public static let roles = ["主任委员", "副主任委员", "委员"]

    public func checked(source: String = "专家委员会委员") throws(InputRejected) -> ExpertMember {
        var issues = IssueList(source)
        var expert = self
        expert.name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        expert.employer = employer.trimmingCharacters(in: .whitespacesAndNewlines)
        expert.title = title.trimmingCharacters(in: .whitespacesAndNewlines)
        expert.phone = phone.trimmingCharacters(in: .whitespacesAndNewlines)
        expert.fields = fields.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        NetworkChecks.person(expert.name, phone: expert.phone, into: &issues)
        if expert.fields.isEmpty { issues.add(["fields"], "请填写专业领域") }
        if expert.fields.contains(where: { $0.count > 30 }) { issues.add(["fields"], "每个专业领域不能超过 30 个字符") }
        if expert.employer.isEmpty { issues.add(["employer"], "请填写工作单位") }
        if expert.employer.count > 60 { issues.add(["employer"], "工作单位不能超过 60 个字符") }
        if expert.title.count > 30 { issues.add(["title"], "职称不能超过 30 个字符") }
        if !committeeRole.isEmpty, !Self.roles.contains(committeeRole) {
            issues.add(["committeeRole"], "委员会职务只能是 \(Self.roles.joined(separator: "、"))")
        }
        try issues.throwIfAny()
        return expert
    }

    public mutating func leave(on date: LocalDate, reason: String, today: LocalDate) throws(InputRejected) {
        try NetworkChecks.leave(alreadyLeft: leftOn, on: date, reason: reason, today: today, source: "专家委员会委员")
        leftOn = date
        leftReason = NetworkChecks.optional(reason)
    }
}

enum NetworkChecks {
    static func optional(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }

    static func person(_ name: String, phone: String, into issues: inout IssueList) {
        if name.isEmpty { issues.add(["name"], "请填写姓名") }
        if name.count > 40 { issues.add(["name"], "姓名不能超过 40 个字符") }
        if phone.isEmpty {
            issues.add(["phone"], "请填写联系电话")
        } else if phone.count > 30 || !phone.allSatisfy({ $0.isASCII && $0.isNumber || "-+ ()（）转".contains($0) })
                    || phone.filter({ $0.isASCII && $0.isNumber }).count < 7 {
            issues.add(["phone"], "联系电话「\(phone)」不像电话号码：至少 7 位数字，只能包含数字、空格和 - + ( ) 转")
        }
    }

    static func leave(alreadyLeft: LocalDate?, on date: LocalDate, reason: String, today: LocalDate, source: String) throws(InputRejected) {
        var issues = IssueList(source)
        if let alreadyLeft { issues.add(["leftOn"], "已于 \(alreadyLeft.chinese) 离任") }
        if date > today { issues.add(["leftOn"], "离任日期 \(date.chinese) 晚于今天") }
        if reason.count > 200 { issues.add(["leftReason"], "离任原因不能超过 200 个字符") }
        try issues.throwIfAny()
    }
}

/// The network in figures, for the programme's page, the unit page and the dossier.
public struct NetworkSummary: Equatable, Sendable {
    public var fullTime: Int
    public var partTime: Int
    /// Units (see `units(of:)`) with at least one current staff member, and those without.
    public var unitsCovered: [String]
    public var unitsWithout: [String]
    public var townshipsCovered: Int
    public var experts: Int
    public var left: Int

    public init(plan: Plan, staff: [PromotionStaff], experts: [ExpertMember]) {
        let current = staff.filter(\.isCurrent)
        fullTime = current.filter { $0.employment == .fullTime }.count
        partTime = current.count - fullTime
        let covered = Set(current.compactMap(\.unit))
        let units = Self.units(of: plan)
        unitsCovered = units.filter { covered.contains($0) }
        unitsWithout = units.filter { !covered.contains($0) }
        townshipsCovered = Set(current.compactMap(\.townshipID)).count
        self.experts = experts.filter(\.isCurrent).count
        left = staff.count - current.count + experts.filter { !$0.isCurrent }.count
    }

    /// The units expected to have staff: the leading group's member units, or every unit of a plan that lists none
    /// (working groups and collective names such as 各有关单位 are not units).
    public static func units(of plan: Plan) -> [String] {
        let members = UnitDirectory(plan).memberUnits.map(\.name)
        return members.isEmpty ? plan.units.filter { $0.kind != .group }.map(\.name) : members
    }

    /// One line for a reader of the dossier.
    public var sentence: String {
        "专职 \(fullTime) 人、兼职 \(partTime) 人，覆盖 \(unitsCovered.count) 个单位、\(townshipsCovered) 个乡镇（街道）；"
            + "健康专家委员会委员 \(experts) 人" + (left > 0 ? "；已离任 \(left) 人（保留记录）" : "")
    }
}

/// The network as a workbook: staff, experts, and a summary sheet.
public enum NetworkWorkbook {
    public static func workbook(plan: Plan, staff: [PromotionStaff], experts: [ExpertMember]) -> XLSXWorkbook {
        let fill = XLSXColor(red: 0xDD, green: 0xEB, blue: 0xF7)
        func state(_ leftOn: LocalDate?, _ reason: String?) -> XLSXCell {
            .text(leftOn.map { "已离任（\($0.iso)）" + (reason.map { "：\($0)" } ?? "") } ?? "在任")
        }
        let staffSheet = XLSXSheet(
            name: "专兼职健康促进人员", header: ["单位或乡镇（街道）", "姓名", "职务", "电话", "专职/兼职", "状态"],
            rows: sorted(staff).map { s in
                [.text(s.placeName), .text(s.name), .text(s.post), .text(s.phone), .text(s.employment.chineseName), state(s.leftOn, s.leftReason)]
            },
            columnWidths: [24, 12, 18, 18, 10, 30], headerFill: fill, autoFilter: true)
        let expertSheet = XLSXSheet(
            name: "健康专家委员会", header: ["姓名", "委员会职务", "专业领域", "工作单位", "职称", "电话", "状态"],
            rows: sorted(experts).map { e in
                [.text(e.name), .text(e.roleName), .text(e.fields.joined(separator: "、")), .text(e.employer), .text(e.title),
                 .text(e.phone), state(e.leftOn, e.leftReason)]
            },
            columnWidths: [12, 12, 24, 28, 14, 18, 30], headerFill: fill, autoFilter: true)
        let summary = NetworkSummary(plan: plan, staff: staff, experts: experts)
        let summarySheet = XLSXSheet(
            name: "汇总", header: ["项目", "数量"],
            rows: [[.text("专职健康促进人员"), .number(Double(summary.fullTime))],
                   [.text("兼职健康促进人员"), .number(Double(summary.partTime))],
                   [.text("有专兼职人员的单位"), .number(Double(summary.unitsCovered.count))],
                   [.text("尚无专兼职人员的单位"), .text(summary.unitsWithout.joined(separator: "、"))],
                   [.text("有专兼职人员的乡镇（街道）"), .number(Double(summary.townshipsCovered))],
                   [.text("健康专家委员会委员"), .number(Double(summary.experts))],
                   [.text("已离任（保留记录）"), .number(Double(summary.left))]],
            columnWidths: [28, 60], headerFill: fill)
        return XLSXWorkbook(sheets: [staffSheet, expertSheet, summarySheet])
    }

    /// Current people first, then by place and name.
    public static func sorted(_ staff: [PromotionStaff]) -> [PromotionStaff] {
        staff.sorted { ($0.isCurrent ? 0 : 1, $0.placeName, $0.name) < ($1.isCurrent ? 0 : 1, $1.placeName, $1.name) }
    }

    public static func sorted(_ experts: [ExpertMember]) -> [ExpertMember] {
        let rank = Dictionary(uniqueKeysWithValues: ExpertMember.roles.enumerated().map { ($1, $0) })
        return experts.sorted {
            ($0.isCurrent ? 0 : 1, rank[$0.roleName] ?? 9, $0.name) < ($1.isCurrent ? 0 : 1, rank[$1.roleName] ?? 9, $1.name)
        }
    }
}
