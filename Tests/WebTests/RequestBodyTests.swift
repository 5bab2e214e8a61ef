import Domain
import Foundation
import NIOCore
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
}
