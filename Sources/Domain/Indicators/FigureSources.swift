import Foundation

/// Where the figure an indicator is judged on comes from.
public enum FigureSource: String, Codable, Sendable, Equatable {
    /// Counted from the healthy-cell register as it stood at the end of the year.
    case register
    /// Submitted by the unit that supplies the indicator (or imported), and not returned.
    case submitted

    public var chineseName: String {
        switch self {
        case .register: "健康细胞登记册"
        case .submitted: "填报数据"
        }
    }
}

/// For every indicator and year of a programme, which source its figure comes from and why: one declaration
/// the verdicts, the tables, the entry form and the import all follow.
public struct IndicatorSources: Sendable {
    /// Indicator code → the cell kind whose register counts it, for the indicators the register supplies.
    public private(set) var registerKinds: [String: String]
    /// Indicator code → the kind of a cell target the register holds no place of yet: submitted figures stand in.
    private var unregisteredKinds: [String: String]
    private var sourceUnits: [String: String]
    private var kindNames: [String: String]
    /// The day the register is read on for the current year.
    public var today: LocalDate

    /// `registered`: the cell kinds the register holds at least one place of inside the programme.
    public init(_ programme: ProgrammeIndicators, plan: Plan, registered: Set<String>, today: LocalDate) {
        var register: [String: String] = [:]
        var unregistered: [String: String] = [:]
        var names: [String: String] = [:]
        let extra = CellKinds.extraTypes(in: [plan])
        for target in programme.targets {
            guard let index = target.cellTargetIndex, plan.cellTargets.indices.contains(index) else { continue }
            let cell = plan.cellTargets[index]
            names[cell.cell] = cell.label ?? CellKinds.name(of: cell.cell, extra: extra)
            if registered.contains(cell.cell) { register[target.indicator] = cell.cell }
            else { unregistered[target.indicator] = cell.cell }
        }
        // An indicator counted from the register for one of its targets is counted from it for all.
        for code in register.keys { unregistered[code] = nil }
        registerKinds = register
        unregisteredKinds = unregistered
        sourceUnits = programme.sourceUnits
        kindNames = names
        self.today = today
    }

    public func source(of indicator: String) -> FigureSource {
        registerKinds[indicator] == nil ? .submitted : .register
    }

    /// Whether a unit enters figures for the indicator: not where the register supplies them.
    public func isEntered(_ indicator: String) -> Bool { source(of: indicator) == .submitted }

    /// Why the figure of `indicator` for `year` comes from where it does, in words for the page.
    public func reason(_ indicator: String, year: Int) -> String {
        if let kind = registerKinds[indicator] {
            let name = kindNames[kind] ?? kind
            let asOf = year < today.year ? "\(year)年底" : year == today.year ? "今天（\(today.iso)）" : nil
            guard let asOf else { return "由健康细胞登记册统计；\(year)年尚未到来" }
            return "由健康细胞登记册统计：截至\(asOf)已命名且未摘牌的\(name)；应创建数按登记册现有登记计"
        }
        if let kind = unregisteredKinds[indicator] {
            return "登记册中尚未登记\(kindNames[kind] ?? kind)，采用填报数据"
        }
        if let unit = sourceUnits[indicator] { return "采用\(unit)填报、未被退回的数据" }
        return "采用填报、未被退回的数据"
    }

    /// The day the register is counted on for a year: its last day, or today for the current year; nil for a
    /// year still to come.
    public func registerDay(for year: Int) -> LocalDate? {
        year < today.year ? .endOfYear(year) : year == today.year ? today : nil
    }
}
