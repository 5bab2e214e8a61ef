import Domain
import Fluent
import Foundation

/// Townships and villages edited one at a time in the browser, and an import previewed before it is kept.
extension FluentRegionStore {
    public func edit(_ edit: RegionEdit, underPlan planID: String) async throws -> Region {
        try await database.transaction { tx in
            let store = FluentRegionStore(database: tx)
            let inScope = try await store.regions(underPlan: planID)
            guard let place = inScope.first else {
                throw Self.rejected("region", "这个方案的地区尚未登记")
            }
            let byID = Dictionary(uniqueKeysWithValues: inScope.map { ($0.id, $0) })
            let editable: Set<RegionLevel> = [.township, .town, .village]
            switch edit {
            case let .update(id, name, code):
                guard let region = byID[id], editable.contains(region.level) else {
                    throw Self.rejected("region", "这个区划不在「\(place.name)」之内，或不是乡镇（街道）、村（社区），不能在这里修改")
                }
                let (name, code) = try await Self.checked(name: name, code: code, parentID: region.parentID, except: id, on: tx)
                guard let record = try await RegionRecord.find(id, on: tx) else { throw Self.rejected("region", "没有这个区划") }
                record.name = name
                record.code = code
                try await record.save(on: tx)
                return Self.region(record)
            case let .add(parentID, name, code):
                guard let parent = byID[parentID] else {
                    throw Self.rejected("parent", "上级不在「\(place.name)」之内：只能在本方案的地区内增加乡镇（街道）和村（社区）")
                }
                let level: RegionLevel
                switch parent.level {
                case .township, .town: level = .village
                case .village: throw Self.rejected("parent", "村（社区）「\(parent.name)」之下不能再增加区划")
                default: level = .township
                }
                let (name, code) = try await Self.checked(name: name, code: code, parentID: parentID, except: nil, on: tx)
                let record = RegionRecord(id: UUID(), code: code, name: name, level: level.rawValue, parentID: parentID)
                try await record.create(on: tx)
                return Self.region(record)
            }
        }
    }

    public func previewImport(_ rows: [RegionRow], file: String, under planID: String) async throws -> RegionImportResult {
        /// Thrown after a successful import so that the transaction rolls it back.
        struct Rollback: Error { var result: RegionImportResult }
        do {
            try await database.transaction { tx in
                // The same import, in this transaction: the same checks and the same counts, then undone.
                throw Rollback(result: try await FluentRegionStore(database: tx).importRegions(rows, file: file, under: planID))
            }
        } catch let rollback as Rollback {
            return rollback.result
        }
        return RegionImportResult(added: 0, updated: 0)
    }

    /// The name trimmed and required, the code digits only and unused by another region, the name unused by a sibling.
    private static func checked(name: String, code: String?, parentID: UUID?, except id: UUID?, on db: any Database) async throws
        -> (String, String?) {
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        let code = code?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfBlank
        var issues: [InputIssue] = []
        func fail(_ field: String, _ message: String) { issues.append(InputIssue(SourceLocation(file: "区划", field: [.key(field)]), message)) }
        if name.isEmpty { fail("name", "请填写名称") }
        if name.count > 40 { fail("name", "名称不能超过 40 个字符") }
        if let code, !code.allSatisfy({ $0.isASCII && $0.isNumber }) || code.count > 12 {
            fail("code", "区划代码「\(code)」只能是不超过 12 位的数字")
        }
        if issues.isEmpty, let code,
           let other = try await RegionRecord.query(on: db).filter(\.$code == code).first(), other.id != id {
            fail("code", "区划代码 \(code) 已是「\(other.name)」的代码")
        }
        if issues.isEmpty {
            let siblings = RegionRecord.query(on: db).filter(\.$name == name)
            if let parentID { siblings.filter(\.$parent.$id == parentID) } else { siblings.filter(\.$parent.$id == nil) }
            if let other = try await siblings.first(), other.id != id {
                fail("name", "同一上级下已有「\(other.name)」")
            }
        }
        if !issues.isEmpty { throw InputRejected(issues) }
        return (name, code)
    }

    private static func rejected(_ field: String, _ message: String) -> InputRejected {
        InputRejected([InputIssue(SourceLocation(file: "区划", field: [.key(field)]), message)])
    }
}

private extension String {
    var nilIfBlank: String? { isEmpty ? nil : self }
}
