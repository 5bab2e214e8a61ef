import Foundation

/// Readers the project did not write (python-docx, openpyxl, Python's zipfile), run by the tests that check
/// generated files the way other software opens them. Tests skip them when they are not installed, unless
/// HEALTHCITY_REQUIRE_READERS is set (as on CI): then a missing reader fails.
public enum PythonReaders {
    public static let isRequired = ProcessInfo.processInfo.environment["HEALTHCITY_REQUIRE_READERS"] != nil

    /// Tests/Readers, where the reader scripts live.
    public static let directory = Fixtures.repositoryRoot.appendingPathComponent("Tests/Readers")

    /// Whether python3 can import every module named (e.g. "docx", "openpyxl").
    public static func canImport(_ modules: String...) -> Bool {
        (try? python(["-c", "import " + modules.joined(separator: ", ")]).status) == 0
    }

    /// Runs python3 with `arguments`; returns its exit status, standard output and standard error.
    public static func python(_ arguments: [String]) throws -> (status: Int32, output: Data, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Read before waiting: a full pipe would otherwise block the child for ever.
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, outputData, String(decoding: errorData, as: UTF8.self))
    }
}
