import Foundation

// Duties counted from the activity log, and the review of everything the importer did not place:
// a sentence stating a target, a number or a responsibility that no item of the draft came from.

enum DutyPhrases {
    /// Activity kinds by the words that name them in a duty (每月至少开展一次健康讲座).
    static let activities: [(words: [String], kind: ActivityKind)] = ActivityKind.allCases.map { ($0.nameWords, $0) }

    /// The kind of activity a duty sentence counts: the one named first after its 每月/每季度/每年.
    static func activity(in sentence: String) -> ActivityKind? {
        guard let each = sentence.range(of: #"每(月|季度|季|年)"#, options: .regularExpression) else { return nil }
        let rest = sentence[each.upperBound...]
        var best: (String.Index, ActivityKind)?
        for entry in activities {
            for word in entry.words {
                guard let r = rest.range(of: word) else { continue }
                if best == nil || r.lowerBound < best!.0 { best = (r.lowerBound, entry.kind) }
            }
        }
        return best?.1
    }
}

extension ImportState {
    // MARK: Duties

    /// `每月至少开展一次健康讲座，全年不少于12次`: a per-period count of an activity the log records.
    mutating func readDuties() {
        for p in body {
            for sentence in PlanText.sentences(p.text) {
                let wording = dutyWording(sentence)
                guard let kind = DutyPhrases.activity(in: wording),
                      let requirement = RecurringRequirement(parsing: wording) else { continue }
                guard !plan.duties.contains(where: { $0.activity == kind.rawValue && $0.requirement.period == requirement.period })
                else { continue }
                let index = plan.duties.count
                plan.duties.append(PlanDuty(activity: kind.rawValue, requirement: requirement, text: wording))
                record(FieldPath(["duties"]).index(index), sentenceSpan(sentence, in: p))
            }
        }
    }

    /// A sentence without its item number and its trailing responsibility clause.
    func dutyWording(_ sentence: String) -> String {
        var text = PlanText.trimPunctuation(sentence)
        if let marker = HeadingParser.marker(in: text) { text = PlanText.trimPunctuation(String(text[marker.bodyStart...])) }
        if let clause = ResponsibilityParser.trailingClauseRange(in: text) { text = PlanText.trimPunctuation(String(text[..<clause.lowerBound])) }
        return text
    }

    // MARK: Review

    /// Every body sentence that states a target, a number or a responsibility and that no item of the draft
    /// was taken from, with its line: what a person must check by hand (需要核对).
    mutating func reportUnplacedSentences() {
        let placedBlocks = sources.filter { key, _ in
            key.hasPrefix("tasks[") || key.hasPrefix("organisation") || key.hasPrefix("units")
        }.values.flatMap { Array($0.lines) }
        let blockLines = Set(placedBlocks).union(placedClauses)
        for p in body {
            for sentence in PlanText.sentences(p.text) {
                var text = PlanText.trimPunctuation(sentence)
                if let marker = HeadingParser.marker(in: text) { text = String(text[marker.bodyStart...]) }
                guard !text.isEmpty else { continue }
                let loose = ReviewFigures.quantities(in: text).filter { !isPlaced($0, in: text, paragraph: p) }
                    + ReviewFigures.deadlines(in: text)
                let wordedTarget = loose.isEmpty && ReviewFigures.statesWordedTarget(text) && !isDutyPlaced(text, paragraph: p)
                let states = ReviewFigures.statesResponsibility(text)
                let clauseLoose = states && !(p.firstLine...p.lastLine).contains(where: blockLines.contains)
                guard !loose.isEmpty || wordedTarget || clauseLoose else { continue }
                let quoted = "「\(text.count > 48 ? String(text.prefix(48)) + "…" : text)」"
                if !loose.isEmpty || wordedTarget {
                    // Every figure of a recurring count (每季度召开1次) is a target.
                    let recurring = RecurringRequirement(parsing: text) != nil
                    let targets = loose.filter { $0.isTarget || recurring }.map(\.written)
                    let figures = loose.map(\.written)
                    let isTarget = !targets.isEmpty || wordedTarget
                    let what = isTarget ? "写了目标" + (targets.isEmpty ? "" : "（\(targets.joined(separator: "、"))）")
                                        : "写了数字（\(figures.joined(separator: "、"))）"
                    note(isTarget ? .unplacedTarget : .unplacedFigure,
                         "这一句\(what)，未归入指标、细胞目标或常规工作，请核对：\(quoted)", sentenceSpan(sentence, in: p))
                }
                if clauseLoose {
                    note(.unplacedClause, "这一句写了责任单位或牵头、配合单位，但不在任务或组织机构部分，未作为任务导入：\(quoted)",
                         sentenceSpan(sentence, in: p))
                }
            }
        }
    }

    /// Whether an item of the draft came from this figure: a cell target of the same value from the sentence,
    /// or an indicator target, a duty or the reporting rule whose wording holds the figure's clause.
    func isPlaced(_ figure: ReviewFigures.Quantity, in sentence: String, paragraph p: PlanParagraph) -> Bool {
        if let value = figure.value {
            let found = cellTargets(in: sentence).filter { $0.atLeastPercent == value || $0.atLeastCount.map(Double.init) == value }
            if found.contains(where: { t in plan.cellTargets.contains { $0.cell == t.cell && ($0.atLeastPercent == value || $0.atLeastCount.map(Double.init) == value) } }) {
                return true
            }
        }
        // The item's wording holds the figure with the same words just before it (平均水平20%, 不少于12次), as far
        // as both have words there: a goals list's wording starts at its predicate (大于32%).
        let lead = figure.context.dropLast(figure.written.count)
        return claimedWordings(from: p).contains { wording in
            var search = wording.startIndex
            while let r = wording.range(of: figure.written, range: search..<wording.endIndex) {
                search = r.upperBound
                let own = wording[..<r.lowerBound].suffix(4).drop { "，,；;、".contains($0) }
                let k = min(own.count, lead.count)
                if own.suffix(k) == lead.suffix(k) { return true }
            }
            return false
        }
    }

    func isDutyPlaced(_ sentence: String, paragraph p: PlanParagraph) -> Bool {
        let text = ReviewFigures.squeezed(sentence)
        return claimedWordings(from: p).contains { text.contains($0) || $0.contains(text) }
    }

    /// The wordings of the items taken from a paragraph, squeezed for comparison.
    func claimedWordings(from p: PlanParagraph) -> [String] {
        func from(_ key: String) -> Bool {
            guard let span = sources[key] else { return false }
            return span.first <= p.lastLine && p.firstLine <= span.last
        }
        var out: [String] = []
        for (i, indicator) in plan.indicators.enumerated() where indicator.hasTarget && from(FieldPath(["indicators"]).index(i).description) {
            if let text = indicator.text { out.append(text) }
        }
        for (i, duty) in plan.duties.enumerated() where from(FieldPath(["duties"]).index(i).description) {
            out += [duty.text, duty.requirement.text].compactMap { $0 }
        }
        if from("reporting"), let text = plan.reporting?.text { out.append(text) }
        return out.map(ReviewFigures.squeezed).filter { !$0.isEmpty }
    }

    /// The line a sentence starts on, within its paragraph's lines; the paragraph's when it cannot tell.
    func sentenceSpan(_ sentence: String, in p: PlanParagraph) -> SourceSpan {
        let head = String(ReviewFigures.squeezed(sentence).prefix(8))
        guard p.rawLines.count == p.lastLine - p.firstLine + 1, !head.isEmpty else { return p.span }
        var joined = ""
        for (offset, line) in p.rawLines.enumerated() {
            let before = joined.count
            joined += ReviewFigures.squeezed(line)
            if let r = joined.range(of: head), joined.distance(from: joined.startIndex, to: r.lowerBound) >= before - head.count {
                return SourceSpan(first: p.firstLine + offset, last: p.firstLine + offset)
            }
        }
        return p.span
    }
}

/// What in a sentence counts as a target, a figure or a responsibility for the review.
enum ReviewFigures {
    struct Quantity: Equatable {
        /// As written, with its unit sign: `95%`, `12次`, `2.3`.
        var written: String
        var value: Double?
        /// A comparison or a share: 达到…, 不低于…, …以上, N%.
        var isTarget: Bool
        /// The figure with up to four characters before it within its clause: what an item's wording must hold.
        var context: String
    }

    static let comparisons = ["达到", "不低于", "不少于", "至少", "不高于", "不超过", "低于", "高于", "大于", "小于", "超过",
                              "控制在", "降至", "提高到", "≥", "≤", "＞", "＜", "达"]
    static let units: [String] = ["%", "％", "‰", "个百分点", "人次", "次", "场", "个", "人", "名", "所", "家", "户", "条", "处",
                                  "座", "项", "天", "小时", "分钟", "平方米", "岁", "元", "万"]

    /// Spaces dropped and widths folded, so wordings written with different spacing compare equal.
    static func squeezed(_ text: String) -> String {
        String(PlanText.fold(text, brackets: false).filter { !PlanText.isSpace($0) && $0 != "\n" })
    }

    /// The figures of a sentence that say something: not dates, years, item numbers, document numbers,
    /// telephone numbers or numbers inside a title (《…(2019-2030年)》).
    static func quantities(in raw: String) -> [Quantity] {
        let text = squeezed(raw)
        let dates = DateRanges.mentions(in: text).map(\.range)
        let clauses = ImportState.clauseRanges(text)
        var out: [Quantity] = []
        var depth = 0
        var index = text.startIndex
        while index < text.endIndex {
            let c = text[index]
            if "《〔【[“".contains(c) { depth += 1 }
            if "》〕】]”".contains(c) { depth = max(0, depth - 1) }
            guard c.isASCII && c.isNumber else { index = text.index(after: index); continue }
            var end = index
            while end < text.endIndex, text[end].isASCII && (text[end].isNumber || text[end] == "."
                    && text.index(after: end) < text.endIndex && text[text.index(after: end)].isNumber) {
                end = text.index(after: end)
            }
            defer { index = end }
            let digits = text[index..<end]
            let before = text[..<index]
            let after = text[end...]
            if depth > 0 || dates.contains(where: { $0.overlaps(index..<end) }) || digits.count >= 7 { continue }
            if ["年", "月", "日", "号", "时", "届", "版", "期", "-", "—", "、", ".", "）", ")", "/"].contains(where: after.hasPrefix)
                && !after.hasPrefix("/10万") && !after.hasPrefix("/万") { continue }
            if ["第", "附件", "附表", "-", "（", "("].contains(where: before.hasSuffix) || after.hasPrefix(":") { continue }
            let unit = units.first(where: after.hasPrefix) ?? ""
            // An age says who is meant (35岁以上人群), not how much.
            if after.hasPrefix("岁") || after.hasPrefix("周岁") { continue }
            let window = before.suffix(8)
            let isTarget = ["%", "％", "‰", "个百分点"].contains(unit) || comparisons.contains(where: window.contains)
                || after.dropFirst(unit.count).hasPrefix("以上") || after.dropFirst(unit.count).hasPrefix("以下")
            let clauseStart = clauses.first { $0.contains(index) }?.lowerBound ?? text.startIndex
            let lead = text[clauseStart..<index].suffix(4)
            out.append(Quantity(written: digits + unit, value: Double(digits), isTarget: isTarget, context: lead + digits + unit))
        }
        return out
    }

    /// Dates a sentence sets as a deadline (于2023年6月20日前, 2024年4月底前): the importer keeps no task's deadline,
    /// so each is a target to check. A date needs its year and month; 每月30日前 is the reporting rule.
    static func deadlines(in raw: String) -> [Quantity] {
        let text = squeezed(raw)
        return DateRanges.mentions(in: text).compactMap { mention in
            guard mention.year != nil, mention.month != nil else { return nil }
            let after = text[mention.range.upperBound...]
            guard ["前", "之前", "以前", "底前", "末前"].contains(where: after.hasPrefix) else { return nil }
            let written = String(text[mention.range]) + (after.hasPrefix("底") || after.hasPrefix("末") ? String(after.prefix(2)) : "前")
            return Quantity(written: written, value: nil, isTarget: true, context: written)
        }
    }

    /// A target written in words: a recurring count (每月至少一次), or a comparison with a Chinese numeral
    /// (不少于两次).
    static func statesWordedTarget(_ text: String) -> Bool {
        if RecurringRequirement(parsing: text) != nil { return true }
        let pattern = "(达到|不低于|不少于|至少|不超过|超过)[一二两三四五六七八九十百千]+(次|场|个|项|所|家|户|条|名|人|天|小时)"
        return text.range(of: pattern, options: .regularExpression) != nil
    }

    static let unitEndings: Set<Character> = ["局", "委", "办", "院", "心", "府", "部", "组", "会", "队", "所", "站", "室", "位", "门",
                                              "镇", "乡", "道", "校", "司", "馆", "联", "团", "处", "厅"]

    /// A responsibility clause: labelled units, or a unit that 牵头, 配合 or 负责 (not 负责人, 负责同志).
    static func statesResponsibility(_ text: String) -> Bool {
        if !ResponsibilityParser.labelPositions(in: text).isEmpty { return true }
        for verb in ["牵头", "配合", "负责"] {
            var search = text.startIndex
            while let r = text.range(of: verb, range: search..<text.endIndex) {
                search = r.upperBound
                // A unit's name ends in 局, 委, 中心, 政府 …: 县卫健局牵头, 各部门配合, 县疾控中心负责.
                guard r.lowerBound > text.startIndex, unitEndings.contains(text[text.index(before: r.lowerBound)]) else { continue }
                if !["人", "同志", "领导"].contains(where: text[r.upperBound...].hasPrefix) { return true }
            }
        }
        return false
    }
}
