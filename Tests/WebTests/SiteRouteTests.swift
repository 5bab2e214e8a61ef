import Foundation
import Testing
import VaporTesting
@testable import Web

/// The route table both ways: what the application registers is exactly the table, and every link printed from
/// `SiteURL` reaches its own route with its values intact.
@Suite struct SiteRouteTests {
    @Test func theApplicationRegistersExactlyTheTableWithItsBodyLimits() async throws {
        try await withTestSite(plans: ["pianguan-2023"]) { site in
            var registered: [SiteRoute: Int] = [:]
            for route in site.app.routes.all {
                let matches = SiteRoute.allCases.filter {
                    $0.method == route.method && $0.pattern.map(\.description) == route.path.map(\.description)
                }
                #expect(matches.count == 1, "\(route.method) /\(route.path.string) is registered but not in SiteRoute")
                guard let entry = matches.first else { continue }
                registered[entry, default: 0] += 1
                #expect(BodyLimitMiddleware.limit(of: route) == entry.body.limit, "\(entry)")
                #expect((route.userInfo[BodyLimitMiddleware.streamsKey] != nil) == entry.body.streams, "\(entry)")
            }
            for entry in SiteRoute.allCases {
                #expect(registered[entry] == 1, "\(entry) is registered \(registered[entry] ?? 0) times")
            }
        }
    }

    @Test func everyLinkReachesItsOwnRouteWithItsValues() throws {
        let router = TrieRouter(SiteRoute.self)
        for entry in SiteRoute.allCases {
            router.register(entry, at: [.constant(entry.method.rawValue)] + entry.pattern)
        }
        #expect(!SiteURL.examples.isEmpty)
        for url in SiteURL.examples {
            let (route, values, _) = url.parts
            // Split as Vapor's responder does, from the percent-encoded path.
            let segments = URI(string: url.path).path.split(separator: "/").map(String.init)
            var parameters = Parameters()
            let reached = router.route(path: [route.method.rawValue] + segments, parameters: &parameters)
            #expect(reached == route, "\(url.path) reaches \(reached.map { "\($0)" } ?? "nothing"), not \(route)")
            let names = route.pattern.compactMap { component -> String? in
                if case .parameter(let name) = component { name } else { nil }
            }
            #expect(names.map { parameters.get($0) } == values, "\(url.path)")
        }
    }

    @Test func everyRouteHasALinkOrSharesTheAddressOfOne() {
        for entry in SiteRoute.allCases {
            if let url = entry.example {
                #expect(url.route == entry, "the example for \(entry) is a link to \(url.route)")
            } else {
                // A form's target at its page's own address: the page's link prints the address.
                #expect(entry.method != .GET, "\(entry) is a page without a link")
                #expect(SiteRoute.allCases.contains { $0 != entry && $0.example != nil && $0.pattern == entry.pattern },
                        "nothing links to \(entry)'s address")
            }
        }
    }

    @Test func uploadLimitsAreTheDocumentedOnes() {
        let megabyte = 1 << 20
        // A 20 MB plan document with its form around it; the API's draft is the document alone, streamed.
        #expect(SiteRoute.uploadImport.body == .collect(21 * megabyte))
        #expect(SiteRoute.apiPlanDrafts.body == .stream(20 * megabyte))
        // A 20 MB table with its form.
        #expect(SiteRoute.importIndicators.body == .collect(21 * megabyte))
        #expect(SiteRoute.importSurveyResponses.body == .collect(21 * megabyte))
        // Evidence attachments: several photos and scans at once.
        #expect(SiteRoute.saveCellAssessment.body == .collect(64 * megabyte))
        #expect(SiteRoute.saveMonthlyReport.body == .collect(64 * megabyte))
        // A form without an upload.
        #expect(SiteRoute.unitContact.body.limit == megabyte)
        for entry in SiteRoute.allCases where entry.method == .GET {
            #expect(entry.body == .form, "\(entry) is a GET that takes an upload")
        }
    }
}

extension RouteBody {
    var streams: Bool { if case .stream = self { true } else { false } }
}

extension SiteURL {
    /// A link of every kind, one per route that has a link of its own.
    static var examples: [SiteURL] { SiteRoute.allCases.compactMap(\.example) }
}

extension SiteRoute {
    /// A sample link to this route, with values that need escaping where a name may hold any character; nil for a
    /// form's target that shares its page's address. The switch must name every route, so a new route needs one.
    var example: SiteURL? {
        let plan = "pianguan-2023", unit = "县卫体局/办公室", id = UUID(uuidString: "6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f")!
        let sha = String(repeating: "ab", count: 32)
        switch self {
        case .home: return .home
        case .planList: return .planList
        case .plan: return .plan(plan)
        case .dashboard: return .dashboard(plan)
        case .dashboardCSV: return .dashboardCSV(plan)
        case .chart: return .chart(plan: plan, name: "tasks-by-phase")
        case .planUnits: return .planUnits(plan)
        case .openUnitAccounts: return .openUnitAccounts(plan)
        case .unit: return .unit(plan: plan, name: unit)
        case .unitCSV: return .unitCSV(plan: plan, name: unit)
        case .unitContact: return .unitContact(plan: plan, name: unit)
        case .region: return .region(plan: plan, id: id)
        case .search: return .search("健康 村&镇")
        case .stylesheet: return .stylesheet
        case .script: return .script
        case .health: return .health
        case .live: return .live
        case .loginForm: return .login(next: "/plans/\(plan)?year=2024")
        case .logout: return .logout
        case .changePasswordForm: return .changePassword
        case .users: return .users
        case .newUser: return .newUser
        case .user: return .user(id)
        case .resetPassword: return .resetPassword(id)
        case .tokens: return .tokens
        case .revokeToken: return .revokeToken(id)
        case .auditLog: return .auditLog(plan: plan, page: 2)
        case .settings: return .settings
        case .imports: return .imports
        case .newImport: return .newImport
        case .importFromTemplate: return .importFromTemplate
        case .planImport: return .planImport(id)
        case .savePlanImport: return .savePlanImport(id)
        case .discardPlanImport: return .discardPlanImport(id)
        case .indicators: return .indicators(plan, year: 2024)
        case .indicatorBoardXLSX: return .indicatorBoardXLSX(plan)
        case .indicatorEntry: return .indicatorEntry(plan, unit: unit, period: "2024", region: id)
        case .indicatorReview: return .indicatorReview(plan)
        case .indicatorImport: return .indicatorImport(plan)
        case .indicatorReferences: return .indicatorReferences(plan)
        case .indicatorSettings: return .indicatorSettings(plan)
        case .compositeIndex: return .compositeIndex(plan, year: nil)
        case .indicator: return .indicator(plan: plan, code: "HC01")
        case .observation: return .observation(plan: plan, id: id)
        case .observationEvidence: return .observationEvidence(plan: plan, id: id)
        case .cells: return .cells(plan)
        case .coverageXLSX: return .coverageXLSX(plan)
        case .cellRegister: return .cellRegister(plan, cell: "健康村", status: "named", region: id, text: "一 二", page: 3)
        case .newCellPlace: return .newCellPlace(plan)
        case .cellPlace: return .cellPlace(plan: plan, id: id)
        case .cellPlaceEdit: return .cellPlaceEdit(plan: plan, id: id)
        case .cellPlaceTransition: return .cellPlaceTransition(plan: plan, id: id)
        case .cellAssess: return .cellAssess(plan: plan, id: id)
        case .cellAssessment: return .cellAssessment(plan: plan, id: id)
        case .cellDecide: return .cellDecide(plan: plan, id: id)
        case .cellEvidence: return .cellEvidence(plan: plan, assessment: id, sha256: sha)
        case .cellReview: return .cellReview(plan)
        case .cellBatch: return .cellBatch(plan, region: id, cell: "健康村")
        case .cellImport: return .cellImport(plan)
        case .cellImportJob: return .cellImportJob(plan: plan, job: id)
        case .cellImportProgress: return .cellImportProgress(plan: plan, job: id)
        case .scoreSheet: return .scoreSheet(plan: plan, sheet: "健康 村")
        case .cellTownship: return .cellTownship(plan: plan, region: id)
        case .regionCoverage: return .regionCoverage(id)
        case .surveys: return .surveys(plan)
        case .newSurvey: return .newSurvey(plan)
        case .survey: return .survey(plan: plan, id: id)
        case .surveySettings: return .surveySettings(plan: plan, id: id)
        case .surveyForm: return .surveyForm(plan: plan, id: id)
        case .surveyResponses: return .surveyResponses(plan: plan, id: id)
        case .surveyDeleteResponse: return .surveyDeleteResponse(plan: plan, id: id, response: id)
        case .surveyImport: return .surveyImport(plan: plan, id: id)
        case .surveyResults: return .surveyResults(plan: plan, id: id)
        case .surveyResultsXLSX: return .surveyResultsXLSX(plan: plan, id: id)
        case .surveyRespondentsXLSX: return .surveyRespondentsXLSX(plan: plan, id: id)
        case .surveyPublish: return .surveyPublish(plan: plan, id: id)
        case .monthlyReports: return .monthlyReports(plan, month: "2024-03")
        case .monthlySummary: return .monthlySummary(plan, month: "2024-03")
        case .monthlyReport: return .monthlyReport(plan: plan, unit: unit, month: "2024-03")
        case .monthlyReportReturn: return .monthlyReportReturn(plan: plan, unit: unit, month: "2024-03")
        case .monthlyReportFile: return .monthlyReportFile(plan: plan, unit: unit, month: "2024-03", sha256: sha)
        case .inspections: return .inspections(plan)
        case .newInspection: return .newInspection(plan)
        case .inspection: return .inspection(plan: plan, id: id)
        case .circular: return .circular(plan: plan, id: id)
        case .problemAction: return .problemAction(plan: plan, id: id, action: "rectify")
        case .problemFile: return .problemFile(plan: plan, id: id, sha256: sha)
        case .dossier: return .dossier(plan)
        case .dossierZip: return .dossierZip(plan)
        case .dossierEvidence: return .dossierEvidence(plan)
        case .tasks: return .tasks(plan, unit: unit)
        case .taskRecord: return .taskRecord(plan: plan, part: "7.2", unit: unit)
        case .taskFile: return .taskFile(plan: plan, part: "7", unit: unit, sha256: sha)
        case .activities: return .activities(plan, year: 2024)
        case .activityFile: return .activityFile(plan: plan, id: id, sha256: sha)
        case .beneficiaryTarget: return .beneficiaryTarget(plan)
        case .policies: return .policies(plan)
        case .policy: return .policy(plan: plan, id: id)
        case .policyStep: return .policyStep(plan: plan, id: id, step: "review")
        case .commitments: return .commitments(plan)
        case .agreements: return .agreements(plan)
        case .agreementFile: return .agreementFile(plan: plan, unit: unit)
        case .budgetLines: return .budgetLines(plan)
        case .budgetSpending: return .budgetSpending(plan: plan, id: id)
        case .openAPI: return .openAPI
        case .apiPlans: return .apiPlans
        case .apiPlan: return .apiPlan(plan)
        case .apiPlanUnits: return .apiPlanUnits(plan)
        case .apiPlanUnit: return .apiPlanUnit(plan: plan, name: unit)
        case .apiPlanRegions: return .apiPlanRegions(plan)
        case .apiDashboard: return .apiDashboard(plan)
        case .apiMe: return .apiMe
        case .apiMeTodo: return .apiMeTodo
        case .notifications: return .notifications(notice: "已全部标为已读")
        case .readNotification: return .readNotification(id)
        case .readAllNotifications: return .readAllNotifications
        case .notificationSettings: return .notificationSettings(notice: nil)
        case .saveNotificationSettings: return nil
        case .saveGroupNotificationSettings: return .saveGroupNotificationSettings(plan)
        case .deliveryLog: return .deliveryLog(plan, status: "failed")
        case .apiMeNotifications: return .apiMeNotifications
        case .apiSearch: return .apiSearch
        case .apiPlanDrafts: return .apiPlanDrafts(fileName: "实施方案 2024.docx")
        case .apiEvaluation: return .apiEvaluation(plan, year: 2024)
        case .apiIndicators: return .apiIndicators(plan)
        case .apiObservations: return .apiObservations(plan)
        case .apiObservationsImport: return .apiObservationsImport(plan)
        case .apiCompositeIndex: return .apiCompositeIndex(plan, year: 2024)
        case .apiCoverage: return .apiCoverage(plan)
        case .apiCells: return .apiCells(plan)
        case .apiCellPlace: return .apiCellPlace(plan: plan, id: id)
        case .apiCellsImport: return .apiCellsImport(plan)
        case .apiScoreSheets: return .apiScoreSheets
        case .apiSurveys: return .apiSurveys(plan)
        case .apiSurveyResults: return .apiSurveyResults(plan: plan, id: id)
        case .apiSurveyResponses: return .apiSurveyResponses(plan: plan, id: id)
        case .apiReports: return .apiReports(plan)
        case .apiProblems: return .apiProblems(plan)
        case .planEdit: return .planEdit(plan)
        case .savePlanSchedule: return .savePlanSchedule(plan)
        case .savePlanUnits: return .savePlanUnits(plan)
        case .addTownshipUnits: return .addTownshipUnits(plan)
        case .planItemAction: return .planItemAction(plan: plan, kind: "unit", key: unit)
        case .planTaskEdit: return .planTaskEdit(plan: plan, task: "12")
        case .savePlanTask: return nil
        case .savePlanYAML: return .savePlanYAML(plan)
        case .planHistory: return .planHistory(plan, from: 1, to: 3)
        case .restorePlanRevision: return .restorePlanRevision(plan: plan, revision: 2)
        case .apiPlanTasks: return .apiPlanTasks(plan)
        case .meetings: return .meetings(plan)
        case .meeting: return .meeting(plan: plan, id: id)
        case .meetingNotice: return .meetingNotice(plan: plan, id: id)
        case .meetingAttendance: return .meetingAttendance(plan: plan, id: id)
        case .meetingMinutes: return .meetingMinutes(plan: plan, id: id)
        case .meetingDecisionTask: return .meetingDecisionTask(plan: plan, id: id, decision: 2)
        case .meetingNoticeDocx: return .meetingNoticeDocx(plan: plan, id: id)
        case .meetingMinutesDocx: return .meetingMinutesDocx(plan: plan, id: id)
        case .meetingFile: return .meetingFile(plan: plan, id: id, sha256: sha)
        case .trainings: return .trainings(plan, year: 2024)
        case .training: return .training(plan: plan, id: id)
        case .trainingFile: return .trainingFile(plan: plan, id: id, sha256: sha)
        case .apiMeetings: return .apiMeetings(plan)
        case .apiTrainings: return .apiTrainings(plan)
        case .createMeeting, .addTraining, .saveTraining: return nil
        case .regionPlans: return .regionPlans
        case .regionAdmin: return .regionAdmin(plan)
        case .saveRegion: return .saveRegion(plan: plan, id: id)
        case .previewRegionImport: return .previewRegionImport(plan)
        case .confirmRegionImport: return .confirmRegionImport(plan)
        case .network: return .network(plan)
        case .networkXLSX: return .networkXLSX(plan)
        case .addNetworkMember: return .addNetworkMember(plan: plan, kind: "staff")
        case .networkMember: return .networkMember(plan: plan, kind: "experts", id: id)
        case .fileNetwork: return .fileNetwork(plan)
        case .apiNetwork: return .apiNetwork(plan)
        case .addRegion, .saveNetworkMember: return nil
        case .login, .changePassword, .createUser, .updateUser, .issueToken, .saveSettings, .uploadImport,
             .correctPlanImport, .saveIndicatorEntry, .reviewIndicators, .importIndicators, .saveIndicatorReference,
             .saveIndicatorSettings, .transitionObservation, .addCellPlace, .saveCellAssessment, .saveCellBatch,
             .startCellImport, .createSurvey, .saveSurveySettings, .saveSurveyResponse, .importSurveyResponses,
             .saveMonthlyReport, .createInspection, .addActivity, .registerPolicy, .apiRecordObservations:
            return nil
        }
    }
}
