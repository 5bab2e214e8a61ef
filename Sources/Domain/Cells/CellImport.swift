import Foundation

/// Resolves a region written in a register: its code, its full name path (`偏关县/新关镇/城关村`, outer
/// parts optional), or a name that only one region in scope has.
public struct RegionLookup: Sendable {
    private var byID: [UUID: Region] = [:]
    private var byCode: [String: UUID] = [:]
    private var byName: [String: [UUID]] = [:]

    public init(_ regions: [Region]) {
        for region in regions {
            byID[region.id] = region
            if let code = region.code { byCode[code] = region.id }
            byName[region.name, default: []].append(region.id)
        }
    }

    public func region(id: UUID) -> Region? { byID[id] }

    public enum Failure: Error, Equatable {
        case notFound, ambiguous(Int)
    }

    public func resolve(_ text: String) -> Result<Region, Failure> {
        let folded = PlanText.fold(text).trimmingCharacters(in: .whitespaces)
        if let id = byCode[folded], let region = byID[id] { return .success(region) }
        let parts = folded.split(whereSeparator: { $0 == "/" || $0 == "／" || $0 == ">" }).map {
            $0.trimmingCharacters(in: .whitespaces)
        }.filter { !$0.isEmpty }
        guard let last = parts.last else { return .failure(.notFound) }
        let candidates = (byName[last] ?? []).compactMap { byID[$0] }.filter { matches(parts.dropLast(), above: $0) }
        if candidates.count == 1 { return .success(candidates[0]) }
        return .failure(candidates.isEmpty ? .notFound : .ambiguous(candidates.count))
    }

    /// Whether the written outer names appear, in order, among the region's ancestors.
    private func matches(_ outer: ArraySlice<String>, above region: Region) -> Bool {
        var wanted = Array(outer)
        var current = region.parentID.flatMap { byID[$0] }
        while let r = current, let next = wanted.last {
            if r.name == next || r.code == next { wanted.removeLast() }
            current = r.parentID.flatMap { byID[$0] }
        }
        return wanted.isEmpty
    }

    /// The region and every ancestor known to the lookup, innermost first.
    public func chain(from id: UUID) -> [UUID] {
        var result: [UUID] = []
        var current = byID[id]
        while let r = current, result.count < 16 {
            result.append(r.id)
            current = r.parentID.flatMap { byID[$0] }
        }
        return result
    }
}

/// One checked row of a register.
public struct CellRow: Sendable, Equatable {
    public var line: Int
    public var cell: String
    public var subkind: String?
    public var name: String
    public var code: String?
    public var regionID: UUID
    public var eligible: Bool
    public var status: CellStatus
    public var certifiedOn: LocalDate?
    public var contact: String?

    public var identity: String { code ?? name }
}

/// Reads the header of a register and checks each row against it: the columns of `cells import`.
public struct CellRowReader: Sendable {
    public enum Column: String, CaseIterable, Sendable {
        case type, name, region, subkind, eligible, status, certifiedOn = "certified_on", code, contact
    }

    static let headerNames: [String: Column] = {
        var names: [String: Column] = [:]
        for column in Column.allCases { names[column.rawValue] = column }
        let chinese: [String: Column] = [
            "类型": .type, "细胞类型": .type, "名称": .name, "单位名称": .name, "户主": .name, "地区": .region, "所在地区": .region,
            "行政区划": .region, "子类": .subkind, "类别": .subkind, "是否纳入": .eligible, "纳入统计": .eligible, "应创建": .eligible,
            "状态": .status, "创建状态": .status, "命名日期": .certifiedOn, "certifiedon": .certifiedOn, "certified on": .certifiedOn,
            "编码": .code, "代码": .code, "户号": .code, "统一社会信用代码": .code, "联系人": .contact, "联系方式": .contact,
        ]
        names.merge(chinese) { a, _ in a }
        return names
    }()

    public let file: String
    public let columns: [Column: Int]
    public let lookup: RegionLookup
    public let extraTypes: [String: String]
    /// Today in China: a certification date after it is refused.
    public let today: LocalDate?

    /// Checks the header: every required column must be there.
    public init(header: TableRow, file: String, lookup: RegionLookup, extraTypes: [String: String], today: LocalDate?)
        throws(InputRejected) {
        self.file = file; self.lookup = lookup; self.extraTypes = extraTypes; self.today = today
        columns = TableFile.columns(of: header, names: Self.headerNames)
        let missing = [Column.type, .name, .region].filter { columns[$0] == nil }
        var issues = columns.isEmpty ? [] : TableFile.unknownColumns(
            of: header, names: Self.headerNames, file: file,
            expected: Column.allCases.map(\.rawValue).joined(separator: ", ") + "（或对应的中文列名）")
        if !missing.isEmpty {
            issues.insert(InputIssue(SourceLocation(file: file, line: header.line),
                                     "缺少列：\(missing.map(\.rawValue).joined(separator: "、"))（表头应为 type, name, region, subkind, eligible, status, certified_on）"), at: 0)
        }
        if !issues.isEmpty { throw InputRejected(issues) }
    }

    /// The row checked, or every problem in it, each naming the column.
    public func read(_ row: TableRow) -> Result<CellRow, InputRejected> {
        var issues: [InputIssue] = []
        func value(_ column: Column) -> String { row.cell(columns[column]) }
        func fail(_ column: Column, _ message: String) {
            let index = columns[column]
            issues.append(InputIssue(SourceLocation(file: file, line: row.line, column: index.map { $0 + 1 },
                                                    field: FieldPath([.key(column.rawValue)])), message))
        }
        let typeText = value(.type)
        let cell = CellKinds.type(typeText, extra: extraTypes)
        if typeText.isEmpty { fail(.type, "类型为空") }
        else if cell == nil {
            fail(.type, "未知的细胞类型「\(typeText)」：应为 community, village, family, hospital, school, agency, enterprise 或方案中列出的类型"
                 + (extraTypes.isEmpty ? "" : "（\(extraTypes.keys.sorted().joined(separator: ", "))）"))
        }
        let name = value(.name)
        if name.isEmpty { fail(.name, "名称为空") } else if name.count > 200 { fail(.name, "名称超过 200 字") }
        var region: Region?
        let regionText = value(.region)
        if regionText.isEmpty { fail(.region, "地区为空") } else {
            switch lookup.resolve(regionText) {
            case .success(let r): region = r
            case .failure(.notFound): fail(.region, "找不到地区「\(regionText)」：请写区划代码或完整名称路径，如「偏关县/新关镇」")
            case .failure(.ambiguous(let n)): fail(.region, "地区「\(regionText)」有 \(n) 个同名区划，请写完整路径或代码")
            }
        }
        var subkind: String?
        let subkindText = value(.subkind)
        if !subkindText.isEmpty, let cell {
            if let known = CellKinds.subkind(subkindText, of: cell) { subkind = known }
            else if CellKinds.subkinds[cell] != nil {
                let names = CellKinds.subkinds[cell]!.map { "\($0.slug)（\($0.name)）" }.joined(separator: "、")
                fail(.subkind, "「\(subkindText)」不是\(CellKinds.name(of: cell, extra: extraTypes))的子类：可用 \(names)")
            } else { subkind = subkindText }
        }
        var eligible = cell.map { CellKinds.eligibleByDefault(cell: $0, subkind: subkind) } ?? true
        let eligibleText = value(.eligible).lowercased()
        if !eligibleText.isEmpty {
            switch eligibleText {
            case "true", "1", "yes", "y", "是", "纳入", "√": eligible = true
            case "false", "0", "no", "n", "否", "不纳入", "×": eligible = false
            default: fail(.eligible, "「\(value(.eligible))」应为 true 或 false（是/否）")
            }
        }
        var status = CellStatus.none
        let statusText = value(.status)
        if !statusText.isEmpty {
            if let s = CellStatus(text: statusText) { status = s }
            else { fail(.status, "未知状态「\(statusText)」：应为 none, applied, preliminary, onsite, certified, revoked 或 未申报/申报/初评/现场评审/命名/摘牌") }
        }
        var certifiedOn: LocalDate?
        let dateText = value(.certifiedOn)
        if !dateText.isEmpty {
            if let date = Self.date(dateText) {
                if let today, today < date { fail(.certifiedOn, "命名日期 \(date.iso) 晚于今天") } else { certifiedOn = date }
            } else { fail(.certifiedOn, "「\(dateText)」不是日期：应写成 2024-05-31") }
        }
        if status == .certified && certifiedOn == nil && dateText.isEmpty { fail(.certifiedOn, "状态为命名，但没有命名日期") }
        if status != .certified && status != .revoked && certifiedOn != nil {
            fail(.certifiedOn, "状态为\(status.chineseName)，不应有命名日期")
        }
        let code = value(.code)
        let contact = value(.contact)
        guard issues.isEmpty, let cell, let region else { return .failure(InputRejected(issues)) }
        return .success(CellRow(line: row.line, cell: cell, subkind: subkind, name: name, code: code.isEmpty ? nil : code,
                                regionID: region.id, eligible: eligible, status: status, certifiedOn: certifiedOn,
                                contact: contact.isEmpty ? nil : contact))
    }

    /// 2024-05-31, 2024/5/31, 2024.5.31 or 2024年5月31日.
    public static func date(_ text: String) -> LocalDate? {
        let t = PlanText.fold(text).trimmingCharacters(in: .whitespaces)
        let parts = t.split(whereSeparator: { "-/.年月日".contains($0) }).map(String.init)
        guard parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]), y > 1900 else { return nil }
        return LocalDate(year: y, month: m, day: d)
    }
}
