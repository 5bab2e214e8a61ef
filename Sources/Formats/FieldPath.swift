/// A path to a value in a plan, such as `tasks[3].responsible[1]`.
public struct FieldPath: Hashable, Sendable, CustomStringConvertible, ExpressibleByArrayLiteral {
    public enum Component: Hashable, Sendable, ExpressibleByStringLiteral {
        case key(String)
        case index(Int)

        public init(stringLiteral value: String) { self = .key(value) }
    }

    public var components: [Component]

    public init(_ components: [Component]) { self.components = components }
    public init(arrayLiteral elements: Component...) { self.components = elements }

    public static let root = FieldPath([])

    public func key(_ name: String) -> FieldPath { FieldPath(components + [.key(name)]) }
    public func index(_ i: Int) -> FieldPath { FieldPath(components + [.index(i)]) }

    public var description: String {
        var out = ""
        for component in components {
            switch component {
            case .key(let name): out += out.isEmpty ? name : ".\(name)"
            case .index(let i): out += "[\(i)]"
            }
        }
        return out.isEmpty ? "(根)" : out
    }

    /// The path of a Codable error: integer keys are list positions.
    public init(codingPath: [CodingKey]) {
        components = codingPath.map { key in
            if let i = key.intValue { return .index(i) }
            // Some decoders name list positions "Index N".
            if key.stringValue.hasPrefix("Index "), let i = Int(key.stringValue.dropFirst(6)) { return .index(i) }
            return .key(key.stringValue)
        }
    }
}

/// Where a problem is: file, line and field. Line and column are 1-based, when known.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var column: Int?
    public var field: FieldPath?

    public init(file: String, line: Int? = nil, column: Int? = nil, field: FieldPath? = nil) {
        self.file = file; self.line = line; self.column = column; self.field = field
    }

    public var description: String {
        var out = file
        if let line { out += ":\(line)" }
        if let column { out += ":\(column)" }
        if let field { out += ": \(field)" }
        return out
    }
}

/// One thing wrong with an input, with where it is.
public struct InputIssue: Error, Hashable, Sendable, CustomStringConvertible {
    public var location: SourceLocation
    public var message: String

    public init(_ location: SourceLocation, _ message: String) {
        self.location = location; self.message = message
    }

    public var description: String { "\(location): \(message)" }
}

/// Every issue found in one input; nothing was changed because of it.
public struct InputRejected: Error, Sendable, CustomStringConvertible {
    public var issues: [InputIssue]

    public init(_ issues: [InputIssue]) { self.issues = issues }

    public var description: String { issues.map(\.description).joined(separator: "\n") }
}
