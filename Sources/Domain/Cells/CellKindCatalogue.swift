import Foundation

/// A kind of place the office names for its programme (健康商场, 健康养老机构 …) beyond the plan's cell targets.
public struct NamedCellKind: Codable, Sendable, Equatable {
    /// A lowercase slug (`mall`, `elderly-care`): what a score sheet's `cellType` and an import file name it by.
    public var slug: String
    /// The Chinese name pages show (健康商场).
    public var label: String

    public init(slug: String, label: String) { self.slug = slug; self.label = label }
}

/// The kinds the office has named for a programme, kept as one running record with revisions.
public struct OfficeCellKinds: RunningDocument {
    public var planID: String
    public var kinds: [NamedCellKind]

    public init(planID: String, kinds: [NamedCellKind] = []) { self.planID = planID; self.kinds = kinds }

    public static let key = "kinds"
    public static var kind: String { "cell-kinds" }
    public var naturalKey: String { Self.key }
    public var owner: String? { nil }
    public var stateKey: String { "" }
    public var sortDate: String? { nil }

    public var extraTypes: [String: String] { Dictionary(kinds.map { ($0.slug, $0.label) }, uniquingKeysWith: { first, _ in first }) }

    /// Adds a kind the office names by its Chinese name and, where no known kind has that name, a slug.
    /// `known`: the kinds the programme already has (slug → name). Every problem names its field.
    public func adding(label rawLabel: String, slug rawSlug: String, known: [String: String]) throws(InputRejected) -> OfficeCellKinds {
        var issues = IssueList("场所类型")
        let label = rawLabel.trimmingCharacters(in: .whitespacesAndNewlines)
        var slug = rawSlug.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        if slug.isEmpty, let suggested = CellKinds.suggestedKinds.first(where: { $0.label == label || $0.label == "健康" + label }) {
            slug = suggested.slug
        }
        if label.isEmpty { issues.add(["newKindLabel"], "请填写新类型的中文名称（如 健康商场）") }
        else if label.count > 20 || !label.contains(where: PlanText.isHan) { issues.add(["newKindLabel"], "类型名称应为 20 字以内的中文名称") }
        if slug.isEmpty {
            issues.add(["newKindSlug"], "「\(label)」不是常见类型，请填写类型标识（小写英文字母、数字和连字符，如 bookstore），评分表按它对应")
        } else if slug.range(of: #"^[a-z][a-z0-9-]{1,30}$"#, options: .regularExpression) == nil {
            issues.add(["newKindSlug"], "类型标识「\(slug)」应为小写英文字母开头，只含小写字母、数字和连字符")
        } else if slug == ScoreSheet.countyCellType {
            issues.add(["newKindSlug"], "「\(slug)」是综合评分表的标识，不能作为场所类型")
        } else if let name = known[slug] {
            issues.add(["newKindSlug"], "类型标识「\(slug)」已用于「\(name)」")
        }
        if let taken = known.first(where: { $0.value == label }) {
            issues.add(["newKindLabel"], "已有类型「\(label)」，请直接选择它（标识 \(taken.key)）")
        }
        try issues.throwIfAny()
        var result = self
        result.kinds.append(NamedCellKind(slug: slug, label: label))
        return result
    }
}

extension CellKinds {
    /// Kinds programmes name outside the standard ones, by their usual Chinese names: a label typed by the office
    /// finds its slug here, so a score sheet written for the kind matches.
    public static let suggestedKinds: [NamedCellKind] = [
        .init(slug: "mall", label: "健康商场"), .init(slug: "market", label: "健康市场"), .init(slug: "hotel", label: "健康宾馆"),
        .init(slug: "restaurant", label: "健康餐馆"), .init(slug: "scenic-spot", label: "健康景点"),
        .init(slug: "elderly-care", label: "健康养老机构"), .init(slug: "canteen", label: "健康食堂"),
    ]

    /// Every kind beyond the standard ones a programme may register (slug → name): the plan's cell targets' kinds,
    /// the kinds a score sheet is written for, and the kinds the office named. The plan's own label wins.
    public static func programmeKinds(plan: Plan, sheets: [ScoreSheet], office: [NamedCellKind]) -> [String: String] {
        var kinds = extraTypes(in: [plan])
        for sheet in sheets where CellType(rawValue: sheet.cellType) == nil && sheet.cellType != ScoreSheet.countyCellType {
            if kinds[sheet.cellType] == nil { kinds[sheet.cellType] = sheet.cellTypeName }
        }
        for kind in office where kinds[kind.slug] == nil && CellType(rawValue: kind.slug) == nil { kinds[kind.slug] = kind.label }
        return kinds
    }
}
