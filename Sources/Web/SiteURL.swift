import Foundation
import Vapor

/// Every link the site makes. Each case names the `SiteRoute` it reaches and fills that route's pattern, so a link
/// is printed from the same table the route is registered from.
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

    /// The link: its route's pattern with each parameter filled in, then the query.
    public var path: String {
        let (route, values, query) = parts
        var remaining = values[...]
        let segments = route.pattern.map { component -> String in
            guard case .parameter = component else { return component.description }
            return Self.escape(remaining.popFirst() ?? "")
        }
        // The count is fixed per case, and the tests print an example of every case, so a mismatch cannot ship.
        assert(values.count == route.pattern.count(where: { if case .parameter = $0 { true } else { false } }),
               "\(route) takes \(route.pattern) but was given \(values)")
        return "/" + segments.joined(separator: "/") + Self.query(query)
    }

    /// The route this link reaches.
    var route: SiteRoute { parts.route }

    /// The route, its parameters' values in the pattern's order (escaped when printed), and the query.
    var parts: (route: SiteRoute, values: [String], query: [(String, String?)]) {
        switch self {
        case .home: (.home, [], [])
        case .plan(let id): (.plan, [id], [])
        case .planUnits(let id): (.planUnits, [id], [])
        case let .unit(plan, name): (.unit, [plan, name], [])
        case let .unitCSV(plan, name): (.unitCSV, [plan, name], [])
        case .planList: (.planList, [], [])
        case .dashboard(let id): (.dashboard, [id], [])
        case .dashboardCSV(let id): (.dashboardCSV, [id], [])
        case let .chart(plan, name): (.chart, [plan, name + ".svg"], [])
        case let .unitContact(plan, name): (.unitContact, [plan, name], [])
        case let .region(plan, id): (.region, [plan, Self.id(id)], [])
        case .search(let query): (.search, [], [("q", query)])
        case .login(let next): (.loginForm, [], [("next", next)])
        case .logout: (.logout, [], [])
        case .changePassword: (.changePasswordForm, [], [])
        case .users: (.users, [], [])
        case .newUser: (.newUser, [], [])
        case .user(let id): (.user, [Self.id(id)], [])
        case .resetPassword(let id): (.resetPassword, [Self.id(id)], [])
        case .tokens: (.tokens, [], [])
        case .revokeToken(let id): (.revokeToken, [Self.id(id)], [])
        case let .auditLog(plan, page): (.auditLog, [], [("plan", plan), ("page", page > 1 ? String(page) : nil)])
        case .settings: (.settings, [], [])
        case .imports: (.imports, [], [])
        case .newImport: (.newImport, [], [])
        case .planImport(let id): (.planImport, [Self.id(id)], [])
        case .savePlanImport(let id): (.savePlanImport, [Self.id(id)], [])
        case .discardPlanImport(let id): (.discardPlanImport, [Self.id(id)], [])
        case let .indicators(plan, year): (.indicators, [plan], [("year", year.map(String.init))])
        case .indicatorBoardXLSX(let plan): (.indicatorBoardXLSX, [plan], [])
        case let .indicator(plan, code): (.indicator, [plan, code], [])
        case let .indicatorEntry(plan, unit, period, region):
            (.indicatorEntry, [plan], [("unit", unit), ("period", period), ("region", region.map(Self.id))])
        case .indicatorReview(let plan): (.indicatorReview, [plan], [])
        case .indicatorImport(let plan): (.indicatorImport, [plan], [])
        case .indicatorReferences(let plan): (.indicatorReferences, [plan], [])
        case .indicatorSettings(let plan): (.indicatorSettings, [plan], [])
        case let .compositeIndex(plan, year): (.compositeIndex, [plan], [("year", year.map(String.init))])
        case let .observation(plan, id): (.observation, [plan, Self.id(id)], [])
        case let .observationEvidence(plan, id): (.observationEvidence, [plan, Self.id(id)], [])
        case let .apiEvaluation(plan, year): (.apiEvaluation, [plan], [("year", year.map(String.init))])
        case .apiIndicators(let plan): (.apiIndicators, [plan], [])
        case .apiObservations(let plan): (.apiObservations, [plan], [])
        case .apiObservationsImport(let plan): (.apiObservationsImport, [plan], [])
        case let .apiCompositeIndex(plan, year): (.apiCompositeIndex, [plan], [("year", String(year))])
        case .cells(let plan): (.cells, [plan], [])
        case .coverageXLSX(let plan): (.coverageXLSX, [plan], [])
        case let .cellRegister(plan, cell, status, region, text, page):
            (.cellRegister, [plan], [("type", cell), ("status", status), ("region", region.map(Self.id)), ("q", text),
                                     ("page", page > 1 ? String(page) : nil)])
        case .newCellPlace(let plan): (.newCellPlace, [plan], [])
        case let .cellPlace(plan, id): (.cellPlace, [plan, Self.id(id)], [])
        case let .cellPlaceEdit(plan, id): (.cellPlaceEdit, [plan, Self.id(id)], [])
        case let .cellPlaceTransition(plan, id): (.cellPlaceTransition, [plan, Self.id(id)], [])
        case let .cellAssess(plan, id): (.cellAssess, [plan, Self.id(id)], [])
        case let .cellAssessment(plan, id): (.cellAssessment, [plan, Self.id(id)], [])
        case let .cellDecide(plan, id): (.cellDecide, [plan, Self.id(id)], [])
        case let .cellEvidence(plan, assessment, sha256): (.cellEvidence, [plan, Self.id(assessment), sha256], [])
        case .cellReview(let plan): (.cellReview, [plan], [])
        case let .cellBatch(plan, region, cell): (.cellBatch, [plan], [("region", region.map(Self.id)), ("type", cell)])
        case .cellImport(let plan): (.cellImport, [plan], [])
        case let .cellImportJob(plan, job): (.cellImportJob, [plan, Self.id(job)], [])
        case let .cellImportProgress(plan, job): (.cellImportProgress, [plan, Self.id(job)], [])
        case let .scoreSheet(plan, sheet): (.scoreSheet, [plan, sheet], [])
        case let .cellTownship(plan, region): (.cellTownship, [plan, Self.id(region)], [])
        case .regionCoverage(let id): (.regionCoverage, [Self.id(id)], [])
        case .apiCoverage(let plan): (.apiCoverage, [plan], [])
        case .apiCells(let plan): (.apiCells, [plan], [])
        case let .apiCellPlace(plan, id): (.apiCellPlace, [plan, Self.id(id)], [])
        case .apiCellsImport(let plan): (.apiCellsImport, [plan], [])
        case .apiScoreSheets: (.apiScoreSheets, [], [])
        case .policies(let plan): (.policies, [plan], [])
        case let .policy(plan, id): (.policy, [plan, Self.id(id)], [])
        case let .policyStep(plan, id, step): (.policyStep, [plan, Self.id(id), step], [])
        case .commitments(let plan): (.commitments, [plan], [])
        case .agreements(let plan): (.agreements, [plan], [])
        case let .agreementFile(plan, unit): (.agreementFile, [plan, unit], [])
        case .budgetLines(let plan): (.budgetLines, [plan], [])
        case let .budgetSpending(plan, id): (.budgetSpending, [plan, Self.id(id)], [])
        case let .tasks(plan, unit): (.tasks, [plan], [("unit", unit)])
        case let .taskRecord(plan, index, unit): (.taskRecord, [plan, String(index), unit], [])
        case let .taskFile(plan, index, unit, sha256): (.taskFile, [plan, String(index), unit, sha256], [])
        case let .activities(plan, year): (.activities, [plan], [("year", year.map(String.init))])
        case .beneficiaryTarget(let plan): (.beneficiaryTarget, [plan], [])
        case let .activityFile(plan, id, sha256): (.activityFile, [plan, Self.id(id), sha256], [])
        case let .monthlyReports(plan, month): (.monthlyReports, [plan], [("month", month)])
        case let .monthlyReport(plan, unit, month): (.monthlyReport, [plan, unit, month], [])
        case let .monthlyReportReturn(plan, unit, month): (.monthlyReportReturn, [plan, unit, month], [])
        case let .monthlyReportFile(plan, unit, month, sha256): (.monthlyReportFile, [plan, unit, month, sha256], [])
        case let .monthlySummary(plan, month): (.monthlySummary, [plan], [("month", month)])
        case .inspections(let plan): (.inspections, [plan], [])
        case .newInspection(let plan): (.newInspection, [plan], [])
        case let .inspection(plan, id): (.inspection, [plan, Self.id(id)], [])
        case let .circular(plan, id): (.circular, [plan, Self.id(id)], [])
        case let .problemAction(plan, id, action): (.problemAction, [plan, Self.id(id), action], [])
        case let .problemFile(plan, id, sha256): (.problemFile, [plan, Self.id(id), sha256], [])
        case .dossier(let plan): (.dossier, [plan], [])
        case .dossierZip(let plan): (.dossierZip, [plan], [])
        case .dossierEvidence(let plan): (.dossierEvidence, [plan], [])
        case .apiReports(let plan): (.apiReports, [plan], [])
        case .apiProblems(let plan): (.apiProblems, [plan], [])
        case .surveys(let plan): (.surveys, [plan], [])
        case .newSurvey(let plan): (.newSurvey, [plan], [])
        case let .survey(plan, id): (.survey, [plan, Self.id(id)], [])
        case let .surveySettings(plan, id): (.surveySettings, [plan, Self.id(id)], [])
        case let .surveyForm(plan, id): (.surveyForm, [plan, Self.id(id)], [])
        case let .surveyResponses(plan, id): (.surveyResponses, [plan, Self.id(id)], [])
        case let .surveyDeleteResponse(plan, id, response): (.surveyDeleteResponse, [plan, Self.id(id), Self.id(response)], [])
        case let .surveyImport(plan, id): (.surveyImport, [plan, Self.id(id)], [])
        case let .surveyResults(plan, id): (.surveyResults, [plan, Self.id(id)], [])
        case let .surveyResultsXLSX(plan, id): (.surveyResultsXLSX, [plan, Self.id(id)], [])
        case let .surveyRespondentsXLSX(plan, id): (.surveyRespondentsXLSX, [plan, Self.id(id)], [])
        case let .surveyPublish(plan, id): (.surveyPublish, [plan, Self.id(id)], [])
        case .apiSurveys(let plan): (.apiSurveys, [plan], [])
        case let .apiSurveyResults(plan, id): (.apiSurveyResults, [plan, Self.id(id)], [])
        case let .apiSurveyResponses(plan, id): (.apiSurveyResponses, [plan, Self.id(id)], [])
        case .stylesheet: (.stylesheet, [], [])
        case .script: (.script, [], [])
        case .health: (.health, [], [])
        case .live: (.live, [], [])
        case .apiMe: (.apiMe, [], [])
        case .apiSearch: (.apiSearch, [], [])
        case .apiDashboard(let id): (.apiDashboard, [id], [])
        case .apiPlans: (.apiPlans, [], [])
        case .apiPlan(let id): (.apiPlan, [id], [])
        case .apiPlanUnits(let id): (.apiPlanUnits, [id], [])
        case let .apiPlanUnit(plan, name): (.apiPlanUnit, [plan, name], [])
        case .apiPlanRegions(let id): (.apiPlanRegions, [id], [])
        case .apiPlanDrafts(let fileName): (.apiPlanDrafts, [], [("fileName", fileName)])
        case .openAPI: (.openAPI, [], [])
        }
    }

    /// An id as links print it.
    private static func id(_ uuid: UUID) -> String { uuid.uuidString.lowercased() }

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
