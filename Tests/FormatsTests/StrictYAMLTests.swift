@testable import Formats
import Foundation
import Testing

/// The strict YAML loader: unknown keys refused against the type's own coding keys, at their line and path.
@Suite struct StrictYAMLTests {
    struct Task: Decodable, Equatable {
        enum CodingKeys: String, CodingKey, CaseIterable { case title, units }
        var title: String
        var units: [String: Int]?
    }

    struct Document: Decodable, Equatable {
        enum CodingKeys: String, CodingKey, CaseIterable { case id, tasks }
        var id: String
        var tasks: [Task]
    }

    func issues(_ text: String) -> [String] {
        do {
            _ = try YAMLFile.decode(Document.self, from: text, file: "d.yaml")
            return []
        } catch {
            return error.issues.map(\.description)
        }
    }

    @Test func aKnownDocumentDecodesAndAMappingOfAnyKeysStaysOpen() throws {
        let (document, _) = try YAMLFile.decode(Document.self, from: "id: a\ntasks:\n  - title: 甲\n    units: {卫健局: 1, 教育局: 2}\n",
                                                file: "d.yaml")
        #expect(document == Document(id: "a", tasks: [Task(title: "甲", units: ["卫健局": 1, "教育局": 2])]))
    }

    @Test func anUnknownKeyIsNamedByItsPathLineAndTheKeysAllowed() {
        let text = "id: a\ntasks:\n  - title: 甲\n  - title: 乙\n    tilte: 丙\n"
        #expect(issues(text) == ["d.yaml:5:12: tasks[1].tilte: 未知字段「tilte」；此处可用的字段：title, units"])
    }

    @Test func theOuterMappingIsCheckedBeforeItsFieldsAreDecoded() {
        // `tasks` is missing too, but the misspelt key is what the author needs to see.
        #expect(issues("id: a\ntask: []\n") == ["d.yaml:2:1: task: 未知字段「task」；此处可用的字段：id, tasks"])
    }

    @Test func typeErrorsReadAsYamsWouldReportThem() {
        #expect(issues("id: a\ntasks: 3\n") == ["d.yaml:2:8: tasks: 类型不对：此处应为映射（键: 值）"])
        #expect(issues("id: a\ntasks:\n  - title: [x]\n") == ["d.yaml:3:5: tasks[0].title: 类型不对：此处应为映射（键: 值）"])
    }
}
