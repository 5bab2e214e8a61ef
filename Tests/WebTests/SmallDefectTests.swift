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
}
