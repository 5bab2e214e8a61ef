import Foundation

extension ClosedRange where Bound == Int {
    /// The year a page opens on: last year, the latest with a whole year of figures, kept within the range.
    public func lastFullYear(asOf currentYear: Int) -> Int {
        Swift.min(Swift.max(currentYear - 1, lowerBound), upperBound)
    }
}

/// A programme's own choices about its indicators, kept by the office.
public struct ProgrammeSettings: Codable, Sendable, Equatable {
    /// 建设之初: the year `change(baseline)` compares with.
    public var baselineYear: Int?
    /// The last year the programme's targets are judged for.
    public var endYear: Int?
    /// Indicator code → the unit that supplies its data, where the office changed the suggestion.
    public var sourceUnits: [String: String]
    /// Indicator code → expert weight for the composite index (1 when absent).
    public var expertWeights: [String: Double]
    public var validation: ValidationSettings
    /// Tried in order for a missing value in the composite index.
    public var substitution: [Substitution]

    public init(baselineYear: Int? = nil, endYear: Int? = nil, sourceUnits: [String: String] = [:],
                expertWeights: [String: Double] = [:], validation: ValidationSettings = .init(),
                substitution: [Substitution] = [.previousYear, .reference]) {
        self.baselineYear = baselineYear; self.endYear = endYear; self.sourceUnits = sourceUnits
        self.expertWeights = expertWeights; self.validation = validation; self.substitution = substitution
    }
}

/// One target of a programme, ready to be judged.
public struct ProgrammeTarget: Sendable, Equatable {
    public enum Scope: String, Sendable, Codable {
        /// the programme's place (the county, the city)
        case place
        /// every township of the place (每乡镇达到10户以上)
        case eachTownship
    }

    /// Where it is in the plan: `indicators[3]` or `cellTargets[1]`.
    public var id: String
    public var indicator: String
    public var expression: TargetExpression
    /// The document's wording, verbatim.
    public var text: String?
    public var scope: Scope

    public init(id: String, indicator: String, expression: TargetExpression, text: String?, scope: Scope = .place) {
        self.id = id; self.indicator = indicator; self.expression = expression; self.text = text; self.scope = scope
    }
}

/// A programme's indicators (the 42 of the 2018 system, those the plan introduces, and the coverage and
/// count indicators behind its cell targets), its targets, and the years its data and verdicts cover.
public struct ProgrammeIndicators: Sendable {
    public var planID: String
    public var indicators: [Indicator]
    public var targets: [ProgrammeTarget]
    /// Targets the plan states in words only, or in an expression that does not fit: shown, not judged.
    public var unjudged: [(id: String, indicator: String, text: String, problem: String)]
    public var baselineYear: Int?
    /// The years verdicts are given for.
    public var evaluationYears: ClosedRange<Int>
    /// The years data may be entered for: from as far back as any target looks (`rising(3)`) to the end.
    public var dataYears: ClosedRange<Int>
    /// Indicator code → the unit that supplies its data.
    public var sourceUnits: [String: String]
    public var settings: ProgrammeSettings

    private var byCode: [String: Indicator]
    private var byName: [String: Indicator]

    public func indicator(code: String) -> Indicator? { byCode[code] }

    /// An indicator by code (HC38, hc38) or by name.
    public func indicator(matching key: String) -> Indicator? {
        let text = key.trimmingCharacters(in: .whitespaces)
        return byCode[text] ?? byCode[text.uppercased()] ?? byName[text]
    }

    /// The indicators whose data a unit supplies, in catalogue order.
    public func indicators(suppliedBy unit: String) -> [Indicator] {
        indicators.filter { sourceUnits[$0.code] == unit }
    }

    public init(plan: Plan, settings: ProgrammeSettings = .init(), currentYear: Int) {
        planID = plan.id
        self.settings = settings
        var indicators = IndicatorCatalogue.healthyCity
        var targets: [ProgrammeTarget] = []
        var unjudged: [(String, String, String, String)] = []
        var known = IndicatorCatalogue.byCode

        for (i, stated) in plan.indicators.enumerated() {
            let id = "indicators[\(i)]"
            guard let source = stated.target else {
                if !stated.archived, let text = stated.text { unjudged.append((id, stated.code, text, "方案只有文字表述，尚未写成目标表达式")) }
                continue
            }
            let expression: TargetExpression
            do { expression = try TargetExpression(parsing: source) } catch {
                if !stated.archived { unjudged.append((id, stated.code, stated.text ?? source, "目标表达式有误：\(error)")) }
                continue
            }
            if known[stated.code] == nil {
                let inferred = Self.inferIndicator(code: stated.code, name: stated.name, expression: expression, planID: plan.id)
                known[stated.code] = inferred
                indicators.append(inferred)
            }
            let indicator = known[stated.code]!
            // An archived target is no longer judged; its indicator stays known so its figures remain reachable.
            if stated.archived { continue }
            if let problem = expression.problems(for: indicator).first {
                unjudged.append((id, stated.code, stated.text ?? source, problem)); continue
            }
            targets.append(ProgrammeTarget(id: id, indicator: stated.code, expression: expression, text: stated.text))
        }

        for (i, cell) in plan.cellTargets.enumerated() {
            let id = "cellTargets[\(i)]"
            let (indicator, expression) = Self.cellIndicator(cell, planID: plan.id, known: known)
            if known[indicator.code] == nil { known[indicator.code] = indicator; indicators.append(indicator) }
            targets.append(ProgrammeTarget(id: id, indicator: indicator.code, expression: expression,
                                           text: Self.cellTargetText(cell), scope: cell.per == .township ? .eachTownship : .place))
        }

        self.indicators = indicators
        self.targets = targets
        self.unjudged = unjudged
        byCode = known
        var names = Dictionary(indicators.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        // The plan's own name for a catalogue indicator (成人吸烟率 for HC39) finds it too.
        for stated in plan.indicators where names[stated.name] == nil { names[stated.name] = known[stated.code] }
        byName = names

        let planYears = (plan.phases.flatMap { [$0.start.year, $0.end.year] } + [plan.document.date?.year].compactMap { $0 })
        let deadlineYears = targets.flatMap(\.expression.deadlines)
        let start = settings.baselineYear ?? planYears.min() ?? deadlineYears.min() ?? currentYear
        let end = max(start, settings.endYear ?? (planYears + deadlineYears).max() ?? start)
        baselineYear = settings.baselineYear ?? planYears.min()
        evaluationYears = start...end
        let lookback = targets.map(\.expression.lookback).max() ?? 0
        dataYears = (start - max(lookback, 2))...end

        var units: [String: String] = [:]
        let office = plan.organisation.office?.unit
        for indicator in indicators {
            if let chosen = settings.sourceUnits[indicator.code] { units[indicator.code] = chosen }
            else if let suggested = IndicatorCatalogue.sourceUnit(for: indicator, in: plan) { units[indicator.code] = suggested }
            else if let office { units[indicator.code] = office }
        }
        sourceUnits = units
    }

    /// A plan-local indicator's unit and direction, read from how its target is written: `>= 70%` is a
    /// rate in % where higher is better, `yes` a yes/no indicator, a plain number a figure.
    static func inferIndicator(code: String, name: String, expression: TargetExpression, planID: String) -> Indicator {
        var quantities: [TargetExpression.Quantity] = []
        var direction: Indicator.Direction?
        var isYesNo = false
        func visit(_ e: TargetExpression) {
            switch e {
            case .yes: isYesNo = true
            case let .trend(d, _): direction = direction ?? (d == .rising ? .higher : .lower)
            case let .deadline(inner, _): visit(inner)
            case let .all(parts), let .any(parts): parts.forEach(visit)
            case let .compare(measure, comparator, bound):
                if case .quantity(let q) = bound, measure == .value || measure == .deltaFromPreviousYear || measure == .deltaFromBaseline {
                    quantities.append(q)
                }
                // `>=` asks for more of the measure, `<=` for less, whatever its sign: `change(baseline) <= -20%`
                // asks for a fall of at least 20 %, so lower is better.
                let up = comparator == .greater || comparator == .greaterOrEqual
                direction = direction ?? (up ? .higher : .lower)
            }
        }
        visit(expression)
        if isYesNo {
            return Indicator(code: code, name: name, unit: "是/否", kind: .yesNo, direction: .higher, planID: planID)
        }
        let units = quantities.compactMap { q -> (String, Double)? in
            switch q.unit {
            case .percent, .points: ("%", 100)
            case .permille: ("‰", 1000)
            case .per(let n): (n == 100_000 ? "1/10万" : n == 10_000 ? "1/万" : "1/\(n)", Double(n))
            case .plain: nil
            }
        }
        if let (unit, base) = units.first {
            return Indicator(code: code, name: name, unit: unit, kind: .rate, direction: direction ?? .higher,
                             ratioBase: base, planID: planID)
        }
        // A count's unit from how its name ends: 讲座次数 → 次, 受益人数 → 人, 场所个数 → 个.
        let countUnits: [(String, String)] = [("次数", "次"), ("人数", "人"), ("个数", "个"), ("户数", "户"), ("数量", "个"), ("次", "次")]
        let unit = countUnits.first { name.hasSuffix($0.0) }?.1
        return Indicator(code: code, name: name, unit: unit ?? "", kind: unit == nil ? .number : .count,
                         direction: direction ?? .higher, planID: planID)
    }

    /// The indicator behind a cell target: HC18–HC20 for communities, schools and enterprises (the 2018
    /// system's coverage indicators), a coverage or count indicator of the programme otherwise.
    static func cellIndicator(_ target: CellTarget, planID: String, known: [String: Indicator])
        -> (Indicator, TargetExpression) {
        let slug = target.cell.uppercased()
        let kindName = CellType(rawValue: target.cell)?.chineseName ?? target.label ?? target.cell
        if let percent = target.atLeastPercent {
            let expression = TargetExpression.compare(.value, .greaterOrEqual, .quantity(.init(percent, .percent)))
            let hc = ["community": "HC18", "school": "HC19", "enterprise": "HC20"][target.cell]
            if let hc, let indicator = known[hc] { return (indicator, expression) }
            let name = (target.label ?? kindName) + "覆盖率"
            return (Indicator(code: "COVERAGE-\(slug)", name: name, unit: "%", kind: .rate, ratioBase: 100,
                              firstLevel: "健康社会", secondLevel: "健康细胞工程",
                              numerator: "已命名的\(target.label ?? kindName)数", denominator: "应创建的单位（户）数",
                              sourceDepartment: "卫生健康", planID: planID), expression)
        }
        let count = Double(target.atLeastCount ?? 0)
        let expression = TargetExpression.compare(.value, .greaterOrEqual, .quantity(.init(count)))
        // Counts of one kind share an indicator (a county total and a per-township minimum of healthy
        // families are the same count); a differently labelled title gets its own.
        let name = (target.label ?? kindName) + "数"
        var code = "CELLS-\(slug)"
        var n = 2
        while let existing = known[code], existing.name != name { code = "CELLS-\(slug)-\(n)"; n += 1 }
        return (Indicator(code: code, name: name, unit: target.cell == "family" ? "户" : "个", kind: .count,
                          firstLevel: "健康社会", secondLevel: "健康细胞工程", sourceDepartment: "卫生健康",
                          planID: planID), expression)
    }

    static func cellTargetText(_ target: CellTarget) -> String {
        let name = target.label ?? CellType(rawValue: target.cell)?.chineseName ?? target.cell
        if let percent = target.atLeastPercent { return "\(name)比例不低于\(NumberText.format(percent))%" }
        let per = target.per == .township ? "每个乡镇" : ""
        return "\(per)\(name)不少于\(target.atLeastCount ?? 0)\(target.cell == "family" ? "户" : "个")"
    }
}
