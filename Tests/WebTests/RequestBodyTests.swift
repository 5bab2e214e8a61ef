import Domain
import Foundation
import NIOCore
import Persistence
import Testing
import TestSupport
import VaporTesting
@testable import Web

/// Bodies are limited per route before anything reads them, and far more tightly for someone not signed in.
@Suite struct RequestBodyTests {
    static let plan = "pianguan-2023"

    /// A multipart body of `size` bytes whose CSRF field comes last, as a hostile client would send it.
    static func hostileMultipart(size: Int) -> (body: ByteBuffer, contentType: String) {
        let boundary = "----hostile"
        var body = ByteBuffer()
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\n")
        body.writeRepeatingByte(0x41, count: size)
        body.writeString("\r\n--\(boundary)\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nx\r\n--\(boundary)--\r\n")
        return (body, "multipart/form-data; boundary=\(boundary)")
    }

    @Test func withoutASessionABodyOverSixtyFourKilobytesIsRefusedUnread() async throws {
        try await withTestSite(plans: [Self.plan]) { site in
            for path in ["/login", "/imports", "/plans/\(Self.plan)/indicators/import", "/api/v1/plan-drafts"] {
                let (body, type) = Self.hostileMultipart(size: 15 << 20)
                let res = try await site.app.testing().sendRequest(.POST, path, headers: ["Content-Type": type], body: body)
                #expect(res.status == .payloadTooLarge, "\(path): \(res.status)")
                #expect(res.body.string.contains("请先登录"), "\(path)")
            }
            // The sign-in form itself still works: a small body passes the limit (and fails only its own checks).
            let small = try await site.post("/login", ["username": "office", "password": "wrong"], as: nil)
            #expect(small.status != .payloadTooLarge)
        }
    }

    @Test func aDeclaredLengthOverTheRoutesLimitIsRefusedBeforeReading() async throws {
        try await withTestSite(plans: [Self.plan]) { site in
            let office = try await site.browser("office")
            // A form without an upload of its own takes at most 1 MB.
            let (body, type) = Self.hostileMultipart(size: 2 << 20)
            var headers: HTTPHeaders = ["Content-Type": type]
            headers.add(name: .cookie, value: "\(Cookies.session)=\(office.cookie)")
            let contact = try await site.app.testing().sendRequest(.POST, "/plans/\(Self.plan)/units/县卫体局/contact",
                                                                   headers: headers, body: body)
            #expect(contact.status == .payloadTooLarge)
            #expect(contact.body.string.contains("超过 1 MB"))
            // An import route takes its own larger limit, and no more.
            let (large, largeType) = Self.hostileMultipart(size: IndicatorController.uploadBodyLimit + 1)
            var importHeaders: HTTPHeaders = ["Content-Type": largeType]
            importHeaders.add(name: .cookie, value: "\(Cookies.session)=\(office.cookie)")
            let refused = try await site.app.testing().sendRequest(.POST, "/plans/\(Self.plan)/indicators/import",
                                                                   headers: importHeaders, body: large)
            #expect(refused.status == .payloadTooLarge)
        }
    }

    @Test func theCSRFTokenIsLookedForOnlyAtTheStartOfALargeUpload() async throws {
        try await withTestSite(plans: [Self.plan]) { site in
            let office = try await site.browser("office")
            // The right token, but after 2 MB of file: refused without parsing the body to find it.
            let boundary = "----late"
            var body = ByteBuffer()
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\n")
            body.writeRepeatingByte(0x41, count: 2 << 20)
            body.writeString("\r\n--\(boundary)\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n\(office.csrf)\r\n--\(boundary)--\r\n")
            var headers: HTTPHeaders = ["Content-Type": "multipart/form-data; boundary=\(boundary)"]
            headers.add(name: .cookie, value: "\(Cookies.session)=\(office.cookie)")
            let res = try await site.app.testing().sendRequest(.POST, "/plans/\(Self.plan)/indicators/import", headers: headers, body: body)
            #expect(res.status == .forbidden)
            #expect(res.body.string.contains("表单已过期"))
        }
    }

    @Test func readingADocumentIsForThoseWhoMayImport() async throws {
        try await withTestSite(plans: [Self.plan]) { site in
            let reader = try await site.issueToken(submitsData: false)
            let res = try await site.api(.POST, "/api/v1/plan-drafts?fileName=a.txt", token: reader, body: "某县健康县区建设实施方案",
                                         contentType: "text/plain")
            #expect(res.status == .forbidden)
        }
    }

    /// While four offices upload 19 MB plan documents at once — read on the parsing pool — the liveness check and a
    /// signed-in page still answer promptly. (Before the pool, two such uploads held every page for over 30 s.)
    /// The bound is generous on purpose: this shows the pages are not queued behind the uploads, not how fast
    /// they are (bench/RESULTS.md has the figures).
    @Test(.timeLimit(.minutes(8))) func livezAnswersWhileFourLargeUploadsReachesARunningServer() async throws {
        try await withTestSite(plans: [Self.plan]) { site in
            let office = try await site.browser("office")
            let port = Int.random(in: 20_000..<60_000)
            try await site.app.server.start(address: .hostname("127.0.0.1", port: port))
            defer { Task { await site.app.server.shutdown() } }
            let base = "http://127.0.0.1:\(port)"
            let line = "第一条 各乡镇（街道）要建立健康细胞工作台账，每月报送进展。\n"
            let document = String(repeating: line, count: (19 << 20) / line.utf8.count)
            let boundary = "----upload"
            var body = ByteBuffer()
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n\(office.csrf)\r\n")
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"方案.txt\"\r\n\r\n")
            body.writeString(document)
            body.writeString("\r\n--\(boundary)--\r\n")
            let upload = body
            let client = site.app.client
            let uploads = (0..<4).map { _ in
                Task {
                    try await client.post(URI(string: "\(base)/imports")) { request in
                        request.headers.contentType = HTTPMediaType(type: "multipart", subType: "form-data", parameters: ["boundary": boundary])
                        request.headers.add(name: .cookie, value: "\(Cookies.session)=\(office.cookie)")
                        request.body = upload
                    }.status
                }
            }
            // Let the bodies arrive and the reading start.
            try await Task.sleep(for: .seconds(2))
            for path in ["/livez", "/plans"] {
                let started = ContinuousClock.now
                let response = try await client.get(URI(string: base + path)) { request in
                    request.headers.add(name: .cookie, value: "\(Cookies.session)=\(office.cookie)")
                }
                let waited = ContinuousClock.now - started
                #expect(response.status == .ok, "\(path)")
                #expect(waited < .seconds(10), "\(path) took \(waited) while the uploads were read")
            }
            for upload in uploads { _ = try? await upload.value }
        }
    }

    /// A field chosen with several files keeps every one (a repeated part name once kept only the last).
    @Test func everyFileOfAMultipleFieldIsKept() async throws {
        try await withTestSite(plans: [Self.plan]) { site in
            let instant = ISO8601DateFormatter().date(from: "2023-06-20T10:00:00+08:00")!
            site.app.clock = { instant }
            let liaison = try await site.browser("liaison")
            let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 1, count: 64))
            let pdf = Data("%PDF-1.4\n% 第二个\n".utf8)
            let res = try await site.postMultipart("/plans/\(Self.plan)/reports/县卫体局/2023-06", fields: [
                ("workDone", "两个附件"), ("action", "save"),
            ], files: [("attachments", "照片.png", png), ("attachments", "说明;第二份.pdf", pdf)], as: liaison)
            #expect(res.status == .seeOther, "\(res.body.string.prefix(300))")
            let report = try #require(try await FluentRunningStore(database: site.app.db).records(MonthlyReport.self, planID: Self.plan).first)
            #expect(report.value.attachments.map(\.fileName).sorted() == ["照片.png", "说明;第二份.pdf"])
        }
    }

    @Test func dispositionParametersReadQuotesAndEncodedNames() {
        let plain = MultipartFields.dispositionParameters(#"form-data; name="a"; filename="x; \"y\".png""#)
        #expect(plain["name"] == "a" && plain["filename"] == #"x; "y".png"#)
        let encoded = MultipartFields.dispositionParameters("form-data; name=f; filename*=UTF-8''%E7%85%A7%E7%89%87.png")
        #expect(encoded["name"] == "f" && encoded["filename*"].flatMap(MultipartFields.extendedValue) == "照片.png")
    }
}
