@testable import Domain
import Foundation
import Testing
import TestSupport

@Test func dumpIndicatorsTmp() throws {
    guard ProcessInfo.processInfo.environment["DUMPIND"] != nil else { return }
    for id in Fixtures.seedPlanIDs {
        let expected = try Fixtures.plan(id)
        let draft = try PlanImportSeedTests.importSeed(of: expected)
        print("== \(id)")
        for i in draft.plan.indicators where i.target != nil || i.text != nil {
            let e = expected.indicators.first { $0.code == i.code }
            print("GOT \(i.code) [\(i.name)] target=\(i.target ?? "-") text=\(i.text ?? "-")")
            print("EXP \(e?.code ?? "MISSING") [\(e?.name ?? "")] target=\(e?.target ?? "-") text=\(e?.text ?? "-")")
        }
        for e in expected.indicators where e.hasTarget && !draft.plan.indicators.contains(where: { $0.code == e.code && ($0.target != nil || $0.text != nil) }) {
            print("NOTGOT \(e.code) [\(e.name)] target=\(e.target ?? "-") text=\(e.text ?? "-")")
        }
    }
}

@Test func dumpPhrasesTmp() throws {
    guard ProcessInfo.processInfo.environment["DUMPIND"] != nil else { return }
    for id in Fixtures.seedPlanIDs {
        for i in try Fixtures.plan(id).indicators where i.text != nil {
            let got = TargetPhrases.expression(for: i.text!)?.description
            print("PHR \(got == i.target ? "OK " : got == nil ? "nil" : "BAD") \(i.code) \(i.text!) => \(got ?? "-") | \(i.target ?? "-")")
        }
    }
}
