import Foundation
import Yams

/// Decodes a composed YAML tree like Yams' `YAMLDecoder`, and refuses a key the type does not know: when a type
/// opens a mapping with coding keys that list themselves (`CodingKey & CaseIterable`), every key of the mapping is
/// checked against them before anything is decoded, so a misspelt key cannot silently drop data. The error names
/// the key's path (`tasks[3].foo`) and the keys allowed there. Types keyed otherwise (a dictionary, `AnyCodingKey`)
/// take any key.
struct StrictYAMLDecoder: Decoder, SingleValueDecodingContainer {
    let node: Node
    let codingPath: [CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(node: Node, codingPath: [CodingKey] = []) { self.node = node; self.codingPath = codingPath }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard let mapping = node.mapping else { throw mismatch(Node.Mapping.self, found: node) }
        if let strict = Key.self as? any (CodingKey & CaseIterable).Type {
            let allowed = strict.names
            for key in mapping.keys {
                let name = key.string ?? ""
                guard !allowed.contains(name) else { continue }
                throw DecodingError.dataCorrupted(.init(
                    codingPath: codingPath + [NamedKey(name)],
                    debugDescription: "未知字段「\(name)」；此处可用的字段：\(allowed.joined(separator: ", "))"))
            }
        }
        return KeyedDecodingContainer(Keyed<Key>(decoder: self, mapping: mapping))
    }

    func unkeyedContainer() throws -> UnkeyedDecodingContainer {
        guard let sequence = node.sequence else { throw mismatch(Node.Sequence.self, found: node) }
        return Unkeyed(decoder: self, sequence: sequence)
    }

    func singleValueContainer() throws -> SingleValueDecodingContainer { self }

    func decodeNil() -> Bool { node.null != nil }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        guard let constructible = type as? ScalarConstructible.Type else { return try T(from: self) }
        guard case .scalar(let scalar) = node else { throw mismatch(Node.Scalar.self, found: node) }
        guard let value = constructible.construct(from: scalar) as? T else { throw mismatch(type, found: scalar) }
        return value
    }

    func child(_ node: Node, at key: CodingKey) -> StrictYAMLDecoder {
        StrictYAMLDecoder(node: node, codingPath: codingPath + [key])
    }

    private func mismatch(_ expected: Any.Type, found: Any) -> DecodingError {
        .typeMismatch(expected, .init(codingPath: codingPath,
                                      debugDescription: "Expected to decode \(expected) but found \(type(of: found)) instead."))
    }
}

private extension CaseIterable where Self: CodingKey {
    static var names: [String] { allCases.map(\.stringValue) }
}

/// A key by name or list position, for the paths of errors.
private struct NamedKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(_ name: String) { stringValue = name }
    init(stringValue: String) { self.stringValue = stringValue }
    init(intValue: Int) { stringValue = "Index \(intValue)"; self.intValue = intValue }
}

private struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: StrictYAMLDecoder
    let mapping: Node.Mapping

    var codingPath: [CodingKey] { decoder.codingPath }
    var allKeys: [Key] { mapping.keys.compactMap { $0.string.flatMap(Key.init(stringValue:)) } }
    func contains(_ key: Key) -> Bool { mapping[key.stringValue] != nil }

    func decodeNil(forKey key: Key) throws -> Bool { try child(key).decodeNil() }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try child(key).decode(type) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key)
        throws -> KeyedDecodingContainer<NestedKey> {
        try child(key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> UnkeyedDecodingContainer { try child(key).unkeyedContainer() }
    func superDecoder() throws -> Decoder { try child(NamedKey("super")) }
    func superDecoder(forKey key: Key) throws -> Decoder { try child(key) }

    private func child(_ key: CodingKey) throws -> StrictYAMLDecoder {
        guard let node = mapping[key.stringValue] else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath,
                                                       debugDescription: "No value associated with key \(key) (\"\(key.stringValue)\")."))
        }
        return decoder.child(node, at: key)
    }
}

private struct Unkeyed: UnkeyedDecodingContainer {
    let decoder: StrictYAMLDecoder
    let sequence: Node.Sequence
    var currentIndex = 0

    init(decoder: StrictYAMLDecoder, sequence: Node.Sequence) { self.decoder = decoder; self.sequence = sequence }

    var codingPath: [CodingKey] { decoder.codingPath }
    var count: Int? { sequence.count }
    var isAtEnd: Bool { currentIndex >= sequence.count }

    mutating func decodeNil() throws -> Bool { try next { $0.decodeNil() } }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next { try $0.decode(type) } }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try next { try $0.container(keyedBy: type) }
    }

    mutating func nestedUnkeyedContainer() throws -> UnkeyedDecodingContainer { try next { try $0.unkeyedContainer() } }
    mutating func superDecoder() throws -> Decoder { try next { $0 } }

    private mutating func next<T>(_ read: (StrictYAMLDecoder) throws -> T) throws -> T {
        let key = NamedKey(intValue: currentIndex)
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(T.self, .init(codingPath: codingPath + [key], debugDescription: "Unkeyed container is at end."))
        }
        let value = try read(decoder.child(sequence[currentIndex], at: key))
        currentIndex += 1
        return value
    }
}
