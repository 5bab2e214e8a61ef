import Domain
import Foundation

/// Paths in the repository and beside it, found from this file's location.
public enum Fixtures {
    public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static var plansDirectory: String { repositoryRoot.appendingPathComponent("plans").path }
    public static var standardsDirectory: String { repositoryRoot.appendingPathComponent("standards").path }
    public static var questionnairesDirectory: String { repositoryRoot.appendingPathComponent("questionnaires").path }

    /// `shared/` beside the repository (present in every developer checkout and in CI).
    public static var seedsDirectory: URL { repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/seeds") }

    public static let seedPlanIDs = ["jiafeng-2023", "longnan-2024", "pianguan-2023", "shanting-2019", "yongchuan-2023"]

    public static func planPath(_ id: String) -> String { "\(plansDirectory)/\(id).yaml" }

    public static func plan(_ id: String) throws -> Plan { try PlanFile.load(path: planPath(id)) }

    public static func allSeedPlans() throws -> [Plan] { try seedPlanIDs.map(plan) }

    /// A temporary directory removed by the caller.
    public static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("healthcity-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes `text` to a new file in a fresh temporary directory and returns its path.
    public static func write(_ text: String, name: String = "plan.yaml") throws -> String {
        let path = try temporaryDirectory().appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
