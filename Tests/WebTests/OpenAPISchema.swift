import Foundation

/// A JSON value as decoded, keeping booleans, numbers and null apart (JSONSerialization's NSNumber does not
/// tell `true` from `1` the same way on every platform).
enum JSONValue: Decodable, Equatable, Sendable {
    case null, bool(Bool), number(Double), string(String), array([JSONValue]), object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    static func parse(_ data: Data) throws -> JSONValue { try JSONDecoder().decode(JSONValue.self, from: data) }

    subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    var string: String? { if case .string(let text) = self { text } else { nil } }
    var object: [String: JSONValue]? { if case .object(let members) = self { members } else { nil } }
    var array: [JSONValue]? { if case .array(let items) = self { items } else { nil } }
    var number: Double? { if case .number(let value) = self { value } else { nil } }
    var bool: Bool? { if case .bool(let value) = self { value } else { nil } }

    /// The JSON Schema type names this value has ("integer" is also a "number").
    var typeNames: Set<String> {
        switch self {
        case .null: ["null"]
        case .bool: ["boolean"]
        case .number(let value): value.rounded() == value ? ["number", "integer"] : ["number"]
        case .string: ["string"]
        case .array: ["array"]
        case .object: ["object"]
        }
    }
}

/// Checks JSON values against the schemas of an OpenAPI 3.0 document, for the subset of JSON Schema the
/// document uses: `$ref`, `type` (a name or a list), `nullable`, `properties`, `required`, `additionalProperties`,
/// `items`, `enum`, `format` (date, date-time, uuid; others are not checked), `pattern`, `minimum`, `maximum`,
/// `maxLength`, `allOf`, `anyOf` and `oneOf`.
///
/// OpenAPIKit was the other way: it models a document well but does not validate instances, so the checks
/// below would be written anyway; walking the raw JSON keeps them next to the schema text they read and adds no
/// package to build.
struct OpenAPISchema {
    let document: JSONValue
    /// An object schema that lists `properties` and says nothing of `additionalProperties` takes no other keys.
    /// JSON Schema's default is open; closed here so a field the server adds must be documented too.
    var closedObjects = true

    /// The problems of `value` against `schema`, each naming where in the value it is; empty when it conforms.
    func problems(_ value: JSONValue, _ schema: JSONValue, at path: String = "$") -> [String] {
        problems(value, schema, at: path, alsoAllowed: [])
    }

    /// The schema a `#/…` reference points at.
    func resolve(_ reference: String) -> JSONValue? {
        guard reference.hasPrefix("#/") else { return nil }
        var node: JSONValue? = document
        for part in reference.dropFirst(2).split(separator: "/") {
            let key = part.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            node = node?[key]
        }
        return node
    }

    /// `alsoAllowed`: property names a sibling `allOf` branch documents, so a closed branch accepts them.
    private func problems(_ value: JSONValue, _ schema: JSONValue, at path: String, alsoAllowed: Set<String>) -> [String] {
        if let reference = schema["$ref"]?.string {
            guard let target = resolve(reference) else { return ["\(path): 文档中没有 \(reference)"] }
            return problems(value, target, at: path, alsoAllowed: alsoAllowed)
        }
        if value == .null, schema["nullable"]?.bool == true { return [] }
        var found: [String] = []
        if let all = schema["allOf"]?.array {
            let names = all.reduce(into: alsoAllowed) { $0.formUnion(propertyNames($1)) }
            for branch in all { found += problems(value, branch, at: path, alsoAllowed: names) }
        }
        if let any = schema["anyOf"]?.array, !any.contains(where: { problems(value, $0, at: path, alsoAllowed: alsoAllowed).isEmpty }) {
            found.append("\(path): 不符合 anyOf 中的任何一项")
        }
        if let one = schema["oneOf"]?.array {
            let matching = one.filter { problems(value, $0, at: path, alsoAllowed: alsoAllowed).isEmpty }.count
            if matching != 1 { found.append("\(path): 符合 oneOf 中的 \(matching) 项，应恰好 1 项") }
        }
        if let types = typeNames(schema) {
            var allowed = types
            if schema["nullable"]?.bool == true { allowed.insert("null") }
            if allowed.isDisjoint(with: value.typeNames) {
                return found + ["\(path): 类型应为 \(allowed.sorted().joined(separator: "|"))，实际为 \(value.typeNames.sorted().last ?? "?")"]
            }
        }
        if let options = schema["enum"]?.array, !options.contains(value) {
            found.append("\(path): \(value) 不在枚举 \(options) 中")
        }
        switch value {
        case .object(let members): found += objectProblems(members, schema, at: path, alsoAllowed: alsoAllowed)
        case .array(let items):
            if let itemSchema = schema["items"] {
                for (index, item) in items.enumerated() { found += problems(item, itemSchema, at: "\(path)[\(index)]", alsoAllowed: []) }
            }
        case .string(let text): found += stringProblems(text, schema, at: path)
        case .number(let number):
            if let minimum = schema["minimum"]?.number, number < minimum { found.append("\(path): \(number) 小于 \(minimum)") }
            if let maximum = schema["maximum"]?.number, number > maximum { found.append("\(path): \(number) 大于 \(maximum)") }
        case .null, .bool: break
        }
        return found
    }

    private func typeNames(_ schema: JSONValue) -> Set<String>? {
        switch schema["type"] {
        case .string(let name): [name]
        case .array(let names): Set(names.compactMap(\.string))
        default: nil
        }
    }

    /// The property names a schema documents, through `$ref` and `allOf`.
    private func propertyNames(_ schema: JSONValue) -> Set<String> {
        if let reference = schema["$ref"]?.string { return resolve(reference).map(propertyNames) ?? [] }
        var names = Set(schema["properties"]?.object.map { Array($0.keys) } ?? [])
        for branch in schema["allOf"]?.array ?? [] { names.formUnion(propertyNames(branch)) }
        return names
    }

    private func objectProblems(_ members: [String: JSONValue], _ schema: JSONValue, at path: String,
                                alsoAllowed: Set<String>) -> [String] {
        var found: [String] = []
        let properties = schema["properties"]?.object ?? [:]
        for key in schema["required"]?.array?.compactMap(\.string) ?? [] where members[key] == nil {
            found.append("\(path): 缺少必填字段 \(key)")
        }
        for (key, member) in members.sorted(by: { $0.key < $1.key }) {
            if let propertySchema = properties[key] {
                found += problems(member, propertySchema, at: "\(path).\(key)", alsoAllowed: [])
                continue
            }
            if alsoAllowed.contains(key) { continue }
            switch schema["additionalProperties"] {
            case .bool(false): found.append("\(path): 文档中没有字段 \(key)")
            case .some(.object(let extra)): found += problems(member, .object(extra), at: "\(path).\(key)", alsoAllowed: [])
            case .none where closedObjects && schema["properties"] != nil:
                found.append("\(path): 文档中没有字段 \(key)")
            default: break
            }
        }
        return found
    }

    private func stringProblems(_ text: String, _ schema: JSONValue, at path: String) -> [String] {
        var found: [String] = []
        if let limit = schema["maxLength"]?.number, Double(text.unicodeScalars.count) > limit {
            found.append("\(path): 长度超过 \(Int(limit))")
        }
        if let pattern = schema["pattern"]?.string, text.range(of: pattern, options: .regularExpression) == nil {
            found.append("\(path): \"\(text)\" 不符合 \(pattern)")
        }
        let formats: [String: String] = [
            "date": #"^\d{4}-\d{2}-\d{2}$"#,
            "date-time": #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$"#,
            "uuid": #"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"#,
        ]
        if let format = schema["format"]?.string, let shape = formats[format], text.range(of: shape, options: .regularExpression) == nil {
            found.append("\(path): \"\(text)\" 不是 \(format)")
        }
        return found
    }
}
