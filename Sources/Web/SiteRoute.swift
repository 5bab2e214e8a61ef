import Domain
import Vapor

/// Every route the site answers, with its method, its path pattern and how much body it takes. Controllers register
/// their handlers from here (`routes.register(.plan, use: plan)`) and `SiteURL` prints links from the same patterns,
/// so a link and the route it reaches cannot disagree, and an upload limit is declared in one place.
enum SiteRoute: CaseIterable, Sendable {
    // Pages, accounts and the site's own files.
    case home, planList, plan, dashboard, dashboardCSV, chart, planUnits, openUnitAccounts, unit, unitCSV, unitContact, region, search
    case stylesheet, script, health, live
    case loginForm, login, logout, changePasswordForm, changePassword
    case users, newUser, createUser, user, updateUser, resetPassword, tokens, issueToken, revokeToken
    case auditLog, settings, saveSettings
    // Plan documents brought in as drafts.
    case imports, newImport, uploadImport, importFromTemplate, planImport, correctPlanImport, savePlanImport, discardPlanImport
    // Indicators and their figures.
    case indicators, indicatorBoardXLSX, indicatorEntry, saveIndicatorEntry, indicatorReview, reviewIndicators
    case indicatorImport, importIndicators, indicatorReferences, saveIndicatorReference, indicatorSettings
    case saveIndicatorSettings, compositeIndex, indicator, observation, transitionObservation, observationEvidence
    // Healthy cells.
    case cells, coverageXLSX, cellRegister, newCellPlace, addCellPlace, cellPlace, cellPlaceEdit, cellPlaceTransition
    case cellAssess, saveCellAssessment, cellAssessment, cellDecide, cellEvidence, cellReview, cellBatch, saveCellBatch
    case cellImport, startCellImport, cellImportJob, cellImportProgress, scoreSheet, cellTownship, regionCoverage
    // Surveys.
    case surveys, newSurvey, createSurvey, survey, surveySettings, saveSurveySettings, surveyForm, surveyResponses
    case saveSurveyResponse, surveyDeleteResponse, surveyImport, importSurveyResponses, surveyResults
    case surveyResultsXLSX, surveyRespondentsXLSX, surveyPublish
    // Changing the running plan: every save a revision.
    case planEdit, savePlanSchedule, savePlanUnits, addTownshipUnits, planItemAction, planTaskEdit, savePlanTask, savePlanYAML
    case planHistory, restorePlanRevision, apiPlanTasks
    // Running the programme: reports, supervision, the dossier, tasks, activities, policies, commitments.
    case monthlyReports, monthlySummary, monthlyReport, saveMonthlyReport, monthlyReportReturn, monthlyReportFile
    case inspections, newInspection, createInspection, inspection, circular, problemAction, problemFile
    case dossier, dossierZip, dossierEvidence, tasks, taskRecord, taskFile, activities, addActivity, activityFile
    case beneficiaryTarget, policies, registerPolicy, policy, policyStep, commitments, agreements, agreementFile
    case budgetLines, budgetSpending
    // Meetings (notice, attendance, minutes, decisions) and training courses.
    case meetings, createMeeting, meeting, meetingNotice, meetingAttendance, meetingMinutes, meetingDecisionTask
    case meetingNoticeDocx, meetingMinutesDocx, meetingFile, trainings, addTraining, training, saveTraining, trainingFile
    case apiMeetings, apiTrainings
    // The programme's townships and villages, and its health-promotion network.
    case regionPlans, regionAdmin, addRegion, saveRegion, previewRegionImport, confirmRegionImport
    case network, networkXLSX, addNetworkMember, networkMember, saveNetworkMember, fileNetwork, apiNetwork
    // The API.
    case openAPI, apiPlans, apiPlan, apiPlanUnits, apiPlanUnit, apiPlanRegions, apiDashboard, apiMe, apiMeTodo, apiSearch
    case apiPlanDrafts, apiEvaluation, apiIndicators, apiObservations, apiRecordObservations, apiObservationsImport
    case apiCompositeIndex, apiCoverage, apiCells, apiCellPlace, apiCellsImport, apiScoreSheets
    case apiSurveys, apiSurveyResults, apiSurveyResponses, apiReports, apiProblems
    // Notifications: the inbox, each person's channels, the groups' robots and the office's delivery log.
    case notifications, readNotification, readAllNotifications, notificationSettings, saveNotificationSettings
    case saveGroupNotificationSettings, deliveryLog, apiMeNotifications

    var method: HTTPMethod { declaration.method }

    /// The path with `:name` for each parameter, in the order `SiteURL` fills them.
    var pattern: [PathComponent] { declaration.pattern.pathComponents }

    /// How the route takes its body; `.form` unless an upload needs more.
    var body: RouteBody {
        switch self {
        case .uploadImport: .collect(ImportController.uploadBodyLimit)
        // The raw document is the body, so its limit is the document's own.
        case .apiPlanDrafts: .stream(DocumentReader.maximumFileBytes)
        // A year's figures for every township run to many kilobytes, so the API's figures take the table limit too.
        case .saveIndicatorEntry, .importIndicators, .apiRecordObservations, .apiObservationsImport:
            .collect(IndicatorController.uploadBodyLimit)
        case .saveCellAssessment, .saveCellBatch, .startCellImport, .apiCellsImport: .collect(CellController.uploadBodyLimit)
        case .importSurveyResponses: .collect(SurveyController.uploadBodyLimit)
        // A regions file, refused over the limit before it is read; the preview carries its rows back.
        case .previewRegionImport, .confirmRegionImport: .collect(RegionAdminController.uploadBodyLimit)
        case .saveMonthlyReport, .problemAction, .dossierEvidence, .taskRecord, .addActivity, .policyStep, .agreements:
            .collect(RunningController.uploadBodyLimit)
        case .meetingMinutes, .addTraining, .saveTraining: .collect(RunningController.uploadBodyLimit)
        default: .form
        }
    }

    // One line per route keeps the whole site's map readable at a glance.
    private var declaration: (method: HTTPMethod, pattern: String) {
        switch self {
        case .home: (.GET, "/")
        case .planList: (.GET, "/plans")
        case .plan: (.GET, "/plans/:id")
        case .dashboard: (.GET, "/plans/:id/dashboard")
        case .dashboardCSV: (.GET, "/plans/:id/dashboard.csv")
        case .chart: (.GET, "/plans/:id/charts/:chart")
        case .planUnits: (.GET, "/plans/:id/units")
        case .openUnitAccounts: (.POST, "/plans/:id/units/accounts")
        case .unit: (.GET, "/plans/:id/units/:name")
        case .unitCSV: (.GET, "/plans/:id/units/:name/tasks.csv")
        case .unitContact: (.POST, "/plans/:id/units/:name/contact")
        case .region: (.GET, "/plans/:id/regions/:region")
        case .search: (.GET, "/search")
        case .stylesheet: (.GET, "/static/app.css")
        case .script: (.GET, "/static/app.js")
        case .health: (.GET, "/healthz")
        case .live: (.GET, "/livez")
        case .loginForm: (.GET, "/login")
        case .login: (.POST, "/login")
        case .logout: (.POST, "/logout")
        case .changePasswordForm: (.GET, "/account/password")
        case .changePassword: (.POST, "/account/password")
        case .users: (.GET, "/admin/users")
        case .newUser: (.GET, "/admin/users/new")
        case .createUser: (.POST, "/admin/users/new")
        case .user: (.GET, "/admin/users/:uid")
        case .updateUser: (.POST, "/admin/users/:uid")
        case .resetPassword: (.POST, "/admin/users/:uid/reset-password")
        case .tokens: (.GET, "/admin/tokens")
        case .issueToken: (.POST, "/admin/tokens")
        case .revokeToken: (.POST, "/admin/tokens/:tid/revoke")
        case .auditLog: (.GET, "/admin/audit")
        case .settings: (.GET, "/admin/settings")
        case .saveSettings: (.POST, "/admin/settings")
        case .imports: (.GET, "/imports")
        case .newImport: (.GET, "/imports/new")
        case .uploadImport: (.POST, "/imports")
        case .importFromTemplate: (.POST, "/imports/template")
        case .planImport: (.GET, "/imports/:import")
        case .correctPlanImport: (.POST, "/imports/:import")
        case .savePlanImport: (.POST, "/imports/:import/save")
        case .discardPlanImport: (.POST, "/imports/:import/discard")
        case .indicators: (.GET, "/plans/:id/indicators")
        case .indicatorBoardXLSX: (.GET, "/plans/:id/indicators/board.xlsx")
        case .indicatorEntry: (.GET, "/plans/:id/indicators/entry")
        case .saveIndicatorEntry: (.POST, "/plans/:id/indicators/entry")
        case .indicatorReview: (.GET, "/plans/:id/indicators/review")
        case .reviewIndicators: (.POST, "/plans/:id/indicators/review")
        case .indicatorImport: (.GET, "/plans/:id/indicators/import")
        case .importIndicators: (.POST, "/plans/:id/indicators/import")
        case .indicatorReferences: (.GET, "/plans/:id/indicators/references")
        case .saveIndicatorReference: (.POST, "/plans/:id/indicators/references")
        case .indicatorSettings: (.GET, "/plans/:id/indicators/settings")
        case .saveIndicatorSettings: (.POST, "/plans/:id/indicators/settings")
        case .compositeIndex: (.GET, "/plans/:id/indicators/index")
        case .indicator: (.GET, "/plans/:id/indicators/:code")
        case .observation: (.GET, "/plans/:id/observations/:oid")
        case .transitionObservation: (.POST, "/plans/:id/observations/:oid")
        case .observationEvidence: (.GET, "/plans/:id/observations/:oid/evidence")
        case .cells: (.GET, "/plans/:id/cells")
        case .coverageXLSX: (.GET, "/plans/:id/cells/coverage.xlsx")
        case .cellRegister: (.GET, "/plans/:id/cells/register")
        case .newCellPlace: (.GET, "/plans/:id/cells/new")
        case .addCellPlace: (.POST, "/plans/:id/cells/new")
        case .cellPlace: (.GET, "/plans/:id/cells/places/:pid")
        case .cellPlaceEdit: (.POST, "/plans/:id/cells/places/:pid/edit")
        case .cellPlaceTransition: (.POST, "/plans/:id/cells/places/:pid/transition")
        case .cellAssess: (.GET, "/plans/:id/cells/places/:pid/assess")
        case .saveCellAssessment: (.POST, "/plans/:id/cells/places/:pid/assess")
        case .cellAssessment: (.GET, "/plans/:id/cells/assessments/:aid")
        case .cellDecide: (.POST, "/plans/:id/cells/assessments/:aid/decide")
        case .cellEvidence: (.GET, "/plans/:id/cells/assessments/:aid/evidence/:sha")
        case .cellReview: (.GET, "/plans/:id/cells/review")
        case .cellBatch: (.GET, "/plans/:id/cells/batch")
        case .saveCellBatch: (.POST, "/plans/:id/cells/batch")
        case .cellImport: (.GET, "/plans/:id/cells/import")
        case .startCellImport: (.POST, "/plans/:id/cells/import")
        case .cellImportJob: (.GET, "/plans/:id/cells/import/:job")
        case .cellImportProgress: (.GET, "/plans/:id/cells/import/:job/progress")
        case .scoreSheet: (.GET, "/plans/:id/cells/sheets/:sheet")
        case .cellTownship: (.GET, "/plans/:id/cells/townships/:rid")
        case .regionCoverage: (.GET, "/regions/:rid/cells")
        case .surveys: (.GET, "/plans/:id/surveys")
        case .newSurvey: (.GET, "/plans/:id/surveys/new")
        case .createSurvey: (.POST, "/plans/:id/surveys/new")
        case .survey: (.GET, "/plans/:id/surveys/:sid")
        case .surveySettings: (.GET, "/plans/:id/surveys/:sid/settings")
        case .saveSurveySettings: (.POST, "/plans/:id/surveys/:sid/settings")
        case .surveyForm: (.GET, "/plans/:id/surveys/:sid/form")
        case .surveyResponses: (.GET, "/plans/:id/surveys/:sid/responses")
        case .saveSurveyResponse: (.POST, "/plans/:id/surveys/:sid/responses")
        case .surveyDeleteResponse: (.POST, "/plans/:id/surveys/:sid/responses/:rid/delete")
        case .surveyImport: (.GET, "/plans/:id/surveys/:sid/import")
        case .importSurveyResponses: (.POST, "/plans/:id/surveys/:sid/import")
        case .surveyResults: (.GET, "/plans/:id/surveys/:sid/results")
        case .surveyResultsXLSX: (.GET, "/plans/:id/surveys/:sid/results.xlsx")
        case .surveyRespondentsXLSX: (.GET, "/plans/:id/surveys/:sid/respondents.xlsx")
        case .surveyPublish: (.POST, "/plans/:id/surveys/:sid/publish")
        case .monthlyReports: (.GET, "/plans/:id/reports")
        case .monthlySummary: (.GET, "/plans/:id/reports/summary.docx")
        case .monthlyReport: (.GET, "/plans/:id/reports/:unit/:month")
        case .saveMonthlyReport: (.POST, "/plans/:id/reports/:unit/:month")
        case .monthlyReportReturn: (.POST, "/plans/:id/reports/:unit/:month/return")
        case .monthlyReportFile: (.GET, "/plans/:id/reports/:unit/:month/files/:sha")
        case .inspections: (.GET, "/plans/:id/inspections")
        case .newInspection: (.GET, "/plans/:id/inspections/new")
        case .createInspection: (.POST, "/plans/:id/inspections/new")
        case .inspection: (.GET, "/plans/:id/inspections/:iid")
        case .circular: (.GET, "/plans/:id/inspections/:iid/circular.docx")
        case .problemAction: (.POST, "/plans/:id/problems/:pid/:action")
        case .problemFile: (.GET, "/plans/:id/problems/:pid/files/:sha")
        case .dossier: (.GET, "/plans/:id/dossier")
        case .dossierZip: (.GET, "/plans/:id/dossier.zip")
        case .dossierEvidence: (.POST, "/plans/:id/dossier/evidence")
        case .tasks: (.GET, "/plans/:id/tasks")
        case .taskRecord: (.POST, "/plans/:id/tasks/:index/:unit")
        case .taskFile: (.GET, "/plans/:id/tasks/:index/:unit/files/:sha")
        case .activities: (.GET, "/plans/:id/activities")
        case .addActivity: (.POST, "/plans/:id/activities")
        case .activityFile: (.GET, "/plans/:id/activities/:aid/files/:sha")
        case .beneficiaryTarget: (.POST, "/plans/:id/activities/target")
        case .policies: (.GET, "/plans/:id/policies")
        case .registerPolicy: (.POST, "/plans/:id/policies")
        case .policy: (.GET, "/plans/:id/policies/:rid")
        case .policyStep: (.POST, "/plans/:id/policies/:rid/:step")
        case .commitments: (.GET, "/plans/:id/commitments")
        case .agreements: (.POST, "/plans/:id/commitments/agreements")
        case .agreementFile: (.GET, "/plans/:id/commitments/agreements/:unit/file")
        case .budgetLines: (.POST, "/plans/:id/commitments/budget")
        case .budgetSpending: (.POST, "/plans/:id/commitments/budget/:bid/spending")
        case .meetings: (.GET, "/plans/:id/meetings")
        case .createMeeting: (.POST, "/plans/:id/meetings")
        case .meeting: (.GET, "/plans/:id/meetings/:mid")
        case .meetingNotice: (.POST, "/plans/:id/meetings/:mid/notice")
        case .meetingAttendance: (.POST, "/plans/:id/meetings/:mid/attendance")
        case .meetingMinutes: (.POST, "/plans/:id/meetings/:mid/minutes")
        case .meetingDecisionTask: (.POST, "/plans/:id/meetings/:mid/decisions/:did/task")
        case .meetingNoticeDocx: (.GET, "/plans/:id/meetings/:mid/notice.docx")
        case .meetingMinutesDocx: (.GET, "/plans/:id/meetings/:mid/minutes.docx")
        case .meetingFile: (.GET, "/plans/:id/meetings/:mid/files/:sha")
        case .trainings: (.GET, "/plans/:id/trainings")
        case .addTraining: (.POST, "/plans/:id/trainings")
        case .training: (.GET, "/plans/:id/trainings/:tid")
        case .saveTraining: (.POST, "/plans/:id/trainings/:tid")
        case .trainingFile: (.GET, "/plans/:id/trainings/:tid/files/:sha")
        case .apiMeetings: (.GET, "/api/v1/plans/:id/meetings")
        case .planEdit: (.GET, "/plans/:id/edit")
        case .savePlanSchedule: (.POST, "/plans/:id/edit/schedule")
        case .savePlanUnits: (.POST, "/plans/:id/edit/units")
        case .addTownshipUnits: (.POST, "/plans/:id/edit/townships")
        case .planItemAction: (.POST, "/plans/:id/edit/items/:kind/:key")
        case .planTaskEdit: (.GET, "/plans/:id/edit/tasks/:task")
        case .savePlanTask: (.POST, "/plans/:id/edit/tasks/:task")
        case .savePlanYAML: (.POST, "/plans/:id/edit/plan")
        case .planHistory: (.GET, "/plans/:id/history")
        case .restorePlanRevision: (.POST, "/plans/:id/history/:revision/restore")
        case .apiPlanTasks: (.GET, "/api/v1/plans/:id/tasks")
        case .apiTrainings: (.GET, "/api/v1/plans/:id/trainings")
        case .regionPlans: (.GET, "/places")
        case .regionAdmin: (.GET, "/plans/:id/places")
        case .addRegion: (.POST, "/plans/:id/places")
        case .saveRegion: (.POST, "/plans/:id/places/:rid/edit")
        case .previewRegionImport: (.POST, "/plans/:id/place-import")
        case .confirmRegionImport: (.POST, "/plans/:id/place-import/confirm")
        case .network: (.GET, "/plans/:id/network")
        case .networkXLSX: (.GET, "/plans/:id/network.xlsx")
        case .addNetworkMember: (.POST, "/plans/:id/network/:kind")
        case .networkMember: (.GET, "/plans/:id/network/:kind/:mid")
        case .saveNetworkMember: (.POST, "/plans/:id/network/:kind/:mid")
        case .fileNetwork: (.POST, "/plans/:id/network-dossier")
        case .apiNetwork: (.GET, "/api/v1/plans/:id/network")
        case .openAPI: (.GET, "/api/v1/openapi.json")
        case .apiPlans: (.GET, "/api/v1/plans")
        case .apiPlan: (.GET, "/api/v1/plans/:id")
        case .apiPlanUnits: (.GET, "/api/v1/plans/:id/units")
        case .apiPlanUnit: (.GET, "/api/v1/plans/:id/units/:name")
        case .apiPlanRegions: (.GET, "/api/v1/plans/:id/regions")
        case .apiDashboard: (.GET, "/api/v1/plans/:id/dashboard")
        case .apiMe: (.GET, "/api/v1/me")
        case .apiMeTodo: (.GET, "/api/v1/me/todo")
        case .apiSearch: (.GET, "/api/v1/search")
        case .apiPlanDrafts: (.POST, "/api/v1/plan-drafts")
        case .apiEvaluation: (.GET, "/api/v1/plans/:id/evaluation")
        case .apiIndicators: (.GET, "/api/v1/plans/:id/indicators")
        case .apiObservations: (.GET, "/api/v1/plans/:id/observations")
        case .apiRecordObservations: (.POST, "/api/v1/plans/:id/observations")
        case .apiObservationsImport: (.POST, "/api/v1/plans/:id/observations/import")
        case .apiCompositeIndex: (.GET, "/api/v1/plans/:id/composite-index")
        case .apiCoverage: (.GET, "/api/v1/plans/:id/coverage")
        case .apiCells: (.GET, "/api/v1/plans/:id/cells")
        case .apiCellPlace: (.GET, "/api/v1/plans/:id/cells/:pid")
        case .apiCellsImport: (.POST, "/api/v1/plans/:id/cells/import")
        case .apiScoreSheets: (.GET, "/api/v1/score-sheets")
        case .apiSurveys: (.GET, "/api/v1/plans/:id/surveys")
        case .apiSurveyResults: (.GET, "/api/v1/plans/:id/surveys/:sid/results")
        case .apiSurveyResponses: (.POST, "/api/v1/plans/:id/surveys/:sid/responses")
        case .apiReports: (.GET, "/api/v1/plans/:id/reports")
        case .apiProblems: (.GET, "/api/v1/plans/:id/problems")
        case .notifications: (.GET, "/notifications")
        case .readNotification: (.POST, "/notifications/:nid/read")
        case .readAllNotifications: (.POST, "/notifications/read-all")
        case .notificationSettings: (.GET, "/notifications/settings")
        case .saveNotificationSettings: (.POST, "/notifications/settings")
        case .saveGroupNotificationSettings: (.POST, "/plans/:id/notification-groups")
        case .deliveryLog: (.GET, "/plans/:id/notification-log")
        case .apiMeNotifications: (.GET, "/api/v1/me/notifications")
        }
    }
}

/// How a route takes its body. `BodyLimitMiddleware` reads the limit recorded on the route and refuses a larger body
/// before reading it.
enum RouteBody: Equatable, Sendable {
    /// A page's form: collected up to `BodyLimitMiddleware.defaultLimit`.
    case form
    /// Collected up to this many bytes before the handler runs (forms with uploads).
    case collect(Int)
    /// Read by the handler itself as a stream, within this many bytes.
    case stream(Int)

    var limit: Int {
        switch self {
        case .form: BodyLimitMiddleware.defaultLimit
        case .collect(let bytes), .stream(let bytes): bytes
        }
    }
}

extension RoutesBuilder {
    /// Registers `handler` for `route` with the route's method, pattern and body limit.
    @discardableResult
    func register<Response: AsyncResponseEncodable>(_ route: SiteRoute,
                                                    use handler: @Sendable @escaping (Request) async throws -> Response) -> Route {
        switch route.body {
        case .form:
            return on(route.method, route.pattern, use: handler)
        case .collect(let bytes):
            let registered = on(route.method, route.pattern, body: .collect(maxSize: ByteCount(value: bytes)), use: handler)
            registered.userInfo[BodyLimitMiddleware.limitKey] = bytes
            return registered
        case .stream(let bytes):
            let registered = on(route.method, route.pattern, body: .stream, use: handler)
            registered.userInfo[BodyLimitMiddleware.limitKey] = bytes
            registered.userInfo[BodyLimitMiddleware.streamsKey] = true
            return registered
        }
    }
}
