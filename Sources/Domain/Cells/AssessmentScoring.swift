import Foundation

/// What an assessor entered for one item: points, a count (counted items), or pass/fail
/// (zero-point veto items), plus an optional note. A struct of optionals rather than an enum so
/// the stored JSON stays flat: `{"points": 7.5, "note": "…"}`.
public struct ItemEntry: Equatable, Sendable, Codable {
    public var points: Decimal?
    public var count: Int?
    public var passed: Bool?
    public var note: String?

    public init(points: Decimal? = nil, count: Int? = nil, passed: Bool? = nil, note: String? = nil) {
        self.points = points; self.count = count; self.passed = passed; self.note = note
    }

    public static func points(_ value: Decimal, note: String? = nil) -> ItemEntry { ItemEntry(points: value, note: note) }
    public static func count(_ value: Int, note: String? = nil) -> ItemEntry { ItemEntry(count: value, note: note) }
    public static func passed(_ value: Bool, note: String? = nil) -> ItemEntry { ItemEntry(passed: value, note: note) }

    /// Nothing but (perhaps) a note: the item counts as not yet scored, so a form can save a draft.
    public var isEmpty: Bool { points == nil && count == nil && passed == nil }
}

/// The assessor's proposal; the decision itself (命名) is a person's.
public enum ScoringProposal: String, CaseIterable, Codable, Sendable {
    case pass, fail, incomplete

    public var chineseName: String {
        switch self {
        case .pass: "建议通过"
        case .fail: "建议不通过"
        case .incomplete: "尚未评完"
        }
    }
}

/// One item's outcome.
public struct ItemScore: Equatable, Sendable, Codable {
    public var itemID: String
    /// Points counted for the item; nil while unscored; 0 for a pass/fail item.
    public var awarded: Decimal?
    public var maximum: Decimal
    public var count: Int?
    /// For veto items once scored: whether the item reached its line.
    public var passed: Bool?
    public var note: String?

    public init(itemID: String, awarded: Decimal?, maximum: Decimal, count: Int? = nil, passed: Bool? = nil,
                note: String? = nil) {
        self.itemID = itemID; self.awarded = awarded; self.maximum = maximum; self.count = count
        self.passed = passed; self.note = note
    }
}

/// Subtotals of a 一级 section (with its 二级 sub-sections nested) or of a sub-section.
public struct SectionScore: Equatable, Sendable, Codable {
    public var id: String
    public var title: String
    /// Base (non-bonus) points awarded so far.
    public var awarded: Decimal
    public var maximum: Decimal
    public var bonusAwarded: Decimal
    public var bonusMaximum: Decimal
    /// The pass rule's minimum for this part, if any.
    public var minimum: Decimal?
    /// Required items in this part not yet scored.
    public var unscoredCount: Int
    public var subsections: [SectionScore]

    public init(id: String, title: String, awarded: Decimal, maximum: Decimal, bonusAwarded: Decimal,
                bonusMaximum: Decimal, minimum: Decimal?, unscoredCount: Int, subsections: [SectionScore]) {
        self.id = id; self.title = title; self.awarded = awarded; self.maximum = maximum
        self.bonusAwarded = bonusAwarded; self.bonusMaximum = bonusMaximum; self.minimum = minimum
        self.unscoredCount = unscoredCount; self.subsections = subsections
    }
}

public struct VetoFailure: Equatable, Sendable, Codable {
    public var itemID: String
    public var reason: String

    public init(itemID: String, reason: String) { self.itemID = itemID; self.reason = reason }
}

public struct SectionShortfall: Equatable, Sendable, Codable {
    public var sectionID: String
    public var awarded: Decimal
    public var minimum: Decimal
    public var reason: String

    public init(sectionID: String, awarded: Decimal, minimum: Decimal, reason: String) {
        self.sectionID = sectionID; self.awarded = awarded; self.minimum = minimum; self.reason = reason
    }
}

/// The outcome of scoring one cell against one sheet.
public struct ScoringResult: Equatable, Sendable, Codable {
    public var sheetID: String
    public var sheetVersion: String
    public var items: [ItemScore]
    public var sections: [SectionScore]
    /// Points of normal and veto items.
    public var baseTotal: Decimal
    public var baseMaximum: Decimal
    /// Points of bonus items, on top of the base.
    public var bonusTotal: Decimal
    public var bonusMaximum: Decimal
    /// Base + bonus: what the pass line is compared with.
    public var grandTotal: Decimal
    public var minimumTotal: Decimal
    public var vetoFailures: [VetoFailure]
    /// Only shortfalls that are certain: the part is fully scored, or cannot reach its minimum.
    public var sectionShortfalls: [SectionShortfall]
    /// Normal and veto items without an entry, in sheet order. Unscored bonus items count as 0
    /// and are not listed: bonus is optional.
    public var unscoredItemIDs: [String]
    public var proposal: ScoringProposal
    /// Why, in Chinese, for the assessor and the record.
    public var reasons: [String]
}

/// Scores entries against a sheet.
///
/// Arithmetic is in `Decimal`, so 2.5 × 3 is exactly 7.5 and sums of tenths do not drift. Entered
/// points are kept to two decimal places (rounded half up), which also absorbs binary noise from a
/// caller that started from a `Double` (2.4999999999 → 2.5).
public enum AssessmentScoring {
    /// Scores `entries` (item id → entry). Any bad entry rejects the whole call, with every problem
    /// listed: the item id in `field`, the item title in the message. `source` names where the
    /// entries came from (a form, an import file) in the issues.
    public static func score(_ sheet: ScoreSheet, entries: [String: ItemEntry],
                             source: String = "评分录入") throws(InputRejected) -> ScoringResult {
        let items = sheet.allItems
        let known = Set(items.map(\.id))
        var issues: [InputIssue] = []
        func reject(_ id: String, _ message: String) {
            issues.append(InputIssue(SourceLocation(file: source, field: [.key(id)]), message))
        }

        // 1. Every entry on its own, in sheet order, then unknown ids.
        var scores: [String: ItemScore] = [:]
        for item in items {
            guard let entry = entries[item.id] else { continue }
            switch itemScore(item, entry, share: sheet.pass.vetoItemMinimumShare) {
            case .success(let score): scores[item.id] = score
            case .failure(let problems): problems.messages.forEach { reject(item.id, $0) }
            }
        }
        for id in entries.keys.sorted() where !known.contains(id) {
            reject(id, "评分表「\(sheet.title)」中没有编号为「\(id)」的指标")
        }
        if !issues.isEmpty { throw InputRejected(issues) }

        // 2. Subtotals.
        let rule = sheet.pass
        func part(id: String, title: String, items: [ScoreItem], subsections: [SectionScore]) -> SectionScore {
            var awarded: Decimal = 0, maximum: Decimal = 0, bonus: Decimal = 0, bonusMaximum: Decimal = 0
            var unscored = 0
            for item in items {
                let got = scores[item.id]?.awarded
                if item.kind == .bonus {
                    bonus += got ?? 0; bonusMaximum += item.points
                } else {
                    awarded += got ?? 0; maximum += item.points
                    if got == nil { unscored += 1 }
                }
            }
            for sub in subsections {
                awarded += sub.awarded; maximum += sub.maximum
                bonus += sub.bonusAwarded; bonusMaximum += sub.bonusMaximum
                unscored += sub.unscoredCount
            }
            return SectionScore(id: id, title: title, awarded: awarded, maximum: maximum, bonusAwarded: bonus,
                                bonusMaximum: bonusMaximum, minimum: rule.minimum(forSection: id), unscoredCount: unscored,
                                subsections: subsections)
        }
        let sections = sheet.sections.map { section in
            part(id: section.id, title: section.title, items: section.items,
                 subsections: section.subsections.map { part(id: $0.id, title: $0.title, items: $0.items, subsections: []) })
        }

        let baseTotal = sections.reduce(Decimal(0)) { $0 + $1.awarded }
        let bonusTotal = sections.reduce(Decimal(0)) { $0 + $1.bonusAwarded }
        let grandTotal = baseTotal + bonusTotal
        let unscored = items.filter { $0.kind != .bonus && scores[$0.id]?.awarded == nil }
        let complete = unscored.isEmpty

        // 3. Certain failures.
        var reasons: [String] = []
        var vetoFailures: [VetoFailure] = []
        for item in items where item.kind == .veto {
            guard let score = scores[item.id], score.passed == false else { continue }
            let reason: String
            if item.isPassFail {
                reason = "一票否决项「\(item.title)」未达标"
            } else if let share = sheet.pass.vetoItemMinimumShare {
                reason = "一票否决项「\(item.title)」得 \((score.awarded ?? 0).scoreText) 分，未达到该项 \(item.points.scoreText) 分的 \((share * 100).scoreText)%（\((share * item.points).scoreText) 分）"
            } else {
                reason = "一票否决项「\(item.title)」得 \((score.awarded ?? 0).scoreText) 分，未得满分 \(item.points.scoreText) 分"
            }
            vetoFailures.append(VetoFailure(itemID: item.id, reason: reason))
        }
        reasons += vetoFailures.map(\.reason)

        var shortfalls: [SectionShortfall] = []
        for part in sections.flatMap({ [$0] + $0.subsections }) {
            guard let minimum = part.minimum else { continue }
            let open = remainingBase(in: part.id, sheet: sheet, scores: scores)
            guard part.awarded + open < minimum else { continue }
            let reason = open == 0
                ? "「\(part.title)」得 \(part.awarded.scoreText) 分，低于该部分最低分 \(minimum.scoreText) 分"
                : "「\(part.title)」已得 \(part.awarded.scoreText) 分，其余指标全部满分也只有 \((part.awarded + open).scoreText) 分，低于该部分最低分 \(minimum.scoreText) 分"
            shortfalls.append(SectionShortfall(sectionID: part.id, awarded: part.awarded, minimum: minimum, reason: reason))
        }
        reasons += shortfalls.map(\.reason)

        let line = sheet.pass.minimumTotal
        var totalFails = false
        if complete {
            if grandTotal < line {
                totalFails = true
                reasons.append("总分 \(grandTotal.scoreText) 分，低于通过线 \(line.scoreText) 分")
            }
        } else {
            let openBase = unscored.reduce(Decimal(0)) { $0 + $1.points }
            let openBonus = items.filter { $0.kind == .bonus && scores[$0.id]?.awarded == nil }.reduce(Decimal(0)) { $0 + $1.points }
            let reachable = grandTotal + openBase + openBonus
            if reachable < line {
                totalFails = true
                reasons.append("已得 \(grandTotal.scoreText) 分，其余指标全部满分也只有 \(reachable.scoreText) 分，低于通过线 \(line.scoreText) 分")
            }
        }

        // 4. Proposal.
        let proposal: ScoringProposal
        if !vetoFailures.isEmpty || !shortfalls.isEmpty || totalFails {
            proposal = .fail
            if !complete { reasons.append(unscoredReason(unscored)) }
        } else if !complete {
            proposal = .incomplete
            reasons.append(unscoredReason(unscored))
        } else {
            proposal = .pass
            var summary = "总分 \(grandTotal.scoreText) 分"
            if bonusTotal > 0 { summary += "（含加分 \(bonusTotal.scoreText) 分）" }
            summary += "，达到通过线 \(line.scoreText) 分"
            reasons.append(summary)
            if items.contains(where: { $0.kind == .veto }) { reasons.append("一票否决项均达标") }
            if !rule.sectionMinimums.isEmpty { reasons.append("各部分均达到最低分") }
        }

        return ScoringResult(
            sheetID: sheet.id, sheetVersion: sheet.version,
            items: items.map { scores[$0.id] ?? ItemScore(itemID: $0.id, awarded: nil, maximum: $0.points,
                                                          note: entries[$0.id]?.note) },
            sections: sections, baseTotal: baseTotal, baseMaximum: sheet.baseMaximum, bonusTotal: bonusTotal,
            bonusMaximum: sheet.bonusMaximum, grandTotal: grandTotal, minimumTotal: line,
            vetoFailures: vetoFailures, sectionShortfalls: shortfalls, unscoredItemIDs: unscored.map(\.id),
            proposal: proposal, reasons: reasons)
    }

    /// One entry checked and scored, or the Chinese messages of what is wrong with it. An empty
    /// entry gives an unscored `ItemScore` that keeps the note.
    private static func itemScore(_ item: ScoreItem, _ entry: ItemEntry,
                                  share: Decimal?) -> Result<ItemScore, ItemProblems> {
        let name = "「\(item.title)」（\(item.id)）"
        let given = [entry.points != nil, entry.count != nil, entry.passed != nil].filter { $0 }.count
        if given > 1 {
            return .failure(ItemProblems(["\(name)只能填写得分、次数、是否达标中的一种"]))
        }
        if entry.isEmpty {
            return .success(ItemScore(itemID: item.id, awarded: nil, maximum: item.points, note: entry.note))
        }
        if item.isPassFail {
            guard let passed = entry.passed else {
                return .failure(ItemProblems(["\(name)是达标/不达标项，请填写是否达标，不填分数或次数"]))
            }
            return .success(ItemScore(itemID: item.id, awarded: 0, maximum: 0, passed: passed, note: entry.note))
        }
        if entry.passed != nil {
            return .failure(ItemProblems(["\(name)按分值评分，请填写得分，不能只填是否达标"]))
        }

        let awarded: Decimal
        if let count = entry.count {
            guard let per = item.perCount else {
                return .failure(ItemProblems(["\(name)不按次计分，请填写得分，不能填写次数"]))
            }
            guard count >= 0 else { return .failure(ItemProblems(["\(name)的次数不能为负数"])) }
            // "每开展1次得 per 分，最高 points 分".
            awarded = min(Decimal(count) * per, item.points)
        } else {
            let points = rounded(entry.points ?? 0)
            if points < 0 { return .failure(ItemProblems(["\(name)的得分不能为负数"])) }
            if points > item.points {
                return .failure(ItemProblems(["\(name)的得分 \(points.scoreText) 分超过本项分值 \(item.points.scoreText) 分"]))
            }
            awarded = points
        }

        var passed: Bool? = nil
        if item.kind == .veto {
            // A scored veto item must reach its share of the points, or all of them without a share rule.
            passed = awarded >= (share ?? 1) * item.points
        }
        return .success(ItemScore(itemID: item.id, awarded: awarded, maximum: item.points, count: entry.count,
                                  passed: passed, note: entry.note))
    }

    private struct ItemProblems: Error {
        var messages: [String]
        init(_ messages: [String]) { self.messages = messages }
    }

    /// Base points still open (unscored required items) in a section or sub-section.
    private static func remainingBase(in id: String, sheet: ScoreSheet, scores: [String: ItemScore]) -> Decimal {
        var items: [ScoreItem] = []
        for section in sheet.sections {
            if section.id == id { items = section.allItems; break }
            if let sub = section.subsections.first(where: { $0.id == id }) { items = sub.items; break }
        }
        return items.filter { $0.kind != .bonus && scores[$0.id]?.awarded == nil }.reduce(0) { $0 + $1.points }
    }

    private static func unscoredReason(_ unscored: [ScoreItem]) -> String {
        let shown = unscored.prefix(5).map { "「\($0.title)」" }.joined(separator: "")
        let more = unscored.count > 5 ? "等" : ""
        return "尚有 \(unscored.count) 项未评分：\(shown)\(more)"
    }

    private static func rounded(_ value: Decimal) -> Decimal {
        var input = value
        var output = Decimal()
        NSDecimalRound(&output, &input, 2, .plain)
        return output
    }
}
