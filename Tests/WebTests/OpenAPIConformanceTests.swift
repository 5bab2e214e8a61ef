import Core
import Domain
import Foundation
import Persistence
import Testing
import TestSupport
import VaporTesting
@testable import Web

/// The API and its document cannot drift: every operation in openapi.json is exercised here with a real request,
/// and every answer is held to the document (see `OpenAPIConformance`). A new operation fails this test until
/// it has an example; an example of a route the document lacks fails it too.
@Suite struct OpenAPIConformanceTests {
    static let plan = "pianguan-2023"
    static let api = "/api/v1/plans/pianguan-2023"

    @Test func everyOperationIsExercisedAndAnswersAsDocumented() async throws {
        try await withTestSite(plans: [Self.plan, "longnan-2024"]) { site in
            var check = try await OpenAPIConformance(site: site)
            let admin = OpenAPIConformance.Caller.browser(try await site.browser("admin"))
            let office = OpenAPIConformance.Caller.browser(try await site.browser("office"))
            let reader = OpenAPIConformance.Caller.token(try await site.issueToken(submitsData: false))
            let writer = OpenAPIConformance.Caller.token(try await site.issueToken(submitsData: true))
            let system = OpenAPIConformance.Caller.token(
                try await TokenIssuer.issue(name: "对接系统", planID: nil, actor: try #require(site.accounts["admin"]).principal, in: site.app.appCore))
            let surveyID = try await SurveyWebTests.createSurvey(site, as: try await site.browser("office")).uuidString.lowercased()

            // The document, the caller, the search and the programmes.
            try await check.send(.GET, "/api/v1/openapi.json", as: .anonymous, expect: .ok)
            try await check.send(.GET, "/api/v1/me", as: reader, expect: .ok)
            try await check.send(.GET, "/api/v1/me", as: admin, expect: .ok)
            try await check.send(.GET, "/api/v1/me/todo", as: office, expect: .ok)
            try await check.send(.GET, "/api/v1/me/todo", as: reader, expect: .ok)
            try await check.send(.GET, "/api/v1/me/todo", as: .anonymous, expect: .unauthorized)
            let officeAccount = try #require(site.accounts["office"])
            try await NotificationQueue.enqueue(PlannedNotification(
                recipient: NotifiedAccount(id: officeAccount.id, name: officeAccount.displayName, role: .office, planID: Self.plan, unit: nil),
                kind: .escalation, title: "逾期督办：县卫体局 月报", body: "已逾期 7 天。", link: "/", dedupKey: "openapi:inbox"), in: site.app.appCore)
            try await check.send(.GET, "/api/v1/me/notifications", as: office, expect: .ok)
            try await check.send(.GET, "/api/v1/me/notifications", as: reader, expect: .ok)
            try await check.send(.GET, "/api/v1/me/notifications", as: .anonymous, expect: .unauthorized)
            try await check.send(.GET, "/api/v1/search?q=%E5%81%A5%E5%BA%B7", as: admin, expect: .ok)
            try await check.send(.GET, "/api/v1/plans", as: admin, expect: .ok)
            try await check.send(.GET, Self.api, as: reader, expect: .ok)
            try await check.send(.GET, "\(Self.api)/units", as: reader, expect: .ok)
            try await check.send(.GET, SiteURL.apiPlanUnit(plan: Self.plan, name: "县卫体局").path, as: reader, expect: .ok)
            try await check.send(.GET, "\(Self.api)/units/%E6%B2%A1%E6%9C%89", as: reader, expect: .notFound)
            try await check.send(.GET, "\(Self.api)/regions", as: reader, expect: .ok)
            try await check.send(.GET, "\(Self.api)/tasks", as: reader, expect: .ok)
            try await check.send(.GET, "/api/v1/plans/nowhere/tasks", as: admin, expect: .notFound)
            try await check.send(.GET, "\(Self.api)/dashboard", as: reader, expect: .ok)

            // A plan document read into a draft, and one that is not a plan.
            try await check.send(.POST, "/api/v1/plan-drafts?fileName=plan.txt", as: system, body: try ImportTests.pianguanText,
                                 contentType: "application/octet-stream", expect: .ok)
            try await check.send(.POST, "/api/v1/plan-drafts", as: system, body: "hello", contentType: "text/plain",
                                 expect: .unprocessableEntity)
            try await check.send(.POST, "/api/v1/plan-drafts?fileName=x.docx", as: system, body: "not a zip",
                                 contentType: "application/octet-stream", expect: .unprocessableEntity)
            try await check.send(.POST, "/api/v1/plan-drafts?fileName=plan.txt", as: reader, body: "某县方案",
                                 contentType: "text/plain", expect: .forbidden)

            // Figures: sent as JSON and as a table, refused whole when wrong, then read back and judged.
            let figures = #"{"observations": [{"region": "偏关县", "indicator": "HC38", "period": "2023", "value": 30},"#
                + #" {"region": "140932100", "indicator": "HC40", "period": "2023", "numerator": 35, "denominator": 100},"#
                + #" {"region": "新关镇", "indicator": "HC38", "period": "2023", "value": 30},"#
                + #" {"region": "天峰坪镇", "indicator": "HC38", "period": "2023", "value": 22},"#
                + #" {"region": "新关镇", "indicator": "HC39", "period": "2023", "value": 20},"#
                + #" {"region": "天峰坪镇", "indicator": "HC39", "period": "2023", "value": 28}]}"#
            try await check.send(.POST, "\(Self.api)/observations", as: writer, body: figures, expect: .created)
            try await check.send(.POST, "\(Self.api)/observations", as: writer,
                                 body: #"{"observations": [{"region": "火星", "indicator": "HC38", "period": "2023", "value": 130}]}"#,
                                 expect: .unprocessableEntity)
            try await check.send(.POST, "\(Self.api)/observations", as: writer, body: #"{"observations": "none"}"#,
                                 expect: .unprocessableEntity)
            try await check.send(.POST, "\(Self.api)/observations/import?fileName=t.csv", as: writer, body: IndicatorPageTests.goodCSV,
                                 contentType: "text/csv", expect: .created)
            try await check.send(.POST, "\(Self.api)/observations/import?fileName=t.csv", as: writer,
                                 body: "region,indicator,period,value\n偏关县,HC38,2023,abc\n", contentType: "text/csv",
                                 expect: .unprocessableEntity)
            // A figure the office approved is locked against a data token: refused with the other issues.
            let approved = #"{"region": "天峰坪镇", "indicator": "HC40", "period": "2022", "value": 40}"#
            try await check.send(.POST, "\(Self.api)/observations", as: office, body: #"{"state": "approved", "observations": [\#(approved)]}"#,
                                 expect: .created)
            try await check.send(.POST, "\(Self.api)/observations", as: writer, body: #"{"observations": [\#(approved)]}"#,
                                 expect: .unprocessableEntity)
            try await check.send(.POST, "\(Self.api)/observations/import", as: writer, body: "region,indicator,period,value\n天峰坪镇,HC40,2022,41\n",
                                 contentType: "text/csv", expect: .unprocessableEntity)
            try await check.send(.POST, "\(Self.api)/observations", as: writer, body: #"{"state": "returned", "observations": []}"#,
                                 expect: .badRequest)
            try await check.send(.POST, "\(Self.api)/observations/import?state=returned", as: writer, body: IndicatorPageTests.goodCSV,
                                 contentType: "text/csv", expect: .badRequest)
            try await check.send(.POST, "\(Self.api)/observations/import", as: writer, body: "", contentType: "text/csv", expect: .badRequest)
            try await check.send(.GET, "\(Self.api)/observations", as: reader, expect: .ok)
            try await check.send(.GET, "\(Self.api)/observations?region=140932100&indicator=HC40", as: reader, expect: .ok)
            try await check.send(.GET, "\(Self.api)/observations?region=nowhere", as: reader, expect: .badRequest)
            try await check.send(.GET, "\(Self.api)/indicators", as: reader, expect: .ok)
            try await check.send(.GET, "\(Self.api)/evaluation", as: reader, expect: .ok)
            try await check.send(.GET, "\(Self.api)/evaluation?year=2023", as: reader, expect: .ok)
            try await check.send(.GET, "\(Self.api)/evaluation?year=1990", as: reader, expect: .badRequest)
            try await check.send(.GET, "\(Self.api)/composite-index?year=2023", as: reader, expect: .ok)
            try await check.send(.GET, "\(Self.api)/composite-index", as: reader, expect: .badRequest)
            try await check.send(.GET, "/api/v1/plans/longnan-2024/composite-index?year=2024", as: admin, expect: .unprocessableEntity)

            // Healthy cells: the register imported by the office, listed, one place, the coverage and the sheets.
            try await check.send(.POST, "\(Self.api)/cells/import?fileName=r.csv", as: office, body: CellWebTests.registerCSV,
                                 contentType: "text/csv", expect: .created)
            try await check.send(.POST, "\(Self.api)/cells/import?fileName=r.csv", as: office,
                                 body: "type,name,region\nschool,某校,火星\n", contentType: "text/csv", expect: .unprocessableEntity)
            try await check.send(.POST, "\(Self.api)/cells/import?fileName=r.csv", as: reader, body: CellWebTests.registerCSV,
                                 contentType: "text/csv", expect: .forbidden)
            let page = try await check.send(.GET, "\(Self.api)/cells?limit=5", as: reader, expect: .ok)
            try await check.send(.GET, "\(Self.api)/cells?type=school&status=certified", as: reader, expect: .ok)
            try await check.send(.GET, "\(Self.api)/cells?status=AAA", as: reader, expect: .badRequest)
            let placeID = try #require(page?["places"]?.array?.first?["id"]?.string)
            try await check.send(.GET, "\(Self.api)/cells/\(placeID)", as: reader, expect: .ok)
            try await check.send(.GET, "\(Self.api)/cells/\(UUID().uuidString.lowercased())", as: reader, expect: .notFound)
            try await check.send(.GET, "\(Self.api)/coverage", as: reader, expect: .ok)
            try await check.send(.GET, "/api/v1/score-sheets", as: reader, expect: .ok)

            // Surveys: listed, answered (whole or not at all), their results.
            func interview(_ code: String, age: String) -> String {
                #"{"respondent":"\#(code)","township":"新关镇","answers":{"sex":"男","age":"\#(age)","residence":"城市","education":"小学","q01":"对"}}"#
            }
            let responses = "\(Self.api)/surveys/\(surveyID)/responses"
            try await check.send(.GET, "\(Self.api)/surveys", as: reader, expect: .ok)
            try await check.send(.POST, responses, as: writer, body: #"{"responses":[\#(interview("A", age: "30")),\#(interview("B", age: "60"))]}"#,
                                 expect: .ok)
            try await check.send(.POST, responses, as: writer, body: #"{"responses":[\#(interview("C", age: "200"))]}"#,
                                 expect: .unprocessableEntity)
            try await check.send(.POST, responses, as: reader, body: #"{"responses":[]}"#, expect: .forbidden)
            try await check.send(.GET, "\(Self.api)/surveys/\(surveyID)/results", as: reader, expect: .ok)
            try await check.send(.GET, "\(Self.api)/surveys/\(UUID().uuidString.lowercased())/results", as: reader, expect: .notFound)

            // Running the programme: monthly reports and problems.
            try await check.send(.GET, "\(Self.api)/reports", as: reader, expect: .ok)
            try await check.send(.GET, "\(Self.api)/reports?month=2023-06", as: reader, expect: .ok)
            try await check.send(.GET, "\(Self.api)/reports?month=June", as: reader, expect: .badRequest)
            try await check.send(.GET, "\(Self.api)/problems", as: reader, expect: .ok)
            // Meetings and trainings, with one of each stored so the answers carry every field.
            try await MeetingWebTests.seed(site)
            try await check.send(.GET, "\(Self.api)/meetings", as: reader, expect: .ok)
            try await check.send(.GET, "\(Self.api)/trainings", as: reader, expect: .ok)

            // The health-promotion network: a unit's staff member and an expert.
            _ = try await site.post("/plans/\(Self.plan)/network/staff", ["place": "unit:县卫体局", "name": "王五", "post": "专干",
                                                                          "phone": "13800138000", "employment": "fullTime"], as: try await site.browser("office"))
            _ = try await site.post("/plans/\(Self.plan)/network/experts", ["name": "张教授", "fields": "公共卫生", "employer": "县人民医院",
                                                                            "phone": "0350-1234567"], as: try await site.browser("office"))
            try await check.send(.GET, "\(Self.api)/network", as: reader, expect: .ok)

            // Each request again with no credentials, for another programme, and for no programme at all.
            for request in check.sent {
                try await check.send(request, as: .anonymous)
                if request.path.hasPrefix(Self.api) {
                    let elsewhere = "/api/v1/plans/longnan-2024" + request.path.dropFirst(Self.api.count)
                    try await check.send(.init(method: request.method, path: elsewhere, body: request.body, contentType: request.contentType),
                                         as: reader, expect: .forbidden)
                    let nowhere = "/api/v1/plans/nope" + request.path.dropFirst(Self.api.count)
                    try await check.send(.init(method: request.method, path: nowhere, body: request.body, contentType: request.contentType),
                                         as: admin, expect: .notFound)
                }
            }

            let missing = check.operations.subtracting(check.exercised).sorted()
            #expect(missing.isEmpty, "文档中的这些接口没有示例请求：\(missing)")
        }
    }

    /// The document's own consistency: every `$ref` it makes points at something it has.
    @Test func everyReferenceResolves() throws {
        let url = Fixtures.repositoryRoot.appendingPathComponent("Sources/Web/Resources/openapi.json")
        let document = try JSONValue.parse(try Data(contentsOf: url))
        let schemas = OpenAPISchema(document: document)
        func references(_ value: JSONValue) -> [String] {
            switch value {
            case .object(let members): members.flatMap { key, member in key == "$ref" ? [member.string ?? ""] : references(member) }
            case .array(let items): items.flatMap(references)
            default: []
            }
        }
        let dangling = references(document).filter { schemas.resolve($0) == nil }
        #expect(!references(document).isEmpty && dangling.isEmpty, "\(dangling)")
    }
}
