import Domain
import Foundation
import NIOCore
import Testing
import TestSupport
import VaporTesting
@testable import Web

@Suite struct TmpPerfTests {
    @Test(arguments: [1, 17])
    func entryWithEvidenceLive(mb: Int) async throws {
        try await withTestSite(plans: ["pianguan-2023"]) { site in
            let office = try await site.browser("office")
            let boundary = "----x"
            var body = ByteBuffer()
            for (name, value) in [("csrf", office.csrf), ("unit", ""), ("period", "2023"), ("region", site.placeID), ("value.HC38", "30"), ("action", "save")] {
                body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
            }
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"evidence.HC38\"; filename=\"big.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n")
            body.writeBytes(Data(count: mb << 20))
            body.writeString("\r\n--\(boundary)--\r\n")
            var headers: HTTPHeaders = ["Content-Type": "multipart/form-data; boundary=\(boundary)"]
            headers.add(name: .cookie, value: "\(Cookies.session)=\(office.cookie)")
            let start = Date()
            let res = try await site.app.testing(method: .running(hostname: "127.0.0.1", port: 18000 + mb)).sendRequest(.POST, "/plans/pianguan-2023/indicators/entry", headers: headers, body: body)
            print("PERF", mb, "MB status", res.status.code, Date().timeIntervalSince(start), "s", res.body.string.prefix(3000))
        }
    }
}
