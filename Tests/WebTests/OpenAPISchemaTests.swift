import Foundation
import Testing

/// The schema checker the OpenAPI conformance test relies on: each rule refuses what it should.
@Suite struct OpenAPISchemaTests {
    static let document = """
    {"components": {"schemas": {
      "Kind": {"type": "string", "enum": ["school", "family"]},
      "Place": {"type": "object", "required": ["id", "name"], "additionalProperties": false, "properties": {
        "id": {"type": "string", "format": "uuid"},
        "name": {"type": "string", "maxLength": 4},
        "kind": {"$ref": "#/components/schemas/Kind"},
        "certifiedOn": {"type": "string", "format": "date", "nullable": true},
        "size": {"type": ["integer", "null"], "minimum": 0},
        "tags": {"type": "array", "items": {"type": "string"}}
      }},
      "Open": {"type": "object", "additionalProperties": {"type": "integer"}},
      "Listed": {"type": "object", "properties": {"a": {"type": "boolean"}}},
      "Both": {"allOf": [{"$ref": "#/components/schemas/Listed"}, {"type": "object", "properties": {"b": {"type": "number"}}}]},
      "Either": {"oneOf": [{"type": "string"}, {"type": "integer"}]}
    }}}
    """

    static let checker = OpenAPISchema(document: try! JSONValue.parse(Data(document.utf8)))

    func problems(_ json: String, _ name: String) throws -> [String] {
        Self.checker.problems(try JSONValue.parse(Data(json.utf8)), .object(["$ref": .string("#/components/schemas/\(name)")]))
    }

    static let place = #""id": "6f1c1a43-2b1e-4c51-9a77-0e0b6f4c2d11", "name": "小学""#

    @Test func aConformingValuePasses() throws {
        #expect(try problems("{\(Self.place), \"kind\": \"school\", \"certifiedOn\": null, \"size\": 3, \"tags\": [\"a\"]}", "Place") == [])
        #expect(try problems("{\(Self.place), \"certifiedOn\": \"2024-05-01\", \"size\": null}", "Place") == [])
        #expect(try problems(#"{"x": 1, "y": 2}"#, "Open") == [])
        #expect(try problems(#"{"a": true, "b": 2.5}"#, "Both") == [], "allOf branches document each other's keys")
        #expect(try problems(#""text""#, "Either") == [] && problems("7", "Either") == [])
    }

    @Test func aWrongTypeIsRefused() throws {
        #expect(try problems(#"{"id": 7, "name": "小学"}"#, "Place").contains { $0.hasPrefix("$.id: 类型应为 string") })
        #expect(try problems("{\(Self.place), \"size\": 2.5}", "Place").contains { $0.hasPrefix("$.size: 类型应为") })
        #expect(try problems("{\(Self.place), \"tags\": [\"a\", 1]}", "Place").contains { $0.hasPrefix("$.tags[1]") })
        #expect(try problems(#"{"a": 1}"#, "Listed").contains { $0.hasPrefix("$.a: 类型应为 boolean") }, "1 is no boolean")
        #expect(try problems("[]", "Place").count == 1)
        #expect(try problems("true", "Either").count == 1)
    }

    @Test func aMissingRequiredKeyIsRefused() throws {
        #expect(try problems(#"{"id": "6f1c1a43-2b1e-4c51-9a77-0e0b6f4c2d11"}"#, "Place") == ["$: 缺少必填字段 name"])
    }

    @Test func anUndocumentedKeyIsRefused() throws {
        #expect(try problems("{\(Self.place), \"extra\": 1}", "Place") == ["$: 文档中没有字段 extra"])
        #expect(try problems(#"{"x": "one"}"#, "Open").contains { $0.hasPrefix("$.x: 类型应为 integer") })
        #expect(try problems(#"{"a": true, "c": 1}"#, "Both").contains("$: 文档中没有字段 c"))
        var open = Self.checker
        open.closedObjects = false
        #expect(open.problems(try JSONValue.parse(Data(#"{"a": true, "c": 1}"#.utf8)), try #require(open.resolve("#/components/schemas/Listed"))) == [],
                "open when asked")
    }

    @Test func aValueOutsideTheEnumIsRefused() throws {
        #expect(try problems("{\(Self.place), \"kind\": \"hospital\"}", "Place").contains { $0.hasPrefix("$.kind: ") && $0.contains("不在枚举") })
    }

    @Test func formatsLimitsAndReferencesAreChecked() throws {
        #expect(try problems(#"{"id": "not-a-uuid", "name": "小学"}"#, "Place").contains { $0.contains("不是 uuid") })
        #expect(try problems("{\(Self.place), \"certifiedOn\": \"2024/05/01\"}", "Place").contains { $0.contains("不是 date") })
        #expect(try problems(#"{"id": "6f1c1a43-2b1e-4c51-9a77-0e0b6f4c2d11", "name": "很长的名字"}"#, "Place").contains { $0.contains("长度超过 4") })
        #expect(try problems("{\(Self.place), \"size\": -1}", "Place").contains { $0.contains("小于 0") })
        #expect(try problems("{}", "Missing") == ["$: 文档中没有 #/components/schemas/Missing"])
    }
}
