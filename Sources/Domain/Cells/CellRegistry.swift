import Foundation

/// Where a place stands in healthy-cell creation: 未申报 → 申报 → 初评 → 现场评审 → 命名, then 复审 or 摘牌.
public enum CellStatus: String, CaseIterable, Sendable, Codable {
    case none, applied, preliminary, onsite, certified, revoked

    public var chineseName: String {
        switch self {
        case .none: "未申报"
        case .applied: "申报"
        case .preliminary: "初评"
        case .onsite: "现场评审"
        case .certified: "命名"
        case .revoked: "摘牌"
        }
    }

    /// The English value or its Chinese name, as an import file may write either.
    public init?(text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        if let status = CellStatus(rawValue: t.lowercased()) { self = status; return }
        let aliases: [String: CellStatus] = ["未申报": .none, "申报": .applied, "已申报": .applied, "初评": .preliminary,
                                             "现场评审": .onsite, "命名": .certified, "已命名": .certified,
                                             "摘牌": .revoked, "已摘牌": .revoked]
        guard let status = aliases[t] else { return nil }
        self = status
    }

    /// The steps a person may take from here. Certifying is not among them: a place is named by the
    /// office confirming a passing assessment (or by importing a register that says it was).
    public var nextSteps: [CellStatus] {
        switch self {
        case .none: [.applied]
        case .applied: [.preliminary, .none]
        case .preliminary: [.onsite, .applied]
        case .onsite: [.preliminary]
        case .certified: [.revoked]
        case .revoked: [.applied]
        }
    }

    /// Whether an assessor may score a place in this state (a named place is scored again for 复审).
    public var isAssessable: Bool { self == .applied || self == .preliminary || self == .onsite || self == .certified }
}

/// The kinds of place, each with the sub-kinds its denominator may depend on.
public enum CellKinds {
    /// Sub-kinds by cell type, with whether a place of that sub-kind counts towards coverage by default
    /// (HC19 counts primary and secondary schools, HC20 large and medium enterprises).
    public static let subkinds: [String: [(slug: String, name: String, eligible: Bool)]] = [
        "school": [("primary", "小学", true), ("secondary", "中学", true), ("nine-year", "九年一贯制学校", true),
                   ("vocational", "职业学校", true), ("kindergarten", "幼儿园", false)],
        "hospital": [("general", "综合医院", true), ("specialist", "专科医院", true), ("primary-care", "基层医疗卫生机构", true),
                     ("family-planning", "妇幼保健计划生育机构", true), ("village-clinic", "村卫生室", false)],
        "enterprise": [("large", "大型企业", true), ("medium", "中型企业", true), ("small", "小型企业", false),
                       ("micro", "微型企业", false)],
        "agency": [("organ", "机关", true), ("institution", "事业单位", true)],
        "community": [("community", "社区", true), ("village", "行政村", true)],
    ]

    /// A sub-kind as stored (its slug) from the slug or its Chinese name; nil when the type has no such sub-kind.
    public static func subkind(_ text: String, of cell: String) -> String? {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard let known = subkinds[cell] else { return nil }
        return known.first { $0.slug == t.lowercased() || $0.name == t }?.slug
    }

    public static func subkindName(_ slug: String, of cell: String) -> String {
        subkinds[cell]?.first { $0.slug == slug }?.name ?? slug
    }

    /// Whether a place counts towards coverage when its row does not say.
    public static func eligibleByDefault(cell: String, subkind: String?) -> Bool {
        guard let subkind, let known = subkinds[cell]?.first(where: { $0.slug == subkind }) else { return true }
        return known.eligible
    }

    /// Chinese names a file may use for the standard types.
    static let typeNames: [String: String] = [
        "健康社区": "community", "健康社区（村）": "community", "社区": "community", "健康村": "village", "村": "village",
        "健康家庭": "family", "家庭": "family", "户": "family", "健康促进医院": "hospital", "医院": "hospital",
        "医疗卫生机构": "hospital", "健康医院": "hospital", "健康促进学校": "school", "学校": "school", "健康学校": "school",
        "健康促进机关": "agency", "机关": "agency", "健康机关": "agency", "机关和事业单位": "agency",
        "健康促进企业": "enterprise", "健康企业": "enterprise", "企业": "enterprise",
    ]

    /// The stored slug of a type written as a slug or a Chinese name, if it is a standard type or one of
    /// `extra` (slug → label: the further kinds programmes name).
    public static func type(_ text: String, extra: [String: String] = [:]) -> String? {
        let t = PlanText.fold(text).trimmingCharacters(in: .whitespaces)
        if CellType(rawValue: t.lowercased()) != nil { return t.lowercased() }
        if let slug = typeNames[t] { return slug }
        if extra[t.lowercased()] != nil { return t.lowercased() }
        return extra.first { $0.value == t }?.key
    }

    public static func name(of cell: String, extra: [String: String] = [:]) -> String {
        CellType(rawValue: cell)?.chineseName ?? extra[cell] ?? cell
    }

    /// The measure word for "还差 3 所学校".
    public static func measureWord(_ cell: String) -> String {
        switch cell {
        case "family": "户"
        case "school", "hospital": "所"
        case "enterprise", "agency": "家"
        default: "个"
        }
    }

    /// What a gap counts: "还差 3 所学校", "还差 5 户" (the measure word says it for households).
    public static func noun(of cell: String, label: String?) -> String {
        switch cell {
        case "family": ""
        case "school": "学校"
        case "hospital": "医疗卫生机构"
        case "community": "社区（村）"
        case "village": "村"
        case "agency": "机关和事业单位"
        case "enterprise": "企业"
        default: label ?? cell
        }
    }

    /// The custom kinds (slug → label) the given plans name in their cell targets.
    public static func extraTypes(in plans: [Plan]) -> [String: String] {
        var extra: [String: String] = [:]
        for plan in plans {
            for target in plan.cellTargets where CellType(rawValue: target.cell) == nil {
                extra[target.cell] = target.label ?? target.cell
            }
        }
        return extra
    }
}

/// A place that may become a healthy cell: a community, a household, a school, an enterprise…
public struct CellPlace: Codable, Sendable, Equatable, Identifiable {
    public var id: UUID
    public var cell: String
    public var subkind: String?
    public var name: String
    /// A household number or a unified social credit code; tells apart places of the same name.
    public var code: String?
    public var regionID: UUID
    public var eligible: Bool
    public var status: CellStatus
    public var certifiedOn: LocalDate?
    public var revokedOn: LocalDate?
    public var contact: String?
    public var note: String?
    public var updatedAt: Date

    public init(id: UUID = UUID(), cell: String, subkind: String? = nil, name: String, code: String? = nil, regionID: UUID,
                eligible: Bool = true, status: CellStatus = .none, certifiedOn: LocalDate? = nil, revokedOn: LocalDate? = nil,
                contact: String? = nil, note: String? = nil, updatedAt: Date = Clock.system.now()) {
        self.id = id; self.cell = cell; self.subkind = subkind; self.name = name; self.code = code
        self.regionID = regionID; self.eligible = eligible; self.status = status; self.certifiedOn = certifiedOn
        self.revokedOn = revokedOn; self.contact = contact; self.note = note; self.updatedAt = updatedAt
    }

    /// What makes two rows the same place: the type, the region and the code, or the name without one.
    public var identity: String { code ?? name }
}

/// One step in a place's history, with who took it and why.
public struct CellTransition: Codable, Sendable, Equatable {
    public var from: CellStatus?
    public var to: CellStatus
    public var on: LocalDate?
    public var actor: String
    public var reason: String?
    public var at: Date

    public init(from: CellStatus?, to: CellStatus, on: LocalDate?, actor: String, reason: String?, at: Date = Clock.system.now()) {
        self.from = from; self.to = to; self.on = on; self.actor = actor; self.reason = reason; self.at = at
    }
}

/// Places of one type, sub-kind and region below a region (the region itself included), kept up to date
/// on every change so that coverage is read, not counted.
public struct CellCount: Codable, Sendable, Equatable {
    public var regionID: UUID
    public var cell: String
    public var subkind: String?
    public var places: Int
    public var eligible: Int
    /// Certified places that are eligible: the numerator of coverage.
    public var certified: Int

    public init(regionID: UUID, cell: String, subkind: String?, places: Int, eligible: Int, certified: Int) {
        self.regionID = regionID; self.cell = cell; self.subkind = subkind; self.places = places
        self.eligible = eligible; self.certified = certified
    }
}

public enum CellStoreError: Error, Equatable, Sendable, CustomStringConvertible {
    case notFound
    case notAllowed(String)
    /// Saved by someone else after the form was opened.
    case stale(updatedAt: Date)

    public var description: String {
        switch self {
        case .notFound: "没有这个场所"
        case .notAllowed(let reason): reason
        case .stale(let at): EditConflict(updatedBy: nil, updatedAt: at).description
        }
    }
}

/// A filter of the register.
public struct CellQuery: Sendable, Equatable {
    public var cell: String?
    public var status: CellStatus?
    public var regionIDs: [UUID]?
    public var text: String?
    public var limit: Int
    public var offset: Int

    public init(cell: String? = nil, status: CellStatus? = nil, regionIDs: [UUID]? = nil, text: String? = nil,
                limit: Int = 100, offset: Int = 0) {
        self.cell = cell; self.status = status; self.regionIDs = regionIDs; self.text = text
        self.limit = limit; self.offset = offset
    }
}

/// How an import went, or goes: rows read so far and, once finished, what changed.
public struct CellImportResult: Codable, Sendable, Equatable {
    public var rows: Int
    public var added: Int
    public var updated: Int
    public var unchanged: Int

    public init(rows: Int = 0, added: Int = 0, updated: Int = 0, unchanged: Int = 0) {
        self.rows = rows; self.added = added; self.updated = updated; self.unchanged = unchanged
    }
}

/// Where places, their history, assessments and the maintained counts are kept.
public protocol CellStore: Sendable {
    /// Adds a place, or rejects it (duplicate, unknown region) without changing anything.
    func add(_ place: CellPlace, actor: String) async throws -> CellPlace
    func place(id: UUID) async throws -> CellPlace?
    func places(_ query: CellQuery) async throws -> (places: [CellPlace], total: Int)
    func history(of placeID: UUID) async throws -> [CellTransition]
    /// Moves a place to a new status, recording who and why; the counts follow in the same change.
    func transition(_ placeID: UUID, to status: CellStatus, on date: LocalDate?, reason: String?, actor: String,
                    audit: CellAudit?) async throws -> CellPlace
    /// Changes what a place is (name, sub-kind, eligibility, contact); status moves go through `transition`.
    /// `expectedVersion`: the `updatedAt` (seconds since 1970) of the place as the form showed it; a place saved
    /// since is refused with `CellStoreError.stale`.
    func update(_ place: CellPlace, actor: String, expectedVersion: Double?) async throws -> CellPlace
    /// The maintained counts of the given regions (each covering its whole subtree).
    func counts(regionIDs: [UUID]) async throws -> [CellCount]
    /// The places registered in exactly these regions (not below them), each with its dated status steps.
    func histories(regionIDs: [UUID]) async throws -> [CellPlaceHistory]
    /// Reads rows one at a time and stores all of them or none; `progress` is told the rows read so far.
    func importRows(_ rows: any RowSource, scope regionID: UUID?, extraTypes: [String: String], actor: String,
                    audit: CellAudit?, progress: @escaping @Sendable (Int) -> Void) async throws -> CellImportResult

    /// Stores assessments as one change (a township's batch is all or nothing); each replaces a proposal
    /// of its place still waiting for the office. Refused for a place that may not be assessed.
    func saveAssessments(_ assessments: [CellAssessment]) async throws
    func assessments(placeID: UUID) async throws -> [CellAssessment]
    func assessment(id: UUID) async throws -> CellAssessment?
    func assessments(regionIDs: [UUID]?, state: CellAssessment.State?, limit: Int) async throws -> [CellAssessment]
    /// Confirms or rejects a proposal; a confirmed pass names the place on `date`.
    func decide(_ assessmentID: UUID, confirm: Bool, on date: LocalDate, note: String?, actor: String,
                audit: CellAudit?) async throws -> CellAssessment
}

/// Where a register change is entered in the programme's audit log, in the change's own transaction.
public struct CellAudit: Sendable, Equatable {
    public var planID: String
    public var actorID: UUID?

    public init(planID: String, actorID: UUID?) { self.planID = planID; self.actorID = actorID }
}

extension CellStore {
    public func transition(_ placeID: UUID, to status: CellStatus, on date: LocalDate?, reason: String?, actor: String)
        async throws -> CellPlace {
        try await transition(placeID, to: status, on: date, reason: reason, actor: actor, audit: nil)
    }

    public func decide(_ assessmentID: UUID, confirm: Bool, on date: LocalDate, note: String?, actor: String) async throws
        -> CellAssessment {
        try await decide(assessmentID, confirm: confirm, on: date, note: note, actor: actor, audit: nil)
    }
}
