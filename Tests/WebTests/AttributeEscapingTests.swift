import Foundation
import Testing
import TestSupport

/// Plot writes attribute values as given, without escaping them. So every attribute value in the pages goes
/// through `attr(…)` unless it cannot hold markup: a string literal, a number (`String(…)`), a `SiteURL` path
/// (its segments are percent-encoded), or a choice between literals. This test reads the page code and names
/// every other place, so a forgotten `attr(…)` fails here instead of waiting for review.
@Suite struct AttributeEscapingTests {
    /// Plot's attribute helpers whose argument ends up inside `="…"`.
    static let call = try! NSRegularExpression(
        pattern: #"\.(attribute\(named: "[^"]*", value: |(value|href|title|placeholder|alt|id|class|name|action|for|src|content)\()"#)

    /// The argument that starts at `start`: up to the comma or closing bracket at its own depth, strings skipped.
    static func argument(in line: [Character], from start: Int) -> String {
        var depth = 0, inString = false, index = start
        while index < line.count {
            let c = line[index]
            if c == "\"", index == 0 || line[index - 1] != "\\" { inString.toggle() }
            else if !inString {
                if "([{".contains(c) { depth += 1 }
                else if ")]}".contains(c) { if depth == 0 { break }; depth -= 1 }
                else if c == ",", depth == 0 { break }
            }
            index += 1
        }
        return String(line[start..<index]).trimmingCharacters(in: .whitespaces)
    }

    static func isSafe(_ argument: String) -> Bool {
        if argument.isEmpty || argument.hasPrefix("attr(") || argument.hasPrefix("String(") || argument.hasSuffix(".path") { return true }
        if argument.contains(".map { attr(") { return true }
        let patterns = [#"^"[^"\\]*"$"#, #"^[\w.?!]+ \? "[^"\\]*" : "[^"\\]*"$"#, #"^\w+:"#]
        return patterns.contains { argument.range(of: $0, options: .regularExpression) != nil }
    }

    @Test func everyAttributeValueInThePagesIsEscaped() throws {
        let web = Fixtures.repositoryRoot.appendingPathComponent("Sources/Web")
        let files = FileManager.default.enumerator(at: web, includingPropertiesForKeys: nil)!
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" && !$0.path.contains("/Charts/") }
        var unescaped: [String] = []
        var checked = 0
        for file in files {
            let source = try String(contentsOf: file, encoding: .utf8)
            guard source.contains("import Plot") else { continue }
            for (number, line) in source.components(separatedBy: "\n").enumerated() {
                let characters = Array(line)
                let text = line as NSString
                for match in Self.call.matches(in: line, range: NSRange(location: 0, length: text.length)) {
                    // Regex offsets are UTF-16; the argument is read by characters from the same point.
                    let prefix = text.substring(to: match.range.location + match.range.length)
                    let argument = Self.argument(in: characters, from: prefix.count)
                    checked += 1
                    if !Self.isSafe(argument) { unescaped.append("\(file.lastPathComponent):\(number + 1): \(argument)") }
                }
            }
        }
        #expect(checked > 300, "the check reached \(checked) attribute values")
        #expect(unescaped.isEmpty, "wrap these in attr(…): \(unescaped)")
    }
}
