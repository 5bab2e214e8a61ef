import Foundation
import Testing
import TestSupport

/// `healthcity survey estimate`: the interface other tools rely on, checked against samplics' numbers
/// for the same file (Tests/Fixtures/surveys, made by make_comparison.py).
@Suite struct SurveyCommandTests {
    static let fixtures = Fixtures.repositoryRoot.appendingPathComponent("Tests/Fixtures/surveys")

    static func close(_ a: Double?, _ b: Double?) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        return abs(a - b) <= 1e-6 * max(abs(b), 1e-9)
    }

    @Test func stratifiedClusteredProportionBySubgroupMatchesSamplics() async throws {
        let csv = Self.fixtures.appendingPathComponent("stratified_clustered.csv").path
        let result = await run(["survey", "estimate", csv, "--weight", "w", "--stratum", "county", "--psu", "township",
                                "--proportion", "literacy", "--by", "urban", "--json"])
        #expect(!result.failed, "\(result.err)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])
        let estimates = try #require(json["estimates"] as? [[String: Any]])
        for e in estimates {
            for key in ["variable", "domain", "estimate", "se", "ciLow", "ciHigh", "n", "deff"] { #expect(e.keys.contains(key), "\(key)") }
        }
        let expected = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: Self.fixtures.appendingPathComponent("stratified_clustered.json"))) as? [String: Any])
        let reference = try #require(expected["estimates"] as? [[String: Any]]).filter {
            $0["variable"] as? String == "literacy" && $0["ci"] as? String == "logit" && ($0["by"] as? String == "urban" || $0["by"] is NSNull)
        }
        #expect(reference.count == estimates.count)
        for want in reference {
            let domain = want["domain"] as? String
            let got = try #require(estimates.first { ($0["domain"] as? String) == domain }, "\(domain ?? "全部")")
            for key in ["estimate", "se", "ciLow", "ciHigh"] {
                #expect(Self.close(got[key] as? Double, want[key] as? Double), "\(domain ?? "全部") \(key)")
            }
            #expect(got["n"] as? Int == want["n"] as? Int)
        }
    }

    @Test func badRowsAreNamedAndNothingIsEstimated() async throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("bad.csv").path
        try "w,s,p,y\n1.5,A,1,1\n-2,A,1,0\n,B,2,1\n2,B,2,7\n".write(toFile: path, atomically: true, encoding: .utf8)
        let result = await run(["survey", "estimate", path, "--weight", "w", "--stratum", "s", "--psu", "p", "--proportion", "y", "--json"])
        #expect(result.failed)
        #expect(result.out.isEmpty)
        #expect(result.err.contains("bad.csv:3") && result.err.contains("bad.csv:4") && result.err.contains("bad.csv:5"))
    }
}
