import Foundation

/// Every link the site makes, in one place, so pages and tests agree on paths.
public enum SiteURL: Equatable, Sendable {
    case home
    case plan(String)
    case planUnits(String)
    case unit(plan: String, name: String)
    case unitCSV(plan: String, name: String)
    case planList
    case dashboard(String)
    case dashboardCSV(String)
    case chart(plan: String, name: String)
    case unitContact(plan: String, name: String)
    case region(plan: String, id: UUID)
    case search(String?)
    case login(next: String?)
    case logout
    case changePassword
    case users
    case newUser
    case user(UUID)
    case resetPassword(UUID)
    case tokens
    case revokeToken(UUID)
    case auditLog(plan: String?, page: Int)
    case settings
    case imports
    case newImport
    case planImport(UUID)
    case savePlanImport(UUID)
    case discardPlanImport(UUID)
    case indicators(String, year: Int?)
    case indicatorBoardXLSX(String)
    case indicator(plan: String, code: String)
    case indicatorEntry(String, unit: String?, period: String?, region: UUID?)
    case indicatorReview(String)
    case indicatorImport(String)
    case indicatorReferences(String)
    case indicatorSettings(String)
    case compositeIndex(String, year: Int?)
    case observation(plan: String, id: UUID)
    case observationEvidence(plan: String, id: UUID)
    case apiEvaluation(String, year: Int?)
    case apiIndicators(String)
    case apiObservations(String)
    case apiObservationsImport(String)
    case apiCompositeIndex(String, year: Int)
    case cells(String)
    case coverageXLSX(String)
    case cellRegister(String, cell: String?, status: String?, region: UUID?, text: String?, page: Int)
    case newCellPlace(String)
    case cellPlace(plan: String, id: UUID)
    case cellPlaceEdit(plan: String, id: UUID)
    case cellPlaceTransition(plan: String, id: UUID)
    case cellAssess(plan: String, id: UUID)
    case cellAssessment(plan: String, id: UUID)
    case cellDecide(plan: String, id: UUID)
    case cellEvidence(plan: String, assessment: UUID, sha256: String)
    case cellReview(String)
    case cellBatch(String, region: UUID?, cell: String?)
    case cellImport(String)
    case cellImportJob(plan: String, job: UUID)
    case cellImportProgress(plan: String, job: UUID)
    case scoreSheet(plan: String, sheet: String)
    case cellTownship(plan: String, region: UUID)
    case regionCoverage(UUID)
    case apiCoverage(String)
    case apiCells(String)
    case apiCellPlace(plan: String, id: UUID)
    case apiCellsImport(String)
    case apiScoreSheets
    case policies(String)
    case policy(plan: String, id: UUID)
    case policyStep(plan: String, id: UUID, step: String)
    case commitments(String)
    case agreements(String)
    case agreementFile(plan: String, unit: String)
    case budgetLines(String)
    case budgetSpending(plan: String, id: UUID)
    case tasks(String, unit: String?)
    case taskRecord(plan: String, index: Int, unit: String)
    case taskFile(plan: String, index: Int, unit: String, sha256: String)
    case activities(String, year: Int?)
    case beneficiaryTarget(String)
    case activityFile(plan: String, id: UUID, sha256: String)
    case monthlyReports(String, month: String?)
    case monthlyReport(plan: String, unit: String, month: String)
    case monthlyReportReturn(plan: String, unit: String, month: String)
    case monthlyReportFile(plan: String, unit: String, month: String, sha256: String)
    case monthlySummary(String, month: String)
    case inspections(String)
    case newInspection(String)
    case inspection(plan: String, id: UUID)
    case circular(plan: String, id: UUID)
    case problemAction(plan: String, id: UUID, action: String)
    case problemFile(plan: String, id: UUID, sha256: String)
    case dossier(String)
    case dossierZip(String)
    case dossierEvidence(String)
    case apiReports(String)
    case apiProblems(String)
    case surveys(String)
    case newSurvey(String)
    case survey(plan: String, id: UUID)
    case surveySettings(plan: String, id: UUID)
    case surveyForm(plan: String, id: UUID)
    case surveyResponses(plan: String, id: UUID)
    case surveyDeleteResponse(plan: String, id: UUID, response: UUID)
    case surveyImport(plan: String, id: UUID)
    case surveyResults(plan: String, id: UUID)
    case surveyResultsXLSX(plan: String, id: UUID)
    case surveyRespondentsXLSX(plan: String, id: UUID)
    case surveyPublish(plan: String, id: UUID)
    case questionnaire(plan: String, id: String)
    case apiSurveys(String)
    case apiSurveyResults(plan: String, id: UUID)
    case apiSurveyResponses(plan: String, id: UUID)
    case stylesheet
    case script
    case health
    case live
    case apiMe
    case apiSearch
    case apiDashboard(String)
    case apiPlans
    case apiPlan(String)
    case apiPlanUnits(String)
    case apiPlanUnit(plan: String, name: String)
    case apiPlanRegions(String)
    case apiPlanDrafts(fileName: String?)
    case openAPI

    public var path: String {
        switch self {
        case .home: "/"
        case .plan(let id): "/plans/\(Self.escape(id))"
        case .planUnits(let id): "/plans/\(Self.escape(id))/units"
        case .unit(let plan, let name): "/plans/\(Self.escape(plan))/units/\(Self.escape(name))"
        case .unitCSV(let plan, let name): "/plans/\(Self.escape(plan))/units/\(Self.escape(name))/tasks.csv"
        case .planList: "/plans"
        case .dashboard(let id): "/plans/\(Self.escape(id))/dashboard"
        case .dashboardCSV(let id): "/plans/\(Self.escape(id))/dashboard.csv"
        case .chart(let plan, let name): "/plans/\(Self.escape(plan))/charts/\(Self.escape(name)).svg"
        case .unitContact(let plan, let name): "/plans/\(Self.escape(plan))/units/\(Self.escape(name))/contact"
        case .region(let plan, let id): "/plans/\(Self.escape(plan))/regions/\(id.uuidString.lowercased())"
        case .search(let query): "/search" + (query.map { "?q=" + Self.escapeQuery($0) } ?? "")
        case .login(let next): "/login" + (next.map { "?next=" + Self.escapeQuery($0) } ?? "")
        case .logout: "/logout"
        case .changePassword: "/account/password"
        case .users: "/admin/users"
        case .newUser: "/admin/users/new"
        case .user(let id): "/admin/users/\(id.uuidString.lowercased())"
        case .resetPassword(let id): "/admin/users/\(id.uuidString.lowercased())/reset-password"
        case .tokens: "/admin/tokens"
        case .revokeToken(let id): "/admin/tokens/\(id.uuidString.lowercased())/revoke"
        case .auditLog(let plan, let page):
            "/admin/audit" + Self.query([("plan", plan), ("page", page > 1 ? String(page) : nil)])
        case .settings: "/admin/settings"
        case .imports: "/imports"
        case .newImport: "/imports/new"
        case .planImport(let id): "/imports/\(id.uuidString.lowercased())"
        case .savePlanImport(let id): "/imports/\(id.uuidString.lowercased())/save"
        case .discardPlanImport(let id): "/imports/\(id.uuidString.lowercased())/discard"
        case let .indicators(plan, year): "/plans/\(Self.escape(plan))/indicators" + Self.query([("year", year.map(String.init))])
        case .indicatorBoardXLSX(let plan): "/plans/\(Self.escape(plan))/indicators/board.xlsx"
        case let .indicator(plan, code): "/plans/\(Self.escape(plan))/indicators/\(Self.escape(code))"
        case let .indicatorEntry(plan, unit, period, region):
            "/plans/\(Self.escape(plan))/indicators/entry"
                + Self.query([("unit", unit), ("period", period), ("region", region?.uuidString.lowercased())])
        case .indicatorReview(let plan): "/plans/\(Self.escape(plan))/indicators/review"
        case .indicatorImport(let plan): "/plans/\(Self.escape(plan))/indicators/import"
        case .indicatorReferences(let plan): "/plans/\(Self.escape(plan))/indicators/references"
        case .indicatorSettings(let plan): "/plans/\(Self.escape(plan))/indicators/settings"
        case let .compositeIndex(plan, year): "/plans/\(Self.escape(plan))/indicators/index" + Self.query([("year", year.map(String.init))])
        case let .observation(plan, id): "/plans/\(Self.escape(plan))/observations/\(id.uuidString.lowercased())"
        case let .observationEvidence(plan, id): "/plans/\(Self.escape(plan))/observations/\(id.uuidString.lowercased())/evidence"
        case let .apiEvaluation(plan, year): "/api/v1/plans/\(Self.escape(plan))/evaluation" + Self.query([("year", year.map(String.init))])
        case .apiIndicators(let plan): "/api/v1/plans/\(Self.escape(plan))/indicators"
        case .apiObservations(let plan): "/api/v1/plans/\(Self.escape(plan))/observations"
        case .apiObservationsImport(let plan): "/api/v1/plans/\(Self.escape(plan))/observations/import"
        case let .apiCompositeIndex(plan, year): "/api/v1/plans/\(Self.escape(plan))/composite-index?year=\(year)"
        case .cells(let plan): "/plans/\(Self.escape(plan))/cells"
        case .policies(let plan): "/plans/\(Self.escape(plan))/policies"
        case let .policy(plan, id): "/plans/\(Self.escape(plan))/policies/\(id.uuidString.lowercased())"
        case let .policyStep(plan, id, step): SiteURL.policy(plan: plan, id: id).path + "/\(step)"
        case .commitments(let plan): "/plans/\(Self.escape(plan))/commitments"
        case .agreements(let plan): "/plans/\(Self.escape(plan))/commitments/agreements"
        case let .agreementFile(plan, unit): "/plans/\(Self.escape(plan))/commitments/agreements/\(Self.escape(unit))/file"
        case .budgetLines(let plan): "/plans/\(Self.escape(plan))/commitments/budget"
        case let .budgetSpending(plan, id): "/plans/\(Self.escape(plan))/commitments/budget/\(id.uuidString.lowercased())/spending"
        case let .tasks(plan, unit): "/plans/\(Self.escape(plan))/tasks" + Self.query([("unit", unit)])
        case let .taskRecord(plan, index, unit): "/plans/\(Self.escape(plan))/tasks/\(index)/\(Self.escape(unit))"
        case let .taskFile(plan, index, unit, sha256): SiteURL.taskRecord(plan: plan, index: index, unit: unit).path + "/files/\(sha256)"
        case let .activities(plan, year): "/plans/\(Self.escape(plan))/activities" + Self.query([("year", year.map(String.init))])
        case .beneficiaryTarget(let plan): "/plans/\(Self.escape(plan))/activities/target"
        case let .activityFile(plan, id, sha256): "/plans/\(Self.escape(plan))/activities/\(id.uuidString.lowercased())/files/\(sha256)"
        case let .monthlyReports(plan, month): "/plans/\(Self.escape(plan))/reports" + Self.query([("month", month)])
        case let .monthlyReport(plan, unit, month): "/plans/\(Self.escape(plan))/reports/\(Self.escape(unit))/\(month)"
        case let .monthlyReportReturn(plan, unit, month): SiteURL.monthlyReport(plan: plan, unit: unit, month: month).path + "/return"
        case let .monthlyReportFile(plan, unit, month, sha256): SiteURL.monthlyReport(plan: plan, unit: unit, month: month).path + "/files/\(sha256)"
        case let .monthlySummary(plan, month): "/plans/\(Self.escape(plan))/reports/summary.docx?month=\(month)"
        case .inspections(let plan): "/plans/\(Self.escape(plan))/inspections"
        case .newInspection(let plan): "/plans/\(Self.escape(plan))/inspections/new"
        case let .inspection(plan, id): "/plans/\(Self.escape(plan))/inspections/\(id.uuidString.lowercased())"
        case let .circular(plan, id): SiteURL.inspection(plan: plan, id: id).path + "/circular.docx"
        case let .problemAction(plan, id, action): "/plans/\(Self.escape(plan))/problems/\(id.uuidString.lowercased())/\(action)"
        case let .problemFile(plan, id, sha256): "/plans/\(Self.escape(plan))/problems/\(id.uuidString.lowercased())/files/\(sha256)"
        case .dossier(let plan): "/plans/\(Self.escape(plan))/dossier"
        case .dossierZip(let plan): "/plans/\(Self.escape(plan))/dossier.zip"
        case .dossierEvidence(let plan): "/plans/\(Self.escape(plan))/dossier/evidence"
        case .apiReports(let plan): "/api/v1/plans/\(Self.escape(plan))/reports"
        case .apiProblems(let plan): "/api/v1/plans/\(Self.escape(plan))/problems"
        case .surveys(let plan): "/plans/\(Self.escape(plan))/surveys"
        case .newSurvey(let plan): "/plans/\(Self.escape(plan))/surveys/new"
        case let .survey(plan, id): "/plans/\(Self.escape(plan))/surveys/\(id.uuidString.lowercased())"
        case let .surveySettings(plan, id): SiteURL.survey(plan: plan, id: id).path + "/settings"
        case let .surveyForm(plan, id): SiteURL.survey(plan: plan, id: id).path + "/form"
        case let .surveyResponses(plan, id): SiteURL.survey(plan: plan, id: id).path + "/responses"
        case let .surveyDeleteResponse(plan, id, response):
            SiteURL.survey(plan: plan, id: id).path + "/responses/\(response.uuidString.lowercased())/delete"
        case let .surveyImport(plan, id): SiteURL.survey(plan: plan, id: id).path + "/import"
        case let .surveyResults(plan, id): SiteURL.survey(plan: plan, id: id).path + "/results"
        case let .surveyResultsXLSX(plan, id): SiteURL.survey(plan: plan, id: id).path + "/results.xlsx"
        case let .surveyRespondentsXLSX(plan, id): SiteURL.survey(plan: plan, id: id).path + "/respondents.xlsx"
        case let .surveyPublish(plan, id): SiteURL.survey(plan: plan, id: id).path + "/publish"
        case let .questionnaire(plan, id): "/plans/\(Self.escape(plan))/questionnaires/\(Self.escape(id))"
        case .apiSurveys(let plan): "/api/v1/plans/\(Self.escape(plan))/surveys"
        case let .apiSurveyResults(plan, id): "/api/v1/plans/\(Self.escape(plan))/surveys/\(id.uuidString.lowercased())/results"
        case let .apiSurveyResponses(plan, id): "/api/v1/plans/\(Self.escape(plan))/surveys/\(id.uuidString.lowercased())/responses"
        case .coverageXLSX(let plan): "/plans/\(Self.escape(plan))/cells/coverage.xlsx"
        case let .cellRegister(plan, cell, status, region, text, page):
            "/plans/\(Self.escape(plan))/cells/register" + Self.query([("type", cell), ("status", status),
                                                                        ("region", region?.uuidString.lowercased()), ("q", text),
                                                                        ("page", page > 1 ? String(page) : nil)])
        case .newCellPlace(let plan): "/plans/\(Self.escape(plan))/cells/new"
        case let .cellPlace(plan, id): "/plans/\(Self.escape(plan))/cells/places/\(id.uuidString.lowercased())"
        case let .cellPlaceEdit(plan, id): "/plans/\(Self.escape(plan))/cells/places/\(id.uuidString.lowercased())/edit"
        case let .cellPlaceTransition(plan, id): "/plans/\(Self.escape(plan))/cells/places/\(id.uuidString.lowercased())/transition"
        case let .cellAssess(plan, id): "/plans/\(Self.escape(plan))/cells/places/\(id.uuidString.lowercased())/assess"
        case let .cellAssessment(plan, id): "/plans/\(Self.escape(plan))/cells/assessments/\(id.uuidString.lowercased())"
        case let .cellDecide(plan, id): "/plans/\(Self.escape(plan))/cells/assessments/\(id.uuidString.lowercased())/decide"
        case let .cellEvidence(plan, assessment, sha256):
            "/plans/\(Self.escape(plan))/cells/assessments/\(assessment.uuidString.lowercased())/evidence/\(Self.escape(sha256))"
        case .cellReview(let plan): "/plans/\(Self.escape(plan))/cells/review"
        case let .cellBatch(plan, region, cell):
            "/plans/\(Self.escape(plan))/cells/batch" + Self.query([("region", region?.uuidString.lowercased()), ("type", cell)])
        case .cellImport(let plan): "/plans/\(Self.escape(plan))/cells/import"
        case let .cellImportJob(plan, job): "/plans/\(Self.escape(plan))/cells/import/\(job.uuidString.lowercased())"
        case let .cellImportProgress(plan, job): "/plans/\(Self.escape(plan))/cells/import/\(job.uuidString.lowercased())/progress"
        case let .scoreSheet(plan, sheet): "/plans/\(Self.escape(plan))/cells/sheets/\(Self.escape(sheet))"
        case let .cellTownship(plan, region): "/plans/\(Self.escape(plan))/cells/townships/\(region.uuidString.lowercased())"
        case .regionCoverage(let id): "/regions/\(id.uuidString.lowercased())/cells"
        case .apiCoverage(let plan): "/api/v1/plans/\(Self.escape(plan))/coverage"
        case .apiCells(let plan): "/api/v1/plans/\(Self.escape(plan))/cells"
        case let .apiCellPlace(plan, id): "/api/v1/plans/\(Self.escape(plan))/cells/\(id.uuidString.lowercased())"
        case .apiCellsImport(let plan): "/api/v1/plans/\(Self.escape(plan))/cells/import"
        case .apiScoreSheets: "/api/v1/score-sheets"
        case .stylesheet: "/static/app.css"
        case .script: "/static/app.js"
        case .health: "/healthz"
        case .live: "/livez"
        case .apiPlans: "/api/v1/plans"
        case .apiPlan(let id): "/api/v1/plans/\(Self.escape(id))"
        case .apiPlanUnits(let id): "/api/v1/plans/\(Self.escape(id))/units"
        case .apiPlanUnit(let plan, let name): "/api/v1/plans/\(Self.escape(plan))/units/\(Self.escape(name))"
        case .apiPlanRegions(let id): "/api/v1/plans/\(Self.escape(id))/regions"
        case .apiPlanDrafts(let fileName): "/api/v1/plan-drafts" + Self.query([("fileName", fileName)])
        case .openAPI: "/api/v1/openapi.json"
        case .apiMe: "/api/v1/me"
        case .apiSearch: "/api/v1/search"
        case .apiDashboard(let id): "/api/v1/plans/\(Self.escape(id))/dashboard"
        }
    }

    /// `?a=1&b=2` from the pairs that have a value, or "" when none has.
    static func query(_ pairs: [(String, String?)]) -> String {
        let parts = pairs.compactMap { key, value in value.map { "\(key)=\(escapeQuery($0))" } }
        return parts.isEmpty ? "" : "?" + parts.joined(separator: "&")
    }

    /// Percent-encodes a query value.
    static func escapeQuery(_ value: String) -> String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+#?%/")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }

    /// Percent-encodes one path segment (unit names are Chinese and may hold any character).
    static func escape(_ segment: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/?#%")
        return segment.addingPercentEncoding(withAllowedCharacters: allowed) ?? segment
    }
}
