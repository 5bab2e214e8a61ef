import Foundation

/// Date ranges as plans write them: `2024年3月`, `2022年10月—2022年12月`, `2023年1月-5月`,
/// `2023年4月1日—2023年4月底`, `12月—次年3月`, `5月中旬`, `2023年`.
/// A month alone spans the month; 上旬/中旬/下旬 span their ten days; 底/末 is the month's last day.
enum DateRanges {
    struct Mention {
        var year: Int?
        var nextYear: Bool
        var month: Int?
        var day: Int?
        var part: String?
        var range: Range<String.Index>
    }

    /// Every date written in the text, in order.
    static func mentions(in text: String) -> [Mention] {
        let chars = Array(text.indices)
        var out: [Mention] = []
        var i = 0
        func digits(at k: Int) -> (Int, Int)? {
            var j = k
            var value = 0
            while j < chars.count, let d = text[chars[j]].wholeNumberValue, text[chars[j]].isASCII || (0xFF10...0xFF19).contains(text[chars[j]].unicodeScalars.first!.value) {
                value = value * 10 + d; j += 1
                if j - k > 4 { return nil }
            }
            return j > k ? (value, j) : nil
        }
        func skipSpaces(_ k: Int) -> Int {
            var j = k
            while j < chars.count, PlanText.isSpace(text[chars[j]]) { j += 1 }
            return j
        }
        func char(_ k: Int) -> Character? { k < chars.count ? text[chars[k]] : nil }
        while i < chars.count {
            let start = i
            var mention = Mention(year: nil, nextYear: false, month: nil, day: nil, part: nil, range: chars[i]..<chars[i])
            var j = i
            if char(j) == "次" || char(j) == "翌" || char(j) == "明", char(j + 1) == "年" {
                mention.nextYear = true; j = skipSpaces(j + 2)
            } else if let (value, next) = digits(at: j), next - j == 4, char(skipSpaces(next)) == "年" {
                mention.year = value; j = skipSpaces(skipSpaces(next) + 1)
            }
            if let (value, next) = digits(at: j), next - j <= 2, char(skipSpaces(next)) == "月", (1...12).contains(value) {
                mention.month = value
                j = skipSpaces(next) + 1
                if char(j) == "份" { j += 1 }
                let k = skipSpaces(j)
                if let (dayValue, afterDay) = digits(at: k), afterDay - k <= 2, char(skipSpaces(afterDay)) == "日" || char(skipSpaces(afterDay)) == "号" {
                    mention.day = dayValue; j = skipSpaces(afterDay) + 1
                } else if let part = ["上旬", "中旬", "下旬"].first(where: { text[chars[min(k, chars.count - 1)]...].hasPrefix($0) }), k < chars.count {
                    mention.part = part; j = k + 2
                } else if let c = char(k), "底末初中".contains(c) {
                    mention.part = String(c); j = k + 1
                }
            } else if mention.year == nil && !mention.nextYear {
                i += 1
                continue
            }
            mention.range = chars[start]..<(j < chars.count ? chars[j] : text.endIndex)
            out.append(mention)
            i = max(j, start + 1)
        }
        return out
    }

    static let separators: Set<Character> = ["—", "–", "-", "－", "~", "～", "至", "到", "―", "─", "一"]

    /// The one date range a phase heading states; nil when it states none.
    /// `yearHint` supplies the year when the text leaves it out (`3月—6月` after a phase in 2024).
    static func range(in text: String, yearHint: Int?) -> (start: LocalDate, end: LocalDate)? {
        let found = mentions(in: text)
        guard let first = found.first else { return nil }
        var second: Mention?
        if found.count >= 2 {
            let between = text[first.range.upperBound..<found[1].range.lowerBound]
            if !between.isEmpty, between.allSatisfy({ separators.contains($0) || PlanText.isSpace($0) }) { second = found[1] }
        }
        guard let startYear = first.year ?? yearHint.map({ first.nextYear ? $0 + 1 : $0 }) else { return nil }
        guard let start = days(of: first, year: startYear)?.first else { return nil }
        let endMention = second ?? first
        var endYear = endMention.year ?? (endMention.nextYear ? startYear + 1 : startYear)
        if second != nil, endMention.year == nil, !endMention.nextYear, let m = endMention.month, let sm = first.month, m < sm {
            endYear += 1   // 11月—2月 runs into the next year
        }
        guard let end = days(of: endMention, year: endYear)?.last, start <= end else { return nil }
        return (start, end)
    }

    /// The first and last day a mention covers: a year, a month, a ten-day part (上旬 1–10, 中旬 11–20,
    /// 下旬 21–end; 初 as 上旬, 中 as 中旬), the month's end (底/末), or one day.
    static func days(of m: Mention, year: Int) -> (first: LocalDate, last: LocalDate)? {
        // 1 January and 31 December exist in every year.
        guard let month = m.month else { return (LocalDate(year: year, month: 1, day: 1)!, LocalDate(year: year, month: 12, day: 31)!) }
        let end = LocalDate.daysIn(year: year, month: month)
        let (from, to): (Int, Int)
        if let day = m.day {
            (from, to) = (day, day)
        } else {
            switch m.part {
            case "上旬", "初": (from, to) = (1, 10)
            case "中旬", "中": (from, to) = (11, 20)
            case "下旬": (from, to) = (21, end)
            case "底", "末": (from, to) = (end, end)
            default: (from, to) = (1, end)
            }
        }
        guard let first = LocalDate(year: year, month: month, day: from),
              let last = LocalDate(year: year, month: month, day: to) else { return nil }
        return (first, last)
    }

    /// A date written alone on a line (a signature date): `2019年10月22日`, `2023年3月31日印发`.
    static func standaloneDate(_ text: String) -> LocalDate? {
        var s = PlanText.trimPunctuation(text)
        for suffix in ["印发", "发布", "签发"] where s.hasSuffix(suffix) { s = String(s.dropLast(suffix.count)) }
        let found = mentions(in: s)
        guard found.count == 1, let m = found.first, let year = m.year, let month = m.month, let day = m.day,
              m.range.lowerBound == s.startIndex, m.range.upperBound == s.endIndex else { return nil }
        return LocalDate(year: year, month: month, day: day)
    }
}
