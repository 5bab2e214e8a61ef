import Core
import Domain
import Foundation
import NIOCore
import Persistence
import Testing
import TestSupport
import VaporTesting
@testable import Web

/// The smaller defects of issue 15, each with the request that showed it.
@Suite struct SmallDefectTests {
    static let plan = "pianguan-2023"
    static let base = "/plans/pianguan-2023"
    static let gif = Data("GIF89a".utf8) + Data(repeating: 3, count: 40)

    /// A signed responsibility agreement downloads from the link on the commitments page (it answered 400 缺少参数 sha).
    @Test func signedAgreementsDownload() async throws {
        try await withTestSite(plans: [Self.plan]) { site in
            RunningMonthTests.at("2023-06-20", site)
            let office = try await site.browser("office")
            let signed = try await site.postMultipart("\(Self.base)/commitments/agreements",
                                                      fields: [("unit", "县卫体局"), ("signedOn", "2023-05-01")],
                                                      files: [("file", "责任状.pdf", RunningMonthTests.pdf)], as: office)
            #expect(signed.status == .seeOther)
            let link = SiteURL.agreementFile(plan: Self.plan, unit: "县卫体局").path
            #expect(try await site.page("\(Self.base)/commitments", as: office).contains("href=\"\(link)\""))
            for role in ["office", "leader", "liaison"] {
                let download = try await site.get(link, as: try await site.browser(role))
                #expect(download.status == .ok, "\(role): \(download.body.string.prefix(200))")
                #expect(Data(download.body.readableBytesView) == RunningMonthTests.pdf)
                #expect(download.headers.contentType == .pdf)
                #expect(download.headers.first(name: .contentDisposition)?.hasPrefix("attachment") == true)
            }
            #expect(try await site.get(SiteURL.agreementFile(plan: Self.plan, unit: "县财政局").path, as: office).status == .notFound)
        }
    }

    /// A picture uploaded as `a.html` is kept and downloaded as `a.gif`, an attachment of type image/gif.
    @Test func attachmentsAreNamedAfterWhatTheyAre() async throws {
        try await withTestSite(plans: [Self.plan]) { site in
            RunningMonthTests.at("2023-06-20", site)
            let liaison = try await site.browser("liaison")
            let submitted = try await site.postMultipart("\(Self.base)/reports/县卫体局/2023-06", fields: [
                ("workDone", "开展健康讲座 2 场"), ("action", "submit"),
            ], files: [("attachments", "a.html", Self.gif)], as: liaison)
            #expect(submitted.status == .seeOther, "\(submitted.body.string.prefix(300))")
            let report = try #require(try await FluentRunningStore(database: site.app.db).records(MonthlyReport.self, planID: Self.plan).first)
            #expect(report.value.attachments.map(\.fileName) == ["a.gif"])
            let gif = try #require(report.value.attachments.first)
            let download = try await site.get("\(Self.base)/reports/县卫体局/2023-06/files/\(gif.sha256)", as: liaison)
            #expect(download.status == .ok)
            #expect(download.headers.contentType == .gif)
            let disposition = try #require(download.headers.first(name: .contentDisposition))
            #expect(disposition.hasPrefix("attachment") && disposition.contains("a.gif") && !disposition.contains("html"))
            #expect(download.headers.first(name: "X-Content-Type-Options") == "nosniff")

            #expect(EvidenceUpload.fileName("照片", kind: "image/png") == "照片.png")
            #expect(EvidenceUpload.fileName("说明.jpg", kind: "application/pdf") == "说明.pdf")
            #expect(EvidenceUpload.fileName("报告.docx", kind: "application/zip") == "报告.docx")
            #expect(EvidenceUpload.fileName("报告.exe", kind: "application/zip") == "报告.zip")
            #expect(EvidenceUpload.fileName("photo.JPEG", kind: "image/jpeg") == "photo.JPEG")
            #expect(EvidenceUpload.fileName(".html", kind: "image/png").hasSuffix(".png"))
        }
    }

    /// A region that is not one of the programme's — unknown, another programme's, malformed or missing — is refused
    /// naming the field, on the entry form and through the API; nothing is filed under the county instead.
    @Test func indicatorEntryRefusesARegionOutsideTheProgramme() async throws {
        try await withTestSite(plans: [Self.plan, "longnan-2024"]) { site in
            let office = try await site.browser("office")
            let longnan = try #require(try await FluentRegionStore(database: site.app.db).programmeScope(planID: "longnan-2024"))
            let foreign = try #require(longnan.regionPath.last)
            for region in [UUID().uuidString, foreign.uuidString, "新关镇'--", ""] {
                let res = try await site.postMultipart("\(Self.base)/indicators/entry",
                                                       fields: [("unit", ""), ("period", "2023"), ("region", region),
                                                                ("value.HC38", "30"), ("action", "save")], as: office)
                #expect(res.status == .unprocessableEntity, "\(region)")
                #expect(res.body.string.contains("地区："), "\(region)")
            }
            for period in ["20x3", "1999", ""] {
                let res = try await site.postMultipart("\(Self.base)/indicators/entry",
                                                       fields: [("unit", ""), ("period", period), ("region", site.placeID),
                                                                ("value.HC38", "30"), ("action", "save")], as: office)
                #expect(res.status == .unprocessableEntity && res.body.string.contains("期间："), "\(period)")
            }
            #expect(try await site.observations().isEmpty, "nothing filed under the county")
            let township = try #require(site.regions["新关镇"]).uuidString
            let ok = try await site.postMultipart("\(Self.base)/indicators/entry",
                                                  fields: [("unit", ""), ("period", "2023"), ("region", township),
                                                           ("value.HC38", "30"), ("action", "save")], as: office)
            #expect(ok.status == .ok)
            #expect(try await site.observations().map(\.regionID) == [site.regions["新关镇"]])

            let writer = try await site.issueToken(submitsData: true)
            for region in ["龙南市", foreign.uuidString, site.placeID, "{}"] {
                let body = #"{"observations": [{"region": "\#(region)", "indicator": "HC38", "period": "2022", "value": 30}]}"#
                let res = try await site.api(.POST, SiteURL.apiObservations(Self.plan).path, token: writer, body: body)
                #expect(res.status == .unprocessableEntity, "\(region)")
                #expect(res.body.string.contains(#""field":"region""#), "\(region): \(res.body.string)")
            }
            #expect(try await site.observations().count == 1)
        }
    }

    /// Unreadable JSON is answered 422 with the documented issues, each naming the position or the field in Chinese,
    /// never Swift's DecodingError.
    @Test func invalidJSONIsAnsweredWithIssues() async throws {
        try await withTestSite(plans: [Self.plan]) { site in
            let writer = try await site.issueToken(submitsData: true)
            let path = SiteURL.apiObservations(Self.plan).path
            let cases: [(body: String, field: String?, line: Int?, text: String)] = [
                (#"{"observations": "none"}"#, "observations", nil, "列表"),
                ("{\n  \"observations\": [\n    {\"region\": 偏关县}]}", nil, 3, "第 3 行第 16 列"),
                (#"{"observations": [{"region": "偏关县", "indicator": "HC38", "period": "2023", "value": "三十"}]}"#,
                 "observations[0].value", nil, "数字"),
                (#"{"observations": [{"indicator": "HC38", "period": "2023", "value": 30}]}"#, "observations[0].region", nil,
                 "缺少必填字段「region」"),
                (#"{"state": "done", "observations": []}"#, "state", nil, "无法识别"),
                (#"{"observations": [{"region": "偏关县""#, nil, 1, "提前结束"),
                ("", nil, nil, "请求体为空"),
            ]
            for (body, field, line, text) in cases {
                let res = try await site.api(.POST, path, token: writer, body: body)
                #expect(res.status == .unprocessableEntity, "\(body)")
                let reply = try #require(try JSONSerialization.jsonObject(with: Data(res.body.readableBytesView)) as? [String: Any],
                                         "\(res.body.string)")
                let issue = try #require((reply["issues"] as? [[String: Any]])?.first, "\(body)")
                #expect(issue["file"] as? String == "observations")
                #expect(issue["field"] as? String == field, "\(body): \(issue)")
                #expect(issue["line"] as? Int == line, "\(body): \(issue)")
                #expect((issue["message"] as? String)?.contains(text) == true, "\(body): \(issue)")
                #expect(!res.body.string.contains("DecodingError") && !res.body.string.contains("typeMismatch"))
            }
            #expect(try await site.observations().isEmpty)
        }
    }

    /// `?month=` that is not a month of the programme is a 400 in Chinese, on the page and the API.
    @Test func aMonthThatIsNotOneIsRefused() async throws {
        try await withTestSite(plans: [Self.plan]) { site in
            RunningMonthTests.at("2023-06-20", site)
            let office = try await site.browser("office")
            for (month, text) in [("garbage", "不是月份"), ("2023-13", "不是月份"), ("1999-01", "不在方案期间")] {
                let page = try await site.get("\(Self.base)/reports?month=\(month)", as: office)
                #expect(page.status == .badRequest, "\(month)")
                #expect(page.body.string.contains(text), "\(month)")
                let api = try await site.get("/api/v1\(Self.base)/reports?month=\(month)", as: office)
                #expect(api.status == .badRequest, "\(month)")
                #expect(api.body.string.contains(text), "\(month): \(api.body.string)")
            }
            #expect(try await site.get("\(Self.base)/reports?month=2023-06", as: office).status == .ok)
            #expect(try await site.get("\(Self.base)/reports", as: office).status == .ok)
            #expect(try await site.get("/api/v1\(Self.base)/reports", as: office).status == .ok)
        }
    }

    /// An account that must change its temporary password uses nothing else, the API included, until it has.
    @Test func aTemporaryPasswordKeepsTheAPIClosed() async throws {
        try await withTestSite(plans: [Self.plan]) { site in
            let account = try #require(site.accounts["liaison"])
            let temporary = try await AccountService.resetPassword(account, actor: nil, in: site.app.appCore, hash: { try Bcrypt.hash($0, cost: 4) })
            let login = try await site.post("/login", ["username": "liaison", "password": temporary], as: nil, csrf: "t",
                                            cookies: [Cookies.loginCSRF: "t"])
            let cookie = try #require(login.headers.setCookie?[Cookies.session]?.string)
            let browser = TestBrowser(cookie: cookie, csrf: "")
            for path in ["/api/v1/me", "/api/v1/plans/\(Self.plan)", "/api/v1/plans/\(Self.plan)/observations"] {
                let res = try await site.get(path, as: browser)
                #expect(res.status == .forbidden, "\(path)")
                #expect(res.body.string.contains("临时密码"), "\(path)")
            }
            #expect(try await site.get("/api/v1/openapi.json", as: browser).status == .ok, "the description stays readable")
            #expect(try await site.get("/plans/\(Self.plan)", as: browser).headers.first(name: .location) == SiteURL.changePassword.path)
        }
    }
}
