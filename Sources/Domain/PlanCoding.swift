import Foundation

// Codable for the plan model. Decoding is strict (unknown keys are errors, so a misspelt key cannot
// silently drop data: `YAMLFile` checks each mapping against its type's `CaseIterable` coding keys) and
// lenient about absent lists (an absent list is empty). Encoding writes the canonical view: every key of
// plan-format.md, absent optionals and empty added lists left out.

/// A coding key for any string, used to list every key a mapping really has.
struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { self.stringValue = String(intValue); self.intValue = intValue }
}

extension Decoder {
    /// Throws when the mapping being decoded has a key that `Keys` does not declare.
    func rejectUnknownKeys<Keys: CodingKey & CaseIterable>(_ keys: Keys.Type) throws {
        let known = Set(Keys.allCases.map(\.stringValue))
        let container = try container(keyedBy: AnyCodingKey.self)
        for key in container.allKeys where !known.contains(key.stringValue) {
            let allowed = Keys.allCases.map(\.stringValue).joined(separator: ", ")
            throw DecodingError.dataCorrupted(.init(
                codingPath: codingPath + [key],
                debugDescription: "未知字段「\(key.stringValue)」；此处可用的字段：\(allowed)"))
        }
    }
}

extension KeyedDecodingContainer {
    func list<T: Decodable>(_ key: Key) throws -> [T] {
        try decodeIfPresent([T].self, forKey: key) ?? []
    }

    func optional<T: Decodable>(_ key: Key) throws -> T? {
        try decodeIfPresent(T.self, forKey: key)
    }

    /// A required, non-blank string.
    func text(_ key: Key) throws -> String {
        let value = try decode(String.self, forKey: key)
        guard !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "不能为空")
        }
        return value
    }
}

extension KeyedEncodingContainer {
    mutating func encodeUnlessEmpty<T: Encodable>(_ values: [T], forKey key: Key) throws {
        if !values.isEmpty { try encode(values, forKey: key) }
    }
}

/// A string enum whose decoding error lists the allowed values.
public protocol StrictEnum: RawRepresentable<String>, CaseIterable, Codable {}

extension StrictEnum {
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let raw = try container.decode(String.self)
        guard let value = Self(rawValue: raw) else {
            let allowed = Self.allCases.map(\.rawValue).joined(separator: " | ")
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "「\(raw)」不是可用的取值；可用：\(allowed)")
        }
        self = value
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
