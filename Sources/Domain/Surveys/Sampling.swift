import Foundation

/// Selection helpers for the multistage design: systematic PPS for townships and villages, and the KISH table
/// for the one respondent per household.
public enum Sampling {
    /// The result of a systematic PPS selection, for one frame (one stratum).
    public struct PPSSelection: Sendable, Equatable {
        /// Times each frame unit was hit (0 or 1: units large enough to be hit twice are taken with certainty).
        public var hits: [Int]
        /// Inclusion probability of every frame unit: 1 for certainty units, n′·M_i / M′ for the others.
        public var probabilities: [Double]
        /// Frame positions selected, in frame order.
        public var selected: [Int]
        /// Frame positions taken with certainty before the systematic pass.
        public var certainties: [Int]
        /// The sampling interval M′/n′ of the systematic pass, and its first selection point.
        public var interval: Double
        public var start: Double
    }

    /// Systematic PPS selection of `count` units with measures of size `sizes` (e.g. households per village),
    /// in frame order. `randomStart` in [0, 1) is the random number drawn by the caller, as a fraction of the
    /// interval: the selection is deterministic given it, so it can be recorded and checked.
    ///
    /// Units whose expected hits n·M_i/M reach 1 are taken with certainty and the rest selected among the others,
    /// repeatedly until none reaches 1 (samplics refuses such frames instead). Points start + k·interval,
    /// k = 0…n′−1, select the unit whose cumulative size range [C_{i−1}, C_i) holds them; this matches samplics'
    /// `pps_sys` except on the zero-probability event of a point falling exactly on a boundary.
    public static func systematicPPS(sizes: [Double], count: Int, randomStart: Double) throws(SurveyError) -> PPSSelection {
        guard !sizes.isEmpty else { throw .invalidSelection("抽样框为空") }
        guard count >= 1, count <= sizes.count else {
            throw .invalidSelection("样本量 \(count) 须在 1 与抽样框单位数 \(sizes.count) 之间")
        }
        for (i, size) in sizes.enumerated() where !(size.isFinite && size > 0) {
            throw .invalidSelection("抽样框第 \(i + 1) 个单位的规模 \(size) 无效，须为正数")
        }
        guard randomStart >= 0, randomStart < 1 else { throw .invalidSelection("随机起点 \(randomStart) 须在 [0, 1) 之间") }

        var certain = Set<Int>()
        while true {
            let remaining = count - certain.count
            let total = sizes.indices.filter { !certain.contains($0) }.reduce(0.0) { $0 + sizes[$1] }
            let more = sizes.indices.filter { !certain.contains($0) && Double(remaining) * sizes[$0] / total >= 1 }
            if more.isEmpty || remaining == 0 { break }
            certain.formUnion(more)
            if certain.count >= count { break }
        }
        var hits = [Int](repeating: 0, count: sizes.count)
        var probabilities = [Double](repeating: 1, count: sizes.count)
        for i in certain { hits[i] = 1 }
        let remaining = count - certain.count
        var interval = 0.0, start = 0.0
        if remaining > 0 {
            let others = sizes.indices.filter { !certain.contains($0) }
            let total = others.reduce(0.0) { $0 + sizes[$1] }
            interval = total / Double(remaining)
            start = randomStart * interval
            var cumulative = 0.0
            var k = 0
            for i in others {
                probabilities[i] = Double(remaining) * sizes[i] / total
                let upper = cumulative + sizes[i]
                while k < remaining, start + Double(k) * interval < upper {
                    if start + Double(k) * interval >= cumulative { hits[i] += 1 }
                    k += 1
                }
                cumulative = upper
            }
            // A last point rounded onto the frame's end belongs to the last unit.
            if k < remaining, let last = others.last { hits[last] += remaining - k }
        } else {
            for i in sizes.indices where !certain.contains(i) { probabilities[i] = 0 }
        }
        return PPSSelection(hits: hits, probabilities: probabilities, selected: hits.indices.filter { hits[$0] > 0 },
                            certainties: certain.sorted(), interval: interval, start: start)
    }
}

/// Kish's (1949) selection tables for one respondent per household. Each questionnaire carries one table; the
/// household's eligible members are numbered by the standard rule (`Kish.ordered`) and the table gives the number
/// of the member to interview for the household's count of eligible members.
public enum KishTable: String, Sendable, CaseIterable {
    case a = "A", b1 = "B1", b2 = "B2", c = "C", d = "D", e1 = "E1", e2 = "E2", f = "F"

    /// The member number selected for 1, 2, 3, 4, 5 and 6-or-more eligible members.
    public var column: [Int] {
        switch self {
        case .a: return [1, 1, 1, 1, 1, 1]
        case .b1: return [1, 1, 1, 1, 2, 2]
        case .b2: return [1, 1, 1, 2, 2, 2]
        case .c: return [1, 1, 2, 2, 3, 3]
        case .d: return [1, 2, 2, 3, 4, 4]
        case .e1: return [1, 2, 3, 3, 3, 5]
        case .e2: return [1, 2, 3, 4, 5, 5]
        case .f: return [1, 2, 3, 4, 5, 6]
        }
    }

    /// The share of questionnaires that carry the table: 1/6 for A, C, D, F and 1/12 for B1, B2, E1, E2.
    public var share: Double {
        switch self {
        case .a, .c, .d, .f: return 1.0 / 6
        case .b1, .b2, .e1, .e2: return 1.0 / 12
        }
    }

    /// The member number (1-based) to interview in a household of `eligible` (≥ 1) members; households of more
    /// than six use the six-member column, so members after the sixth are never selected (Kish's tables).
    public func selectedNumber(eligible: Int) -> Int {
        precondition(eligible >= 1, "a household needs at least one eligible member")
        return column[min(eligible, 6) - 1]
    }

    /// Tables for questionnaires in blocks of twelve with the shares above; questionnaire 1 takes the first.
    public static let cycle: [KishTable] = [.a, .b1, .c, .d, .e1, .f, .a, .b2, .c, .d, .e2, .f]

    /// The table of questionnaire `number` (1-based) in `cycle`.
    public static func forQuestionnaire(_ number: Int) -> KishTable {
        cycle[((number - 1) % cycle.count + cycle.count) % cycle.count]
    }
}

/// One person listed on the household's member sheet.
public struct HouseholdMember: Sendable, Hashable {
    public enum Sex: String, Sendable { case male, female }
    public var id: String
    public var sex: Sex
    public var age: Int

    public init(id: String, sex: Sex, age: Int) { self.id = id; self.sex = sex; self.age = age }
}

public enum Kish {
    /// The eligible members (ages in `eligibleAges`, 15–69 in the health literacy survey) numbered by the standard
    /// rule: men first, oldest to youngest, then women, oldest to youngest; equal ages keep the listing order.
    public static func ordered(_ members: [HouseholdMember], eligibleAges: ClosedRange<Int> = 15...69) -> [HouseholdMember] {
        members.enumerated()
            .filter { eligibleAges.contains($0.element.age) }
            .sorted { x, y in
                if x.element.sex != y.element.sex { return x.element.sex == .male }
                if x.element.age != y.element.age { return x.element.age > y.element.age }
                return x.offset < y.offset
            }
            .map(\.element)
    }

    /// The member the questionnaire's table selects, with the member's number on the ordered list.
    public static func select(from members: [HouseholdMember], table: KishTable,
                              eligibleAges: ClosedRange<Int> = 15...69) throws(SurveyError) -> (member: HouseholdMember, number: Int) {
        let eligible = ordered(members, eligibleAges: eligibleAges)
        guard !eligible.isEmpty else {
            throw .invalidSelection("家庭中没有 \(eligibleAges.lowerBound)–\(eligibleAges.upperBound) 岁的合格成员")
        }
        let number = table.selectedNumber(eligible: eligible.count)
        return (eligible[number - 1], number)
    }

    /// The probability that member `number` of a household of `eligible` members is selected when tables are used in
    /// their shares: 1/k for k ≤ 4 and k = 6; Kish's tables are uneven for five members (1/6 or 1/4) and never
    /// select members after the sixth. Its inverse is the within-household weight factor.
    public static func selectionProbability(number: Int, eligible: Int) -> Double {
        guard eligible >= 1, number >= 1, number <= eligible else { return 0 }
        return KishTable.allCases.filter { $0.selectedNumber(eligible: eligible) == number }.reduce(0) { $0 + $1.share }
    }
}
