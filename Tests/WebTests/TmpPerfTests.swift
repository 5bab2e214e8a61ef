import Domain
import Foundation
import Testing
import TestSupport
import VaporTesting
@testable import Web

@Suite struct TmpPerfTests {
    @Test(arguments: [0, 1])
    func entryWithEvidence(mb: Int) async throws {
        try await withTestSite(plans: ["pianguan-2023"]) { site in
            let office = try await site.browser("office")
            let start = Date()
            let res = try await site.postMultipart("/plans/pianguan-2023/indicators/entry",
                fields: [("unit", ""), ("period", "2023"), ("region", site.placeID), ("value.HC38", "30"), ("action", "save")],
                files: [("evidence.HC38", "big.bin", Data(count: max(mb << 20, 1000)))], as: office)
            print("PERF", mb, "MB status", res.status.code, Date().timeIntervalSince(start), "s", res.body.string.prefix(200))
        }
    }
}
