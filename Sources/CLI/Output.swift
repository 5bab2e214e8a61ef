import Foundation

/// Where commands write: stdout and stderr, or a buffer in tests.
public final class CLIOutput: @unchecked Sendable {
    @TaskLocal public static var current = CLIOutput()

    private let lock = NSLock()
    private let capture: Bool
    private var captured: [(error: Bool, text: String)] = []

    public init(capture: Bool = false) { self.capture = capture }

    func out(_ text: String) { write(text, error: false) }
    func err(_ text: String) { write(text, error: true) }

    private func write(_ text: String, error: Bool) {
        if capture {
            lock.withLock { captured.append((error, text)) }
        } else {
            let data = Data((text + "\n").utf8)
            (error ? FileHandle.standardError : FileHandle.standardOutput).write(data)
        }
    }

    public var standardOutput: String { lock.withLock { captured.filter { !$0.error }.map { $0.text + "\n" }.joined() } }
    public var standardError: String { lock.withLock { captured.filter { $0.error }.map { $0.text + "\n" }.joined() } }
}

extension CLIOutput {
    /// Prints a value as the commands' JSON: pretty, keys sorted, slashes as they are.
    func json<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        out(String(decoding: try encoder.encode(value), as: UTF8.self))
    }
}
