import Foundation

/// Reads a plan's wording of an indicator target (「高于当年全省水平，或近三年呈上升趋势」) as a
/// `TargetExpression` (`> ref(province) or rising(3)`).
///
/// The reader knows a fixed set of phrasings and answers nil for anything else: a wording it cannot read
/// completely gets no expression, never a guessed one. The rules:
///
/// - Comparisons: 达到/达/不低于/不少于/至少/提高到/≥ N → `>= N`; 大于/高于/超过 N → `> N`;
///   不高于/不超过/降至/控制在/≤ N → `<= N`; 低于/小于 N → `< N`. A trailing 以上 makes a neutral verb
///   (保持在, 稳定在) `>=`, 以下/以内 make it `<=`; a suffix against the verb's direction is not read.
///   `N%以上的学生达到…`, `N%的社区拥有…` (a share written first) → `>= N%`; a bare `N%以上` → `>= N%`.
/// - Units: %, ‰, ‱ (per 10000), /10万 (per 100000), /万, /千; 平方米, 人, 次, 岁 and other counted
///   units are the indicator's own (plain). 万 or 倍 after a number is not read.
/// - References: 高于/低于/不低于/达到…(当年)全省/全市/全国/全县(平均)水平 → `> ref(province)` …;
///   高于…水平N% → `>= ref(…) * (1+N/100)`, 低于…水平N% → `<= ref(…) * (1−N/100)`; …水平的N倍 → `ref(…) * N`.
///   省级/市级/国家/县级 name the same references; 全区 (a district, or an autonomous region) is not read.
/// - Trends: 近N年呈上升趋势, 连续N年上升 → `rising(N)`; 持续降低/持续下降 → `falling(3)`, 持续提高/持续上升 →
///   `rising(3)`.
/// - Changes: 较建设之初/较基线 降低N% → `change(baseline) <= -N%` (提高 → `>= N%`; 个百分点 → `delta(baseline)`);
///   每年提高(不低于)N个百分点, 较上年提高N个百分点 → `delta(year) >= Npp`; 较上年降低N% → `change(year) <= -N%`;
///   不低于去年(同期)水平 → `delta(year) >= 0pp`.
/// - Deadlines: a clause led by 到2022年 / 2022年底 / 2022年 is due that year (`… by 2022`); the year carries
///   on to the clauses after it until another year is named.
/// - Joining: clauses separated by commas or 且/并且/同时 are joined by `and`, 或 starts an alternative, so
///   「A，或B，C」 is `A or (B and C)`. A clause led by 其中 is about a subgroup and is left out.
/// - A clause in which any part is not understood — 显著降低, 建立…机制, 达到相应标准 — makes the whole nil.
public enum TargetPhrases {
    public static func expression(for wording: String) -> TargetExpression? {
        var reader = Reader()
        for piece in pieces(of: normalized(wording)) {
            guard reader.read(piece) else { return nil }
        }
        return reader.result
    }

    /// Whether the text opens with a target's predicate (达到…, 高于…, 持续…, ≤…) rather than a subject:
    /// `达70%` does, `技术等级证书的人数…` does not.
    static func beginsWithPredicate(_ wording: String) -> Bool {
        let text = normalized(wording)
        let openings = comparisonVerbs.map(\.word) + ["持续", "连续", "每年", "逐年", "较", "比", "呈"]
        return openings.contains(where: text.hasPrefix) || text.prefixMatch(of: #/(?:最近|近)(?:\d+|[二两三四五六七八九十])年/#) != nil
            || quantity(at: text[...]) != nil
    }
}

// MARK: - Wording into clauses

extension TargetPhrases {
    enum Link { case and, or }

    struct Piece {
        var link: Link
        var text: String
    }

    /// Full-width forms folded, spaces dropped, synonyms of ≥ and ≤ written as the sign.
    static func normalized(_ text: String) -> String {
        var s = String(PlanText.fold(text, brackets: false).filter { !$0.isWhitespace && $0 != "\u{200B}" && $0 != "\u{FEFF}" })
        for (long, sign) in [("≧", "≥"), ("≦", "≤"), ("大于或等于", "≥"), ("大于等于", "≥"), ("达到或超过", "≥"), ("达到或高于", "≥"), (">=", "≥"),
                             ("小于或等于", "≤"), ("小于等于", "≤"), ("<=", "≤")] {
            s = s.replacingOccurrences(of: long, with: sign)
        }
        return PlanText.trimPunctuation(s)
    }

    static let separators: Set<Character> = [",", ";", "。"]
    static let orWords = ["或者", "或是", "或"]
    static let andWords = ["并且", "而且", "同时", "且", "并"]

    /// The clauses of a wording with how each joins the one before. Commas, semicolons and full stops
    /// separate clauses; inside one, 或 and 且 do too. Nothing inside brackets, quotes or 《》 is split.
    static func pieces(of text: String) -> [Piece] {
        var pieces: [Piece] = []
        for part in split(text, at: { separators.contains($0.first!) ? (1, .and) : nil }) {
            var clause = Substring(part.text)
            var link = Link.and
            if let word = orWords.first(where: clause.hasPrefix) {
                link = .or; clause = clause.dropFirst(word.count)
            } else if let word = andWords.first(where: clause.hasPrefix) {
                clause = clause.dropFirst(word.count)
            }
            if clause.hasPrefix("其中") { continue }
            let inner = split(String(clause)) { rest in
                if let word = orWords.first(where: rest.hasPrefix) { return (word.count, .or) }
                if let word = ["并且", "而且", "且"].first(where: rest.hasPrefix) { return (word.count, .and) }
                return nil
            }
            for (i, piece) in inner.enumerated() { pieces.append(Piece(link: i == 0 ? link : piece.link, text: piece.text)) }
        }
        return pieces
    }

    /// Splits where `connector` finds one (its length and link), outside brackets and quotes; each piece
    /// carries the connector before it. Empty pieces are dropped.
    private static func split(_ text: String, at connector: (Substring) -> (Int, Link)?) -> [Piece] {
        var pieces: [Piece] = []
        var current = Piece(link: .and, text: "")
        var depth = 0
        var index = text.startIndex
        while index < text.endIndex {
            let c = text[index]
            if "(（《“[【".contains(c) { depth += 1 }
            if ")）》”]】".contains(c) { depth = max(0, depth - 1) }
            if depth == 0, let (length, link) = connector(text[index...]) {
                pieces.append(current)
                current = Piece(link: link, text: "")
                index = text.index(index, offsetBy: length)
            } else {
                current.text.append(c)
                index = text.index(after: index)
            }
        }
        pieces.append(current)
        return pieces.filter { !$0.text.isEmpty }
    }

    /// Clauses joined into alternatives of conjunctions, each clause under the deadline in force.
    struct Reader {
        var alternatives: [[TargetExpression]] = []
        var year: Int?
        var pendingOr = false

        mutating func read(_ piece: Piece) -> Bool {
            var text = Substring(piece.text)
            if let (year, rest) = TargetPhrases.yearLead(text) {
                self.year = year
                text = rest
            }
            if text.isEmpty {
                pendingOr = pendingOr || piece.link == .or
                return true
            }
            guard case .found(let condition) = TargetPhrases.condition(String(text)) else { return false }
            let dated = year.map { TargetExpression.deadline(condition, year: $0) } ?? condition
            if piece.link == .or || pendingOr || alternatives.isEmpty {
                alternatives.append([dated])
            } else {
                alternatives[alternatives.count - 1].append(dated)
            }
            pendingOr = false
            return true
        }

        var result: TargetExpression? {
            let joined = alternatives.map { $0.count == 1 ? $0[0] : .all($0) }
            return joined.count <= 1 ? joined.first : .any(joined)
        }
    }

    /// `到2022年`, `2022年底`, `争取到2020年` at the start of a clause: the year and the rest.
    static func yearLead(_ text: Substring) -> (Int, Substring)? {
        guard let match = text.prefixMatch(of: #/(?:争取|力争)?(?:到|至|在|于)?(?<year>(?:19|20)\d\d)年(?:底|末)?/#),
              let year = Int(match.output.year) else { return nil }
        return (year, text[match.range.upperBound...])
    }
}

// MARK: - One clause

extension TargetPhrases {
    /// What a rule made of a clause: not its kind of phrase, its phrase in a context it cannot read, or a condition.
    enum Reading {
        case noMatch, unsure, found(TargetExpression)
    }

    static func condition(_ text: String) -> Reading {
        let rules: [(String) -> Reading] = [trend, previousYear, relativeChange, reference, comparison, shareFirst, bareQuantity]
        for rule in rules {
            let reading = rule(text)
            if case .noMatch = reading { continue }
            return reading
        }
        return .unsure
    }

    /// The words before the predicate may name the indicator (居民健康素养水平), not a year, a share or a
    /// negation: `2022年…达到`, `30%的村…低于`, `不…低于` are read by no rule.
    static func plainSubject(_ subject: Substring) -> Bool {
        if subject.contains(#/(?:19|20)\d\d年/#) { return false }
        if subject.contains(where: { "%‰‱".contains($0) }) { return false }
        if let last = subject.last, "不未没无非".contains(last) { return false }
        if subject.contains("较") || subject.contains(#/比(?:上年|去年|上一年|基线|建设|创建|\d)/#) { return false }
        return true
    }

    static func reading(_ subject: Substring, _ expression: TargetExpression?) -> Reading {
        guard plainSubject(subject), let expression else { return .unsure }
        return .found(expression)
    }

    static let risingWords = ["上升", "提高", "提升", "增长", "增加"]

    static func number(_ text: Substring) -> Double? { Double(String(text)) }

    static func years(_ text: Substring) -> Int? {
        if let n = Int(text) { return n }
        let numerals: [Character: Int] = ["二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10]
        return text.count == 1 ? numerals[text.first!] : nil
    }

    /// 近三年呈上升趋势, 连续5年下降 → rising(N) / falling(N); 持续降低 → falling(3).
    static func trend(_ text: String) -> Reading {
        if let m = text.wholeMatch(of: #/(?<subject>.*?)(?:近|最近|连续)(?<years>\d+|[二两三四五六七八九十])年(?:来|内)?(?:呈|均|持续|保持|逐年)?(?<direction>上升|提高|提升|增长|增加|下降|降低|减少)(?:趋势|态势)?/#) {
            guard let n = years(m.output.years), (2...20).contains(n) else { return .unsure }
            return reading(m.output.subject, .trend(risingWords.contains(String(m.output.direction)) ? .rising : .falling, years: n))
        }
        if let m = text.wholeMatch(of: #/(?<subject>.*?)持续(?<direction>上升|提高|提升|增长|增加|下降|降低|减少)/#) {
            return reading(m.output.subject, .trend(risingWords.contains(String(m.output.direction)) ? .rising : .falling, years: 3))
        }
        return .noMatch
    }

    /// 不低于去年同期水平 → delta(year) >= 0pp (低于 → <, 高于 → >, 不高于 → <=).
    static func previousYear(_ text: String) -> Reading {
        guard let m = text.wholeMatch(of: #/(?<subject>.*?)(?<verb>不低于|不少于|高于|超过|不高于|不超过|低于)(?:去年|上年|上一年|前一年)(?:同期)?(?:水平)?/#) else {
            return .noMatch
        }
        return reading(m.output.subject, verbComparator(String(m.output.verb)).map {
            .compare(.deltaFromPreviousYear, $0, .quantity(.init(0, .points)))
        })
    }

    /// 较建设之初降低20% → change(baseline) <= -20%; 每年提高不低于1.5个百分点 → delta(year) >= 1.5pp;
    /// 较上年提高5% → change(year) >= 5%. Percentage points make a delta, % a relative change.
    static func relativeChange(_ text: String) -> Reading {
        let pattern = #/(?<subject>.*?)(?<from>(?:较|比)(?:建设之初|创建之初|建设初期|创建初期|建设前|创建前|基线年|基线|基期|上年同期|去年同期|上一年|上年|去年)(?:水平)?|每年|逐年)(?<direction>上升|提高|提升|增长|增加|下降|降低|减少)了?(?:不低于|不少于|不小于|至少)?(?<number>\d+(?:\.\d+)?)(?<unit>%|个百分点)(?:以上|及以上)?/#
        guard let m = text.wholeMatch(of: pattern), let n = number(m.output.number) else { return .noMatch }
        let annual = m.output.from == "每年" || m.output.from == "逐年"
        let fromBaseline = !annual && !m.output.from.contains(#/上|去/#)
        let points = m.output.unit == "个百分点"
        // 每年提高N% does not say whether N is relative or points: not read.
        if annual && !points { return .unsure }
        let measure: TargetExpression.Measure = switch (fromBaseline, points) {
        case (true, true): .deltaFromBaseline
        case (true, false): .changeFromBaseline
        case (false, true): .deltaFromPreviousYear
        case (false, false): .changeFromPreviousYear
        }
        let rising = risingWords.contains(String(m.output.direction))
        let quantity = TargetExpression.Quantity(rising ? n : -n, points ? .points : .percent)
        return reading(m.output.subject, .compare(measure, rising ? .greaterOrEqual : .lessOrEqual, .quantity(quantity)))
    }

    /// 高于当年全省水平 → > ref(province); 高于全省平均水平20% → >= ref(province) * 1.2;
    /// 达到全市平均水平的1.5倍 → >= ref(city) * 1.5.
    static func reference(_ text: String) -> Reading {
        let pattern = #/(?<subject>.*?)(?<verb>不得低于|不应低于|不低于|不高于|不超过|≥|≤|高于|大于|超过|低于|小于|达到)(?:当年|同期|同年)?的?(?<scope>全国|国家|全省|省级|全市|市级|全县|县级|省|市)(?:同期|同年)?的?(?:平均)?水平(?<tail>.*)/#
        guard let m = text.wholeMatch(of: pattern) else { return .noMatch }
        let scopes: [Substring: TargetExpression.ReferenceKind] = [
            "全国": .national, "国家": .national, "全省": .province, "省级": .province, "省": .province,
            "全市": .city, "市级": .city, "市": .city, "全县": .county, "县级": .county,
        ]
        let verb = String(m.output.verb)
        guard let kind = scopes[m.output.scope], let comparator = verbComparator(verb) else { return .unsure }
        let tail = m.output.tail
        func ref(_ factor: Double) -> TargetExpression.Bound { .reference(kind, factor: factor, offset: nil) }
        var expression: TargetExpression?
        if tail.isEmpty || tail == "以上" && comparator == .greaterOrEqual || tail == "以下" && comparator == .lessOrEqual {
            expression = .compare(.value, comparator, ref(1))
        } else if let p = tail.wholeMatch(of: #/(?<n>\d+(?:\.\d+)?)%/#), let n = number(p.output.n), n > 0 {
            // 高于…水平20%: at least 20% above; 低于…水平20%: at least 20% below.
            switch comparator {
            case .greater: expression = .compare(.value, .greaterOrEqual, ref((100 + n) / 100))
            case .less where n < 100: expression = .compare(.value, .lessOrEqual, ref((100 - n) / 100))
            default: expression = nil
            }
        } else if let p = tail.wholeMatch(of: #/的?(?<n>\d+(?:\.\d+)?)倍(?:以上)?/#), let n = number(p.output.n), n > 0 {
            expression = .compare(.value, comparator, ref(n))
        }
        return reading(m.output.subject, expression)
    }

    static let comparisonVerbs: [(word: String, comparator: TargetExpression.Comparator?)] = {
        let atLeast = ["不得低于", "不应低于", "不得少于", "不低于", "不少于", "不小于", "至少", "达到", "达", "提高到", "提高至",
                       "提升到", "提升至", "增加到", "增加至", "增至", "增长到", "上升到", "上升至", "升至", "≥"]
        let above = ["大于", "高于", "超过", "多于", ">"]
        let atMost = ["不得高于", "不得超过", "不应高于", "不应超过", "不高于", "不超过", "不大于", "不多于", "降至", "降到", "下降到",
                      "下降至", "降低到", "降低至", "减少到", "减少至", "减至", "控制在", "≤"]
        let below = ["低于", "小于", "少于", "<"]
        let neutral = ["保持在", "稳定在", "维持在"]
        let all: [(String, TargetExpression.Comparator?)] = atLeast.map { ($0, .greaterOrEqual) } + above.map { ($0, .greater) }
            + atMost.map { ($0, .lessOrEqual) } + below.map { ($0, .less) } + neutral.map { ($0, nil) }
        return all.sorted { $0.0.count > $1.0.count }.map { (word: $0.0, comparator: $0.1) }
    }()

    static func verbComparator(_ verb: String) -> TargetExpression.Comparator? {
        comparisonVerbs.first { $0.word == verb }?.comparator
    }

    /// 以上 / 以下 after a number, with the verb before it: the comparison both state, nil when they disagree.
    static func comparator(_ verb: TargetExpression.Comparator?, suffix: Substring) -> TargetExpression.Comparator? {
        switch suffix {
        case "": return verb
        case "以上", "及以上":
            return verb == nil || verb == .greaterOrEqual ? .greaterOrEqual : verb == .greater ? .greater : nil
        case "以下", "以内", "及以下":
            return verb == nil || verb == .lessOrEqual ? .lessOrEqual : verb == .less ? .less : nil
        default: return nil
        }
    }

    /// 孕产妇死亡率降至9.8/10万以下 → <= 9.8 per 100000: the first verb followed by a number.
    static func comparison(_ text: String) -> Reading {
        let s = Substring(text)
        var index = s.startIndex
        while index < s.endIndex {
            for verb in comparisonVerbs where s[index...].hasPrefix(verb.word) {
                var rest = s[s.index(index, offsetBy: verb.word.count)...]
                // 达总人口的30%: a short phrase ending in 的 between the verb and the number.
                if let modifier = rest.prefixMatch(of: #/\p{Han}{1,8}的(?=\d)/#) { rest = rest[modifier.range.upperBound...] }
                guard let (quantity, after) = quantity(at: rest) else { continue }
                guard quantity.unit != .points, let comparator = comparator(verb.comparator, suffix: after) else { return .unsure }
                return reading(s[..<index], .compare(.value, comparator, .quantity(quantity)))
            }
            index = s.index(after: index)
        }
        return .noMatch
    }

    /// 95%以上的学生达到…, 100%的社区拥有健身广场: a share written before what it counts → >= N%.
    static func shareFirst(_ text: String) -> Reading {
        guard let m = text.wholeMatch(of: #/(?<n>\d+(?:\.\d+)?)%(?:及以上|以上)?的(?<rest>.+)/#), let n = number(m.output.n) else { return .noMatch }
        let rest = m.output.rest
        let unreadable = ["高于", "低于", "大于", "小于", "超过", "不足", "以下", "以内", "水平", "降", "减少", "控制", "未", "不"]
        guard !rest.contains(where: \.isASCIIDigit), !unreadable.contains(where: rest.contains) else { return .unsure }
        return .found(.compare(.value, .greaterOrEqual, .quantity(.init(n, .percent))))
    }

    /// `90%以上`, `5‰以下` on their own.
    static func bareQuantity(_ text: String) -> Reading {
        guard let (quantity, suffix) = quantity(at: Substring(text)) else { return .noMatch }
        guard quantity.unit != .points, !suffix.isEmpty, let comparator = comparator(nil, suffix: suffix) else { return .unsure }
        return .found(.compare(.value, comparator, .quantity(quantity)))
    }

    static let units: [(spelling: String, unit: TargetExpression.Quantity.Unit)] = {
        var units: [(String, TargetExpression.Quantity.Unit)] = [("个百分点", .points), ("%", .percent), ("‰", .permille), ("‱", .per(10000))]
        for (base, spellings) in [(100000, ["10万", "十万", "100000"]), (10000, ["万", "10000"]), (1000, ["千", "1000"])] {
            for spelling in spellings { for tail in ["人口", "人", ""] { units.append(("/" + spelling + tail, .per(base))) } }
        }
        let counted = ["平方米", "平方公里", "公里", "米", "人次", "人", "次", "个", "岁", "天", "张", "名", "元", "小时", "分钟", "分",
                       "项", "所", "户", "家", "处", "座", "条", "床", "批次", "公斤", "千克", "克", "微克/立方米", "毫克/升"]
        units += counted.map { ($0, .plain) }
        return units.sorted { $0.0.count > $1.0.count }.map { (spelling: $0.0, unit: $0.1) }
    }()

    /// A number with its unit at the start of `text`, and what follows; nil when there is none or its unit is
    /// not one of ours (2.3万, 1.5倍, 3/5).
    static func quantity(at text: Substring) -> (TargetExpression.Quantity, Substring)? {
        guard let m = text.prefixMatch(of: #/\d+(?:\.\d+)?/#), let value = number(m.output) else { return nil }
        let rest = text[m.range.upperBound...]
        if let unit = units.first(where: { rest.hasPrefix($0.spelling) }) {
            return (.init(value, unit.unit), rest.dropFirst(unit.spelling.count))
        }
        if let next = rest.first, next == "/" || next == "万" || next == "亿" || next == "倍" || next == "." || next.isASCIIDigit {
            return nil
        }
        return (.init(value), rest)
    }
}
