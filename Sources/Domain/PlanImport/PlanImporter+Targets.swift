import Foundation

// Healthy-cell targets and indicator targets stated in the text.

enum CellPhrases {
    /// Cell kinds by the words that name them, most specific first. Standard kinds have no label.
    static let kinds: [(words: [String], slug: String, standard: Bool)] = [
        (["步道"], "trail", false), (["主题公园", "健康公园"], "theme-park", false),
        (["青春健康俱乐部"], "youth-club", false), (["近视防控"], "myopia-base", false),
        (["健康食堂"], "canteen", false), (["健康小屋", "健康驿站"], "health-hut", false),
        (["商场", "超市"], "mall", false), (["农贸市场", "健康市场"], "market", false), (["宾馆", "酒店"], "hotel", false),
        (["餐馆", "餐厅", "饭店"], "restaurant", false), (["景点", "景区"], "scenic-spot", false),
        (["养老机构"], "elderly-care", false), (["健康乡镇", "健康镇"], "town", false),
        (["社区"], "community", true), (["家庭"], "family", true),
        (["医院", "医疗卫生机构", "医疗机构"], "hospital", true), (["学校", "中小学", "幼儿园"], "school", true),
        (["机关", "事业单位"], "agency", true), (["企业"], "enterprise", true), (["健康村", "村"], "village", true),
    ]

    static func kind(of phrase: String) -> (slug: String, standard: Bool)? {
        for entry in kinds where entry.words.contains(where: phrase.contains) { return (entry.slug, entry.standard) }
        return nil
    }
}

extension ImportState {
    struct FoundTarget {
        var target: CellTarget
        var span: SourceSpan
    }

    mutating func readCellTargets() {
        var found: [FoundTarget] = []
        for p in body {
            for sentence in PlanText.sentences(p.text) {
                found += cellTargets(in: sentence).map { FoundTarget(target: $0, span: p.span) }
            }
        }
        // The same target stated twice (key indicators, then the task) counts once; the first wins.
        var seen = Set<String>()
        for item in found {
            let t = item.target
            let key = [t.cell, t.per?.rawValue ?? "", t.atLeastPercent != nil ? "%" : "#\(t.label ?? "")"].joined(separator: "|")
            guard seen.insert(key).inserted else { continue }
            let index = plan.cellTargets.count
            plan.cellTargets.append(t)
            record(FieldPath(["cellTargets"]).index(index), item.span)
        }
    }

    /// Targets in one sentence, in the order written.
    func cellTargets(in sentence: String) -> [CellTarget] {
        var results: [(String.Index, CellTarget)] = []
        let text = sentence
        // 1. A list and its shares: `A、B、C的比例分别不低于20%、20%、50%`.
        if let r = text.range(of: "比例分别") {
            var listEnd = r.lowerBound
            if text[..<listEnd].hasSuffix("的") { listEnd = text.index(before: listEnd) }
            var listStart = text.startIndex
            if let cut = text[..<listEnd].lastIndex(where: { "。；;，,：:".contains($0) }) { listStart = text.index(after: cut) }
            if let marker = HeadingParser.marker(in: String(text[listStart..<listEnd])) {
                let stripped = String(text[listStart..<listEnd])
                listStart = text.index(listStart, offsetBy: stripped.distance(from: stripped.startIndex, to: marker.bodyStart))
            }
            let items = PlanText.splitList(String(text[listStart..<listEnd]), separators: ["、", "和", "及"])
            let numbers = percentList(after: r.upperBound, in: text)
            if items.count >= 2, items.count == numbers.count {
                let kinds = items.map(CellPhrases.kind(of:))
                if kinds.allSatisfy({ $0 != nil }) {
                    for (kind, value) in zip(kinds, numbers) {
                        results.append((r.lowerBound, CellTarget(cell: kind!.slug, atLeastPercent: value)))
                    }
                }
            }
        }
        // 2. `N%的健康X` / `N%健康X` / `N%的X符合健康Y标准`.
        var search = text.startIndex
        while let pct = text[search...].firstIndex(where: { $0 == "%" || $0 == "％" }) {
            search = text.index(after: pct)
            guard let value = number(endingAt: pct, in: text) else { continue }
            var rest = text[text.index(after: pct)...]
            if rest.hasPrefix("以上") { rest = rest.dropFirst(2) }
            if rest.hasPrefix("的") { rest = rest.dropFirst() }
            var phrase: Substring?
            if rest.hasPrefix("健康") {
                phrase = rest.prefix { !"，,、。；;（(）)等".contains($0) }
            } else if let meets = rest.prefix(24).range(of: "符合"), let standard = rest[meets.upperBound...].range(of: "标准"),
                      rest.distance(from: meets.upperBound, to: standard.lowerBound) <= 16 {
                phrase = rest[meets.upperBound..<standard.lowerBound]
                guard phrase!.hasPrefix("健康") else { continue }
            }
            guard let phrase, let kind = CellPhrases.kind(of: String(phrase)) else { continue }
            results.append((pct, CellTarget(cell: kind.slug, atLeastPercent: value,
                                            label: kind.standard ? nil : PlanText.trimPunctuation(String(phrase)))))
        }
        // 3. Counts: `评选出100个健康示范家庭`, `建设至少1条健康步道、1个健康主题公园`, `每乡镇达到10户以上健康家庭`.
        let measures: Set<Character> = ["个", "户", "条", "所", "家", "处", "座", "名"]
        search = text.startIndex
        while search < text.endIndex, let digitIndex = text[search...].firstIndex(where: { $0.isASCII && $0.isNumber }) {
            var end = digitIndex
            while end < text.endIndex, text[end].isASCII, text[end].isNumber { end = text.index(after: end) }
            search = end
            guard digitIndex == text.startIndex || !(text[text.index(before: digitIndex)].isNumber || text[text.index(before: digitIndex)] == "."),
                  end < text.endIndex, measures.contains(text[end]), let count = Int(text[digitIndex..<end]), count > 0 else { continue }
            let before = text[..<digitIndex]
            let context = before.suffix(12)
            var per: RegionLevel?
            if let each = context.range(of: "每", options: .backwards) {
                var scope = context[each.upperBound...]
                if scope.hasPrefix("个") { scope = scope.dropFirst() }
                if ["乡镇", "乡（镇）", "乡(镇)", "镇街", "街道", "镇", "乡"].contains(where: scope.hasPrefix) { per = .township }
                else if ["村", "社区", "行政村"].contains(where: scope.hasPrefix) { per = .village }
            }
            let verbs = ["评选出", "评选", "建设", "创建", "建成", "打造", "命名", "培育", "达到", "至少", "不少于", "设立"]
            guard per != nil || verbs.contains(where: { context.hasSuffix($0) || context.hasSuffix($0 + "个") })
                    || context.hasSuffix("、") && !results.isEmpty else { continue }
            var rest = text[text.index(after: end)...]
            if rest.hasPrefix("以上") { rest = rest.dropFirst(2) }
            let phrase = rest.prefix { !"，,、。；;（(）)等和并".contains($0) }
            guard !phrase.isEmpty, let kind = CellPhrases.kind(of: String(phrase)) else { continue }
            let label = per == nil ? PlanText.trimPunctuation(String(phrase)) : nil
            results.append((digitIndex, CellTarget(cell: kind.slug, atLeastCount: count, per: per, label: label)))
        }
        return results.sorted { $0.0 < $1.0 }.map(\.1)
    }

    /// `20%、20%、50%` after a list's 比例分别.
    func percentList(after start: String.Index, in text: String) -> [Double] {
        var values: [Double] = []
        var i = start
        while let pct = text[i...].firstIndex(where: { $0 == "%" || $0 == "％" }) {
            let between = text[i..<pct]
            if !values.isEmpty, between.contains(where: { !($0.isNumber || $0 == "." || $0 == "、" || PlanText.isSpace($0)) }) { break }
            guard let value = number(endingAt: pct, in: text) else { break }
            values.append(value)
            i = text.index(after: pct)
        }
        return values
    }

    /// The decimal number written just before `index`.
    func number(endingAt index: String.Index, in text: String) -> Double? {
        var start = index
        while start > text.startIndex {
            let previous = text.index(before: start)
            guard text[previous].isASCII && (text[previous].isNumber || text[previous] == ".") else { break }
            start = previous
        }
        return start < index ? Double(text[start..<index]) : nil
    }

    // MARK: Indicators

    /// Indicators plans state targets for: HC codes of the 2018 system, plan-local codes otherwise.
    static let indicatorWords: [(code: String, words: [String], name: String)] = [
        ("HC38", ["健康素养水平"], "居民健康素养水平"),
        ("HC39", ["吸烟率"], "15岁以上人群吸烟率"),
        ("HC40", ["经常参加体育锻炼"], "经常参加体育锻炼人口比例"),
        ("HC30", ["婴儿死亡率"], "婴儿死亡率"), ("HC31", ["5岁以下儿童死亡率"], "5岁以下儿童死亡率"),
        ("HC32", ["孕产妇死亡率"], "孕产妇死亡率"), ("HC23", ["孕产妇系统管理率"], "孕产妇系统管理率"),
        ("HC12", ["人均体育场地面积"], "城市人均体育场地面积"), ("HC13", ["社会体育指导员"], "每千人拥有社会体育指导员人数比例"),
        ("HC33", ["国民体质"], "城乡居民达到《国民体质测定标准》合格以上的人数比例"), ("HC29", ["人均预期寿命"], "人均预期寿命"),
        ("HC35", ["过早死亡率"], "重大慢性病过早死亡率"), ("HC22", ["儿童健康管理率"], "儿童健康管理率"),
        ("HC21", ["严重精神障碍患者规范管理率"], "严重精神障碍患者规范管理率"),
        ("FAMILY-DOCTOR", ["家庭医生签约服务覆盖率"], "家庭医生签约服务覆盖率"),
        ("STUDENT-HEALTH-KNOWLEDGE", ["学生健康知识知晓率"], "在校学生健康知识知晓率"),
        ("HEALTH-KNOWLEDGE", ["健康知识知晓率"], "健康知识知晓率"),
        ("AWARENESS", ["知晓率"], "创建知晓率"),
        ("STUDENT-FITNESS", ["国家学生体质健康标准", "学生体质"], "学生体质达标"),
        ("DISABLED-REHAB", ["康复服务覆盖率"], "残疾人基本康复服务覆盖率"),
        ("FITNESS-SQUARE", ["健身广场"], "社区健身广场"), ("FITNESS-POINT", ["健身点"], "行政村健身点"),
        ("BENEFICIARIES", ["直接受益人数"], "健康素养促进行动直接受益人数"),
    ]

    /// One statement of an indicator's target: the clause that names it, and the deadline clause (`到2022年，`)
    /// that leads its sentence when the clause has none of its own.
    struct IndicatorClause {
        var lead: Substring?
        var body: Substring
    }

    /// A stated target: the indicator, and the document's wording of it.
    struct StatedIndicator {
        var code: String
        var name: String
        var text: String
    }

    mutating func readIndicators() {
        readIndicatorTable()
        let goalSpans = indicatorListSpans()
        var seen = Set(plan.indicators.filter(\.hasTarget).map(\.code))
        for p in body {
            let inList = goalSpans.contains { $0.first <= p.firstLine && p.firstLine <= $0.last }
            for sentence in PlanText.sentences(p.text) {
                for clause in indicatorClauses(sentence) {
                    guard let stated = indicatorTarget(in: clause, inList: inList), !seen.contains(stated.code) else { continue }
                    seen.insert(stated.code)
                    // The wording is kept as written; the expression only when the wording reads completely.
                    let expression = TargetPhrases.expression(for: stated.text)?.description
                    let index = plan.indicators.firstIndex { $0.code == stated.code } ?? plan.indicators.count
                    if index == plan.indicators.count {
                        plan.indicators.append(IndicatorTarget(code: stated.code, name: stated.name))
                    }
                    plan.indicators[index].text = stated.text
                    plan.indicators[index].target = expression
                    record(FieldPath(["indicators"]).index(index), p.span)
                }
            }
        }
    }

    /// Lines under a goals or key-indicator heading (工作目标, 关键指标) outside the tasks: there each item
    /// names an indicator and then its target, so the wording is what follows the name.
    func indicatorListSpans() -> [SourceSpan] {
        let taskSpans = plan.tasks.indices.compactMap { sources[FieldPath(["tasks"]).index($0).description] }
        return allHeadings.filter { node in
            let title = node.title
            guard title.contains("目标") || title.contains("指标") else { return false }
            let span = node.span
            return !taskSpans.contains { $0.first <= span.first && span.first <= $0.last }
        }.map(\.span)
    }

    /// The clauses of a sentence that each start with an indicator (`…达到85%，在校学生健康知识知晓率达到95%`),
    /// with the clause after them that names none (`其中重点人群实现全覆盖`). A clause that is only a deadline
    /// (`到2022年`) leads the clauses after it in the sentence.
    func indicatorClauses(_ sentence: String) -> [IndicatorClause] {
        var clauses: [IndicatorClause] = []
        var lead: Substring?
        var current: (lead: Substring?, start: String.Index, end: String.Index)?
        func finish() {
            if let open = current { clauses.append(IndicatorClause(lead: open.lead, body: sentence[open.start..<open.end])) }
            current = nil
        }
        for part in Self.clauseRanges(sentence) {
            let text = PlanText.trimPunctuation(String(sentence[part]))
            if Self.isDeadlineOnly(text) {
                finish()
                lead = sentence[part]
            } else if Self.indicatorWords.contains(where: { $0.words.contains(where: text.contains) }) {
                finish()
                current = (lead, part.lowerBound, part.upperBound)
            } else if current != nil {
                current!.end = part.upperBound
            }
        }
        finish()
        return clauses
    }

    /// The ranges of a sentence's parts between top-level commas and semicolons, each with its separator.
    static func clauseRanges(_ sentence: String) -> [Range<String.Index>] {
        var parts: [Range<String.Index>] = []
        var start = sentence.startIndex
        var depth = 0
        var index = sentence.startIndex
        while index < sentence.endIndex {
            let c = sentence[index]
            if PlanText.openBrackets.contains(c) || c == "“" { depth += 1 }
            if PlanText.closeBrackets.contains(c) || c == "”" { depth = max(0, depth - 1) }
            index = sentence.index(after: index)
            if depth == 0 && "，,；;".contains(c) { parts.append(start..<index); start = index }
        }
        if start < sentence.endIndex { parts.append(start..<sentence.endIndex) }
        return parts
    }

    /// `到2022年`, `2020年底`: a clause that only sets when what follows is due.
    static func isDeadlineOnly(_ text: String) -> Bool {
        guard let (_, rest) = TargetPhrases.yearLead(Substring(text)) else { return false }
        return rest.isEmpty
    }

    /// The code, the name as written and the wording of one clause's target, when it states a measurable one.
    ///
    /// In a goals list the wording is what follows the name (`高于当年全省水平`); in running text it is the whole
    /// clause with its deadline (`到2022年，孕产妇系统管理率达到90%以上`), which only reads in full.
    func indicatorTarget(in clause: IndicatorClause, inList: Bool) -> StatedIndicator? {
        var body = PlanText.trimPunctuation(String(clause.body))
        if let marker = HeadingParser.marker(in: body) { body = String(body[marker.bodyStart...]) }
        guard let entry = Self.indicatorWords.first(where: { $0.words.contains(where: body.contains) }),
              let word = entry.words.first(where: body.contains), let r = body.range(of: word) else { return nil }
        var nameEnd = r.upperBound
        // Keep the indicator's own tail (吸烟率, 水平, 人数比例).
        for tail in ["人数比例", "人口比例", "人数", "比例", "水平", "率"] where body[nameEnd...].hasPrefix(tail) {
            nameEnd = body.index(nameEnd, offsetBy: tail.count); break
        }
        var name = body[..<nameEnd]
        let ownYear = TargetPhrases.yearLead(name)
        if let (_, rest) = ownYear { name = rest.drop { "，,".contains($0) } }
        let remainder = PlanText.trimPunctuation(String(body[nameEnd...]))
        // `95%以上的学生达到《国家学生体质健康标准》合格以上等级`: the share of people reaching a standard,
        // written before the indicator's name; the wording is the whole clause.
        if !remainder.contains(where: \.isNumber), Self.isShareReachingStandard(body[..<r.lowerBound]) {
            return StatedIndicator(code: entry.code, name: entry.name, text: clause.lead.map { String($0) + body } ?? body)
        }
        // Measurable: a number, or a wording the target reader understands (高于当年全省水平) — not 显著降低.
        guard !remainder.isEmpty,
              remainder.contains(where: \.isNumber) || TargetPhrases.expression(for: remainder) != nil else { return nil }
        let text: String
        if ownYear == nil, let lead = clause.lead {
            text = String(lead) + body
        } else if inList && ownYear == nil && TargetPhrases.beginsWithPredicate(remainder) {
            text = remainder
        } else {
            text = String(body)
        }
        let written = PlanText.trimPunctuation(String(name))
        return StatedIndicator(code: entry.code, name: (2...24).contains(written.count) ? written : entry.name, text: text)
    }

    /// `95%以上的学生达到《`: a share, 的, who is counted, then 达到 or 符合 — before the indicator's name.
    static func isShareReachingStandard(_ head: Substring) -> Bool {
        head.prefixMatch(of: #/\d+(?:\.\d+)?[%％](?:及以上|以上)?的[^，,；;。\d]{1,12}?(?:达到|符合)/#) != nil
    }

    /// An annexed 健康城市评价指标体系 table: first-level, `1.空气质量`, `（1）环境空气质量优良天数占比`.
    mutating func readIndicatorTable() {
        guard let start = paragraphs.indices.first(where: { $0 >= annexStart && paragraphs[$0].text.contains("评价指标体系") }) else { return }
        let firstLevels = ["健康环境", "健康社会", "健康服务", "健康人群", "健康文化"]
        var first: String?
        var second: String?
        for p in paragraphs[(start + 1)...] {
            let text = PlanText.trimPunctuation(p.text)
            if firstLevels.contains(text) { first = text; continue }
            guard let marker = HeadingParser.marker(in: text) else { continue }
            let name = String(text[marker.bodyStart...]).replacingOccurrences(of: "※", with: "")
            switch marker.style {
            case .arabicDot: second = name
            case .arabicBracketed:
                let code = "HC\(marker.value)"
                guard (1...42).contains(marker.value), !plan.indicators.contains(where: { $0.code == code }) else { continue }
                let index = plan.indicators.count
                plan.indicators.append(IndicatorTarget(code: code, name: name, firstLevel: first, secondLevel: second))
                record(FieldPath(["indicators"]).index(index), p.span)
            default: continue
            }
        }
    }
}
