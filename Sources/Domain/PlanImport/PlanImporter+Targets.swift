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

    static let referenceWords = ["全省", "全市", "全国", "当年", "基线", "建设之初", "上升趋势", "去年", "上年", "同期"]

    mutating func readIndicators() {
        readIndicatorTable()
        var seen = Set(plan.indicators.filter { $0.target != nil }.map(\.code))
        for p in body {
            for sentence in PlanText.sentences(p.text) {
                // Split where a new indicator starts inside the sentence: `…20%，成人吸烟率低于…`.
                for clause in indicatorClauses(sentence) {
                    guard let (code, name, target) = indicatorTarget(in: clause), !seen.contains(code) else { continue }
                    seen.insert(code)
                    if let i = plan.indicators.firstIndex(where: { $0.code == code }) {
                        plan.indicators[i].target = target
                        record(FieldPath(["indicators"]).index(i), p.span)
                    } else {
                        let index = plan.indicators.count
                        plan.indicators.append(IndicatorTarget(code: code, name: name, target: target))
                        record(FieldPath(["indicators"]).index(index), p.span)
                    }
                }
            }
        }
    }

    func indicatorClauses(_ sentence: String) -> [String] {
        let parts = PlanText.splitList(sentence, separators: ["，", ",", "；", ";"])
        var out: [String] = []
        for part in parts {
            let startsIndicator = Self.indicatorWords.contains { entry in entry.words.contains(where: part.contains) }
            if startsIndicator || out.isEmpty { out.append(part) } else { out[out.count - 1] += "，" + part }
        }
        return out
    }

    /// The code, the name as written and the target wording of one clause, when it states a measurable target.
    func indicatorTarget(in clause: String) -> (String, String, String)? {
        guard let entry = Self.indicatorWords.first(where: { $0.words.contains(where: clause.contains) }),
              let word = entry.words.first(where: clause.contains), let r = clause.range(of: word) else { return nil }
        var nameEnd = r.upperBound
        // Keep the indicator's own tail (吸烟率, 水平, 人数比例).
        for tail in ["人数比例", "人口比例", "人数", "比例", "水平", "率"] where clause[nameEnd...].hasPrefix(tail) {
            nameEnd = clause.index(nameEnd, offsetBy: tail.count); break
        }
        var nameStart = clause.startIndex
        if let marker = HeadingParser.marker(in: clause) { nameStart = marker.bodyStart }
        var name = String(clause[nameStart..<nameEnd])
        for lead in ["到20", "至20"] where name.hasPrefix(lead) {
            if let comma = name.firstIndex(of: "年") { name = String(name[name.index(after: comma)...]) }
        }
        let target = PlanText.trimPunctuation(String(clause[nameEnd...]))
        let hasNumber = target.contains { $0.isNumber }
        guard !target.isEmpty, hasNumber || Self.referenceWords.contains(where: target.contains) else { return nil }
        if name.count > 24 || name.count < 2 { name = entry.name }
        return (entry.code, PlanText.trimPunctuation(name), target)
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
