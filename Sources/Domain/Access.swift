import Foundation

/// What a person does in a programme. A role is always paired with a scope (see `Principal`).
public enum Role: String, CaseIterable, Sendable, Codable {
    /// 系统管理员: every programme, accounts, settings.
    case admin
    /// 创建办 (programme office): runs one programme.
    case office
    /// 单位联络员: one member unit of one programme.
    case liaison
    /// 乡镇（街道）专干: one township of a programme and the villages below it.
    case township
    /// 评审专家: scores places and reviews policies in one programme.
    case assessor
    /// 领导: reads one programme.
    case leader
    /// 省（市）级查看: reads every programme inside a province or city.
    case province

    public var chineseName: String {
        switch self {
        case .admin: "系统管理员"
        case .office: "创建办"
        case .liaison: "单位联络员"
        case .township: "乡镇（街道）专干"
        case .assessor: "评审专家"
        case .leader: "领导"
        case .province: "省（市）级查看"
        }
    }

    /// Roles that may only read.
    public var isReadOnly: Bool { self == .leader || self == .province }

    /// What the scope of an account with this role must name.
    public var needsPlan: Bool { ![.admin, .province].contains(self) }
    public var needsUnit: Bool { self == .liaison }
    public var needsRegion: Bool { self == .township || self == .province }
}

/// Who is asking: a signed-in account or an API token, with the scope it acts in.
public struct Principal: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        case user(UUID)
        case token(UUID)
    }

    public var kind: Kind
    public var name: String
    public var role: Role
    /// The programme an account belongs to (nil for administrators and province viewers).
    public var planID: String?
    /// The canonical unit name of a liaison.
    public var unit: String?
    /// The region a township officer or province viewer is confined to.
    public var regionID: UUID?
    /// A programme token issued for data submission: it may also import and submit indicator figures.
    public var submitsData: Bool

    public init(kind: Kind, name: String, role: Role, planID: String? = nil, unit: String? = nil, regionID: UUID? = nil,
                submitsData: Bool = false) {
        self.kind = kind; self.name = name; self.role = role
        self.planID = planID; self.unit = unit; self.regionID = regionID; self.submitsData = submitsData
    }

    public var isToken: Bool { if case .token = kind { true } else { false } }
    /// The unit whose tasks and reports the principal keeps: a liaison's department, a township officer's township.
    public var reportingUnit: String? { role == .liaison || role == .township ? unit : nil }
    public var userID: UUID? { if case .user(let id) = kind { id } else { nil } }
    /// Tokens only read; so do leaders and province viewers.
    public var isReadOnly: Bool { isToken || role.isReadOnly }
}

/// A programme as access rules see it: its id and the regions it sits in, outermost first,
/// ending with its own place.
public struct ProgrammeScope: Equatable, Sendable {
    public var planID: String
    public var regionPath: [UUID]

    public init(planID: String, regionPath: [UUID]) {
        self.planID = planID; self.regionPath = regionPath
    }
}

/// Everything that is checked before it is shown or done.
public enum Action: Equatable, Sendable {
    /// The programme list (filtered to what the principal may see).
    case listProgrammes
    /// A programme's plan, units, tasks and dashboard.
    case viewProgramme(ProgrammeScope)
    /// A region below a programme and what is registered there; `regionPath` runs from the
    /// outermost region down to the region itself.
    case viewRegion(ProgrammeScope, regionPath: [UUID])
    /// A unit's own details (liaison, phone) kept by the unit or the office.
    case editUnitContact(ProgrammeScope, unit: String)
    /// Accounts of a programme (nil: accounts outside any programme, administrators only).
    case manageAccounts(planID: String?)
    /// Creating or changing an account with this role.
    case assignRole(Role, planID: String?)
    case viewAudit(planID: String?)
    case manageTokens(planID: String?)
    case manageSettings
    case loadPlans
    /// Reading a plan document (实施方案) into a draft and correcting it: administrators and offices.
    case importPlans
    /// Reading a plan document into a draft without saving it (the API): heavy work, for those who import
    /// plans and for system tokens, not for every reader.
    case draftPlanDocument
    /// An import draft, which only its creator (and administrators) may see or change.
    case editPlanImport(createdBy: UUID)
    /// Saving an imported draft as the programme `planID`, new or replacing the one with that id:
    /// administrators any id, an office only its own programme.
    case saveImportedPlan(planID: String)
    /// Entering or submitting figures for the indicators a unit supplies: the unit's liaison, the office.
    case enterIndicatorData(ProgrammeScope, unit: String)
    /// Importing tables, reference values and indicator settings: the office (a data-submission token, for
    /// figures it submits for review).
    case manageIndicatorData(ProgrammeScope)
    /// Approving, returning and unlocking figures, or filing them approved at once (entry, import, API): the
    /// office only, never a data-submission token, which submits for the office's review.
    case reviewIndicatorData(ProgrammeScope)
    /// Registering places for healthy cells and moving them through 申报 → 初评 → 现场评审 in a region:
    /// the office anywhere in its programme, a township officer in its own township.
    case editCellRegister(ProgrammeScope, regionPath: [UUID])
    /// Scoring a place on its score sheet: assessors of the programme, the office, and a township officer
    /// in its own township (who runs batches of households).
    case assessCell(ProgrammeScope, regionPath: [UUID])
    /// Confirming an assessment (which names a place), revoking a name, importing a register: the office.
    case certifyCells(ProgrammeScope)
    /// Healthy-cell coverage of a region and the regions below it, across programmes (a province's counties):
    /// province viewers inside their own region; `regionPath` runs from the outermost region to the region.
    case viewRegionCoverage(regionPath: [UUID])
    /// Setting up a programme's surveys (questionnaire, quotas, weighting), importing response files,
    /// deleting responses, downloading respondent-level data and publishing results as indicator figures:
    /// the office.
    case manageSurveys(ProgrammeScope)
    /// Entering interviews on the survey form: the office anywhere, a township officer in its own township
    /// (`regionPath` runs from the outermost region to the township).
    case collectSurveyResponses(ProgrammeScope, regionPath: [UUID])
    /// A member unit's own running work: its monthly reports, the rectification of its problems: the unit's
    /// liaison, the office (e.g. a report handed in on paper).
    case reportProgress(ProgrammeScope, unit: String)
    /// Running the programme: returning reports, inspections and their problem lists, re-checks and closure
    /// (销号), the acceptance dossier's links and export: the office.
    case superviseProgramme(ProgrammeScope)

    public var isWrite: Bool {
        switch self {
        case .listProgrammes, .viewProgramme, .viewRegion, .viewAudit, .viewRegionCoverage, .draftPlanDocument: false
        case .editUnitContact, .manageAccounts, .assignRole, .manageTokens, .manageSettings, .loadPlans,
             .importPlans, .editPlanImport, .saveImportedPlan, .enterIndicatorData, .manageIndicatorData,
             .reviewIndicatorData, .editCellRegister, .assessCell, .certifyCells, .manageSurveys, .collectSurveyResponses, .reportProgress,
             .superviseProgramme: true
        }
    }

    /// Writes a data-submission token may make (another system reporting figures).
    public var isDataSubmission: Bool {
        switch self {
        case .enterIndicatorData, .manageIndicatorData, .collectSurveyResponses: true
        default: false
        }
    }
}

/// The one place that decides who may do what. Routes ask it; tests walk its matrix.
public enum AccessPolicy {
    public static func allows(_ principal: Principal, _ action: Action) -> Bool {
        if action.isWrite && principal.isReadOnly && !(principal.submitsData && action.isDataSubmission) { return false }
        let role = principal.role
        if role == .admin { return true }
        switch action {
        case .listProgrammes:
            return true
        case .viewProgramme(let programme):
            return covers(principal, programme)
        case .viewRegion(let programme, let path):
            guard covers(principal, programme) else { return false }
            switch role {
            case .township:
                guard let own = principal.regionID else { return false }
                return path.contains(own)
            case .liaison:
                // Places and households are township and office business, not a department's.
                return false
            default:
                return true
            }
        case .editUnitContact(let programme, let unit):
            guard covers(principal, programme) else { return false }
            return role == .office || (role == .liaison && principal.unit == unit)
        case .manageAccounts(let planID), .viewAudit(let planID), .manageTokens(let planID):
            return role == .office && planID != nil && principal.planID == planID
        case .assignRole(let assigned, let planID):
            // An office staffs its own programme; only administrators make administrators and
            // province viewers, whose scope reaches beyond one programme.
            return role == .office && planID != nil && principal.planID == planID && assigned.needsPlan
        case .importPlans:
            return role == .office && principal.planID != nil
        case .draftPlanDocument:
            return role == .office && principal.planID != nil && !principal.submitsData
        case .editPlanImport(let creator):
            return role == .office && principal.userID == creator
        case .saveImportedPlan(let planID):
            return role == .office && principal.planID == planID
        case .enterIndicatorData(let programme, let unit):
            guard covers(principal, programme) else { return false }
            return role == .office || (role == .liaison && principal.unit == unit)
        case .manageIndicatorData(let programme), .reviewIndicatorData(let programme):
            return role == .office && covers(principal, programme)
        case .editCellRegister(let programme, let path):
            guard covers(principal, programme) else { return false }
            return role == .office || (role == .township && principal.regionID.map(path.contains) == true)
        case .assessCell(let programme, let path):
            guard covers(principal, programme) else { return false }
            return role == .office || role == .assessor || (role == .township && principal.regionID.map(path.contains) == true)
        case .certifyCells(let programme):
            return role == .office && covers(principal, programme)
        case .viewRegionCoverage(let path):
            return role == .province && principal.regionID.map(path.contains) == true
        case .manageSurveys(let programme), .superviseProgramme(let programme):
            return role == .office && covers(principal, programme)
        case .reportProgress(let programme, let unit):
            guard covers(principal, programme) else { return false }
            // A township officer reports for its township's unit, as a liaison does for its department.
            return role == .office || ((role == .liaison || role == .township) && principal.unit == unit)
        case .collectSurveyResponses(let programme, let path):
            guard covers(principal, programme) else { return false }
            return role == .office || (role == .township && principal.regionID.map(path.contains) == true)
        case .manageSettings, .loadPlans:
            return false
        }
    }

    /// Whether the principal's scope reaches the programme.
    static func covers(_ principal: Principal, _ programme: ProgrammeScope) -> Bool {
        switch principal.role {
        case .admin: true
        case .province: principal.regionID.map(programme.regionPath.contains) ?? false
        default: principal.planID == programme.planID
        }
    }
}
