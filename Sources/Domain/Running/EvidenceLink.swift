import Foundation

/// An evidence file linked to one thing it supports. The file itself is stored once by its content hash
/// (`EvidenceRef.sha256`); a file that supports several things has one link per thing, and the dossier
/// files it once under each of them.
public struct EvidenceLink: Codable, Sendable, Equatable {
    public var evidence: EvidenceRef
    public var target: EvidenceTarget
    public var note: String?
    /// The account name of the uploader.
    public var uploadedBy: String
    public var uploadedAt: Date

    public init(evidence: EvidenceRef, target: EvidenceTarget, note: String? = nil, uploadedBy: String,
                uploadedAt: Date) {
        self.evidence = evidence; self.target = target; self.note = note
        self.uploadedBy = uploadedBy; self.uploadedAt = uploadedAt
    }
}

/// What an evidence file supports.
public enum EvidenceTarget: Hashable, Sendable {
    /// An item of a score sheet, by sheet id and item id (`county-comprehensive`, `1.1`).
    case scoreItem(sheet: String, item: String)
    /// A task of the plan by its position in `Plan.tasks`: numbers repeat from section to section, so the
    /// position identifies it. `number` is the task's number when it was linked; when the task now at that
    /// position has another number the plan was re-ordered, and the link is not filed under the wrong task.
    case planTask(index: Int, number: String?)
    /// An indicator's data for a year.
    case indicator(code: String, year: Int)
    /// A healthy-cell place; the name as it was when linked (the dossier prefers the register's current one).
    case place(id: UUID, name: String)
    case activity(id: UUID, title: String)
    /// A problem of a supervision inspection (督导检查问题清单), e.g. its rectification evidence.
    case supervisionProblem(id: UUID, title: String)
    /// A member unit's monthly progress report (工作进展月报).
    case monthlyReport(unit: String, month: YearMonth)

    public enum Kind: String, CaseIterable, Sendable, Codable {
        case scoreItem, planTask, indicator, place, activity, supervisionProblem, monthlyReport

        public var chineseName: String {
            switch self {
            case .scoreItem: "评分表条目"
            case .planTask: "方案任务"
            case .indicator: "指标数据"
            case .place: "健康细胞"
            case .activity: "活动"
            case .supervisionProblem: "督导问题"
            case .monthlyReport: "工作月报"
            }
        }
    }

    public var kind: Kind {
        switch self {
        case .scoreItem: .scoreItem
        case .planTask: .planTask
        case .indicator: .indicator
        case .place: .place
        case .activity: .activity
        case .supervisionProblem: .supervisionProblem
        case .monthlyReport: .monthlyReport
        }
    }

    /// What a reader is told the file supports when nothing better is known (the builder names score items and
    /// tasks from the sheet and the plan).
    public var chineseDescription: String {
        switch self {
        case .scoreItem(let sheet, let item): "评分表 \(sheet) 第 \(item) 条"
        case .planTask(let index, let number): "方案任务第 \(index + 1) 项" + (number.map { "（编号 \($0)）" } ?? "")
        case .indicator(let code, let year): "指标 \(code) \(year)年"
        case .place(_, let name): "健康细胞 \(name)"
        case .activity(_, let title): "活动 \(title)"
        case .supervisionProblem(_, let title): "督导问题 \(title)"
        case .monthlyReport(let unit, let month): "\(unit) \(month.chineseName)工作月报"
        }
    }
}

// The stored form names its kind, so a database column or an API client can filter on it:
// {"kind": "scoreItem", "sheet": "county-comprehensive", "item": "1.1"}, {"kind": "monthlyReport", "unit": "县卫体局",
// "month": "2024-03"}.
extension EvidenceTarget: Codable {
    enum CodingKeys: String, CodingKey {
        case kind, sheet, item, index, number, code, year, id, name, title, unit, month
    }

    /// The keys each kind has besides `kind`.
    private static func keys(of kind: Kind) -> [CodingKeys] {
        switch kind {
        case .scoreItem: [.sheet, .item]
        case .planTask: [.index, .number]
        case .indicator: [.code, .year]
        case .place: [.id, .name]
        case .activity, .supervisionProblem: [.id, .title]
        case .monthlyReport: [.unit, .month]
        }
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try c.decode(Kind.self, forKey: .kind)
        // Strict like the plan model: a misspelt key is an error, not a silently missing value.
        let allowed = [CodingKeys.kind] + Self.keys(of: kind)
        let present = try decoder.container(keyedBy: AnyCodingKey.self).allKeys
        if let unknown = present.first(where: { key in !allowed.contains { $0.stringValue == key.stringValue } }) {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath + [unknown],
                debugDescription: "未知字段「\(unknown.stringValue)」；\(kind.rawValue) 可用的字段：\(allowed.map(\.stringValue).joined(separator: ", "))"))
        }
        switch kind {
        case .scoreItem: self = .scoreItem(sheet: try c.text(.sheet), item: try c.text(.item))
        case .planTask:
            let index = try c.decode(Int.self, forKey: .index)
            guard index >= 0 else {
                throw DecodingError.dataCorruptedError(forKey: .index, in: c, debugDescription: "任务序号不能为负数")
            }
            self = .planTask(index: index, number: try c.optional(.number))
        case .indicator: self = .indicator(code: try c.text(.code), year: try c.decode(Int.self, forKey: .year))
        case .place: self = .place(id: try c.decode(UUID.self, forKey: .id), name: try c.text(.name))
        case .activity: self = .activity(id: try c.decode(UUID.self, forKey: .id), title: try c.text(.title))
        case .supervisionProblem:
            self = .supervisionProblem(id: try c.decode(UUID.self, forKey: .id), title: try c.text(.title))
        case .monthlyReport: self = .monthlyReport(unit: try c.text(.unit), month: try c.decode(YearMonth.self, forKey: .month))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        switch self {
        case .scoreItem(let sheet, let item):
            try c.encode(sheet, forKey: .sheet); try c.encode(item, forKey: .item)
        case .planTask(let index, let number):
            try c.encode(index, forKey: .index); try c.encodeIfPresent(number, forKey: .number)
        case .indicator(let code, let year):
            try c.encode(code, forKey: .code); try c.encode(year, forKey: .year)
        case .place(let id, let name):
            try c.encode(id, forKey: .id); try c.encode(name, forKey: .name)
        case .activity(let id, let title), .supervisionProblem(let id, let title):
            try c.encode(id, forKey: .id); try c.encode(title, forKey: .title)
        case .monthlyReport(let unit, let month):
            try c.encode(unit, forKey: .unit); try c.encode(month, forKey: .month)
        }
    }
}
